"""The filing page, starting a filing, its settings and its project list."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from targets.checks import ERROR
from targets.forms import FilingSettingsForm, StartFilingForm
from targets.frameworks import framework_for
from targets.interchange import DocumentRefused, export_document, filings_for_export
from targets.services import editing
from targets.services.checking import filing_problems
from targets.services.locations import ProblemLinks
from targets.values import parse_value
from targets.visibility import filings_for_user
from units import permissions

from .access import editable_filing, visible_filing


def checks_context(filing, document, scope=None):
    """The problems panel: each problem with a link to its field. With a
    scope (location prefixes such as ("projects[3]",)), the panel lists that
    part's problems and counts the rest of the filing's."""
    problems = filing_problems(filing, document)
    errors = sum(1 for p in problems if p.severity == ERROR)
    shown = problems
    if scope is not None:
        starts = tuple(f"{prefix}{mark}" for prefix in scope for mark in (".", "["))
        shown = [p for p in problems if p.location in scope or p.location.startswith(starts)]
    links = ProblemLinks(filing, [p.pk for p in filing.projects.all()])
    return {
        "problems": [{"problem": p, "url": links.url(p.location)} for p in shown],
        "error_count": errors,
        "warning_count": len(problems) - errors,
        "elsewhere_count": len(problems) - len(shown),
    }


@login_required
def filing_detail(request, pk):
    filing = get_object_or_404(filings_for_export(filings_for_user(request.user)), pk=pk)
    document = export_document(filing)
    framework = framework_for(filing.layout)
    projects = list(filing.projects.all())
    rows_by_project = {}
    for indicator in filing.indicators.all():
        rows_by_project[indicator.project_id] = rows_by_project.get(indicator.project_id, 0) + 1
    settings_form = _settings_form(request.user, filing)
    # Beside an admin's layout choice: the layout the unit's province gives.
    unit_layout = filing.unit.effective_layout() if settings_form and "layout" in settings_form.fields else None
    context = {
        "filing": filing,
        "framework": framework,
        "projects": [(p, rows_by_project.get(p.pk, 0)) for p in projects],
        "editable": permissions.may(request.user, permissions.EDIT, filing),
        "settings_form": settings_form,
        "unit_layout_title": framework_for(unit_layout).title if unit_layout else "",
        # Admins work with filing documents (they import them for any unit);
        # for staff and reviewers the tables are the downloads.
        "document_download": permissions.may(request.user, permissions.IMPORT_FOR_ANY_UNIT),
        **checks_context(filing, document),
    }
    return render(request, "targets/filing_detail.html", context)


@login_required
def start_filing(request):
    user = request.user
    permissions.check(user, permissions.START_FILING)
    unit = user.unit
    earlier = list(unit.filings.order_by("-year"))
    form = StartFilingForm(request.POST or None, earlier=earlier, initial={"year": _year_asked(request)})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        copy_from = form.cleaned_data["copy_source"]
        if unit.filings.filter(year=year).exists():
            form.add_error("year", f"本单位 {year} 年度的申报已存在。")
        if form.is_valid():
            try:
                filing = editing.start_filing(unit, year, unit.effective_layout(),
                                              form.cleaned_data["amount_unit"], copy_from, user)
            except (IntegrityError, DocumentRefused):
                form.add_error("year", f"本单位 {year} 年度的申报已存在。")
            else:
                made = f"已复制 {copy_from.year} 年度申报，创建 {year} 年度申报。" if copy_from else f"已创建 {year} 年度申报。"
                messages.success(request, made)
                return redirect("targets:filing", filing.pk)
    return render(request, "targets/start_filing.html", {"form": form, "unit": unit,
                                                         "layout_title": framework_for(unit.effective_layout()).title})


def _year_asked(request):
    """The year the link asked for (新建申报 links with ?year=), else next year."""
    from datetime import date

    asked = request.GET.get("year", "")
    return int(asked) if asked.isdigit() and 2000 <= int(asked) <= 2100 else date.today().year + 1


def _settings_rights(user, filing):
    """Which of the filing's settings this person may change now: the
    layout (admins) and the amount unit (its staff)."""
    return {"layout": permissions.may(user, permissions.CHANGE_LAYOUT, filing),
            "amount_unit": (permissions.may(user, permissions.EDIT, filing)
                            and permissions.may(user, permissions.CHANGE_AMOUNT_UNIT, filing))}


def _settings_form(user, filing, data=None):
    """The settings form with the fields this person may change, or None."""
    rights = _settings_rights(user, filing)
    return FilingSettingsForm(data, instance=filing, **rights) if any(rights.values()) else None


@login_required
@require_POST
def filing_settings(request, pk):
    filing = visible_filing(request, pk)
    form = _settings_form(request.user, filing, request.POST)
    if form is None:  # refused, in the words of the rule that refuses
        if permissions.is_actor(request.user, permissions.CHANGE_LAYOUT, filing):
            permissions.check(request.user, permissions.CHANGE_LAYOUT, filing)
        permissions.check(request.user, permissions.EDIT, filing)
        permissions.check(request.user, permissions.CHANGE_AMOUNT_UNIT, filing)
    if "layout" not in form.fields and request.POST.get("layout", filing.layout) != filing.layout:
        # A page or script of before, or a hand-made request: the layout is
        # not the staff's to switch.
        permissions.check(request.user, permissions.CHANGE_LAYOUT, filing)
    if form.is_valid():
        try:
            editing.save_settings(filing, form, request.user)
        except editing.EditConflict:
            messages.error(request, "申报已被他人修改，您的更改未保存，请刷新后重试。")
        else:
            messages.success(request, "已更新版式。" if "layout" in form.fields else "已更新金额单位。")
    else:
        messages.error(request, "；".join(f"{form.fields[name].label}：{'，'.join(errors)}" if name in form.fields
                                         else "，".join(errors) for name, errors in form.errors.items()))
    return redirect("targets:filing", filing.pk)


@login_required
@require_POST
def move_project(request, pk, project_pk, direction):
    if direction not in ("up", "down"):
        raise Http404
    filing = editable_filing(request, pk)
    editing.move_project(filing, project_pk, -1 if direction == "up" else 1, request.user)
    return redirect(reverse("targets:filing", args=[filing.pk]) + f"#project-{project_pk}")


@login_required
def delete_project(request, pk, project_pk):
    filing = editable_filing(request, pk)
    project = get_object_or_404(filing.projects, pk=project_pk)
    if request.method == "POST":
        editing.delete_project(filing, project.pk, request.user)
        messages.success(request, f"已删除项目“{project.name}”。")
        return redirect("targets:filing", filing.pk)
    return render(request, "targets/project_confirm_delete.html",
                  {"filing": filing, "project": project, "row_count": project.indicators.count()})


@login_required
@require_GET
def parse_value_reading(request):
    """The parser's reading of an indicator value, shown live beside the
    field (one parser, on the server)."""
    parsed = parse_value(request.GET.get("value", "")[:500])
    return JsonResponse({"kind": parsed.kind, "reading": parsed.reading()})

