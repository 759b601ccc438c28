"""What becomes of bulk exports over time.

Their ZIPs are kept BULK_EXPORT_KEEP_DAYS: a province's year is hundreds
of MB, and admins export it again and again. An export past that keeps its
row, as "已过期", so the admin sees what happened and exports again (from the
export cache, in seconds, where the filings have not changed).

An export whose worker stopped (a restart, a killed process) would show
"正在生成" for ever: django-tasks does not run a started task again. The
worker notes its progress at least every few seconds, so a running export
with no progress for STALLED_AFTER is marked failed, saying so.
"""
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from targets.models import BulkExport

STALLED_AFTER = timedelta(minutes=10)  # a single filing renders in seconds
STALLED_ERROR = "后台生成已中断（任务进程重启或停止），未完成。请重新导出。"


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


def fail_stalled_exports(now=None):
    """Mark running exports without progress for STALLED_AFTER as failed;
    returns how many. Should the worker be alive after all, its next
    progress and its finish write over this."""
    now = now or timezone.now()
    cutoff = now - STALLED_AFTER
    return BulkExport.objects.filter(state=BulkExport.State.RUNNING).filter(
        Q(progress_at__lt=cutoff) | Q(progress_at=None, started_at__lt=cutoff)
    ).update(state=BulkExport.State.FAILED, error=STALLED_ERROR, finished_at=now)
