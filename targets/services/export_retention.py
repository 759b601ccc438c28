"""How long bulk exports' ZIP files are kept: a province's year is hundreds
of MB, and admins export it again and again. A finished export's ZIP is
deleted BULK_EXPORT_KEEP_DAYS after it finished; the export stays in the
list as "已过期", so the admin sees what happened and exports again (from
the export cache, in seconds, where the filings have not changed)."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from targets.models import BulkExport


def expired_exports(now=None):
    """Finished exports past their keeping time."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.BULK_EXPORT_KEEP_DAYS)
    return BulkExport.objects.filter(state=BulkExport.State.DONE, finished_at__lt=cutoff)


def prune_bulk_exports(now=None):
    """Delete the ZIPs of expired exports and mark them so; returns how
    many. The row is updated only if it is still done (another process
    pruning at the same time marks it once)."""
    pruned = 0
    for export in expired_exports(now):
        name = export.file.name
        if BulkExport.objects.filter(pk=export.pk, state=BulkExport.State.DONE).update(
                state=BulkExport.State.EXPIRED, file=""):
            if name:
                export.file.storage.delete(name)  # a file already gone is no error
            pruned += 1
    return pruned
