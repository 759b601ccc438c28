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

from .access import editable_filing


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
    context = {
        "filing": filing,
        "framework": framework,
        "projects": [(p, rows_by_project.get(p.pk, 0)) for p in projects],
        "editable": permissions.may(request.user, permissions.EDIT, filing),
        "settings_form": FilingSettingsForm(instance=filing),
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


@login_required
@require_POST
def filing_settings(request, pk):
    filing = editable_filing(request, pk)
    permissions.check(request.user, permissions.CHANGE_LAYOUT, filing)
    form = FilingSettingsForm(request.POST, instance=filing)
    if form.is_valid():
        try:
            editing.save_settings(filing, form, request.user)
        except editing.EditConflict:
            messages.error(request, "申报已被他人修改，您的更改未保存，请刷新后重试。")
        else:
            messages.success(request, "已更新版式和金额单位。")
    else:
        messages.error(request, "版式或金额单位无效：" + "；".join(str(e) for e in form.errors.values()))
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

