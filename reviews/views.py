"""Reviewer pages (queue, year overview, review page, rounds and their diff)
and the POST endpoints behind the review panel; notices."""
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST

from targets.checks import ERROR
from targets.interchange import export_document, filings_for_export
from targets.interchange.diff import diff_documents
from targets.models import Filing, FilingStatus
from targets.services.checking import filing_problems
from targets.visibility import filings_for_user
from units import permissions

from . import comments as comment_service
from .changes import ChangeMarks, changes_since_decision
from .review_layout import department_fields, indicator_columns, project_fields
from .forms import UNIT_CHOICES_LIMIT, QueueFilterForm
from .actions import ACTIONS
from .models import Notice, Round
from .notices import notices_for
from .transitions import CheckErrors, TransitionError, record_opening, transition
from .workspace import (
    STATUS_COLUMNS,
    RegionTree,
    group_changes,
    overview_units,
    queue_rows,
    status_counts,
    year_overview,
)

MAX_PROBLEMS_IN_MESSAGE = 10
OVERVIEW_UNITS_PER_PAGE = 100


def visible_filing(user, pk):
    return get_object_or_404(filings_for_user(user).select_related("unit__region"), pk=pk)


def _back(request, filing):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("reviews:filing", filing.pk)


@login_required
@require_GET
def queue(request):
    permissions.check(request.user, permissions.USE_WORKSPACE)
    data = request.GET
    if not data and permissions.is_actor(request.user, ACTIONS["approve"]):
        # A reviewer's queue opens on what waits for them; 全部 is status=.
        data = QueryDict(f"status={FilingStatus.SUBMITTED}")
    form = QueueFilterForm(request.user, data or None)
    filings = filings_for_user(request.user)
    unfiltered_by_status = filings
    if form.is_valid():
        filings = form.apply(filings)
        unfiltered_by_status = form.apply(unfiltered_by_status, with_status=False)
    counts = status_counts(unfiltered_by_status)
    paginator = Paginator(queue_rows(filings), 50)
    # The status counts already say how many filings the filters leave: no
    # COUNT over every filing in reach of its own.
    status = form.cleaned_data.get("status") if form.is_valid() else None
    paginator.count = {value: n for value, _, n in counts["rows"]}.get(status, 0) if status else counts["total"]
    page = paginator.get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "reviews/queue.html",
        {"form": form, "page": page, "counts": counts, "query": query.urlencode(),
         "unit_choices_limit": UNIT_CHOICES_LIMIT,
         "status_query": _without(data, "status", "page")},
    )


def _without(querydict, *keys):
    query = querydict.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


@login_required
@require_GET
def overview(request):
    """Counts per region for one year, one level of the region tree at a
    time (?region= opens a region), and that region's units page by page
    (?status= narrows them, "none" for those that have not started)."""
    permissions.check(request.user, permissions.USE_WORKSPACE)
    year = _int_or_none(request.GET.get("year"))
    tree = RegionTree(request.user)
    if request.GET.get("region"):
        region = tree.get(_int_or_none(request.GET["region"]))
        if region is None:
            raise Http404("这个行政区划不在辖区内。")
    else:
        region = tree.default()
    data = year_overview(request.user, year, region, tree=tree)
    status = request.GET.get("status") or None
    if status not in {key for key, _, _ in STATUS_COLUMNS}:
        status = None
    units = overview_units(request.user, data["year"], region, status)
    page = Paginator(units, OVERVIEW_UNITS_PER_PAGE).get_page(request.GET.get("page"))
    base = {"year": data["year"]}
    if region is not None:
        base["region"] = region.pk
    return render(
        request,
        "reviews/overview.html",
        {**data, "columns": STATUS_COLUMNS, "status": status, "page": page,
         "status_pills": [(key, label, data["total"].counts.get(key, 0)) for key, label, _ in STATUS_COLUMNS],
         "base_query": urlencode(base), "query": urlencode({**base, **({"status": status} if status else {})})},
    )


def _int_or_none(value):
    try:
        return int(value or "")
    except ValueError:
        return None


