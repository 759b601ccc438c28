"""Template tags of the monitoring pages: the staff home page's open reports."""
from django import template
from django.utils import timezone

from reports.models import ReportStatus
from reports.visibility import reports_for_user

register = template.Library()


@register.inclusion_tag("reports/_staff_open_reports.html", takes_context=True)
def open_reports(context):
    """The user's unit's reports still to fill (draft or returned), soonest deadline first."""
    user = context["request"].user
    today = timezone.localdate()
    reports = list(reports_for_user(user).filter(status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED))
                   .select_related("exercise").order_by("exercise__deadline", "pk"))
    for report in reports:
        report.late = today > report.exercise.deadline
    return {"reports": reports}
