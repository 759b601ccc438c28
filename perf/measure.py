"""Repeated timing (median, min, max), peak memory of a rendering process,
and the bulk export on every core, for the bench command.

Run as `python -m perf.measure pdf-memory DOCUMENT.json COUNT` it is the
child process whose peak memory is measured: it renders one project table
COUNT times and prints its resident memory as JSON. With `pdf-worker-memory`
it asks the web downloads' PDF worker (targets/tables/pdf_worker.py) for the
PDFs instead, and reports its own memory (the web process's) and the
worker's; `pdf-memory-minimal PAGE.html COUNT` renders the anchor's minimal
HTML with WeasyPrint alone.

Peak memory is the kernel's high-water mark of the process's resident set
(VmHWM in /proc/self/status). getrusage()'s ru_maxrss is not used: a child
started by fork and exec reports the parent's peak when that was higher
(the benchmark's own process had rendered whole filings by then, and
earlier runs recorded its ~300 MB as the child's).
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    """One measured figure; samples in seconds (or MB for memory)."""

    key: str
    label: str
    samples: list
    unit: str = "ms"
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def median(self):
        return statistics.median(self.samples)

    @property
    def low(self):
        return min(self.samples)

    @property
    def high(self):
        return max(self.samples)

    def shown(self, value):
        if self.unit == "ms":
            return f"{value * 1000:.1f}"
        if self.unit == "s":
            return f"{value:.2f}"
        return f"{value:.0f}"

    def as_json(self):
        scale = 1000 if self.unit == "ms" else 1
        return {
            "label": self.label,
            "unit": self.unit,
            "median": round(self.median * scale, 3),
            "min": round(self.low * scale, 3),
            "max": round(self.high * scale, 3),
            "runs": len(self.samples),
            "note": self.note,
            **self.extra,
        }


def timed(fn, repeat, warmup=1):
    """Seconds of `repeat` calls of fn after `warmup` calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def timed_together(fns, repeat, warmup=1):
    """{name: seconds of `repeat` calls} of several functions called in
    turn, one call of each per round: a figure and its anchor see the same
    load on a shared machine, where measuring one after the other lets a
    busy spell fall on one of them only."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    samples = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return samples


def pdf_pages(pdf):
    """Pages of a PDF, read by poppler's pdfinfo (WeasyPrint compresses its
    page tree into object streams); None without pdfinfo."""
    if not shutil.which("pdfinfo"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found.group(1)) if found else None


def _child_env():
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BASE_DIR), env.get("PYTHONPATH")]))
    return env


def pdf_memory(document_path, count, mode="pdf-memory"):
    """{"peak_mb", "after_first_mb", "final_mb", "seconds"} of a fresh
    process that renders the document's first project table `count` times
    (mode "pdf-worker-memory": has the PDF worker render them, and adds the
    worker's "worker_peak_mb" and "worker_final_mb")."""
    result = subprocess.run(
        [sys.executable, "-m", "perf.measure", mode, str(document_path), str(count)],
        capture_output=True, text=True, cwd=BASE_DIR, env=_child_env(), check=True, timeout=3600,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _memory_mb():
    """(resident, peak resident) of this process in MB."""
    found = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                found[line[:5]] = int(line.split()[1]) / 1024
    return found.get("VmRSS", 0.0), found.get("VmHWM", 0.0)


def _rss_mb():
    return _memory_mb()[0]


def _pdf_memory_child(document_path, count, how="app"):
    """`how`: "app" (pdf_bytes here), "worker" (the PDF worker) or
    "minimal" (document_path is the minimal HTML)."""
    import django

    django.setup()
    if how == "minimal":
        from perf.anchors import weasyprint_pdf

        html_text = Path(document_path).read_text(encoding="utf-8")

        def render(_document, _index):
            return weasyprint_pdf(html_text)
    elif how == "worker":
        from targets.tables import pdf_worker

        pdf_worker.MAX_TASKS = count + 1  # the same worker answers the memory question after
        render = pdf_worker.pdf_bytes
    else:
        from targets.tables import pdf_bytes as render

    document = None if how == "minimal" else json.loads(Path(document_path).read_text(encoding="utf-8"))
    start = time.perf_counter()
    render(document, 0)
    after_first = _rss_mb()
    for _ in range(count - 1):
        render(document, 0)
    seconds = time.perf_counter() - start
    final, peak = _memory_mb()
    result = {"peak_mb": peak, "after_first_mb": after_first, "final_mb": final, "seconds": seconds}
    if how == "worker":
        worker = pdf_worker.worker_memory()
        result.update(worker_peak_mb=worker["peak_mb"], worker_final_mb=worker["rss_mb"])
        pdf_worker.shutdown()
    print(json.dumps(result))


# --- bulk export on every core ------------------------------------------------


def _worker_setup():
    import django

    django.setup()


def _export_filing(filing_id):
    """XLSX and PDF of one filing: (bytes written, PDF pages)."""
    from targets.interchange import load_filing, export_document
    from targets.tables import pdf_bytes, workbook_bytes

    document = export_document(load_filing(filing_id))
    xlsx = workbook_bytes(document)
    pdf = pdf_bytes(document)
    return len(xlsx) + len(pdf), pdf_pages(pdf)


def bulk_export(filing_ids, workers):
    """Seconds to export every filing (XLSX + PDF) in `workers` fresh
    processes, process start-up included; and the PDF page count."""
    from django.db import connections

    connections.close_all()  # the children open their own
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                             initializer=_worker_setup) as pool:
        results = list(pool.map(_export_filing, filing_ids, chunksize=1))
    seconds = time.perf_counter() - start
    return seconds, sum(pages or 0 for _, pages in results), sum(size for size, _ in results)


def _anchor_filing(item):
    """The anchors' XLSX and PDF of one filing's tables: (bytes written)."""
    from perf import anchors

    sheets, page = item
    return len(anchors.openpyxl_write_only(sheets)) + len(anchors.weasyprint_pdf(page))


def bulk_anchor(items, workers):
    """Seconds for the anchors (openpyxl write-only, WeasyPrint on the
    minimal HTML) to write the same filings' tables in `workers` forked
    children, as the app's bulk export forks its own; `items` are
    (sheets, minimal HTML) made before the clock starts."""
    start = time.perf_counter()
    with get_context("fork").Pool(workers) as pool:
        size = sum(pool.map(_anchor_filing, items, chunksize=1))
    return time.perf_counter() - start, size


if __name__ == "__main__":
    modes = {"pdf-memory": "app", "pdf-worker-memory": "worker", "pdf-memory-minimal": "minimal"}
    if len(sys.argv) == 4 and sys.argv[1] in modes:
        _pdf_memory_child(sys.argv[2], int(sys.argv[3]), how=modes[sys.argv[1]])
    else:
        sys.exit("usage: python -m perf.measure pdf-memory|pdf-worker-memory DOCUMENT.json COUNT\n"
                 "       python -m perf.measure pdf-memory-minimal PAGE.html COUNT")
