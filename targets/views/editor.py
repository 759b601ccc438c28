"""The editor pages: the department part and one project with its spending
plan and indicator rows. The same pages show a read-only view to anyone who
may see the filing but not edit it."""
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from reports.previous_year import last_year_for
from targets import field_catalogue as catalogue
from targets.checks import ERROR
from targets.checks.problems import SEVERITY_LABELS
from targets.forms import (
    IndicatorFormSet,
    SpendingPlanForm,
    department_form_class,
    project_form_class,
)
from targets.frameworks import canonical, framework_for
from targets.interchange import export_document, filings_for_export, with_rows
from targets.models import Filing, Indicator, Project
from targets.services import checking, edit_conflicts, editing
from targets.services.locations import ProblemLinks
from targets.visibility import filings_for_user
from units import permissions

from .filings import checks_context

@never_cache
@require_GET
def session_status(request):
    """Who is signed in, with a fresh CSRF token and how long the session
    lasts from now (static/js/session.js): asked before every save, so a
    save after the session or token ran out signs in again in place instead
    of losing what was typed; asked while someone types, it keeps their
    session alive. Open to everyone: it tells a signed-out page only that."""
    signed_in = request.user.is_authenticated
    if signed_in:
        request.session.modified = True  # saving it moves the expiry to now + the session's age
    return JsonResponse({"user": request.user.pk if signed_in else None, "csrf": get_token(request),
                         "seconds_left": settings.SESSION_COOKIE_AGE if signed_in else 0})


SAVED_PATH = "editor_saved_path"

PERIOD_TITLES = {Indicator.Period.MIDTERM: "中期指标", Indicator.Period.ANNUAL: "年度指标"}
# The project editor's groups headed as each layout's printed table heads
# them (Hunan's table has no head over its two amounts: a plain word).
GROUP_TITLES = {
    "hebei": {"budget": "预算规模及资金用途", "goals": "绩效目标", "indicators": "绩效指标"},
    "hunan": {"budget": "预算金额", "goals": "绩效目标", "indicators": "本年度绩效指标"},
    "anhui": {"budget": "项目资金", "goals": "总体目标", "indicators": "绩效指标"},
}


def _load(request, pk):
    # The indicator rows of the whole filing are loaded only when a page is
    # rendered (for its checks panel), not for a save that succeeds.
    filing = get_object_or_404(filings_for_export(filings_for_user(request.user), rows=False), pk=pk)
    return filing, framework_for(filing.layout)


def _posted(request):
    """What the page sent: after an edit conflict, with the fields the
    person gave to the other save's version taken from it."""
    if request.method != "POST":
        return None
    if any(key.startswith(edit_conflicts.CHOICE) for key in request.POST):
        return edit_conflicts.resolved_data(request.POST)
    return request.POST


def _row_formsets(data, framework, rows, prefix, split_periods):
    """[(period or None, title, formset)]: one formset per period where the
    layout edits 中期 and 年度 side by side, else one for all rows."""
    columns = framework.indicator_columns
    groups = (
        [(Indicator.Period.MIDTERM, "mid"), (Indicator.Period.ANNUAL, "ann")]
        if split_periods
        else [(None, prefix)]
    )
    formsets = []
    for period, group_prefix in groups:
        queryset = rows if period is None else rows.filter(period=period)
        formset = IndicatorFormSet(data, queryset=queryset, prefix=group_prefix,
                                   framework=framework, columns=columns)
        formsets.append((period, PERIOD_TITLES.get(period, "绩效指标"), formset))
    return formsets


def _page_data(request, framework):
    """What the editor's scripts read from the page (#framework-data)."""
    return {
        "level1": {l1.name: canonical(l1.name) for l1 in framework.level1},
        "parseUrl": reverse("targets:parse_value"),
        # Drafts are kept per person; a save or sign-in again names them.
        "userId": request.user.pk,
        "username": request.user.get_username(),
        "sessionUrl": reverse("targets:session_status"),
        "sessionSeconds": settings.SESSION_COOKIE_AGE,
        "loginUrl": reverse("login"),
        # The page just saved (its draft in the browser is done with).
        "savedPath": request.session.pop(SAVED_PATH, None),
    }


