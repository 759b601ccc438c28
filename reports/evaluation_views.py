"""The self-evaluation pages (绩效自评): a unit's report (filled by its
staff, read and 复核-scored by reviewers), its live scores while typing, a
round's overview with the grades and its XLSX, the list of rounds and the
opening of one.

The scores come from reports.evaluation_documents.score_evaluation only
(the page, the live endpoint, the official 自评表 and the save all use it).
Every page starts from reports.visibility: a report or round outside the
user's reach is a 404; a monitoring report or round is a 400 here."""
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import CharField, Count, DecimalField, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from units import permissions

from . import fields
from .checks import report_problems
from .evaluation_documents import score_evaluation
from .evaluation_forms import EvaluationExerciseForm, EvaluationForm
from .forms import budget_name, indicator_name, name_for_path, project_name
from .models import Exercise, Report, ReportStatus
from .review_scores import may_set_review_scores
from .rules.explain import points, to_decimal
from .rules.scoring import band_points
from .views import _is_late, _report, _report_actions, _workspace_only, round_list, save_from_page
from .visibility import exercises_for_user, reports_for_user

FULL_WEIGHTS = Decimal(90)
GRADES = ("优", "良", "中", "差")
GRADE_BARS = ("bg-success", "bg-primary", "bg-warning", "bg-danger")
PAGE_SIZE = 50
SUMMARY_SECONDS = 7 * 24 * 3600
NOT_EVALUATION = "这不是绩效自评报告。"


def is_evaluation(report):
    return report.exercise.kind == Exercise.Kind.EVALUATION


# --- the report page -------------------------------------------------------

def evaluation_page(request, report):
    """The report page of a self-evaluation report (reports.views.report_page
    hands it the report it found in the user's reach)."""
    editable = permissions.may(request.user, permissions.EDIT, report)
    conflict = None
    if request.method == "POST":
        saved = save_from_page(
            request, report, editable, "已保存绩效自评报告。",
            lambda data, report: EvaluationForm(data, document=report.document, version=report.version))
        if saved.response is not None:
            return saved.response
        form, conflict, report = saved.form, saved.conflict, saved.report
        document = form.typed_document()
    else:
        form = EvaluationForm(document=report.document, version=report.version)
        document = report.document
    problems = report_problems(document)
    scores = score_evaluation(document)["projects"]

    may_review = may_set_review_scores(report, request.user)
    return render(request, "reports/evaluation_report.html", {
        "report": report,
        "exercise": report.exercise,
        "editable": editable,
        "form": form,
        "conflict": conflict,
        "projects": _projects(form, document, scores, problems),
        "error_count": sum(1 for p in problems if p.is_error),
        "amount_unit": document.get("amount_unit") or "",
        "late": _is_late(report),
        "may_review": may_review,
        "show_review": may_review or any(s["reviewed"] for s in scores),
        "page_data": {"scoresUrl": reverse("reports:evaluation_scores", args=[report.pk]), "editable": editable},
        "actions": _report_actions(report, request.user),
        "rounds": list(report.rounds.defer("snapshot").select_related("actor").order_by("number")),
        "from_workspace": permissions.may(request.user, permissions.USE_WORKSPACE),
    })


def _weight_sum(project):
    total = Decimal(0)
    for item in project.get("indicators") or []:
        weight = to_decimal(item.get("weight"))
        if weight is not None:
            total += weight
    return points(total)


def _band(item):
    band = band_points(item.get("weight"), item.get("achievement") or "")
    return f"{points(band[0])}–{points(band[1])} 分" if band else ""


def _projects(form, document, scores, problems):
    """What the template shows per project: each field bound with its
    problems, the approved values beside, the computed scores."""
    by_field = {}
    for problem in problems:
        by_field.setdefault(name_for_path(problem.location), []).append(problem)

    def cell(name):
        return {"name": name, "field": form[name], "problems": by_field.get(name, [])}

    result = []
    for p, (project, scored) in enumerate(zip(document.get("projects") or [], scores)):
        rows = []
        for row_key, row_label in fields.BUDGET_ROWS:
            row = (project.get("budget") or {}).get(row_key) or {}
            rows.append({"key": row_key, "label": row_label, "initial": row.get("initial"),
                         "full_year": cell(budget_name(p, row_key, "full_year")),
                         "executed": cell(budget_name(p, row_key, "executed")),
                         "rate": scored["budget"]["rates"].get(row_key),
                         "rate_name": budget_name(p, row_key, "rate")})
        indicators = []
        for i, (item, score) in enumerate(zip(project.get("indicators") or [], scored["indicators"])):
            cells = {key: cell(indicator_name(p, i, key))
                     for key in ("actual", "weight", "achievement", "score", "deviation")}
            indicators.append({"index": i, "number": i + 1, "id": f"p{p}-i{i}", "item": item, "cells": cells,
                               "score": score, "band": _band(item) if score["qualitative"] else ""})
        weight_sum = _weight_sum(project)
        result.append({
            "index": p, "number": p + 1, "id": f"p{p}", "project": project, "scored": scored,
            "budget_rows": rows, "indicators": indicators,
            "weight_sum": weight_sum, "weights_ok": Decimal(weight_sum) == FULL_WEIGHTS,
            "weights_problems": [problem for problem in problems
                                 if problem.location == f"projects[{p}].indicators"],
            "goal_outcome": cell(project_name(p, "goal_outcome")),
            "problems": cell(project_name(p, "problems")),
            "improvements": cell(project_name(p, "improvements")),
        })
    return result


