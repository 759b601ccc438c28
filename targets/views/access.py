"""Getting a filing for a request: visible or 404, editable or 403."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from targets.visibility import filings_for_user


def visible_filing(request, pk):
    """The filing if this user may see it; 404 otherwise, so nobody learns
    that a filing outside their reach exists."""
    return get_object_or_404(filings_for_user(request.user).select_related("unit__region"), pk=pk)


def can_edit(user, filing):
    """Only the unit's own staff edit, and only a draft or a returned filing;
    reviewers never edit content."""
    return user.is_unit_staff and user.unit_id == filing.unit_id and filing.is_editable


def editable_filing(request, pk):
    filing = visible_filing(request, pk)
    if not can_edit(request.user, filing):
        raise PermissionDenied("此申报当前不能由您修改。")
    return filing
