"""Which filings and units a user may see: one function per role.

Every page, download and API call starts from filings_for_user(), so a
filing outside a user's reach is simply not found (404).
"""
from django.db.models import Q

from targets.models import BulkExport, Filing
from units.models import BudgetUnit


def jurisdiction_paths(user):
    """The paths of a reviewer's regions, read once per user object (a page
    asks several times; the object lives for one request). A change of the
    jurisdiction through this object forgets them (units.signals)."""
    paths = user.__dict__.get("_jurisdiction_paths")
    if paths is None:
        paths = user.__dict__["_jurisdiction_paths"] = [region.path for region in user.jurisdiction.all()]
    return paths


def jurisdiction_q(user, prefix=""):
    """Q matching units (through `prefix`) inside a reviewer's regions and
    everything below them."""
    paths = jurisdiction_paths(user)
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in paths:
        query |= Q(**{f"{prefix}region__path__startswith": path})
    return query


def filings_q(user, prefix=""):
    """Q matching the filings (through `prefix`, e.g. "filing__") the user
    may see: staff their own unit's, reviewers those of the units in their
    regions and below, admins all. With a prefix it filters rows that belong
    to filings from their own side: a reviewer's few notices are found from
    the notices, not by first listing the thousands of filings in reach."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_app_admin:
        return Q()
    if user.is_reviewer:
        return jurisdiction_q(user, prefix=f"{prefix}unit__")
    if user.is_unit_staff and user.unit_id is not None:
        return Q(**{f"{prefix}unit_id": user.unit_id})
    return Q(pk__in=[])


def filings_for_user(user):
    return Filing.objects.filter(filings_q(user))


def units_for_user(user):
    if not user.is_authenticated or not user.is_active:
        return BudgetUnit.objects.none()
    if user.is_app_admin:
        return BudgetUnit.objects.all()
    if user.is_reviewer:
        return BudgetUnit.objects.filter(jurisdiction_q(user))
    if user.is_unit_staff and user.unit_id:
        return BudgetUnit.objects.filter(pk=user.unit_id)
    return BudgetUnit.objects.none()


def bulk_exports_for_user(user):
    """Admins see every bulk export; anyone else only those they started
    (while they were an admin), which the views then refuse with 403."""
    if not user.is_authenticated or not user.is_active:
        return BulkExport.objects.none()
    if user.is_app_admin:
        return BulkExport.objects.all()
    return BulkExport.objects.filter(created_by=user)
