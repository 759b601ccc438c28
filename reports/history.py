"""A report's history: LogEntry rows with the report and no filing (the
filing's history stays the filing's), written like reviews.log.record."""
from reviews.log import change_as_dict
from reviews.models import LogEntry

# The entries a report's history holds beyond the review actions.
# A report's history names them so (LogEntry.action_label asks here first).
ACTION_LABELS = {"create": "发起", "review_score": "复核评分", "refresh": "按重新审核通过的申报更新", "adjust": "发起调整",
                 "edit": "编辑", "approve": "接受", "rectify": "提出整改要求"}


def record_report(report, user, action, summary="", changes=()):
    return LogEntry.objects.create(
        report_id=report.pk,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        summary=summary,
        changes=[change_as_dict(change) for change in changes],
    )
