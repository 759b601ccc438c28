"""The anchors the benchmark measures our exports against: the same cells
written by the bare libraries, with no code of the app.

A sheet is plain data: {"name", "orientation", "widths", "nrows", "ncols",
"rows": [[text or None] * ncols], "cells": [(row, col, rowspan, colspan,
text)]}; the benchmark builds it from our grid before the clock starts.
"""
import html
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path


def openpyxl_write_only(sheets):
    """openpyxl in write-only mode, cell values only."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet["name"])
        for row in sheet["rows"]:
            ws.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def openpyxl_normal(sheets):
    """openpyxl in its usual mode (a cell object per value), values only."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet["name"])
        for r, row in enumerate(sheet["rows"], 1):
            for c, value in enumerate(row, 1):
                if value:
                    ws.cell(row=r, column=c, value=value)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsxwriter_write(sheets):
    """xlsxwriter (in memory), values only."""
    import xlsxwriter

    out = BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    for sheet in sheets:
        ws = workbook.add_worksheet(sheet["name"])
        for r, row in enumerate(sheet["rows"]):
            for c, value in enumerate(row):
                if value:
                    ws.write_string(r, c, value)
    workbook.close()
    return out.getvalue()


def minimal_html(sheets, font_family):
    """Hand-written minimal HTML of the same tables: one <table> per sheet
    with its spans and column widths, thin borders, A4, a page per sheet."""
    orientation = sheets[0]["orientation"] if sheets else "portrait"
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><style>",
        f"@page{{size:A4 {orientation};margin:12mm}}",
        f"body{{font-family:'{font_family}';font-size:9pt;line-height:1.35}}",
        "table{border-collapse:collapse;width:100%;table-layout:fixed;break-after:page}",
        "td{border:0.5pt solid #000;padding:0.8mm 1.2mm;white-space:pre-wrap;vertical-align:middle}",
        "</style></head><body>",
    ]
    for sheet in sheets:
        total = sum(sheet["widths"]) or 1
        parts.append("<table><colgroup>")
        parts.extend(f"<col style='width:{100 * w / total:.2f}%'>" for w in sheet["widths"])
        parts.append("</colgroup>")
        by_row = {}
        for row, col, rowspan, colspan, text in sheet["cells"]:
            by_row.setdefault(row, []).append((col, rowspan, colspan, text))
        for r in range(sheet["nrows"]):
            parts.append("<tr>")
            for _, rowspan, colspan, text in sorted(by_row.get(r, [])):
                spans = (f" rowspan='{rowspan}'" if rowspan > 1 else "") + (
                    f" colspan='{colspan}'" if colspan > 1 else "")
                parts.append(f"<td{spans}>{html.escape(text or '')}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


_font_config = None


def weasyprint_pdf(document_html):
    """WeasyPrint on the minimal HTML, with one font configuration kept for
    the process as a server would keep it."""
    global _font_config
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if _font_config is None:
        _font_config = FontConfiguration()
    return HTML(string=document_html).write_pdf(font_config=_font_config)


def soffice_path():
    return shutil.which("soffice") or shutil.which("libreoffice")


class LibreOffice:
    """LibreOffice's headless XLSX → PDF conversion, one process per file as
    offices run it, with its own profile directory."""

    def __init__(self):
        self.executable = soffice_path()
        self.workdir = Path(tempfile.mkdtemp(prefix="jx-soffice-"))
        self.profile = (self.workdir / "profile").as_uri()

    def convert(self, xlsx_bytes):
        source = self.workdir / "table.xlsx"
        source.write_bytes(xlsx_bytes)
        target = self.workdir / "table.pdf"
        target.unlink(missing_ok=True)
        subprocess.run(
            [self.executable, f"-env:UserInstallation={self.profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(self.workdir), str(source)],
            check=True, capture_output=True, timeout=120,
        )
        return target.read_bytes()

    def close(self):
        shutil.rmtree(self.workdir, ignore_errors=True)