def _problem_json(problem):
    from .views import _problem_json as monitoring_problem_json

    return monitoring_problem_json(problem)


@login_required
@require_POST
def evaluation_scores(request, report_pk):
    """The scores of what is on the page now (nothing is saved): the page
    posts its form a moment after each keystroke and shows score_evaluation's
    result, the 分值 sums and the problems at their fields."""
    report = _report(request, report_pk)
    if not is_evaluation(report):
        return HttpResponseBadRequest(NOT_EVALUATION)
    document = EvaluationForm(request.POST, document=report.document).typed_document()
    scores = score_evaluation(document)
    for project, scored in zip(document.get("projects") or [], scores["projects"]):
        scored["weight_sum"] = _weight_sum(project)
        for item, row in zip(project.get("indicators") or [], scored["indicators"]):
            row["band"] = _band(item) if row["qualitative"] else ""
    return JsonResponse({"projects": scores["projects"],
                         "problems": [_problem_json(p) for p in report_problems(document)]})


@login_required
@require_POST
def evaluation_review_score(request, report_pk):
    """复核: a reviewer's score and reason for one indicator of a submitted
    report (reports.review_scores.set_review_score)."""
    from django.core.exceptions import PermissionDenied

    from .review_scores import ReviewScoreError, set_review_score

    report = _report(request, report_pk)
    if not is_evaluation(report):
        return HttpResponseBadRequest(NOT_EVALUATION)
    project, indicator = request.POST.get("project"), request.POST.get("indicator")
    try:
        set_review_score(report, request.user, project, indicator, request.POST.get("score"),
                         request.POST.get("reason"))
    except PermissionDenied:
        raise
    except ReviewScoreError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "已保存复核得分。")
    anchor = f"#p{project}-i{indicator}" if str(project).isdigit() and str(indicator).isdigit() else ""
    return redirect(reverse("reports:report", args=[report.pk]) + anchor)


# --- reviewers: the rounds, a round's overview and its XLSX -----------------

@login_required
def evaluation_list(request):
    _workspace_only(request)
    from .opening import OPEN_EVALUATION

    return round_list(request, Exercise.Kind.EVALUATION, "reports/evaluation_list.html",
                      may_open=permissions.may(request.user, OPEN_EVALUATION))


SORTS = {
    "score": (F("final_score").desc(nulls_last=True), "unit__region__path", "unit__code", "pk"),
    "score_asc": (F("final_score").asc(nulls_last=True), "unit__region__path", "unit__code", "pk"),
    "unit": ("unit__region__path", "unit__code", "pk"),
}
SORT_LABELS = (("score", "得分从高到低"), ("score_asc", "得分从低到高"), ("unit", "按单位"))


def _with_final(reports):
    """The published figures: 复核's where a reviewer set scores, else the unit's."""
    return reports.annotate(
        final_score=Coalesce("review_total", "total_score",
                             output_field=DecimalField(max_digits=6, decimal_places=2)),
        final_grade_=Coalesce(NullIf("review_grade", Value("")), "grade", output_field=CharField()),
    )


