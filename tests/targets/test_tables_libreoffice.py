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
