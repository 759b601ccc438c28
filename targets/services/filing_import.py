"""Importing a filing/1 document: as a new filing, or as the new content of
an existing one. Each runs in one transaction that locks the filing, refuses
one under review or approved (an approved one is first reopened through the
workflow when the reason for the adjustment is given), and writes the
history entry with what changed. Used by the JSON API, `import_filing` and
the workbook imports."""
from django.core.exceptions import PermissionDenied
from django.db import transaction

from targets.interchange import (
    DocumentRefused,
    FilingExists,
    Problem,
    apply_document,
    export_document,
    import_document,
    load_filing,
)
from targets.interchange.diff import diff_documents
from targets.models import Filing, FilingStatus

from .editing import EditConflict, NotEditable


def _record(filing, user, action, summary, changes=()):
    # Imported here: the review app's log builds on the targets models.
    from reviews.log import record

    record(filing, user, action, summary, changes)


def current_document(filing_pk):
    return export_document(load_filing(filing_pk))


@transaction.atomic
def import_new(document, user, summary, unit=None):
    """A new filing from a document, with its history entry. FilingExists
    when the unit already has a filing for that year; DocumentRefused for
    an invalid document. Nothing is written on refusal."""
    filing = import_document(document, user=user, unit=unit)
    _record(filing, user, "import", summary)
    return filing


@transaction.atomic
def replace_content(filing_pk, document, user, summary, expected_version=None, adjust=""):
    """Write a validated document into an existing filing and log the
    changes; return them. Refuses a filing that is not a draft or returned
    (NotEditable) unless `adjust` gives the reason to reopen it first (the
    workflow's 重新打开以调整; DocumentRefused when the workflow refuses),
    and one saved since `expected_version` (EditConflict)."""
    filing = Filing.objects.select_for_update().get(pk=filing_pk)
    if not filing.is_editable:
        if not adjust:
            raise NotEditable(filing)
        _reopen(filing, user, adjust)
        filing.refresh_from_db()
    if expected_version is not None and filing.version != expected_version:
        raise EditConflict(filing)
    before = current_document(filing_pk)
    apply_document(filing, document)
    changes = diff_documents(before, current_document(filing_pk))
    _record(filing, user, "import", f"{summary}：{len(changes)} 处修改" if changes else f"{summary}：没有修改",
            changes)
    return changes


def _reopen(filing, user, reason):
    # Imported here, as the log: the workflow builds on the targets models.
    from reviews.models import Action
    from reviews.transitions import TransitionError, transition

    try:
        transition(filing.pk, user, Action.REOPEN, comment=reason)
    except TransitionError as refused:
        raise _refused(filing, f"不能重新打开以调整：{refused.message}") from None
    except (PermissionDenied, Filing.DoesNotExist):
        raise _refused(filing, "不能重新打开以调整：只有管理员可以重新打开已通过的申报") from None


@transaction.atomic
def import_filing(document, user, summary, replace=False, adjust=""):
    """(filing, changes) of importing a document: a new filing for its unit
    and year (changes None), or with replace=True the existing one's
    content replaced (the changes made). DocumentRefused, in words for the command line, for
    every refusal; nothing is written then."""
    try:
        return import_new(document, user, summary), None
    except FilingExists as exists:
        if not replace:
            raise
        filing = exists.filing
    return filing, replace_guarded(filing, document, user, summary, adjust=adjust)


def replace_guarded(filing, document, user, summary, expected_version=None, adjust=""):
    """replace_content() with its refusals as DocumentRefused naming the
    filing and what to do."""
    try:
        return replace_content(filing.pk, document, user, summary, expected_version, adjust)
    except NotEditable as refused:
        raise not_replaceable(refused.filing) from None
    except EditConflict:
        raise _refused(filing, "在导入过程中被修改，未导入，请重试") from None


def not_replaceable(filing):
    """The refusal of a submitted or approved filing's replacement."""
    reason = (f"当前状态为“{filing.get_status_display()}”，只有草稿或已退回的申报可以替换内容。")
    if filing.status == FilingStatus.APPROVED:
        reason += "如需调整，请加 --adjust \"理由\"：由管理员重新打开以调整后再替换。"
    elif filing.status == FilingStatus.SUBMITTED:
        reason += "已提交的申报正在审核，审核人退回后才能替换。"
    return _refused(filing, reason)


def _refused(filing, reason):
    return DocumentRefused([Problem("", f"{filing.unit_name} {filing.year} 年度的申报（编号 {filing.pk}）{reason}")])
