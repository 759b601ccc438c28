"""Getting a filing for a request: visible or 404, editable or 403."""
from django.shortcuts import get_object_or_404

from targets.visibility import filings_for_user
from units import permissions


def visible_filing(request, pk):
    """The filing if this user may see it; 404 otherwise, so nobody learns
    that a filing outside their reach exists."""
    return get_object_or_404(filings_for_user(request.user).select_related("unit__region"), pk=pk)


def editable_filing(request, pk):
    """The filing if this user may see it (404) and edit it now (403)."""
    filing = visible_filing(request, pk)
    permissions.check(request.user, permissions.EDIT, filing)
    return filing