def _render_editor(request, template, filing, framework, context, scope):
    document = export_document(with_rows(filing))
    context.update({
        "filing": filing,
        "framework": framework,
        "framework_data": _page_data(request, framework),
        "columns": [(c, catalogue.label("indicator", c, framework.key)) for c in framework.indicator_columns],
        "editable": permissions.may(request.user, permissions.EDIT, filing),
        "suggestions": editing.unit_indicator_names(filing.unit) if permissions.may(request.user, permissions.EDIT, filing) else [],
        **checks_context(filing, document, scope),
    })
    return render(request, template, context)


@login_required
def project_editor(request, pk, project_pk=None):
    filing, framework = _load(request, pk)
    project = get_object_or_404(filing.projects.all(), pk=project_pk) if project_pk else None
    editable = permissions.may(request.user, permissions.EDIT, filing)
    if request.method == "POST" and not editable:
        messages.error(request, "此申报当前不能修改。")
        return redirect("targets:filing", filing.pk)
    if project is None and not editable:
        return redirect("targets:filing", filing.pk)

    data = _posted(request)
    form = project_form_class(framework)(data, instance=project)
    plan_form = None
    if framework.spending_checkpoints or (project and project.spending_plan.all()):
        plan_form = SpendingPlanForm(data, prefix="plan", months=framework.spending_checkpoints,
                                     initial_points=project.spending_plan.all() if project else ())
    rows = project.indicators.all() if project else Indicator.objects.none()
    formsets = _row_formsets(data, framework, rows, "ind", framework.has_midterm)

    if request.method == "POST":
        valid = form.is_valid() & (plan_form is None or plan_form.is_valid())
        valid &= all([fs.is_valid() for _, _, fs in formsets])
        if request.POST.get("live_checks"):
            place = list(filing.projects.all()).index(project) if project else len(filing.projects.all())
            return _live_checks(
                request, filing, [form, plan_form], formsets, valid, "projects[0]",
                lambda: editing.save_project(filing, project, form, plan_form,
                                             [(p, fs) for p, _, fs in formsets], request.user,
                                             trial=True),
                plan_months=[month for month, _ in plan_form.points()] if valid and plan_form else [],
                project_place=place)
        if valid:
            try:
                saved = editing.save_project(filing, project, form, plan_form,
                                             [(p, fs) for p, _, fs in formsets], request.user)
            except editing.EditConflict:
                current = Project.objects.get(pk=project.pk)
                differences = edit_conflicts.field_differences(form, project_form_class(framework)(instance=current))
                if plan_form is not None:
                    saved_plan = SpendingPlanForm(prefix="plan", months=framework.spending_checkpoints,
                                                  initial_points=current.spending_plan.all())
                    differences += edit_conflicts.field_differences(plan_form, saved_plan)
                saved_rows = current.indicators.order_by("order", "id")
                return _conflict_page(request, filing, f"项目“{current.name}”", current.version,
                                      differences, formsets, saved_rows, framework)
            except editing.NotEditable as refused:
                messages.error(request, str(refused))
                return redirect("targets:filing", filing.pk)
            messages.success(request, f"已保存项目“{saved.name}”。")
            request.session[SAVED_PATH] = request.path
            return redirect("targets:project", filing.pk, saved.pk)
        messages.error(request, "有填写错误，尚未保存。请按提示修改（您填写的内容都还在）。")

    number = None
    if project is not None:
        number = list(filing.projects.all()).index(project) + 1
    scope = (f"projects[{number - 1}]",) if number else ()
    return _render_editor(request, "targets/project_editor.html", filing, framework, scope=scope, context={
        "project": project,
        "project_number": number,
        "group_titles": GROUP_TITLES.get(framework.key, GROUP_TITLES["hebei"]),
        # The project's one-line fields stand together at the top.
        "info_fields": [f.column for f in catalogue.fields_of("project") if f.kind != catalogue.LONG_TEXT],
        "form": form,
        "plan_form": plan_form,
        "formsets": _with_last_year(filing, project, _with_row_numbers(formsets)),
    })


