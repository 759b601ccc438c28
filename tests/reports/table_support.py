"""What the tests of both kinds' official tables and workbooks share
(test_monitoring_tables.py, test_evaluation_tables.py,
test_monitoring_workbook.py, test_evaluation_workbook.py): finding a field's
cell, a workbook as a clerk edited it in Excel, and printing through
poppler and LibreOffice. The assertions stay in the tests."""
import re
import shutil
import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from targets.tables.continued import continued

poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdffonts")),
                             reason="needs poppler-utils (pdftotext, pdffonts)")
libreoffice = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                                 reason="LibreOffice (Debian's libreoffice-calc) or pdftotext is not installed")
# The workbooks' left and right margins, half an inch, in PDF points.
MARGIN = 0.5 * 72 - 1


def cells_marked(table, field):
    return [cell for cell in table.cells() if cell.field == field]


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, timeout=120).stdout.decode("utf-8")


def squeezed(value):
    return re.sub(r"\s", "", value)


def embedded_fonts(path):
    """pdffonts' lines of the PDF at `path`, one a font."""
    return run("pdffonts", str(path)).splitlines()[2:]


def printed_by_libreoffice(tmp_path, stem, data):
    """The XLSX `data` printed to PDF by LibreOffice: ([(width, height, body)]
    of its pages, [(x0, x1, word)] of its words, its text)."""
    source = tmp_path / f"{stem}.xlsx"
    source.write_bytes(data)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    printed = tmp_path / f"{stem}.pdf"
    layout = run("pdftotext", "-bbox-layout", str(printed), "-")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', layout, re.S)
    words = [(float(x0), float(x1), word) for _, _, body in pages
             for x0, x1, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                                            r'yMax="[\d.]+">([^<]*)</word>', body)]
    return pages, words, run("pdftotext", str(printed), "-")


class WorkbookEdits:
    """A kind's workbook as a clerk edits it: `build_tables(document,
    project_index)` and `workbook_bytes(document, project_index)` are the
    kind's builder and XLSX writer."""

    def __init__(self, build_tables, workbook_bytes):
        self.build_tables = build_tables
        self.workbook_bytes = workbook_bytes

    def where(self, document, field, k=0, project_index=0):
        """(sheet title, row, column) of the k-th cell marked `field` in the
        project's sheet, as the workbook places it."""
        table = continued(self.build_tables(document, project_index)[0])
        cell = cells_marked(table, field)[k]
        return table.sheet_name, cell.row + 1, cell.col + 1

    def edited(self, document, changes, project_index=None):
        """The report's workbook after a clerk typed `changes` ({(field, k): value})
        in Excel: loaded and saved again with openpyxl."""
        workbook = load_workbook(BytesIO(self.workbook_bytes(document, project_index)))
        for (field, k), value in changes.items():
            title, r, c = self.where(document, field, k, project_index or 0)
            workbook[title].cell(r, c).value = value
        return _saved(workbook)

    def ref(self, document, field, k=0):
        """"项目1!F12": where a problem with that cell is named."""
        title, r, c = self.where(document, field, k)
        return f"{title}!{get_column_letter(c)}{r}"

    def row_inserted(self, document, field, k=0):
        """(the workbook with a row inserted above the k-th cell marked
        `field`, that sheet's title)."""
        workbook = load_workbook(BytesIO(self.workbook_bytes(document)))
        title, r, _ = self.where(document, field, k)
        workbook[title].insert_rows(r)
        return _saved(workbook), title


def _saved(workbook):
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