@login_required
@require_GET
def filing_review(request, pk):
    user = request.user
    filing = get_object_or_404(filings_for_export(filings_for_user(user)), pk=pk)
    document = export_document(filing)
    problems = filing_problems(filing, document)
    errors = sum(1 for p in problems if p.severity == ERROR)
    rounds = list(filing.rounds.defer("snapshot").select_related("actor", "opening").order_by("number"))
    record_opening(filing, user, rounds[-1] if rounds else None)
    Notice.objects.filter(recipient=user, filing=filing, read_at__isnull=True).update(read_at=timezone.now())
    # Each row's comments and form go into the table directly: an
    # {% item_comments %} tag per row cost ~0.15 ms each, 300 rows a page.
    comments = comment_service.filing_comments(request, filing)
    rows_by_project = {}
    for indicator in filing.indicators.all():
        rows_by_project.setdefault(indicator.project_id, []).append((indicator, comments.for_row(indicator.pk)))
    projects = list(filing.projects.all())
    decision, changes = changes_since_decision(filing, document)
    marks = ChangeMarks(changes, projects, rows_by_project)
    layout = filing.layout
    shown_department = department_fields(layout, filing, marks.department, comments.for_department_fields())
    return render(
        request,
        "reviews/filing_review.html",
        {
            "filing": filing,
            "problems": problems,
            "error_count": errors,
            "warning_count": len(problems) - errors,
            "rounds": rounds,
            "department_rows": rows_by_project.get(None, []),
            "department_fields": shown_department,
            "department_field_choices": [(field.key, field.label) for field in shown_department],
            "projects": [(project, rows_by_project.get(project.pk, []),
                          project_fields(layout, project, marks.for_project(project),
                                         comments.for_project_fields(project.pk))) for project in projects],
            "project_columns": indicator_columns(layout),
            "department_columns": indicator_columns(layout, "department"),
            "row_marks": marks.rows,
            "decision": decision,
            "decision_changes": changes,
            "has_changes_view": bool(rounds),
            **comment_service.comment_rights(user, filing),
            "next": request.get_full_path(),
            # Reversed once, not in each row's form.
            "comment_url": reverse("reviews:comment_add", args=[filing.pk]),
        },
    )


def _round(filing, number):
    return get_object_or_404(Round.objects.select_related("actor"), filing=filing, number=number)


@login_required
@require_GET
def round_diff(request, pk, number):
    """What changed in this round's review cycle (第N轮) since the previous
    cycle: the filing as this round holds it against the last round before
    its cycle. Compared with the round just before, a return (taken on the
    submission as it stands) would always read 0 changes."""
    filing = visible_filing(request.user, pk)
    current = _round(filing, number)
    previous = filing.rounds.filter(cycle__lt=current.cycle, number__lt=number).order_by("-number").first()
    changes = diff_documents(previous.snapshot, current.snapshot) if previous else []
    return _render_changes(request, filing, current, previous, changes)


@login_required
@require_GET
def changes_since_last_round(request, pk):
    """What changed in the filing since the reviewer's last decision (its
    last return or approval), else since its first submission."""
    filing = get_object_or_404(filings_for_export(filings_for_user(request.user)), pk=pk)
    document = export_document(filing)
    previous, changes = changes_since_decision(filing, document)
    if previous is None:
        previous = filing.rounds.order_by("number").first()
        if previous is None:
            raise Http404("这份申报还没有审核轮次。")
        changes = diff_documents(previous.snapshot, document)
    return _render_changes(request, filing, None, previous, changes)


def _render_changes(request, filing, current, previous, changes):
    """The changes page: from round `previous` to round `current` (None: to
    the filing as it stands)."""
    return render(
        request,
        "reviews/round_diff.html",
        {"filing": filing, "round": current, "previous": previous, "groups": group_changes(changes),
         "change_count": len(changes)},
    )


@login_required
@require_GET
def round_snapshot(request, pk, number):
    filing = visible_filing(request.user, pk)
    current = _round(filing, number)
    body = json.dumps(current.snapshot, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f"attachment; filename=\"filing-{filing.pk}-round-{current.number}.json\""
    )
    return response


@login_required
@require_GET
def history(request, pk):
    filing = visible_filing(request.user, pk)
    entries = Paginator(filing.log_entries.select_related("user"), 100).get_page(request.GET.get("page"))
    return render(request, "reviews/history.html", {"filing": filing, "page": entries})


@login_required
@require_POST
def transition_view(request, pk, action):
    """A review action from its form: first a page saying what it will do
    and what is still open, then (confirmed=1) the action itself."""
    filing = visible_filing(request.user, pk)
    missing_comment = ACTIONS[action].comment_required and not request.POST.get("comment", "").strip()
    if (request.POST.get("confirmed") != "1" and not missing_comment
            and permissions.may(request.user, ACTIONS[action], filing)):
        return _confirm_transition(request, filing, ACTIONS[action])
    try:
        round = transition(
            filing.pk,
            request.user,
            action,
            comment=request.POST.get("comment", ""),
            conclusion=request.POST.get("conclusion", ""),
        )
    except Filing.DoesNotExist:
        raise Http404 from None
    except CheckErrors as refused:
        listed = "；".join(f"{p.message}" for p in refused.problems[:MAX_PROBLEMS_IN_MESSAGE])
        more = len(refused.problems) - MAX_PROBLEMS_IN_MESSAGE
        messages.error(request, f"{refused.message}{listed}{f'；另有 {more} 处' if more > 0 else ''}")
    except TransitionError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"已{round.get_action_display()}：{filing.year}年度 {filing.unit_name}。")
    return _back(request, filing)


