"""Which exercises and reports a user may see: the filings' visibility
(targets.visibility) applied through the report's unit, so a report outside
a user's reach is simply not found (404)."""
from django.db.models import Q

from targets.visibility import filings_q, jurisdiction_paths

from .models import Exercise, Report


def reports_q(user, prefix=""):
    """Q matching reports (through `prefix`) the user may see: staff their
    unit's, reviewers their jurisdiction's, admins all."""
    return filings_q(user, prefix=prefix)


def reports_for_user(user):
    return Report.objects.filter(reports_q(user))


def exercises_for_user(user):
    """Admins every exercise; reviewers those they may act in (a region
    inside their jurisdiction, or holding reports of their units)."""
    if not user.is_authenticated or not user.is_active:
        return Exercise.objects.none()
    if user.is_app_admin:
        return Exercise.objects.all()
    if user.is_reviewer:
        paths = jurisdiction_paths(user)
        inside = Q(pk__in=[])
        for path in paths:
            inside |= Q(region__path__startswith=path)
        return Exercise.objects.filter(inside | Q(pk__in=reports_for_user(user).values("exercise"))).distinct()
    if user.is_unit_staff and user.unit_id:
        return Exercise.objects.filter(pk__in=Report.objects.filter(unit_id=user.unit_id).values("exercise"))
    return Exercise.objects.none()


def region_in_reach(user, region):
    """Whether a region (and everything below it) is inside what the user
    sees: admins everywhere, reviewers inside their jurisdiction."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_app_admin:
        return True
    return user.is_reviewer and any(region.path.startswith(path) for path in jurisdiction_paths(user))
