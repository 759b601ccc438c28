"""The monitoring pages (运行监控): a unit's report (filled by its staff,
read by reviewers), the live lights while typing, the list of rounds and a
round's overview for reviewers, and the opening of a round.

Every page starts from reports.visibility: a report or round outside the
user's reach is a 404."""
from datetime import date
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from targets.checks.problems import SEVERITY_LABELS
from reviews.workspace import regions_for_user
from units import permissions

from . import fields
from .checks import report_problems
from .forms import (
    ExerciseForm,
    ReportForm,
    budget_name,
    indicator_name,
    name_for_path,
    project_name,
    rectification_name,
)
from .judging import as_json, document_lights
from .models import Exercise, Rectification, Report, ReportStatus
from .opening import OPEN_ROUND, OpeningError, add_missing_reports, open_monitoring
from .report_html import indicator_html
from .rules.lights import Light
from .saving import EditConflict, InvalidDocument, NotEditable, save_report
from .tables import rate
from .visibility import exercises_for_user, reports_for_user

INDICATOR_KEYS = fields.entered("monitoring.indicator")
LIGHT_ORDER = [Light.RED, Light.YELLOW, Light.GREEN, Light.BLUE, Light.NONE]
PAGE_SIZE = 50
SUMMARY_SECONDS = 7 * 24 * 3600


class PageSave(SimpleNamespace):
    """What a POST of a report page came to: a redirect (saved, or not the
    user's to change), or the form to show again (errors, or a conflict
    with the report as it now is)."""


def save_from_page(request, report, editable, saved_message, make_form, answers=lambda form: {}):
    """The report page's save, for either kind: the form is made by
    make_form(data, report); what was typed is never lost (an invalid form
    or a conflict shows again with it, the conflict's version taken so that
    saving again overwrites knowingly)."""
    if not editable:
        messages.error(request, "此报告当前不能由您修改。")
        return PageSave(response=redirect("reports:report", report.pk))
    form = make_form(request.POST, report)
    if not form.is_valid():
        messages.error(request, "有填写错误，尚未保存。请按提示修改（您填写的内容都还在）。")
        return PageSave(response=None, form=form, conflict=None, report=report)
    try:
        save_report(report.pk, form.updated_document(), form.cleaned_data.get("version_seen"), request.user,
                    **answers(form))
    except NotEditable as refused:
        messages.error(request, str(refused))
        return PageSave(response=redirect("reports:report", report.pk))
    except InvalidDocument as refused:
        messages.error(request, refused.message)
        return PageSave(response=None, form=form, conflict=None, report=report)
    except EditConflict as stale:
        report = _report(request, report.pk)
        conflict = _conflict(form, stale.current)
        data = request.POST.copy()
        data["version_seen"] = str(stale.current.version)
        form = make_form(data, report)
        form.is_valid()
        return PageSave(response=None, form=form, conflict=conflict, report=report)
    messages.success(request, saved_message)
    return PageSave(response=redirect("reports:report", report.pk))


def _report(request, pk):
    reports = reports_for_user(request.user).select_related("exercise", "unit__region", "filing",
                                                            "adjustment_round")
    return get_object_or_404(reports, pk=pk)


# --- the report page -------------------------------------------------------