def _with_last_year(filing, project, formsets):
    """Give each saved row of a project its last year's results
    (form.last_year, which targets.row_html shows under the 指标值): one
    query for the page, shared with its checks."""
    if project is not None:
        for _, _, formset in formsets:
            for form in formset.forms:
                if form.instance.pk:
                    form.last_year = last_year_for(filing, project.name, form.instance.name,
                                                   form.instance.period)
    return formsets


def _with_row_numbers(formsets):
    """Number existing rows by their place in the document (across both
    periods) for the anchors check links point to."""
    counter = 0
    result = []
    for period, title, formset in formsets:
        for number, form in enumerate(formset.forms, start=1):
            form.row_index = counter
            form.row_number = number  # within its table, for the cells' names
            counter += 1
        result.append((period, title, formset))
    return result


@login_required
def department_editor(request, pk):
    filing, framework = _load(request, pk)
    editable = permissions.may(request.user, permissions.EDIT, filing)
    if request.method == "POST" and not editable:
        messages.error(request, "此申报当前不能修改。")
        return redirect("targets:filing", filing.pk)
    data = _posted(request)
    form = department_form_class(framework)(data, instance=filing)
    _heading_placeholders(form, filing, framework)
    formsets = []
    if "indicators" in framework.department_fields:
        rows = filing.indicators.filter(project__isnull=True)
        formsets = _row_formsets(data, framework, rows, "dep", split_periods=False)

    if request.method == "POST":
        valid = form.is_valid() & all([fs.is_valid() for _, _, fs in formsets])
        if request.POST.get("live_checks"):
            return _live_checks(
                request, filing, [form], formsets, valid, ("department", "contact"),
                lambda: editing.save_department(filing, form, [(p, fs) for p, _, fs in formsets],
                                                request.user, trial=True))
        if valid:
            try:
                editing.save_department(filing, form, [(p, fs) for p, _, fs in formsets], request.user)
            except editing.EditConflict:
                current = Filing.objects.get(pk=filing.pk)
                differences = edit_conflicts.field_differences(form, department_form_class(framework)(instance=current))
                saved_rows = current.indicators.filter(project__isnull=True).order_by("order", "id")
                return _conflict_page(request, filing, "单位整体部分", current.version,
                                      differences, formsets, saved_rows, framework)
            except editing.NotEditable as refused:
                messages.error(request, str(refused))
                return redirect("targets:filing", filing.pk)
            messages.success(request, "已保存单位整体部分。")
            request.session[SAVED_PATH] = request.path
            return redirect("targets:department", filing.pk)
        messages.error(request, "有填写错误，尚未保存。请按提示修改（您填写的内容都还在）。")

    return _render_editor(request, "targets/department_editor.html", filing, framework,
                          scope=("department", "contact"), context={
        "form": form,
        "text_fields": [f.column for f in catalogue.fields_of("department")],
        "heading_fields": HEADING_COLUMNS,
        "budget_fields": [f.column for f in catalogue.fields_of("department.budget")]
        if "budget" in framework.department_fields else [],
        "contact_fields": [f.column for f in catalogue.fields_of("contact")]
        if "contact" in framework.department_fields else [],
        "formsets": _with_row_numbers(formsets),
    })


# The department part's headings (filing/1 "Headings"): one line each, a
# blank one prints the layout's own, which its placeholder shows.
HEADING_COLUMNS = [f.column for f in catalogue.fields_of("department") if f.added_later]


def _heading_placeholders(form, filing, framework):
    from targets.tables import hebei

    printed = {"department_part_heading": None}
    if framework.key == "hebei":
        printed["department_heading"] = hebei.DEPARTMENT_TITLE
        printed.update((f"{key}_title", title) for title, key in hebei.department_sections())
    elif framework.key == "hunan":
        printed["department_heading"] = f"{filing.year}年部门整体支出绩效目标表"
    for column, text in printed.items():
        if column in form.fields:
            form.fields[column].widget.attrs["placeholder"] = (
                f"留空则印“{text}”" if text else "如“第一部分”，留空则不印")


