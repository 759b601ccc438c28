"""调整 asked from a monitoring report: the filing is reopened by the
existing reopen action (reviews.transitions, admins only, with its round,
history and notices), and the two are linked both ways: the report keeps
the reopen round (Report.adjustment_round), the round lists the report
(Round.adjusted_reports) and its reason names the report; the report's
history records it too."""
from django.db import transaction

from reviews.transitions import transition

from .history import record_report
from .notifying import report_title
from .visibility import reports_for_user


def request_adjustment(report_id, user, reason):
    """Reopen the report's filing for 调整; returns the filing's reopen Round.

    Raises Report.DoesNotExist outside the user's reach (404) and whatever
    transition() raises for the reopen (PermissionDenied for a non-admin,
    TransitionNotAllowed unless the filing is approved, CommentRequired
    without a reason)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        report = (reports_for_user(user).select_for_update(of=("self",))
                  .select_related("exercise", "unit").get(pk=report_id))
        title = report_title(report)
        round = transition(report.filing_id, user, "reopen",
                           comment=f"{reason}（由{title}发起）" if reason else "")
        report.adjustment_round = round
        report.save(update_fields=["adjustment_round", "updated_at"])
        record_report(report, user, "adjust",
                      summary=f"发起调整：申报已重新打开（{round.cycle_label}）。理由：{reason}")
    return round
