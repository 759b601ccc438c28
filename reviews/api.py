"""The JSON API: filings list, export, import and the transitions, with the
permissions of the pages (everything starts from filings_for_user)."""
import json
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import JsonResponse
from django.views.decorators.csrf import requires_csrf_token

from targets.interchange import (
    DocumentRefused,
    FilingExists,
    export_document,
    filings_for_export,
    validate_document,
)
from targets.interchange.diff import diff_documents
from targets.interchange.schema import MAX_LISTED_PROBLEMS
from targets.models import Filing, FilingStatus
from targets.services.filing_import import import_new
from targets.visibility import filings_for_user
from units import permissions

from .comments import FilingComments
from .log import change_as_dict
from .openapi import MAX_ID as MAX_PAGE
from .openapi import MAX_PAGE_SIZE, PAGE_SIZE, openapi_document
from .transitions import CheckErrors, TransitionError, transition

JSON_DUMPS = {"ensure_ascii": False}
MAX_YEAR = 9999


def error(status, detail, **extra):
    return JsonResponse({"detail": detail, **extra}, status=status, json_dumps_params=JSON_DUMPS)


def problems_error(detail, problems, **fields):
    """400 with the number of problems and the first MAX_LISTED_PROBLEMS of
    them (a document of a hundred thousand wrong rows once answered 100 MB);
    `fields` names each problem's keys after its attributes."""
    fields = fields or {"path": "path", "message": "message"}
    if len(problems) > MAX_LISTED_PROBLEMS:
        detail += f"（共 {len(problems)} 处，列出前 {MAX_LISTED_PROBLEMS} 处）"
    return error(400, detail, problem_count=len(problems), problems=[
        {key: getattr(p, attribute) for key, attribute in fields.items()} for p in problems[:MAX_LISTED_PROBLEMS]])


def body_of(request):
    """The request body, or None when it is over the limit of the settings."""
    try:
        return request.body
    except RequestDataTooBig:
        return None


def body_too_big():
    return error(413, f"请求内容超过 {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)} MB 的上限。")


def api_view(*methods):
    """JSON errors for the API: 401 before login, then 405 for other methods, 404
    for anything outside the user's filings, 403 for a role that may not act."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return error(401, "请先登录（/accounts/login/）。")
            if request.method not in methods:
                response = error(405, f"不支持 {request.method} 方法。")
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, **kwargs)
            except Filing.DoesNotExist:
                return error(404, "找不到这份申报。")
            except PermissionDenied as denied:
                return error(403, str(denied) or "没有权限。")

        return wrapper

    return decorate


def visible(request, pk):
    return filings_for_user(request.user).get(pk=pk)


SUMMARY_FIELDS = ("pk", "year", "status", "unit__code", "unit__name", "unit__region__code", "unit__region__name")


def filing_summary(values):
    """One item of the list from a values_list() row of SUMMARY_FIELDS: the
    list of a province is thousands of filings, too many to build models."""
    pk, year, status, unit_code, unit_name, region_code, region_name = values
    return {
        "id": pk,
        "year": year,
        "status": status,
        "unit": {
            "code": unit_code,
            "name": unit_name,
            "region": {"code": region_code, "name": region_name},
        },
    }


def _positive(request, name, default, maximum):
    """A positive whole number from the query string (empty: the default);
    None if it is anything else or above the maximum."""
    value = request.GET.get(name)
    if value in (None, ""):
        return default
    if not (value.isascii() and value.isdigit()) or len(value) > 19 or not 0 < int(value) <= maximum:
        return None
    return int(value)


def _page_url(request, page):
    query = request.GET.copy()
    query["page"] = page
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api_view("GET", "POST")
def filings(request):
    if request.method == "POST":
        return create_filing(request)
    found = filings_for_user(request.user).order_by("-year", "unit__name", "pk")
    year = request.GET.get("year")
    if year not in (None, ""):
        if not (year.isascii() and year.isdigit()) or not 0 < int(year) <= MAX_YEAR:
            return error(400, f"year 应为年度数字，如 2024，而不是“{year[:20]}”。")
        found = found.filter(year=int(year))
    status = request.GET.get("status")
    if status not in (None, ""):
        if status not in FilingStatus.values:
            return error(400, f"status 应为 {'、'.join(FilingStatus.values)} 之一。")
        found = found.filter(status=status)
    page = _positive(request, "page", 1, MAX_PAGE)
    if page is None:
        return error(400, "page 应为从 1 开始的页码。")
    size = _positive(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    if size is None:
        return error(400, f"page_size 应为 1 到 {MAX_PAGE_SIZE} 之间的整数。")
    count = found.count()
    if page > 1 and (page - 1) * size >= count:
        return error(404, f"没有第 {page} 页（共 {count} 份申报，每页 {size} 份）。")
    rows = found.values_list(*SUMMARY_FIELDS)[(page - 1) * size : page * size]
    return JsonResponse(
        {
            "count": count,
            "next": _page_url(request, page + 1) if page * size < count else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "results": [filing_summary(row) for row in rows],
        },
        json_dumps_params=JSON_DUMPS,
    )


def document_is_for_unit(document, unit):
    """Whether a validated document names this unit: its region (by code,
    else by name) and the unit (by code, else by name)."""
    region = document["unit"].get("region") or {}
    if region.get("code"):
        if region["code"] != unit.region.code:
            return False
    elif region.get("name") != unit.region.name:
        return False
    code = document["unit"].get("code")
    if code:
        return code == unit.code
    return document["unit"]["name"] == unit.name


def create_filing(request):
    user = request.user
    permissions.check(user, permissions.IMPORT_FILING)
    body = body_of(request)
    if body is None:
        return body_too_big()
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return error(400, "请求内容不是有效的 JSON（UTF-8）。", problems=[{"path": "", "message": "不是有效的 JSON"}])
    problems = validate_document(document)
    if problems:
        return problems_error(f"申报文档有 {len(problems)} 处问题。", problems)
    unit = None
    if not permissions.may(user, permissions.IMPORT_FOR_ANY_UNIT):
        if user.unit is None or not document_is_for_unit(document, user.unit):
            raise PermissionDenied(permissions.IMPORT_FOR_ANY_UNIT.refusal)
        unit = user.unit
        # The printed name is the one the admin's roster gives the unit, not
        # what a staff member's document says (it reaches the reviewers'
        # queue, the tables and the bulk export's manifest).
        document = {**document, "unit": {**document["unit"], "name": unit.name}}
    try:
        filing = import_new(document, user, "通过接口导入新建草稿", unit=unit)
    except FilingExists as exists:
        return error(409, f"{exists.filing.unit_name} {exists.filing.year} 年度的申报已存在。", id=exists.filing.pk)
    except DocumentRefused as refused:
        return problems_error("申报文档不能导入。", refused.problems)
    return JsonResponse({"id": filing.pk}, status=201, json_dumps_params=JSON_DUMPS)


@api_view("GET")
def export(request, pk):
    filing = filings_for_export(filings_for_user(request.user)).get(pk=pk)
    return JsonResponse(export_document(filing), json_dumps_params=JSON_DUMPS)


@api_view("POST")
def transition_endpoint(request, pk, action):
    visible(request, pk)
    # The body is optional: a JSON object, or form fields for scripts that
    # post with curl -d.
    body = {}
    raw = body_of(request)
    if raw is None:
        return body_too_big()
    if request.content_type == "application/json" and raw:
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return error(400, "请求内容不是有效的 JSON（UTF-8）。")
        if not isinstance(body, dict):
            return error(400, "请求内容应为 JSON 对象。")
    elif request.content_type != "application/json":
        body = request.POST.dict()
    comment = body.get("comment", body.get("reason")) or ""
    conclusion = body.get("conclusion") or ""
    if not isinstance(comment, str) or not isinstance(conclusion, str):
        return error(400, "comment 和 conclusion 应为文本。")
    try:
        round = transition(pk, request.user, action, comment=comment, conclusion=conclusion)
    except CheckErrors as refused:
        return problems_error(refused.message, refused.problems,
                              path="location", code="code", severity="severity", message="message")
    except TransitionError as refused:
        return error(refused.status, refused.message)
    return JsonResponse({"status": round.to_status}, json_dumps_params=JSON_DUMPS)


@api_view("GET")
def comments(request, pk):
    """The filing's comments with their answers and state, oldest first."""
    filing = visible(request, pk)
    return JsonResponse({"results": [_comment(c) for c in FilingComments(filing).comments]},
                        json_dumps_params=JSON_DUMPS)