_ROW_LOCATION = re.compile(r"^(?:projects\[\d+\]|department)\.indicators\[(\d+)\](?:\.(\w+))?")
_PLAN_LOCATION = re.compile(r"^projects\[\d+\]\.spending_plan\[(\d+)\]")


def _live_checks(request, filing, forms, formsets, valid, scope, save, plan_months=(), project_place=None):
    """The checks of what is on the screen, unsaved (JSON for
    static/js/live_checks.js): the form's own errors while it cannot be
    saved, else the check rules run on a trial save that is rolled back.
    Each finding names the element id of its field, so the page marks it."""
    if not valid:
        findings = [(ERROR, f"{form[name].label}：{error}", form[name].auto_id)
                    for form in forms if form is not None for name, errors in form.errors.items()
                    if name in form.fields for error in errors]
        findings += [(ERROR, f"{form[name].label}：{error}", form[name].auto_id)
                     for _, _, formset in formsets for form in formset.forms
                     for name, errors in form.errors.items() if name in form.fields for error in errors]
        return _findings_response(findings, len(findings), 0)
    document, problems = editing.checks_as_if_saved(filing, save, project_place)
    # The trial save is checked from its document alone; last year's rules need the filing.
    problems = checking.with_context_problems(filing, document, problems)
    scopes = (scope,) if isinstance(scope, str) else scope
    starts = tuple(f"{prefix}{mark}" for prefix in scopes for mark in (".", "["))
    # Rows in document order: what each indicators[k] of the scope is on the page.
    rows = [form for _, _, formset in formsets for form in formset.kept_forms()]
    links = ProblemLinks(filing, list(range(len(document["projects"]))))
    findings = []
    for problem in problems:
        if problem.location in scopes or problem.location.startswith(starts):
            findings.append((problem.severity, problem.message,
                             _field_id(problem.location, links, rows, plan_months)))
    # The counts are this page's (the panel keeps its note of the rest).
    errors = sum(1 for severity, _, _ in findings if severity == ERROR)
    return _findings_response(findings, errors, len(findings) - errors)


def _field_id(location, links, rows, plan_months):
    """The id of the element on the page where a problem is, or ""."""
    row = _ROW_LOCATION.match(location)
    if row:
        index = int(row.group(1))
        if index >= len(rows):
            return ""
        form = rows[index]
        field = row.group(2) if row.group(2) in form.fields else "name"
        return form[field].auto_id if field in form.fields else ""
    point = _PLAN_LOCATION.match(location)
    if point and int(point.group(1)) < len(plan_months):
        return f"id_plan-month_{plan_months[int(point.group(1))]}"
    return links.url(location).partition("#")[2]


def _findings_response(findings, error_count, warning_count):
    return JsonResponse({
        "problems": [{"severity": severity, "label": SEVERITY_LABELS[severity], "message": message, "field": field}
                     for severity, message, field in findings],
        "error_count": error_count,
        "warning_count": warning_count,
    })


def _conflict_page(request, filing, subject, version, differences, formsets, saved_rows, framework):
    """Someone else saved first: the differing fields side by side, a
    choice for each, and what the person typed carried in the page until
    they save the result (status 409: nothing was saved)."""
    columns = framework.indicator_columns
    for period, title, formset in formsets:
        rows = [row for row in saved_rows if period is None or row.period == period]
        difference = edit_conflicts.rows_difference(title, formset, rows, columns)
        if difference:
            differences.append(difference)
    skip = {"csrfmiddlewaretoken", "version_seen", "live_checks"}
    typed = [(key, value) for key, values in request.POST.lists() if key not in skip
             and not key.startswith((edit_conflicts.CHOICE, edit_conflicts.THEIRS)) for value in values]
    return render(request, "targets/edit_conflict.html", {
        "filing": filing, "subject": subject, "version": version, "differences": differences, "typed": typed,
        "choice_prefix": edit_conflicts.CHOICE, "theirs_prefix": edit_conflicts.THEIRS,
    }, status=409)
