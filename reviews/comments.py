"""Reviewers' comments on a filing, a project or one indicator row, the
unit's answers (in words, or just marked answered) and their closing by the
reviewer or the approval. Views and the template tags call these."""
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property

from config.texts import MAX_COMMENT_LENGTH, text_problem
from targets import field_catalogue as catalogue
from targets.interchange.diff import SPENDING_PLAN_LABEL
from targets.interchange.documents import match_content
from targets.models import Indicator
from targets.visibility import filings_for_user
from units import permissions

from .log import record
from .models import Comment, Reply


SPENDING_PLAN = "spending_plan"  # its key in filing/1 and in the diff's locations
# The parts of the department table's fields, which a comment on the whole
# filing may be about (no key is in two of them).
DEPARTMENT_PARTS = ("unit", "department", "department.budget", "contact")


class CommentRefused(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(message)


class FilingComments:
    """All comments of a filing and its indicator rows' ids, loaded once per
    request however many items of a page show them."""

    def __init__(self, filing):
        self.comments = list(
            # A round's snapshot is a whole filing/1 document: not read here.
            Comment.objects.filter(filing=filing)
            .select_related("author", "answered_by", "closed_by", "round")
            .prefetch_related("replies__author")
            .defer("round__snapshot")
        )
        self.filing = filing
        self.by_row = {}
        for comment in self.comments:
            if comment.indicator_id is not None:
                self.by_row.setdefault(comment.indicator_id, []).append(comment)

    @cached_property
    def rows(self):
        """{project id: [indicator row ids in document order]}; only asked
        for when a row is named by its place rather than its id."""
        rows = {}
        for pk, project_id in (
            Indicator.objects.filter(filing=self.filing).order_by("order", "id").values_list("id", "project_id")
        ):
            rows.setdefault(project_id, []).append(pk)
        return rows

    def for_row(self, indicator_id):
        return self.by_row.get(indicator_id, [])

    def for_item(self, project_id=None, indicator_index=None):
        if indicator_index is not None:
            rows = self.rows.get(project_id, [])
            if not 0 <= indicator_index < len(rows):
                return []
            return self.for_row(rows[indicator_index])
        if project_id is not None:
            # A project's own comments; those on one of its fields are shown beside the field.
            return [c for c in self.comments
                    if c.target == Comment.Target.PROJECT and c.project_id == project_id and not c.field]
        # Those on a field of the department table are shown beside the field.
        return [c for c in self.comments if c.target == Comment.Target.FILING and not c.field]

    def for_project_fields(self, project_id):
        """{field key: [comments]} on the fields of one project."""
        found = {}
        for c in self.comments:
            if c.target == Comment.Target.PROJECT and c.project_id == project_id and c.field:
                found.setdefault(c.field, []).append(c)
        return found

    def for_department_fields(self):
        """{field key: [comments]} on the fields of the department table."""
        found = {}
        for c in self.comments:
            if c.target == Comment.Target.FILING and c.field:
                found.setdefault(c.field, []).append(c)
        return found

    def orphaned(self):
        return [c for c in self.comments if c.is_orphaned]


def filing_comments(request, filing):
    """The FilingComments of a filing, once per request."""
    cache = getattr(request, "_reviews_comments", None)
    if cache is None:
        cache = request._reviews_comments = {}
    if filing.pk not in cache:
        cache[filing.pk] = FilingComments(filing)
    return cache[filing.pk]


def comment_rights(user, filing):
    """The comment forms and buttons a page shows this user on the filing."""
    return {
        "can_comment": permissions.may(user, permissions.COMMENT, filing),
        "can_answer": permissions.may(user, permissions.ANSWER, filing),
        "can_close": permissions.may(user, permissions.CLOSE_COMMENT, filing),
    }


def comment_form_id(project_id=None, indicator_index=None):
    """The id suffix of a comment form's text box ("12-3", "d-0", "12-")."""
    return f"{project_id or 'd'}-{'' if indicator_index is None else indicator_index}"


def indicator_ids(filing, project_id):
    """Ids of the indicator rows of a project (None: the department part), in
    document order, so indicator_index i is projects[..].indicators[i]."""
    return list(
        Indicator.objects.filter(filing=filing, project_id=project_id)
        .order_by("order", "id")
        .values_list("id", flat=True)
    )


def field_part(target, key):
    """The catalogue part a comment's field key belongs to ("spending_plan"
    for a project's plan, compared and shown as one text), or None when the
    key is no field of that kind of item. A comment on the whole filing may
    be about a field of its department table (DEPARTMENT_PARTS: no key is
    in two of them)."""
    if target == Comment.Target.PROJECT and key == SPENDING_PLAN:
        return SPENDING_PLAN
    parts = {Comment.Target.PROJECT: ("project", "project.budget"), Comment.Target.INDICATOR: ("indicator",),
             Comment.Target.FILING: DEPARTMENT_PARTS}
    return next((part for part in parts.get(target, ()) if key in catalogue.keys(part)), None)


def field_label(part, key, layout=None):
    return SPENDING_PLAN_LABEL if part == SPENDING_PLAN else catalogue.label(part, key, layout)


def add_comment(filing_id, user, text, project_id=None, indicator_index=None, field=""):
    """A reviewer's comment on the filing, a project or one indicator row,
    and optionally one field of that project or row (`field`, its key)."""
    text = (text or "").strip()
    field = (field or "").strip()
    with transaction.atomic():
        filing = filings_for_user(user).select_for_update(of=("self",)).get(pk=filing_id)
        permissions.check_actor(user, permissions.COMMENT, filing)
        if not permissions.may(user, permissions.COMMENT, filing):
            raise CommentRefused(
                f"这份申报当前状态为“{filing.get_status_display()}”，只有已提交待审核的申报可以填写意见。"
            )
        if not text:
            raise CommentRefused("审核意见不能为空。")
        problem = text_problem(text, MAX_COMMENT_LENGTH)
        if problem:
            raise CommentRefused(f"审核意见{problem}。")
        comment = Comment(filing=filing, text=text, author=user, round=filing.rounds.order_by("-number").first())
        project = None
        if project_id is not None:
            projects = list(filing.projects.order_by("order", "id"))
            positions = {p.pk: i for i, p in enumerate(projects)}
            if project_id not in positions:
                raise CommentRefused("找不到这个项目。")
            project = projects[positions[project_id]]
            comment.project = project
            comment.target = Comment.Target.PROJECT
            comment.subject = f"项目“{project.name}”"
            comment.location = f"projects[{positions[project_id]}]"
        if indicator_index is not None:
            ids = indicator_ids(filing, project.pk if project else None)
            if not 0 <= indicator_index < len(ids):
                raise CommentRefused("找不到这一行指标。")
            indicator = Indicator.objects.get(pk=ids[indicator_index])
            comment.indicator = indicator
            comment.target = Comment.Target.INDICATOR
            owner = comment.subject if project else "部门整体"
            comment.subject = f"{owner}的指标“{indicator.name}”"
            comment.location = (
                f"{comment.location}.indicators[{indicator_index}]"
                if project
                else f"department.indicators[{indicator_index}]"
            )
        if comment.target == Comment.Target.FILING:
            comment.subject = "整份申报"
        if field:
            part = field_part(comment.target, field)
            if part is None:
                raise CommentRefused("找不到这个栏目。")
            comment.field = field
            comment.subject += f"的{field_label(part, field, filing.layout)}"
            if comment.target == Comment.Target.FILING:
                comment.location = f"{part}.{field}"  # the department table's field, as the diff names it
            else:
                comment.location += ".budget" if part == "project.budget" else ""
                comment.location += f".{field}"
        comment.save()
        record(filing, user, "comment", summary=f"{comment.subject}：{text}")
    return comment


def mark_answered(filing_id, comment_id, user):
    with transaction.atomic():
        filing, comment = _locked(filing_id, comment_id, user, permissions.ANSWER)
        if comment.is_answered:
            raise CommentRefused("这条意见已标记为已答复。")
        if not comment.is_open:
            raise CommentRefused("这条意见已关闭。")
        comment.answered_at = timezone.now()
        comment.answered_by = user
        comment.save(update_fields=["answered_at", "answered_by"])
        record(filing, user, "answer", summary=f"{comment.subject}：{comment.text}")
    return comment


def reply(filing_id, comment_id, user, text):
    """The unit answers a comment in words; it counts as answered."""
    text = (text or "").strip()
    with transaction.atomic():
        filing, comment = _locked(filing_id, comment_id, user, permissions.ANSWER)
        if not text:
            raise CommentRefused("答复不能为空。")
        problem = text_problem(text, MAX_COMMENT_LENGTH)
        if problem:
            raise CommentRefused(f"答复{problem}。")
        if not comment.is_open:
            raise CommentRefused("这条意见已关闭，不能再答复。")
        answer = Reply.objects.create(comment=comment, author=user, text=text)
        if not comment.is_answered:
            comment.answered_at, comment.answered_by = answer.created_at, user
            comment.save(update_fields=["answered_at", "answered_by"])
        record(filing, user, "reply", summary=f"{comment.subject}：{comment.text} → 答复：{text}")
    return answer


def close_comment(filing_id, comment_id, user):
    """A reviewer closes a settled comment."""
    with transaction.atomic():
        filing, comment = _locked(filing_id, comment_id, user, permissions.CLOSE_COMMENT)
        if not comment.is_open:
            raise CommentRefused("这条意见已关闭。")
        comment.closed_at, comment.closed_by = timezone.now(), user
        comment.save(update_fields=["closed_at", "closed_by"])
        record(filing, user, "close_comment", summary=f"{comment.subject}：{comment.text}")
    return comment


def close_with_round(filing, round):
    """Every open comment of the filing closed by a decision (the approval)."""
    Comment.objects.filter(filing=filing, closed_at__isnull=True).update(
        closed_at=round.created_at, closed_by=round.actor, closing_round=round)


def _locked(filing_id, comment_id, user, rule):
    filing = filings_for_user(user).select_for_update(of=("self",)).get(pk=filing_id)
    comment = Comment.objects.select_for_update().get(pk=comment_id, filing=filing)
    permissions.check(user, rule, filing)
    return filing, comment


def comments_through_import(filing, document):
    """[(comment, what it will be on, in Chinese, or None when the document
    removes its project or row)] for the filing's comments on a project or
    an indicator row: where each goes if the document replaces the filing's
    content (the import keeps matched items, see apply_document)."""
    match = match_content(filing, document)
    project_places = {p.pk: place for p, place in match.projects if p is not None and place is not None}
    row_places = {row.pk: (project_place, place) for project_place, pairs in match.rows
                  for row, place in pairs if row is not None and place is not None}
    fates = []
    for comment in (Comment.objects.filter(filing=filing).exclude(target=Comment.Target.FILING)
                    .select_related("author").order_by("created_at", "id")):
        if comment.is_orphaned:
            continue
        if comment.target == Comment.Target.INDICATOR:
            place = row_places.get(comment.indicator_id)
            fates.append((comment, None if place is None else _row_subject(document, *place)))
        else:
            place = project_places.get(comment.project_id)
            fates.append((comment, None if place is None else _project_subject(document, place)))
    return fates


def _project_subject(document, place):
    return f"项目“{document['projects'][place].get('name')}”"


def _row_subject(document, project_place, place):
    if project_place is None:
        return f"部门整体的指标“{document['department']['indicators'][place].get('name')}”"
    rows = document["projects"][project_place]["indicators"]
    return f"{_project_subject(document, project_place)}的指标“{rows[place].get('name')}”"
