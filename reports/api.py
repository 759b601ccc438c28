"""The reports part of the JSON API, for both kinds of round: rounds of
运行监控 and of 绩效自评 (list, open, one: the same views, the kind given by
the route, see ROUND_KINDS), reports (list, the monitoring/1 or evaluation/1
document with status and version, and its lights or its scores, its
replacement under If-Match, the review actions), a monitoring report's
lights and a self-evaluation report's 复核 scores. Errors, pagination and
login are the filing API's (reviews.api); every request starts from
reports.visibility, so anything outside is a 404."""
import datetime
import json
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import JsonResponse

from reviews.api import (
    JSON_DUMPS,
    MAX_PAGE,
    MAX_YEAR,
    _page_url,
    _positive,
    api_view,
    body_of,
    body_too_big,
    error,
    problems_error,
)
from reviews.openapi import MAX_PAGE_SIZE, PAGE_SIZE
from reviews.transitions import CheckErrors, TransitionError, transition
from units import permissions
from units.models import BudgetUnit, Region

from .checks import report_problems
from .evaluation_documents import score_evaluation
from .fields import DEFAULT_MONTHS, MONTH_CHOICES
from .judging import as_json, counts, document_lights
from .models import Exercise, Report, ReportStatus
from .opening import OPEN_ROUND, OpeningError, open_evaluation, open_monitoring
from .replacement import DocumentRefused, replace_document
from .review_scores import REVIEW_SCORE, ReviewScoreError, set_review_score
from .saving import EditConflict, InvalidDocument, NotEditable
from .visibility import exercises_for_user, reports_for_user

# The most units a round's chosen list may name (a province has ~3,000).
MAX_UNITS = 10_000
EDIT_REFUSAL = "只有本单位填报人可以修改这份报告。"


@dataclass(frozen=True)
class RoundKind:
    """What differs between the rounds of 运行监控 and of 绩效自评 in the API:
    the words, how a round is opened (a monitoring round has a period), and
    what a round's progress counts besides the statuses."""

    kind: str  # Exercise.Kind
    noun: str  # 监控任务 / 自评任务
    opening: str  # 发起监控 / 发起绩效自评
    has_months: bool


ROUND_KINDS = {
    Exercise.Kind.MONITORING: RoundKind(Exercise.Kind.MONITORING, "监控任务", "发起监控", True),
    Exercise.Kind.EVALUATION: RoundKind(Exercise.Kind.EVALUATION, "自评任务", "发起绩效自评", False),
}
GRADES = ("优", "良", "中", "差")


