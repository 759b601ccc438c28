"""The one writer of the history log: record() appends an entry for a filing."""
from targets.interchange.diff import Change

from .actions import ACTIONS
from .models import LogEntry

ACTION_LABELS = {
    "create": "新建",
    "import": "导入",
    "edit": "编辑",
    **{name: action.label for name, action in ACTIONS.items()},
    "open": "开始审核",
    "comment": "审核意见",
    "answer": "标记意见已答复",
    "reply": "答复意见",
    "close_comment": "关闭意见",
}


def record(filing, user, action, summary="", changes=()):
    """Append one entry to the filing's history and return it.

    `changes` is a list of targets.interchange.diff.Change (old and new
    values are kept as they stand in the filing/1 document)."""
    return LogEntry.objects.create(
        filing_id=filing.pk,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        summary=summary,
        changes=[change_as_dict(change) for change in changes],
    )


def change_as_dict(change):
    if isinstance(change, dict):
        return {key: change.get(key) for key in ("kind", "location", "subject", "field", "old", "new")}
    return {
        "kind": change.kind,
        "location": change.location,
        "subject": change.subject,
        "field": change.field,
        "old": change.old,
        "new": change.new,
    }


def change_from_dict(data):
    return Change(
        kind=data.get("kind", ""),
        location=data.get("location", ""),
        subject=data.get("subject", ""),
        field=data.get("field", ""),
        old=data.get("old"),
        new=data.get("new"),
    )