@login_required
def report_page(request, report_pk):
    pk = report_pk
    report = _report(request, pk)
    if report.exercise.kind == Exercise.Kind.EVALUATION:
        from .evaluation_views import evaluation_page

        return evaluation_page(request, report)
    editable = permissions.may(request.user, permissions.EDIT, report)
    rectifications = list(report.rectifications.select_related("asked_by"))
    conflict = None
    if request.method == "POST":
        saved = save_from_page(
            request, report, editable, "已保存监控报告。",
            lambda data, report: ReportForm(data, document=report.document, version=report.version,
                                            rectifications=rectifications),
            answers=lambda form: {"answers": form.answers()})
        if saved.response is not None:
            return saved.response
        form, conflict, report = saved.form, saved.conflict, saved.report
        document = form.typed_document()
    else:
        form = ReportForm(document=report.document, version=report.version, rectifications=rectifications)
        document = report.document
    problems = report_problems(document, [r for r in rectifications if r.answered_at is None])
    by_field = {}
    for problem in problems:
        by_field.setdefault(name_for_path(problem.location), []).append(problem)
    return render(request, "reports/report.html", {
        "report": report,
        "exercise": report.exercise,
        "editable": editable,
        "form": form,
        "conflict": conflict,
        "projects": _projects(form, document, problems),
        "problems": [_problem_json(p) for p in problems],
        "error_count": sum(1 for p in problems if p.is_error),
        "months": document.get("months"),
        "amount_unit": document.get("amount_unit") or "",
        "late": _is_late(report),
        "rectifications": [{"item": r, "answer": {"name": rectification_name(r.pk), "field": form[rectification_name(r.pk)],
                                                  "problems": by_field.get(rectification_name(r.pk), [])}}
                           for r in rectifications],
        "may_rectify": permissions.may(request.user, permissions.COMMENT, report),
        "page_data": {"lightsUrl": reverse("reports:lights", args=[report.pk]), "editable": editable},
        "reasons_label": fields.label("monitoring.indicator", "reasons"),
        "actions": _report_actions(report, request.user),
        "may_adjust": _may_adjust(report, request.user),
        "adjustment_round": report.adjustment_round,
        "rounds": list(report.rounds.defer("snapshot").select_related("actor").order_by("number")),
        # Reviewers and admins come from the round's overview; staff from their home page.
        "from_workspace": permissions.may(request.user, permissions.USE_WORKSPACE),
    })


def _conflict(form, current):
    """What the other save left different from what this page sent."""
    saved = ReportForm(document=current.document, version=current.version)
    differences = []
    for name, field in form.fields.items():
        if name == "version_seen":
            continue
        typed = form.cleaned_data.get(name)
        kept = saved.initial.get(name)
        if hasattr(typed, "as_tuple"):
            from targets.money import plain
            typed = plain(typed)
        if (typed or None) != (kept or None) and not (isinstance(kept, list) and list(typed or []) == kept):
            differences.append({"label": field.label, "saved": "、".join(kept) if isinstance(kept, list) else kept,
                                "typed": "、".join(typed) if isinstance(typed, list) else typed})
    return {"version": current.version, "updated_at": current.updated_at, "differences": differences}


def _problem_json(problem):
    return {"field": name_for_path(problem.location), "location": problem.location,
            "severity": problem.severity, "label": SEVERITY_LABELS.get(problem.severity, ""),
            "message": problem.message}


def _projects(form, document, problems):
    """What the template shows per project: each field bound with its
    problems, the approved values beside, the rates and lights."""
    by_field = {}
    for problem in problems:
        by_field.setdefault(name_for_path(problem.location), []).append(problem)

    def cell(name):
        return {"name": name, "field": form[name], "problems": by_field.get(name, [])}

    months = document.get("months")
    lights = as_json(document_lights(document))
    result = []
    for p, (project, judged) in enumerate(zip(document.get("projects") or [], lights)):
        rows = []
        for row_key, row_label in fields.BUDGET_ROWS:
            row = (project.get("budget") or {}).get(row_key) or {}
            rows.append({
                "key": row_key, "label": row_label, "annual": row.get("annual"),
                "executed": cell(budget_name(p, row_key, "executed")),
                "expected": cell(budget_name(p, row_key, "expected")),
                "executed_rate": rate(row.get("executed"), row.get("annual")),
                "expected_rate": rate(row.get("expected"), row.get("annual")),
                "executed_rate_name": budget_name(p, row_key, "executed_rate"),
                "expected_rate_name": budget_name(p, row_key, "expected_rate"),
            })
        indicators = []
        for i, (item, light) in enumerate(zip(project.get("indicators") or [], judged["indicators"])):
            cells = {key: cell(indicator_name(p, i, key)) for key in INDICATOR_KEYS}
            indicator = {"index": i, "item": item, "light": light, "cells": cells,
                         "explained": not (cells["reasons"]["problems"] or cells["measures"]["problems"]),
                         "id": f"p{p}-i{i}", "number": i + 1}
            indicator["html"] = indicator_html(indicator)
            indicators.append(indicator)
        result.append({
            "index": p, "number": p + 1, "project": project, "light": judged, "budget_light": judged["budget"],
            "id": f"p{p}", "goal_progress": cell(project_name(p, "goal_progress")), "budget_rows": rows,
            "indicators": indicators,
        })
    return result