def monitoring_view(*methods):
    """reviews.api.api_view, with a round or report outside the user's reach
    answered 404 in the words of the pages (a round's kind is its route's;
    a report id says nothing of its kind before it is found)."""

    def decorate(view):
        @wraps(view)
        def inner(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Report.DoesNotExist:
                return error(404, "找不到这份监控报告。")
            except Exercise.DoesNotExist:
                noun = ROUND_KINDS[kwargs.get("kind", Exercise.Kind.MONITORING)].noun
                return error(404, f"找不到这个{noun}。")

        return api_view(*methods)(inner)

    return decorate


def _page(request, found, summary, noun):
    """One page of a queryset as the filing list pages (count, next, previous, results)."""
    page = _positive(request, "page", 1, MAX_PAGE)
    if page is None:
        return error(400, "page 应为从 1 开始的页码。")
    size = _positive(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    if size is None:
        return error(400, f"page_size 应为 1 到 {MAX_PAGE_SIZE} 之间的整数。")
    count = found.count()
    if page > 1 and (page - 1) * size >= count:
        return error(404, f"没有第 {page} 页（共 {count} {noun}，每页 {size} {noun[0]}）。")
    return JsonResponse({
        "count": count,
        "next": _page_url(request, page + 1) if page * size < count else None,
        "previous": _page_url(request, page - 1) if page > 1 else None,
        "results": [summary(item) for item in found[(page - 1) * size : page * size]],
    }, json_dumps_params=JSON_DUMPS)


def _json_body(request):
    """(object, None) from a JSON request body, or (None, the error response)."""
    raw = body_of(request)
    if raw is None:
        return None, body_too_big()
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, error(400, "请求内容不是有效的 JSON（UTF-8）。",
                           problems=[{"path": "", "message": "不是有效的 JSON"}])
    if not isinstance(body, dict):
        return None, error(400, "请求内容应为 JSON 对象。", problems=[{"path": "", "message": "应为 JSON 对象"}])
    return body, None


# --- rounds ---------------------------------------------------------------------


def _region(region):
    return {"code": region.code, "name": region.name} if region is not None else None


def round_summary(exercise):
    return {
        "id": exercise.pk, "title": exercise.title, "year": exercise.year, "months": exercise.months,
        "period": exercise.period_label, "deadline": exercise.deadline.isoformat(),
        "region": _region(exercise.region), "opened_at": exercise.opened_at.isoformat(),
    }


@monitoring_view("GET", "POST")
def rounds(request, kind):
    """The rounds of one kind (the route's) the user may see; POST opens one."""
    if request.method == "POST":
        return open_round(request, ROUND_KINDS[kind])
    found = exercises_for_user(request.user).filter(kind=kind).select_related("region")
    year = request.GET.get("year")
    if year not in (None, ""):
        if not (year.isascii() and year.isdigit()) or not 0 < int(year) <= MAX_YEAR:
            return error(400, f"year 应为年度数字，如 2024，而不是“{year[:20]}”。")
        found = found.filter(year=int(year))
    return _page(request, found.order_by("-year", "-opened_at", "-pk"), round_summary, "个任务")


def _date(value):
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def open_round(request, kind):
    """Open a round of `kind` (a RoundKind) through reports.opening
    (reviewers in their jurisdiction, admins); answers its id and how many
    reports it made. A self-evaluation round has no period: months is not
    read."""
    permissions.check(request.user, OPEN_ROUND)
    body, refused = _json_body(request)
    if refused:
        return refused
    problems = []
    year, months = body.get("year"), body.get("months", DEFAULT_MONTHS)
    if type(year) is not int or not 2000 <= year <= 2100:
        problems.append({"path": "year", "message": "应为 2000 到 2100 之间的年度"})
    if kind.has_months and (type(months) is not int or months not in MONTH_CHOICES):
        allowed = "、".join(str(m) for m in MONTH_CHOICES)
        problems.append({"path": "months", "message": f"监控期间应为 {allowed} 之一（1–N月）"})
    deadline = _date(body.get("deadline"))
    if deadline is None:
        problems.append({"path": "deadline", "message": "截止日期应为 YYYY-MM-DD 格式的日期"})
    region, units = None, []
    region_code = body.get("region")
    if region_code is not None:
        if not isinstance(region_code, str):
            problems.append({"path": "region", "message": "应为行政区划代码（文本）"})
        else:
            region = Region.objects.filter(code=region_code).first()
            if region is None:
                problems.append({"path": "region", "message": f"找不到行政区划代码“{region_code[:20]}”"})
    unit_ids = body.get("units", [])
    if (not isinstance(unit_ids, list) or len(unit_ids) > MAX_UNITS
            or not all(type(u) is int and 0 < u <= MAX_PAGE for u in unit_ids)):
        problems.append({"path": "units", "message": f"应为预算单位编号（正整数）的列表，最多 {MAX_UNITS} 个"})
    else:
        found = BudgetUnit.objects.in_bulk(unit_ids)
        for index, unit_id in enumerate(unit_ids):
            if unit_id not in found:
                problems.append({"path": f"units[{index}]", "message": f"找不到编号为 {unit_id} 的预算单位"})
        units = [found[u] for u in dict.fromkeys(unit_ids) if u in found]
    if problems:
        return error(400, f"{kind.opening}的请求有 {len(problems)} 处问题。", problem_count=len(problems),
                     problems=problems)
    try:
        if kind.has_months:
            exercise = open_monitoring(request.user, year=year, months=months, deadline=deadline,
                                       region=region, units=units)
        else:
            exercise = open_evaluation(request.user, year=year, deadline=deadline, region=region, units=units)
    except OpeningError as refused:
        return error(400, refused.message)
    return JsonResponse({"id": exercise.pk, "report_count": exercise.reports.count()}, status=201,
                        json_dumps_params=JSON_DUMPS)


def _kind_counts(kind):
    """What a round's progress counts besides the statuses: reports with a
    red or yellow light (monitoring); reports scored, reviewed (复核) and
    of each final grade, the 复核's where set (self-evaluation)."""
    if kind == Exercise.Kind.MONITORING:
        return {"with_red": Count("pk", filter=Q(red__gt=0)), "with_yellow": Count("pk", filter=Q(yellow__gt=0))}
    return {
        "scored": Count("pk", filter=Q(total_score__isnull=False)),
        "reviewed": Count("pk", filter=~Q(review_grade="")),
        **{f"grade_{g}": Count("pk", filter=Q(review_grade=g) | Q(review_grade="", grade=g)) for g in GRADES},
    }


@monitoring_view("GET")
def round_detail(request, pk, kind):
    """One round (of the route's kind) with the progress of the reports the user may see."""
    exercise = exercises_for_user(request.user).select_related("region").get(pk=pk, kind=kind)
    totals = reports_for_user(request.user).filter(exercise=exercise).order_by().aggregate(
        total=Count("pk"),
        not_started=Count("pk", filter=Q(status=ReportStatus.DRAFT, touched=False)),
        draft=Count("pk", filter=Q(status=ReportStatus.DRAFT, touched=True)),
        returned=Count("pk", filter=Q(status=ReportStatus.RETURNED)),
        submitted=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
        approved=Count("pk", filter=Q(status=ReportStatus.APPROVED)),
        **_kind_counts(kind),
    )
    if kind == Exercise.Kind.EVALUATION:
        totals["grades"] = {g: totals.pop(f"grade_{g}") for g in GRADES}
    return JsonResponse({**round_summary(exercise), "reports": totals}, json_dumps_params=JSON_DUMPS)


# --- reports ---------------------------------------------------------------------

LIGHT_KEYS = ("red", "yellow", "green", "blue", "unjudged")
KIND_FILTER = {"monitoring": Exercise.Kind.MONITORING, "evaluation": Exercise.Kind.EVALUATION}


def _is_evaluation_report(report):
    return report.exercise.kind == Exercise.Kind.EVALUATION


def _number(value):
    return None if value is None else f"{value:.2f}"


def report_summary(report):
    """A report in a list: a monitoring report with its light counts, a
    self-evaluation report with its figures (total, grade, 复核, 执行率)."""
    summary = {
        "id": report.pk, "round": report.exercise_id, "filing": report.filing_id,
        "unit": {"code": report.unit.code, "name": report.unit.name, "region": _region(report.unit.region)},
        "status": report.status, "status_label": report.get_status_display(), "version": report.version,
    }
    if _is_evaluation_report(report):
        summary["figures"] = {
            "total": _number(report.total_score), "grade": report.grade,
            "review_total": _number(report.review_total), "review_grade": report.review_grade,
            "final_grade": report.final_grade, "execution_rate": _number(report.execution_rate),
        }
    else:
        summary["lights"] = {**{key: getattr(report, key) for key in LIGHT_KEYS}, "worst": report.worst}
    return summary


@monitoring_view("GET")
def reports(request):
    found = reports_for_user(request.user).select_related("unit__region", "exercise").defer("document")
    chosen = request.GET.get("round")
    if chosen not in (None, ""):
        if not (chosen.isascii() and chosen.isdigit()) or len(chosen) > 19 or not 0 < int(chosen) <= MAX_PAGE:
            return error(400, "round 应为监控任务或自评任务的编号。")
        found = found.filter(exercise_id=int(chosen))
    kind = request.GET.get("kind")
    if kind not in (None, ""):
        if kind not in KIND_FILTER:
            return error(400, f"kind 应为 {'、'.join(KIND_FILTER)} 之一。")
        found = found.filter(exercise__kind=KIND_FILTER[kind])
    status = request.GET.get("status")
    if status not in (None, ""):
        if status not in ReportStatus.values:
            return error(400, f"status 应为 {'、'.join(ReportStatus.values)} 之一。")
        found = found.filter(status=status)
    return _page(request, found.order_by("exercise_id", "unit__region__path", "unit__code", "pk"),
                 report_summary, "份报告")


def _visible(request, pk):
    return reports_for_user(request.user).select_related("exercise", "unit__region").get(pk=pk)


def _lights(document, rectifications=()):
    lights = document_lights(document)
    return {
        "counts": counts(lights),
        "projects": as_json(lights),
        "problems": [{"path": p.location, "code": p.code, "severity": p.severity, "message": p.message}
                     for p in report_problems(document, rectifications)],
    }


def _open_rectifications(report):
    return list(report.rectifications.filter(answered_at__isnull=True))


def etag(report):
    return f'"{report.version}"'


def _scores(document):
    """A self-evaluation document's scores (score_evaluation: per project the
    执行率, budget points, each indicator's points and explanation, total and
    grade, 复核 beside) and the submission's problems at their JSON paths."""
    return {
        **score_evaluation(document),
        "problems": [{"path": p.location, "code": p.code, "severity": p.severity, "message": p.message}
                     for p in report_problems(document)],
    }


def report_body(report):
    """What GET answers: the report and its document, with its lights
    (monitoring/1) or its scores (evaluation/1)."""
    body = {**report_summary(report), "round_title": report.exercise.title,
            "deadline": report.exercise.deadline.isoformat()}
    if _is_evaluation_report(report):
        body["scores"] = _scores(report.document)
    else:
        body["lights"] = _lights(report.document, _open_rectifications(report))
    response = JsonResponse({**body, "document": report.document}, json_dumps_params=JSON_DUMPS)
    response["ETag"] = etag(report)
    return response


@monitoring_view("GET", "PUT")
def report(request, pk):
    found = _visible(request, pk)
    if request.method == "GET":
        return report_body(found)
    return replace(request, found)


def _version_seen(request):
    """The version an If-Match header names ("3" or 3), or None for anything
    else (a weak or foreign tag: never the current version, so 412)."""
    value = request.headers.get("If-Match", "").strip()
    value = value.strip('"')
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def replace(request, found):
    """PUT: the whole document, from the version the client read (If-Match)."""
    if not permissions.is_actor(request.user, permissions.EDIT, found):
        raise PermissionDenied(EDIT_REFUSAL)
    if not found.is_editable:
        return error(409, f"这份报告当前状态为“{found.get_status_display()}”，不能修改。")
    if not request.headers.get("If-Match", "").strip():
        return error(428, "请在 If-Match 请求头中给出所读取报告的版本（GET 答复的 ETag）。")
    document, refused = _json_body(request)
    if refused:
        return refused
    try:
        # The document is checked first, then the version (save_report's
        # guard): a wrong document is a 400 whatever version it was read at.
        saved = replace_document(found, document, _version_seen(request), request.user)
    except (DocumentRefused, InvalidDocument) as refused:
        noun = "自评报告" if _is_evaluation_report(found) else "监控报告"
        return problems_error(f"{noun}文档有 {len(refused.problems)} 处问题，未保存。", refused.problems)
    except NotEditable as refused:
        return error(409, str(refused))
    except EditConflict as conflict:
        return _stale(conflict.current)
    return report_body(_visible(request, saved.pk))


def _stale(current):
    response = error(412, f"报告已被他人修改（当前版本 {current.version}），请重新读取后再保存。",
                     version=current.version)
    response["ETag"] = etag(current)
    return response


@monitoring_view("GET")
def lights(request, pk):
    """The lights and the submission's problems of a monitoring report's
    saved document (a self-evaluation report has scores, in its GET)."""
    found = _visible(request, pk)
    if _is_evaluation_report(found):
        return error(404, "绩效自评报告没有预警灯：得分见报告本身（GET /api/reports/{id}/ 的 scores）。")
    return JsonResponse({"id": found.pk, "version": found.version,
                         **_lights(found.document, _open_rectifications(found))}, json_dumps_params=JSON_DUMPS)


@monitoring_view("POST")
def report_transition(request, pk, action):
    """submit, return, approve (接受) through reviews.transitions.transition,
    as the filing API's transitions (comment and conclusion in the body)."""
    _visible(request, pk)
    body = {}
    raw = body_of(request)
    if raw is None:
        return body_too_big()
    if request.content_type == "application/json" and raw:
        body, refused = _json_body(request)
        if refused:
            return refused
    elif request.content_type != "application/json":
        body = request.POST.dict()
    comment = body.get("comment") or ""
    conclusion = body.get("conclusion") or ""
    if not isinstance(comment, str) or not isinstance(conclusion, str):
        return error(400, "comment 和 conclusion 应为文本。")
    try:
        round = transition(pk, request.user, action, comment=comment, conclusion=conclusion, kind="report")
    except CheckErrors as refused:
        return problems_error(refused.message, refused.problems,
                              path="location", code="code", severity="severity", message="message")
    except TransitionError as refused:
        return error(refused.status, refused.message)
    return JsonResponse({"status": round.to_status}, json_dumps_params=JSON_DUMPS)


def _index(value):
    return value if type(value) is int and 0 <= value < MAX_PAGE else None


@monitoring_view("POST")
def review_scores(request, pk):
    """复核: a reviewer's score of one indicator of a submitted
    self-evaluation report, with the reason (score null or "" clears it),
    through reports.review_scores.set_review_score; answers the report."""
    found = _visible(request, pk)
    if not _is_evaluation_report(found):
        return error(400, "只有绩效自评报告可以设置复核得分。")
    permissions.check_actor(request.user, REVIEW_SCORE, found)
    if not permissions.may(request.user, REVIEW_SCORE, found):
        return error(409, f"这份报告当前状态为“{found.get_status_display()}”，只能在提交后、接受前设置复核得分。")
    body, refused = _json_body(request)
    if refused:
        return refused
    problems = [{"path": key, "message": "应为从 0 开始的序号（整数）"}
                for key in ("project", "indicator") if _index(body.get(key)) is None]
    score, reason = body.get("score"), body.get("reason")
    if score is not None and (type(score) not in (int, float, str) or isinstance(score, bool)):
        problems.append({"path": "score", "message": "应为数字、数字文本或 null（取消复核得分）"})
    if reason is not None and not isinstance(reason, str):
        problems.append({"path": "reason", "message": "应为文本"})
    if problems:
        return error(400, f"复核评分的请求有 {len(problems)} 处问题。", problem_count=len(problems),
                     problems=problems)
    try:
        saved = set_review_score(found, request.user, body["project"], body["indicator"], score, reason)
    except ReviewScoreError as refused:
        return error(400, refused.message)
    return report_body(_visible(request, saved.pk))
