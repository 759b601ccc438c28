"""Background tasks of the targets app (django-tasks; Django 6's django.tasks
API): the bulk export of a year's tables into one ZIP, and a filing's
whole-filing XLSX and PDF rendered into the export cache after each save,
so that a download finds them ready."""
import functools
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from targets import tables
from targets.tables import pdf_worker
from targets.interchange import export_document, load_filing
from targets.models import BulkExport, Filing
from targets.services.year_archive import Throttled, bulk_filings, filing_cache, write_bulk_zip
from targets.services.export_housekeeping import prune_bulk_exports

logger = logging.getLogger(__name__)


def start_bulk_export(user, year, region=None, filing_status=""):
    """Record a bulk export and queue its task once the record is committed."""
    export = BulkExport.objects.create(
        created_by=user, year=year, region=region, region_name=region.name if region else "",
        filing_status=filing_status or "",
    )
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id):
    try:
        result = build_bulk_export.enqueue(export_id)
    except Exception as error:  # no queue table, a broken backend: say so on the page
        BulkExport.objects.filter(pk=export_id).update(
            state=BulkExport.State.FAILED, error=f"无法加入后台任务队列：{error}", finished_at=timezone.now())
        return
    BulkExport.objects.filter(pk=export_id).update(task_id=str(result.id)[:64])


@task()
def build_bulk_export(export_id):
    run_bulk_export(export_id)
    return export_id


def run_bulk_export(export_id, workers=None):
    """Build the ZIP of an export, keeping its progress in the database."""
    claimed = BulkExport.objects.filter(pk=export_id, state=BulkExport.State.QUEUED).update(
        state=BulkExport.State.RUNNING, started_at=timezone.now(), progress_at=timezone.now())
    if not claimed:
        return  # already run (a task retried, or run twice by hand)
    export = BulkExport.objects.select_related("region").get(pk=export_id)
    ids = list(bulk_filings(export.year, export.region, export.filing_status).values_list("pk", flat=True))
    BulkExport.objects.filter(pk=export_id).update(total=len(ids))
    # The progress also tells that this worker is alive: a failure marked
    # by fail_stalled_exports() in the meantime is undone by it.
    progress = Throttled(lambda done, total: BulkExport.objects.filter(pk=export_id).update(
        done=done, progress_at=timezone.now(), state=BulkExport.State.RUNNING, error="", finished_at=None))
    remove_abandoned_zips()
    path = partial_zip(export_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "wb") as out:
            write_bulk_zip(ids, out, workers=workers, progress=progress)
        export.refresh_from_db()
        with open(path, "rb") as zipped:
            export.file.save(f"{export.pk}-{export.year}.zip", File(zipped), save=False)
        export.state, export.done, export.finished_at = BulkExport.State.DONE, len(ids), timezone.now()
        export.error = ""
        export.save(update_fields=["file", "state", "done", "finished_at", "error"])
    except Exception as error:
        BulkExport.objects.filter(pk=export_id).update(
            state=BulkExport.State.FAILED, error=str(error)[:2000] or error.__class__.__name__,
            finished_at=timezone.now())
        raise
    finally:
        path.unlink(missing_ok=True)
    # Each new export tidies away the ZIPs past their keeping time; this one
    # is done whatever happens here.
    try:
        prune_bulk_exports()
    except OSError:
        logger.exception("删除过期的批量导出文件失败")


def partial_zip(export_id):
    """Where an export's ZIP is written until it is done: beside the finished
    ones (the same disk, which has room for them), by the export's number,
    so that one left by a killed worker can be found and removed."""
    return Path(settings.MEDIA_ROOT) / "bulk_exports" / "partial" / f"{export_id}.zip"


def remove_abandoned_zips():
    """Removes the partial ZIPs of exports no worker is writing any more: a
    worker killed mid-export (out of memory, a restart) cleans up nothing."""
    for path in partial_zip(0).parent.glob("*.zip"):
        if not path.stem.isdigit() or not BulkExport.objects.filter(
                pk=int(path.stem), state=BulkExport.State.RUNNING).exists():
            path.unlink(missing_ok=True)


# --- a filing's downloads, prepared after each save -------------------------------

# The history entries of a change to what a filing prints (reviews/log.py):
# every write of a filing's content records one of them.
CONTENT_ACTIONS = ("create", "import", "edit")


def prepare_downloads_after(sender, instance, created, raw=False, **kwargs):
    """post_save of a history entry (connected in targets/apps.py): a change
    to a filing's content queues the rendering of its downloads, once the
    change is committed."""
    if created and not raw and instance.action in CONTENT_ACTIONS:
        transaction.on_commit(functools.partial(_enqueue_preparation, instance.filing_id))


def _enqueue_preparation(filing_pk):
    try:
        prepare_downloads.enqueue(filing_pk)
    except Exception:  # no queue: a download renders its file itself, as before
        logger.exception("无法将申报 %s 的下载文件加入后台任务队列", filing_pk)


@task()
def prepare_downloads(filing_pk):
    prepare_filing_downloads(filing_pk)
    return filing_pk


def prepare_filing_downloads(filing_pk):
    """Render the filing's whole-filing PDF and XLSX into the export cache,
    unless it holds them for the filing's current content already."""
    try:
        filing = load_filing(filing_pk)
    except Filing.DoesNotExist:
        return  # deleted since
    prepare(filing.pk, filing.version, export_document(filing))


def prepare(filing_pk, version, document):
    """Render and store the files of one document, the PDF (the slower, and
    the one most downloaded) first, each marked as being rendered meanwhile
    so a download waits for it instead of rendering it too. The PDF is
    joined from its tables' PDFs, of which only those the save changed are
    rendered (targets/tables/pdf_parts.py)."""
    cache = filing_cache()
    key = cache.key(filing_pk, version, document)
    parts = cache.parts()

    def pdf(document_):
        # In the PDF worker, under the time limit: a task process that
        # rendered a hostile text for ever would hold the queue.
        return pdf_worker.filing_pdf(document_, str(parts.folder))

    for ext, render in (("pdf", pdf), ("xlsx", tables.workbook_bytes)):
        if not cache.has_file(key, ext):
            with cache.rendering(key, ext):
                try:
                    cache.put_file(key, ext, render(document))
                except pdf_worker.RenderTimeout:
                    logger.warning("申报 %s 的 PDF 超过时间限制，未预先生成", filing_pk)
    _prune_parts(parts)


_parts_pruned_at = 0.0
PRUNE_PARTS_EVERY = 3600  # seconds: a scan of the parts' folder, per worker process


def _prune_parts(parts):
    """Now and then, remove the tables' PDFs no filing has used for a month."""
    global _parts_pruned_at
    now = time.monotonic()
    if now - _parts_pruned_at > PRUNE_PARTS_EVERY:
        _parts_pruned_at = now
        parts.prune()