@login_required
@require_POST
def report_lights(request, report_pk):
    pk = report_pk
    """The lights, rates and problems of what is on the page now (nothing
    is saved): the page posts its form a moment after each keystroke."""
    report = _report(request, pk)
    form = ReportForm(request.POST, document=report.document)
    document = form.typed_document()
    # The requirements as answered on the page now.
    typed = [SimpleNamespace(pk=r.pk, answer=request.POST.get(rectification_name(r.pk), r.answer))
             for r in report.rectifications.all()]
    problems = report_problems(document, typed)
    rates = {}
    for p, project in enumerate(document.get("projects") or []):
        for row_key, _ in fields.BUDGET_ROWS:
            row = (project.get("budget") or {}).get(row_key) or {}
            for key, amount in (("executed_rate", "executed"), ("expected_rate", "expected")):
                rates[budget_name(p, row_key, key)] = rate(row.get(amount), row.get("annual"))
    return JsonResponse({"projects": as_json(document_lights(document)), "rates": rates,
                         "problems": [_problem_json(p) for p in problems]})


def _is_late(report, today=None):
    today = today or timezone.localdate()
    return report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED) and today > report.exercise.deadline


# --- reviewers: the rounds and a round's overview ---------------------------

def _workspace_only(request):
    """The rounds' pages are the reviewers' and admins' (403 for staff, as
    the filings' workspace)."""
    permissions.check(request.user, permissions.USE_WORKSPACE)


# What a kind's list of rounds counts beyond the reports' progress: the
# monitoring rounds their reports with a red light.
LIST_COUNTS = {
    Exercise.Kind.MONITORING: {"red": Count("pk", filter=Q(red__gt=0))},
    Exercise.Kind.EVALUATION: {},
}


def round_list(request, kind, template, *, may_open):
    """The rounds of one kind in the user's reach, each with its reports'
    progress (reports.evaluation_views.evaluation_list is the other kind's)."""
    exercises = list(exercises_for_user(request.user).filter(kind=kind).select_related("region"))
    reach = reports_for_user(request.user)
    totals = {row["exercise"]: row for row in reach.filter(exercise__in=exercises).order_by()
              .values("exercise").annotate(total=Count("pk"),
                                           done=Count("pk", filter=Q(status=ReportStatus.APPROVED)),
                                           submitted=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
                                           **LIST_COUNTS[kind])}
    return render(request, template, {
        "rows": [(exercise, totals.get(exercise.pk, {})) for exercise in exercises], "may_open": may_open,
    })


@login_required
def exercise_list(request):
    _workspace_only(request)
    return round_list(request, Exercise.Kind.MONITORING, "reports/exercise_list.html", may_open=True)


def _status_key(report):
    if report.status == ReportStatus.DRAFT and not report.touched:
        return "not_started"
    if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        return "draft"
    return report.status


PROGRESS = (("not_started", "未开始"), ("draft", "草稿（含已退回）"),
            (ReportStatus.SUBMITTED.value, "已提交"), (ReportStatus.APPROVED.value, "已接受"))
LIGHT_FILTERS = (("red", "有红灯"), ("yellow", "有黄灯"), ("none", "无红黄灯"))
STATUS_FILTERS = PROGRESS + (("late", "逾期未提交"),)