def evaluation_overview(request, exercise):
    """A self-evaluation round's overview (reports.views.exercise_overview
    hands it the round it found in the user's reach)."""
    _workspace_only(request)
    reports = _with_final(reports_for_user(request.user).filter(exercise=exercise))
    counts = reports.order_by().aggregate(
        total=Count("pk"), submitted=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
        approved=Count("pk", filter=Q(status=ReportStatus.APPROVED)),
        unscored=Count("pk", filter=Q(final_score__isnull=True)),
        **{f"grade_{n}": Count("pk", filter=Q(final_grade_=name)) for n, name in enumerate(GRADES)})
    scored = sum(counts[f"grade_{n}"] for n in range(len(GRADES)))
    chart = [{"grade": name, "css": GRADE_BARS[n], "count": counts[f"grade_{n}"],
              "percent": round(counts[f"grade_{n}"] * 100 / scored, 1) if scored else 0}
             for n, name in enumerate(GRADES)]
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "score"
    shown = reports.select_related("unit__region").defer("document").order_by(*SORTS[sort])
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    summaries = _project_scores(page.object_list)
    rows = [{"report": r, "projects": summaries[r.pk]} for r in page.object_list]
    return render(request, "reports/evaluation_overview.html", {
        "exercise": exercise, "page": page, "rows": rows, "counts": counts, "chart": chart,
        "scored": scored, "sort": sort, "sort_labels": SORT_LABELS,
        "is_past_deadline": timezone.localdate() > exercise.deadline,
    })


def _project_rows(document):
    scores = score_evaluation(document)["projects"]
    return [{"name": project.get("name") or f"项目{n + 1}", "total": s["total"], "grade": s["grade"],
             "review_total": s["review_total"], "review_grade": s["review_grade"],
             "rate": s["budget"]["rates"].get("total")}
            for n, (project, s) in enumerate(zip(document.get("projects") or [], scores))]


def _project_scores(reports):
    """{report pk: the projects' scores}, worked out once per saved version
    of a report and kept in the cache (as the monitoring overview's lights)."""
    keys = {f"reports:project-scores:{r.pk}:{r.version}:{r.updated_at.timestamp()}": r for r in reports}
    found = cache.get_many(list(keys))
    missing = {}
    documents = dict(Report.objects.filter(pk__in=[r.pk for k, r in keys.items() if k not in found])
                     .values_list("pk", "document")) if len(found) < len(keys) else {}
    for key, report in keys.items():
        if key not in found:
            found[key] = missing[key] = _project_rows(documents.get(report.pk) or {})
    if missing:
        cache.set_many(missing, timeout=SUMMARY_SECONDS)
    return {report.pk: found[key] for key, report in keys.items()}


XLSX_HEADERS = ("预算单位", "地区", "进度", "项目名称", "执行率（%）", "自评得分", "自评等级", "复核得分", "复核等级",
                "单位总分", "单位等级")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(text):
    """A two-decimal score or rate as a number for the sheet (None stays empty)."""
    return to_decimal(text) if text not in (None, "") else None


@login_required
def evaluation_overview_xlsx(request, exercise_pk):
    """The round's scores as XLSX: one row per project, in the overview's
    order; scores and rates are numbers."""
    from openpyxl import Workbook

    exercise = get_object_or_404(exercises_for_user(request.user), pk=exercise_pk)
    _workspace_only(request)
    if exercise.kind != Exercise.Kind.EVALUATION:
        return HttpResponseBadRequest("这不是绩效自评任务。")
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "score"
    reports = (_with_final(reports_for_user(request.user).filter(exercise=exercise))
               .select_related("unit__region").order_by(*SORTS[sort]))
    book = Workbook()
    sheet = book.active
    sheet.title = "自评得分"
    sheet.append(XLSX_HEADERS)
    for report in reports.iterator(chunk_size=200):
        for project in _project_rows(report.document):
            sheet.append([report.unit.name, report.unit.region.name, report.get_status_display(), project["name"],
                          _number(project["rate"]), _number(project["total"]), project["grade"],
                          _number(project["review_total"]), project["review_grade"],
                          report.review_total if report.review_total is not None else report.total_score,
                          report.final_grade_ or ""])
    for column, width in zip("ABCDEFGHIJK", (28, 12, 8, 36, 11, 10, 9, 10, 9, 10, 9)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[4], row[5], row[7], row[9]):
            cell.number_format = "0.00"
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    filename = f"{exercise.year}年度绩效自评得分.xlsx"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- opening a round ---------------------------------------------------------

@login_required
def evaluation_open(request):
    _workspace_only(request)
    from reviews.workspace import regions_for_user
    from targets.visibility import units_for_user

    from . import opening

    form = EvaluationExerciseForm(request.POST or None, regions=regions_for_user(request.user),
                                  units=units_for_user(request.user).select_related("region"),
                                  initial={"year": date.today().year - 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exercise = opening.open_evaluation(request.user, year=data["year"], deadline=data["deadline"],
                                               region=data.get("region"), units=list(data.get("units") or []))
        except opening.OpeningError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"已发起{exercise.title}，共 {exercise.reports.count()} 份报告。")
            return redirect("reports:overview", exercise.pk)
    return render(request, "reports/evaluation_open.html", {"form": form})
