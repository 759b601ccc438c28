"""Which exercises and reports a user may see: the filings' visibility
(targets.visibility) applied through the report's unit, so a report outside
a user's reach is simply not found (404). The regions in reach are the
workspace's (reviews.workspace.regions_for_user); no role is asked here."""
from django.db.models import Q

from targets.visibility import filings_q, units_for_user

from .models import Exercise, Report


def reports_q(user, prefix=""):
    """Q matching reports (through `prefix`) the user may see: staff their
    unit's, reviewers their jurisdiction's, admins all."""
    return filings_q(user, prefix=prefix)


def reports_for_user(user):
    return Report.objects.filter(reports_q(user))


def _regions(user):
    from reviews.workspace import regions_for_user

    return regions_for_user(user)


def exercises_for_user(user):
    """The rounds a user may see: those for a region in their reach (admins
    every region, reviewers their jurisdiction and below) or for units in
    it, and those holding a report they can see (a unit's staff: their
    unit's; a county reviewer: a province round's reports of the county)."""
    if not user.is_authenticated or not user.is_active:
        return Exercise.objects.none()
    return Exercise.objects.filter(
        Q(region__in=_regions(user))
        | Q(units__in=units_for_user(user))
        | Q(pk__in=reports_for_user(user).values("exercise"))
    ).distinct()


def region_in_reach(user, region):
    """Whether a region (and everything below it) is inside what the user
    sees: admins everywhere, reviewers inside their jurisdiction."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _regions(user).filter(pk=region.pk).exists()
