"""PDFs for web downloads, rendered in a small worker process.

WeasyPrint brings Pango, fontconfig and HarfBuzz into the process that
renders, with their caches, and a CJK font of 26 MB read whole for each
document; glibc keeps much of that memory after the render. A web process
that renders PDFs itself grows from ~60 MB to ~150 MB after one project
table and past 200 MB after a few whole filings, and keeps it. Here each web
process hands its PDFs to one worker process of its own (started on the
first PDF, with Django set up and WeasyPrint loaded), which is replaced
after MAX_TASKS PDFs: the web process never loads WeasyPrint, and no
process renders PDFs for ever. Requests of one web process for PDFs queue
for its worker; the bulk export renders in its own children.

    pdf_bytes(document, project_index=None) -> bytes   (as tables.pdf_bytes)
    run(function, *args)                     (any importable renderer)
    filing_pdf(document, parts_folder) -> bytes     (pdf_parts.filing_pdf, its
                                                     tables kept in parts_folder)

A render's error (FontMissing, a bad document) is raised here as it was in
the worker. A worker that dies is replaced once for the same request. A
render that takes longer than TABLES_RENDER_TIMEOUT seconds stops the worker
(killed: WeasyPrint cannot be interrupted) and raises RenderTimeout, whose
message tells the user; the next PDF starts a new worker.
Setting TABLES_PDF_WORKER = False renders in the calling process (no limit).

The worker is started with multiprocessing's "spawn", which imports the
main module of the web process again in the worker (as every spawned
process does): manage.py, gunicorn and pytest guard theirs with
`if __name__ == "__main__"`, and a script that asks for PDFs must too.
"""
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings

# Measured: a worker holds ~150 MB after its first project tables and does
# not grow over 200 of them; whole filings take it to ~200 MB. Starting a
# worker costs ~1.2 s of CPU (Python, Django, WeasyPrint, fontconfig; the
# first download waits ~1.1 s instead of ~0.9 s in process), so replacing
# it every 50 PDFs adds ~25 ms to each.
MAX_TASKS = 50

_executor = None
_lock = threading.Lock()


def enabled():
    return getattr(settings, "TABLES_PDF_WORKER", True) and bool(settings.SETTINGS_MODULE)


class RenderTimeout(RuntimeError):
    """A rendering took longer than its time limit; the message is Chinese."""

    def __init__(self, seconds):
        super().__init__(timeout_message(seconds))
        self.seconds = seconds


def timeout_message(seconds):
    return (f"生成 PDF 超过了 {seconds:g} 秒的时间限制，已停止。"
            "表格中可能有过长的文字（如很长的无空格字符串），请检查后重试，或改为下载 XLSX。")


def time_limit():
    return getattr(settings, "TABLES_RENDER_TIMEOUT", 60)


def pdf_bytes(document, project_index=None):
    if not enabled():
        from . import pdf_bytes as render

        return render(document, project_index)
    return _in_worker(_render, document, project_index)


def filing_pdf(document, parts_folder=None):
    """The whole filing's PDF, joined from its tables' PDFs kept in
    parts_folder (pdf_parts.py): after a save only the changed tables are
    rendered."""
    if not enabled():
        return _render_filing(document, parts_folder)
    return _in_worker(_render_filing, document, parts_folder)


def run(function, *args):
    """function(*args) in the worker, within the time limit, or in this
    process when the worker is off: any importable renderer (the report
    tables use it), pickled by reference."""
    if not enabled():
        return function(*args)
    return _in_worker(function, *args)


def _in_worker(function, *args):
    limit = time_limit()
    for attempt in (1, 2):
        executor = _get_executor()
        try:
            return executor.submit(function, *args).result(timeout=limit)
        except FutureTimeout:
            _stop(executor)
            raise RenderTimeout(limit) from None
        except BrokenProcessPool:
            _discard(executor)
            if attempt == 2:
                raise


def _stop(executor):
    """Kill the executor's worker (a render cannot be interrupted) and let
    the next PDF start a new one."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        try:
            os.kill(process.pid, signal.SIGKILL)
        except (OSError, AttributeError):
            pass  # gone already
    # SIGKILL is delivered asynchronously: wait until the worker is gone (and
    # reaped), so its memory is free before the next PDF starts a new one.
    for process in processes:
        try:
            process.join(timeout=10)
        except (AssertionError, AttributeError, ValueError):
            pass  # not ours to join, or closed already
    _discard(executor)


def _get_executor():
    global _executor
    with _lock:
        if _executor is None:
            _executor = ProcessPoolExecutor(
                max_workers=1,
                # A fresh interpreter: forking a threaded web process could
                # copy a lock some other thread holds.
                mp_context=multiprocessing.get_context("spawn"),
                max_tasks_per_child=MAX_TASKS,
                initializer=_worker_started,
                initargs=(settings.SETTINGS_MODULE,),
            )
        return _executor


def _discard(executor):
    global _executor
    with _lock:
        if _executor is executor:
            _executor = None
    executor.shutdown(wait=False, cancel_futures=True)


def shutdown():
    """Stop the worker (tests, and a web process that is going away)."""
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)


def _worker_started(settings_module):
    """In the worker: set Django up and load the renderer before the first
    PDF is asked for."""
    import os

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    from . import priority

    # Before setting Django up and loading WeasyPrint and the fonts (~1 s of
    # CPU): page views first, see priority.py.
    priority.lower_priority()
    import django

    django.setup()
    from . import fonts, pdf

    try:
        pdf.stylesheet(fonts.cjk_font())
    except fonts.FontMissing:
        pass  # each render says so


def _render(document, project_index):
    from . import pdf_bytes as render

    return render(document, project_index)


def _render_filing(document, parts_folder):
    from targets.services.export_cache import PartCache

    from .pdf_parts import filing_pdf as render

    return render(document, PartCache(parts_folder) if parts_folder else None)


def worker_memory():
    """{"rss_mb", "peak_mb"} of the worker (the benchmark asks; the next
    task goes to the same worker unless it has done MAX_TASKS)."""
    return _get_executor().submit(_memory).result()


def _memory():
    found = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key = "rss_mb" if line.startswith("VmRSS") else "peak_mb"
                found[key] = int(line.split()[1]) / 1024
    return found