@login_required
def exercise_overview(request, exercise_pk):
    pk = exercise_pk
    # Found first (404 outside the user's reach), then the workspace rule (403).
    exercise = get_object_or_404(exercises_for_user(request.user), pk=pk)
    _workspace_only(request)
    if exercise.kind == Exercise.Kind.EVALUATION:
        from .evaluation_views import evaluation_overview

        return evaluation_overview(request, exercise)
    today = timezone.localdate()
    reports = reports_for_user(request.user).filter(exercise=exercise)
    open_states = (ReportStatus.DRAFT, ReportStatus.RETURNED)

    progress_counts = reports.order_by().aggregate(
        total=Count("pk"),
        not_started=Count("pk", filter=Q(status=ReportStatus.DRAFT, touched=False)),
        draft=Count("pk", filter=Q(status=ReportStatus.DRAFT, touched=True) | Q(status=ReportStatus.RETURNED)),
        submitted=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
        approved=Count("pk", filter=Q(status=ReportStatus.APPROVED)),
        open=Count("pk", filter=Q(status__in=open_states)),
        sum_red=Sum("red"), sum_yellow=Sum("yellow"), sum_green=Sum("green"), sum_blue=Sum("blue"),
        sum_unjudged=Sum("unjudged"),
        red_reports=Count("pk", filter=Q(red__gt=0)),
    )
    progress_counts["late"] = progress_counts["open"] if today > exercise.deadline else 0
    light_totals = [(light, progress_counts.get(f"sum_{light.value or 'unjudged'}") or 0) for light in LIGHT_ORDER]
    all_lights = sum(n for _, n in light_totals)
    chart = [{"light": light.value or "none", "label": light.label, "count": n,
              "percent": round(n * 100 / all_lights, 1) if all_lights else 0} for light, n in light_totals]

    shown = reports
    light_filter = request.GET.get("light", "")
    if light_filter == "red":
        shown = shown.filter(red__gt=0)
    elif light_filter == "yellow":
        shown = shown.filter(yellow__gt=0)
    elif light_filter == "none":
        shown = shown.filter(red=0, yellow=0)
    status_filter = request.GET.get("status", "")
    if status_filter == "not_started":
        shown = shown.filter(status=ReportStatus.DRAFT, touched=False)
    elif status_filter == "draft":
        shown = shown.filter(Q(status=ReportStatus.DRAFT, touched=True) | Q(status=ReportStatus.RETURNED))
    elif status_filter in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        shown = shown.filter(status=status_filter)
    elif status_filter == "late":
        shown = shown.filter(status__in=open_states) if today > exercise.deadline else shown.none()
    worst_first = Case(*[When(worst=light.value, then=Value(n)) for n, light in enumerate(LIGHT_ORDER)],
                       default=Value(len(LIGHT_ORDER)), output_field=IntegerField())
    shown = (shown.select_related("unit__region").defer("document")
             .order_by(worst_first, "-red", "-yellow", "unit__region__path", "unit__code", "pk"))
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    summaries = _project_summaries(page.object_list)
    for report in page.object_list:
        projects = summaries[report.pk]
        untouched = _status_key(report) == "not_started"
        rows.append({"report": report, "progress": "未开始" if untouched else report.get_status_display(),
                     "progress_key": _status_key(report),
                     "late": report.status in open_states and today > exercise.deadline,
                     "projects": projects})
    progress = [(key, label, progress_counts.get(key) or 0) for key, label in PROGRESS]
    return render(request, "reports/overview.html", {
        "exercise": exercise, "page": page, "rows": rows, "counts": progress_counts, "chart": chart,
        "progress": progress, "light_filters": LIGHT_FILTERS, "status_filters": STATUS_FILTERS,
        "light_filter": light_filter, "status_filter": status_filter,
        "is_past_deadline": today > exercise.deadline,
    })


def _project_summaries(reports):
    """{report pk: [{name, light, label, counts}] per project}: judged once
    per saved version of a report and kept in the cache, so a page of the
    overview reads them in one cache query instead of judging every row."""
    keys = {f"reports:project-lights:{r.pk}:{r.version}:{r.updated_at.timestamp()}": r for r in reports}
    found = cache.get_many(list(keys))
    missing = {}
    # The documents (the rows' largest column) only for the rows to judge.
    documents = dict(Report.objects.filter(pk__in=[r.pk for k, r in keys.items() if k not in found])
                     .values_list("pk", "document")) if len(found) < len(keys) else {}
    for key, report in keys.items():
        if key not in found:
            document = documents.get(report.pk) or {}
            found[key] = missing[key] = [
                {"name": project.get("name") or f"项目{n + 1}", "light": judged["light"], "label": judged["label"],
                 "counts": _project_counts(judged)}
                for n, (project, judged) in enumerate(zip(document.get("projects") or [],
                                                          as_json(document_lights(document))))]
    if missing:
        cache.set_many(missing, timeout=SUMMARY_SECONDS)
    return {report.pk: found[key] for key, report in keys.items()}


def _project_counts(judged):
    lights = [judged["budget"]["light"]] + [j["light"] for j in judged["indicators"]]
    return {light.value or "none": lights.count(light.value) for light in LIGHT_ORDER}


# --- opening a round ---------------------------------------------------------

@login_required
def exercise_open(request):
    _workspace_only(request)
    from targets.visibility import units_for_user

    form = ExerciseForm(request.POST or None, regions=regions_for_user(request.user),
                        units=units_for_user(request.user).select_related("region"),
                        initial={"year": date.today().year, "months": fields.DEFAULT_MONTHS})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exercise = open_monitoring(
                request.user, year=data["year"], months=data["months"], deadline=data["deadline"],
                region=data.get("region"), units=list(data.get("units") or []))
        except OpeningError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"已发起{exercise.title}，共 {exercise.reports.count()} 份报告。")
            return redirect("reports:overview", exercise.pk)
    return render(request, "reports/exercise_open.html", {"form": form})


