"""Bulk export (批量导出): one ZIP with a folder per unit holding its filing's
XLSX and PDF. Shared by the background task and `manage.py export_year`.

The tables are rendered in a pool of forked processes, one per core: the
parent reads filings from the database and writes the ZIP, the children only
turn filing/1 documents into bytes and never touch the database. Children
are replaced after a number of filings so that a long run cannot grow a
process without bound (the issue saw ~600 MB in a long-lived PDF renderer;
rendering the Hunan example 60 times here stayed at 165 MB, peak 219 MB).

Both cores stay busy to the end: a few filings more than there are children
are always queued, and finished filings are written to the ZIP in the order
they finish (folder names are given in filing order first, and the manifest
lists the filings in that order). Filings whose tables were rendered before
from the same document by the same code come from the export cache
(export_cache.py) without rendering. XLSX and PDF files are compressed
already: the ZIP stores them as they are.
"""
import io
import multiprocessing
import queue
import time
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections

from config.safe_files import SafeCsvWriter
from targets import tables
from targets.interchange import export_document, filings_for_export
from targets.models import Filing
from targets.tables.names import export_filename, safe_file_part

from .export_cache import ExportCache

CHUNK = 20  # filings read from the database at a time
FILINGS_PER_CHILD = 100  # then the child is replaced, which bounds its memory
QUEUED_PER_CHILD = 3  # filings handed to the pool ahead, per child
MANIFEST = "清单.csv"
USE_CACHE = object()  # write_bulk_zip(cache=...): the cache under MEDIA_ROOT


class BulkExportFailed(Exception):
    """A filing could not be rendered; the message is Chinese."""


def bulk_filings(year, region=None, status=None):
    """The filings of a year, optionally of a region and everything below
    it and of one status, in region order."""
    filings = Filing.objects.filter(year=year)
    if region is not None:
        filings = filings.filter(unit__region__path__startswith=region.path)
    if status:
        filings = filings.filter(status=status)
    return filings.order_by("unit__region__path", "unit__code", "unit__name", "pk")


def render_filing(document):
    """(XLSX bytes, PDF bytes) of one filing: the work a child does."""
    return tables.workbook_bytes(document), tables.pdf_bytes(document)


def filing_cache():
    """The export cache under MEDIA_ROOT of whole filings' tables, shared
    by bulk exports and downloads."""
    return ExportCache.default(render_filing)


@dataclass
class _Item:
    """One filing on its way into the ZIP."""

    index: int  # place in the filing order
    document: dict
    folder: str
    key: tuple = None  # the export cache's key
    files: tuple = field(default=None, repr=False)  # (xlsx, pdf)


def write_bulk_zip(filing_ids, target, workers=None, progress=None, cache=USE_CACHE):
    """Write the ZIP of the filings to `target` (a path or a binary file);
    `progress(done, total)` is called after each filing. Returns the count.
    `workers` child processes render (default: the setting, every core);
    0 renders in this process, for tests only: a long-lived process that
    renders PDFs keeps the memory it grew to. `cache`: an ExportCache, None
    for none, by default the one under MEDIA_ROOT."""
    workers = settings.BULK_EXPORT_WORKERS if workers is None else workers
    if cache is USE_CACHE:
        cache = filing_cache()
    if cache is not None:
        cache.remove_other_renderers()
    filing_ids = list(filing_ids)
    total = len(filing_ids)
    manifest = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        done = 0
        for item in _rendered(_items(filing_ids, cache), workers, cache):
            for content, ext in zip(item.files, ("xlsx", "pdf")):
                # Python marks non-ASCII member names as UTF-8 (flag bit 11).
                archive.writestr(f"{item.folder}/{export_filename(item.document, ext)}", content,
                                 compress_type=zipfile.ZIP_STORED)
            manifest[item.index] = _manifest_row(item.document, item.folder)
            item.files = None
            done += 1
            if progress:
                progress(done, total)
        archive.writestr(MANIFEST, _manifest_csv([manifest[i] for i in sorted(manifest)]))
    return total


def _items(filing_ids, cache):
    """An _Item per filing in filing order, folder named, with its files
    where the cache has them."""
    folders = FolderNames()
    for index, (filing, document) in enumerate(_documents(filing_ids)):
        item = _Item(index, document, folders.take(document))
        if cache is not None:
            item.key = cache.key(filing.pk, filing.version, document)
            item.files = cache.get(item.key)
        yield item


