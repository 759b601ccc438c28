#!/usr/bin/env python
"""Instructions per render of one project table, ours against the
benchmark's anchor, counted by valgrind's callgrind: a second opinion on the
XLSX and PDF ratios that does not move with the machine's load (wall-clock
samples spread over a factor of two on a shared machine).

    .venv/bin/python scripts/count_instructions.py xlsx|pdf [--renders N]

For each renderer it runs a process that renders the table 2 + N times and
one that renders it twice (Python, Django and the libraries starting up,
the first renders' caches filled); the difference divided by N is one
render. Four valgrind runs, two at a time: ~2 min for XLSX, ~5 min for PDF.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_RENDERS = {"xlsx": 30, "pdf": 3}


def render(kind, which, count):
    """In the counted process: render the benchmark's table `count` times."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from perf import anchors
    from perf.content import UnitSpec, filing_document
    from targets.management.commands.bench import plain_sheets
    from targets.tables import build_tables, pdf_bytes, workbook_bytes
    from targets.tables.fonts import cjk_font

    spec = UnitSpec(index=0, region_code="370101", region_name="历下区", code="001001", name="某某局",
                    layout="hebei", status="draft", amount_unit="万元")
    document = filing_document(spec, 2025, 20, 15, seed=99)  # as bench's document
    sheets = plain_sheets(build_tables(document, 0))
    if kind == "xlsx":
        fn = (lambda: workbook_bytes(document, 0)) if which == "ours" else (
            lambda: anchors.openpyxl_write_only(sheets))
    else:
        minimal = anchors.minimal_html(sheets, cjk_font().family)
        fn = (lambda: pdf_bytes(document, 0)) if which == "ours" else (lambda: anchors.weasyprint_pdf(minimal))
    for _ in range(count):
        fn()


def count(kind, which, renders, workdir):
    out = Path(workdir) / f"{kind}-{which}-{renders}.out"
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, __file__,
         "--child", kind, which, str(renders)],
        capture_output=True, text=True, env=dict(os.environ, DJANGO_DEBUG="0", DJANGO_ALLOW_INSECURE_KEY="1"),
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if result.returncode != 0 or not found:
        sys.exit(f"valgrind failed for {kind} {which}:\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main():
    if sys.argv[1:2] == ["--child"]:
        kind, which, renders = sys.argv[2], sys.argv[3], int(sys.argv[4])
        return render(kind, which, renders)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kind", choices=["xlsx", "pdf"])
    parser.add_argument("--renders", type=int, help="renders counted (default 30 for XLSX, 3 for PDF)")
    args = parser.parse_args()
    renders = args.renders or DEFAULT_RENDERS[args.kind]
    anchor = "openpyxl 只写模式" if args.kind == "xlsx" else "WeasyPrint 最简 HTML"
    with tempfile.TemporaryDirectory() as workdir, ThreadPoolExecutor(2) as pool:
        jobs = {(which, n): pool.submit(count, args.kind, which, n, workdir)
                for which in ("ours", "anchor") for n in (2, 2 + renders)}
        per_render = {which: (jobs[which, 2 + renders].result() - jobs[which, 2].result()) / renders
                      for which in ("ours", "anchor")}
    print(f"{args.kind.upper()} 一个项目表，每次渲染的指令数：本系统 {per_render['ours'] / 1e6:,.1f} M，"
          f"{anchor} {per_render['anchor'] / 1e6:,.1f} M，比值 {per_render['ours'] / per_render['anchor']:.2f} ×")


if __name__ == "__main__":
    main()