# --- the review actions on a report (提交, 退回, 接受) -------------------------

MAX_PROBLEMS_IN_MESSAGE = 5


@login_required
@require_POST
def report_transition(request, report_pk, action):
    """One review action from the report page's panel, performed by
    reviews.transitions.transition (the filings' one function)."""
    from reviews.transitions import CheckErrors, TransitionError, transition

    report = _report(request, report_pk)
    try:
        round = transition(report.pk, request.user, action, comment=request.POST.get("comment", ""),
                           conclusion=request.POST.get("conclusion", ""), kind="report")
    except report.DoesNotExist:
        raise Http404 from None
    except CheckErrors as refused:
        listed = "；".join(p.message for p in refused.problems[:MAX_PROBLEMS_IN_MESSAGE])
        more = len(refused.problems) - MAX_PROBLEMS_IN_MESSAGE
        messages.error(request, f"{refused.message}{listed}{f'；另有 {more} 处' if more > 0 else ''}")
    except TransitionError as refused:
        messages.error(request, refused.message)
    else:
        noun = "绩效自评报告" if report.exercise.kind == Exercise.Kind.EVALUATION else "监控报告"
        messages.success(request, f"已{_action_word(action)}：{report.unit.name}的{noun}。")
        del round
    return redirect("reports:report", report.pk)


def _action_word(action):
    from reviews.actions import ACTIONS

    return REPORT_ACTION_WORDS.get(action, ACTIONS[action].label)


# A report is accepted (接受), where a filing is approved (通过).
REPORT_ACTION_WORDS = {"approve": "接受"}


def _report_actions(report, user):
    """The review actions the user may take on the report now, for its panel."""
    try:
        from reviews.transitions import available_actions
    except ImportError:
        return []
    return [{"action": a, "name": a.name, "title": _action_word(a.name),
             "url": reverse(f"reports:{a.name}", args=[report.pk])} for a in available_actions(report, user)]


@login_required
@require_POST
def report_adjust(request, report_pk):
    """调整 from a report: the filing reopened (reports.adjustment), linked
    both ways."""
    from reviews.transitions import TransitionError

    from .adjustment import request_adjustment

    report = _report(request, report_pk)
    try:
        round = request_adjustment(report.pk, request.user, request.POST.get("reason", ""))
    except report.DoesNotExist:
        raise Http404 from None
    except TransitionError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"已发起调整：{report.filing.year}年度申报已重新打开（{round.cycle_label}）。")
    return redirect("reports:report", report.pk)


def _may_adjust(report, user):
    from reviews.actions import ACTIONS

    return permissions.may(user, ACTIONS["reopen"], report.filing)


@login_required
@require_POST
def report_rectify(request, report_pk):
    """整改: a reviewer's written requirement on a submitted report, which
    the unit answers on the report page before its next submission."""
    from .history import record_report

    report = _report(request, report_pk)
    permissions.check(request.user, permissions.COMMENT, report)
    requirement = (request.POST.get("requirement") or "").replace("\r\n", "\n").strip()
    if not requirement:
        messages.error(request, "请填写整改要求。")
    elif len(requirement) > MAX_REQUIREMENT_LENGTH:
        messages.error(request, f"整改要求不能超过 {MAX_REQUIREMENT_LENGTH} 个字符。")
    else:
        Rectification.objects.create(report=report, requirement=requirement, asked_by=request.user)
        record_report(report, request.user, "rectify", summary=f"提出整改要求：{requirement[:200]}")
        messages.success(request, "已提出整改要求。退回报告后，单位须填写整改情况才能再次提交。")
    return redirect("reports:report", report.pk)


MAX_REQUIREMENT_LENGTH = 2000


@login_required
@require_POST
def exercise_refresh(request, exercise_pk):
    """刷新: the round's reports for approved filings in scope still missing
    (reports.opening.add_missing_reports)."""
    exercise = get_object_or_404(exercises_for_user(request.user), pk=exercise_pk)
    permissions.check(request.user, OPEN_ROUND)
    added = add_missing_reports(exercise, request.user)
    messages.success(request, f"已补充 {added} 份报告。" if added else "没有需要补充的报告：范围内已通过的申报都已有报告。")
    return redirect("reports:overview", exercise.pk)