def _comment(comment):
    state = "closed" if not comment.is_open else "answered" if comment.is_answered else "open"
    return {
        "id": comment.pk, "target": comment.target, "field": comment.field, "subject": comment.subject,
        "location": comment.location,
        "project_id": comment.project_id, "indicator_id": comment.indicator_id, "item_removed": comment.is_orphaned,
        "text": comment.text, "author": comment.author.display_name(), "created_at": comment.created_at.isoformat(),
        "round": comment.round.cycle if comment.round else None,
        "round_label": comment.round.cycle_label if comment.round else None,
        "state": state,
        "answered_at": _time(comment.answered_at),
        "replies": [{"author": r.author.display_name(), "text": r.text, "created_at": r.created_at.isoformat()}
                    for r in comment.replies.all()],
        "closed_at": _time(comment.closed_at),
        "closed_by": comment.closed_by.display_name() if comment.closed_by else None,
        "closed_with_approval": comment.closing_round_id is not None,
    }


def _time(value):
    return value.isoformat() if value else None


@api_view("GET")
def rounds(request, pk):
    """The filing's transitions in order, each with its review round and
    the changes since the one before (field by field)."""
    filing = visible(request, pk)
    results, previous = [], None
    for round in filing.rounds.select_related("actor").order_by("number"):
        changes = diff_documents(previous.snapshot, round.snapshot) if previous else []
        results.append({
            "number": round.number, "round": round.cycle, "round_label": round.cycle_label,
            "adjustment": round.adjustment, "action": round.action, "action_label": round.get_action_display(),
            "from_status": round.from_status, "to_status": round.to_status, "actor": round.actor.display_name(),
            "created_at": round.created_at.isoformat(), "comment": round.comment, "conclusion": round.conclusion,
            "changes": [change_as_dict(change) for change in changes],
        })
        previous = round
    return JsonResponse({"results": results}, json_dumps_params=JSON_DUMPS)


def openapi(request):
    return JsonResponse(openapi_document(), json_dumps_params=JSON_DUMPS)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: JSON for the API, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return error(403, "CSRF 校验失败：请在 X-CSRFToken 请求头中提供 csrftoken Cookie 的值。")
    from django.views.csrf import csrf_failure as default_failure

    return default_failure(request, reason=reason)
