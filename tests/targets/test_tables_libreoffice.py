"""The workbooks as LibreOffice prints them (soffice --headless --convert-to
pdf, read with pdftotext): what a clerk's printout shows."""
import shutil
import subprocess

import pytest

from targets.tables import workbook_bytes

from .test_tables_support import HEBEI, HUNAN, document_for

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice (Debian's libreoffice-calc) or pdftotext is not installed")


def printed_text(data, tmp_path):
    """The text of the PDF LibreOffice prints the workbook `data` as."""
    source = tmp_path / "tables.xlsx"
    source.write_bytes(data)
    # A profile of its own: a LibreOffice already running elsewhere keeps its own.
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    result = subprocess.run(["pdftotext", str(tmp_path / "tables.pdf"), "-"],
                            check=True, capture_output=True, timeout=60)
    return result.stdout.decode("utf-8")


def test_numbers_print_as_the_tables_print_them(tmp_path):
    """Amounts and shares are numbers in the workbook; printed, they read
    as before: two decimals, 25%, the label before an amount in its cell."""
    hebei = printed_text(workbook_bytes(document_for(HEBEI)), tmp_path)
    assert all(text in hebei for text in ("0.14", "25%", "50%", "75%", "100%"))
    hunan = printed_text(workbook_bytes(document_for(HUNAN)), tmp_path)
    for text in ("资金总额：109.04", "其中：基本支出：66.16", "纳入专户管理的非税收入拨款：0.00", "9.60"):
        assert text in hunan


def test_long_texts_print_whole(tmp_path):
    """A 3,200-character goal and a 3,000-character 绩效指标描述 (LibreOffice
    prints no more of a cell than its row, at most 409 pt, shows): each
    cell's text is printed whole, and the cells together hold the texts."""
    import re
    from io import BytesIO

    from openpyxl import load_workbook

    from .test_tables_long_texts import DESCRIPTION, GOAL, long_filing

    data = workbook_bytes(long_filing())
    printed = re.sub(r"\s", "", printed_text(data, tmp_path))
    columns = []  # each sheet column's texts, top to bottom, joined
    for ws in load_workbook(BytesIO(data)).worksheets:
        for column in ws.iter_cols():
            texts = [re.sub(r"\s", "", cell.value) for cell in column if isinstance(cell.value, str)]
            # (Short labels wrapped in narrow cells come out of pdftotext in parts.)
            assert all(text in printed for text in texts if len(text) > 30)
            columns.append("".join(texts))
    for text in (GOAL, DESCRIPTION):
        assert any(re.sub(r"\s", "", text) in column for column in columns)


def printed_lines(data, tmp_path):
    """[(page, y top, y bottom, text)] of each line of LibreOffice's PDF of
    the workbook `data`, as pdftotext places them."""
    import re

    source = tmp_path / "tables.xlsx"
    source.write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    html = subprocess.run(["pdftotext", "-bbox-layout", str(tmp_path / "tables.pdf"), "-"],
                          check=True, capture_output=True, timeout=60).stdout.decode("utf-8")
    lines = []
    for page, body in enumerate(re.findall(r"<page .*?</page>", html, re.S), 1):
        for top, bottom, words in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                                             r'yMax="([\d.]+)">(.*?)</line>', body, re.S):
            lines.append((page, float(top), float(bottom), "".join(re.findall(r">([^<]*)</word>", words))))
    return lines


def test_the_goals_print_whole_above_the_indicator_table(tmp_path):
    """The Anhui 年度目标 of six paragraphs wraps to twelve lines in
    LibreOffice, whose lines are taller than Excel's: at 14 pt a line its
    last line ("养。") was drawn across the border into the header row under
    it, and cut there. No text above the header row reaches into it."""
    from .test_tables_support import ANHUI

    lines = printed_lines(workbook_bytes(document_for(ANHUI)), tmp_path)
    headers = [(page, top) for page, top, _, text in lines if text == "一级指标"]
    # One indicator table per project, its header row repeated on each page.
    assert len(headers) >= 3
    crossing = [(page, text, bottom, header_top) for page, header_top in headers
                for p, top, bottom, text in lines if p == page and top < header_top and bottom > header_top + 0.5]
    assert crossing == []
    assert any(text.startswith("目标6") for _, _, _, text in lines)
