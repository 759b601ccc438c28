"""Repeated timing (median, min, max), peak memory of a rendering process,
and the bulk export on every core, for the bench command.

Run as `python -m perf.measure pdf-memory DOCUMENT.json COUNT` it is the
child process whose peak memory is measured: it renders one project table
COUNT times and prints its resident memory as JSON.
"""
import json
import os
import re
import resource
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


def pdf_memory(document_path, count):
    """{"peak_mb", "after_first_mb", "seconds"} of a fresh process that
    renders the document's first project table `count` times."""
    result = subprocess.run(
        [sys.executable, "-m", "perf.measure", "pdf-memory", str(document_path), str(count)],
        capture_output=True, text=True, cwd=BASE_DIR, env=_child_env(), check=True, timeout=3600,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _pdf_memory_child(document_path, count):
    import django

    django.setup()
    from targets.tables import pdf_bytes

    document = json.loads(Path(document_path).read_text(encoding="utf-8"))
    start = time.perf_counter()
    pdf_bytes(document, 0)
    after_first = _rss_mb()
    for _ in range(count - 1):
        pdf_bytes(document, 0)
    print(json.dumps({
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "after_first_mb": after_first,
        "final_mb": _rss_mb(),
        "seconds": time.perf_counter() - start,
    }))


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


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "pdf-memory":
        _pdf_memory_child(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit("usage: python -m perf.measure pdf-memory DOCUMENT.json COUNT")