def _rendered(items, workers, cache):
    """Each item with its files: cached ones as they come, the others as
    their rendering finishes (stored in the cache)."""
    if workers <= 0:
        for item in items:
            if item.files is None:
                item.files = _render_or_fail(item.document)
                _store(cache, item)
            yield item
        return
    finished = queue.SimpleQueue()  # (item, files, error) from the pool's result thread
    pool = None
    pending = {}  # index -> item handed to the pool, in the order the children take them
    limit = settings.TABLES_RENDER_TIMEOUT

    def next_finished():
        # A child takes its next filing as it finishes one, so when none
        # finishes for `limit` seconds every child has been rendering its
        # filing for longer: the pool is stopped (terminate() kills the
        # children) and the export fails, naming the first of them.
        try:
            result = finished.get(timeout=limit)
        except queue.Empty:
            running = next(iter(pending.values()))
            raise BulkExportFailed(_timed_out(running.document, limit)) from None
        del pending[result[0].index]
        return _finish(result, cache)

    try:
        for item in items:
            if item.files is not None:
                yield item
                continue
            if pool is None:  # no children at all when every filing is cached
                pool = render_pool(workers)
            pool.apply_async(
                render_filing, (item.document,),
                callback=lambda files, item=item: finished.put((item, files, None)),
                error_callback=lambda error, item=item: finished.put((item, None, error)),
            )
            pending[item.index] = item
            # Keep a few filings queued per child, not the whole year in
            # memory; hand on whatever has finished meanwhile.
            while pending and (len(pending) >= QUEUED_PER_CHILD * workers or not finished.empty()):
                yield next_finished()
        while pending:
            yield next_finished()
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def _finish(result, cache):
    item, files, error = result
    if error is not None:
        raise BulkExportFailed(_failure(item.document, error)) from error
    item.files = files
    _store(cache, item)
    return item


def _store(cache, item):
    if cache is not None and item.key is not None:
        cache.put(item.key, *item.files)


def _render_or_fail(document):
    try:
        return render_filing(document)
    except Exception as error:
        raise BulkExportFailed(_failure(document, error)) from error


def _timed_out(document, seconds):
    unit = (document.get("unit") or {}).get("name")
    return (f"生成“{unit}”{document.get('year')}年度的绩效目标表超过了 {seconds:g} 秒的时间限制，已停止"
            "（表格中可能有过长的文字，如很长的无空格字符串）。请检查该申报后重新导出。")


def _failure(document, error):
    unit = (document.get("unit") or {}).get("name")
    return f"生成“{unit}”{document.get('year')}年度的绩效目标表失败：{error}"


def render_pool(workers):
    """A pool of `workers` forked children that render tables (a year's
    filings here, a monitoring round's reports in reports.bundle)."""
    # Forked children inherit the parent's open database connections: close
    # them first (outside a transaction; the tests run inside one), so no
    # child shares a socket with the parent.
    if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        connections.close_all()
    return multiprocessing.get_context("fork").Pool(
        workers, initializer=_child_started, maxtasksperchild=FILINGS_PER_CHILD)


# A child's references to the connections it inherited: kept, so that they
# are never closed (and so never deallocated) in the child.
_inherited = []


def _child_started():
    """In a forked child: set the parent's database connections aside
    without closing them (closing, or letting the driver free them, would
    end the parent's session on the server), and start the PDF renderer's
    process state afresh."""
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _inherited.append(connection.connection)
            connection.connection = None
    from targets.tables import pdf, priority

    pdf.reset_process_state()  # the parent's lock may have been held at fork time
    priority.lower_priority()  # people using the site meanwhile go first


def _documents(filing_ids):
    """(filing, document) per filing that still exists, in the given order."""
    for start in range(0, len(filing_ids), CHUNK):
        chunk = filing_ids[start:start + CHUNK]
        found = {f.pk: f for f in filings_for_export(Filing.objects.filter(pk__in=chunk))}
        for pk in chunk:
            if pk in found:
                yield found[pk], export_document(found[pk])


class FolderNames:
    """Folder names per unit, safe on every system and unique in the ZIP:
    "沅江市-430001-中共沅江市委网络安全和信息化委员会办公室"."""

    def __init__(self):
        self.taken = set()

    def take(self, document):
        unit = document.get("unit") or {}
        region = unit.get("region") or {}
        parts = [safe_file_part(p) for p in (region.get("name"), unit.get("code"), unit.get("name"))]
        base = "-".join(p for p in parts if p)[:120] or "单位"
        name, n = base, 1
        while name.casefold() in self.taken:
            n += 1
            name = f"{base}({n})"
        self.taken.add(name.casefold())
        return name


def _manifest_row(document, folder):
    unit = document.get("unit") or {}
    return [(unit.get("region") or {}).get("name") or "", unit.get("code") or "", unit.get("name") or "",
            len(document.get("projects") or []), folder]


def _manifest_csv(rows):
    out = io.StringIO()
    # Names come from documents: a "=HYPERLINK(…)" must reach Excel as text.
    writer = SafeCsvWriter(out)
    writer.writerow(["行政区划", "单位编码", "单位名称", "项目数", "文件夹"])
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read the CSV as UTF-8


class Throttled:
    """Calls `report(done, total)` at most every `seconds`, and always for
    the last filing: progress goes to the database or a terminal line."""

    def __init__(self, report, seconds=0.5):
        self.report, self.seconds, self.last = report, seconds, 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if done == total or now - self.last >= self.seconds:
            self.last = now
            self.report(done, total)