def _confirm_transition(request, filing, action):
    filing = get_object_or_404(filings_for_export(Filing.objects.all()), pk=filing.pk)
    problems = filing_problems(filing, export_document(filing))
    errors = [p for p in problems if p.severity == ERROR]
    unanswered = [c for c in comment_service.filing_comments(request, filing).comments
                  if c.is_open and not c.is_answered]
    return render(request, "reviews/confirm_action.html", {
        "filing": filing, "action": action, "target_label": FilingStatus(action.target).label,
        "comment": request.POST.get("comment", "").strip(), "conclusion": request.POST.get("conclusion", ""),
        "errors": errors, "warnings": [p for p in problems if p.severity != ERROR],
        "blocked_by_errors": action.runs_checks and errors, "unanswered": unanswered,
        "next": _safe_next(request),
    })


def _safe_next(request):
    target = request.POST.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                              require_https=request.is_secure())
    return target if allowed else ""


def _optional_int(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise comment_service.CommentRefused("参数格式不正确。") from None


def _comment_step(request, pk, step, done, comment_id=None):
    """Run one comment step (add, answer, reply, close) for the page's forms:
    back to the page with a message, or, asked from the page's script
    (X-Requested-With: fetch), the comment as it now stands (its <li>) or
    the refusal as text (400), so the page stays where it was."""
    filing = visible_filing(request.user, pk)
    if comment_id is not None:
        get_object_or_404(filing.review_comments, pk=comment_id)
    fetched = request.headers.get("X-Requested-With") == "fetch"
    try:
        comment = step(filing)
    except Filing.DoesNotExist:
        raise Http404 from None
    except comment_service.CommentRefused as refused:
        if fetched:
            return HttpResponse(refused.message, status=400, content_type="text/plain; charset=utf-8")
        messages.error(request, refused.message)
        return _back(request, filing)
    if fetched:
        return _comment_item(request, filing, comment.pk)
    messages.success(request, done)
    return _back(request, filing)


def _comment_item(request, filing, comment_pk):
    comment = next(c for c in comment_service.FilingComments(filing).comments if c.pk == comment_pk)
    return render(request, "reviews/_comment.html", {
        "filing": filing, "comment": comment, "show_subject": False, "next": _safe_next(request),
        **comment_service.comment_rights(request.user, filing),
    })


@login_required
@require_POST
def add_comment(request, pk):
    def step(filing):
        return comment_service.add_comment(
            filing.pk, request.user, request.POST.get("text", ""),
            project_id=_optional_int(request.POST.get("project")),
            indicator_index=_optional_int(request.POST.get("indicator_index")),
            field=request.POST.get("field", ""),
        )

    return _comment_step(request, pk, step, "审核意见已保存。")


@login_required
@require_POST
def answer_comment(request, pk, comment_id):
    return _comment_step(request, pk, lambda filing: comment_service.mark_answered(
        filing.pk, comment_id, request.user), "已标记为已答复。", comment_id)


@login_required
@require_POST
def reply_comment(request, pk, comment_id):
    return _comment_step(request, pk, lambda filing: comment_service.reply(
        filing.pk, comment_id, request.user, request.POST.get("text", "")).comment, "答复已保存。", comment_id)


@login_required
@require_POST
def close_comment(request, pk, comment_id):
    return _comment_step(request, pk, lambda filing: comment_service.close_comment(
        filing.pk, comment_id, request.user), "意见已关闭。", comment_id)


@login_required
@require_GET
def notices(request):
    page = Paginator(notices_for(request.user).select_related("filing"), 50).get_page(request.GET.get("page"))
    return render(request, "reviews/notices.html", {"page": page})


@login_required
@require_POST
def notices_read(request):
    notices_for(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, "通知已全部标为已读。")
    return redirect("reviews:notices")


@login_required
@require_POST
def notice_read(request, notice_id):
    notice = get_object_or_404(notices_for(request.user), pk=notice_id)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return redirect(reverse("reviews:filing", args=[notice.filing_id]))
