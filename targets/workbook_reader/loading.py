"""Opening an uploaded workbook safely and quickly: it must be an .xlsx (a
ZIP) of a reasonable unpacked size before it is parsed, and any failure to
open it is one clear Chinese message.

openpyxl reads the cells in read-only mode (ten times faster than its full
mode on a large filing), which does not parse merged areas; those are read
here from each sheet's <mergeCells>.
"""
import posixpath
import zipfile
from io import BytesIO
from xml.etree import ElementTree

from openpyxl import load_workbook

from targets.interchange import DocumentRefused, Problem
from targets.tables.metadata import read_metadata

from .sheet import Sheet

# Our largest workbooks unpack to a few MB; a ZIP that claims far more is a
# "zip bomb" or not a filing at all.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
NOT_XLSX = "文件不是有效的 .xlsx 工作簿（请用 Excel 或 WPS 另存为“Excel 工作簿 (*.xlsx)”后再上传）"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def load(data):
    """([Sheet], metadata) of the bytes of an .xlsx file."""
    merged = _checked_merges(data)
    try:
        # data_only: a cell holding a formula gives the value Excel last
        # computed for it, never the formula text.
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = [_sheet(ws, merged.get(ws.title, [])) for ws in workbook.worksheets]
            metadata = read_metadata(workbook)
        finally:
            workbook.close()
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise DocumentRefused([Problem("", "工作簿已损坏，无法读取：" + NOT_XLSX)]) from None
    return sheets, metadata


def _sheet(worksheet, merged):
    # The stored dimension may be wrong in files from other tools: read all.
    worksheet.reset_dimensions()
    cells = {}
    for r, row in enumerate(worksheet.iter_rows(), start=1):
        for c, cell in enumerate(row, start=1):
            if cell.value is not None:
                cells[(r, c)] = (cell.value, cell.number_format or "")
    return Sheet(worksheet.title, cells, merged)


def _checked_merges(data):
    """{sheet name: ["A1:G1", …]}, after checking the file is an .xlsx."""
    if not zipfile.is_zipfile(BytesIO(data)):
        raise DocumentRefused([Problem("", NOT_XLSX)])
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise DocumentRefused([Problem("", NOT_XLSX)])
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise DocumentRefused([Problem("", "工作簿解压后过大，不是绩效目标表")])
            return {name: _merges(archive, path) for name, path in _sheet_paths(archive)}
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError):
        raise DocumentRefused([Problem("", "工作簿已损坏，无法读取：" + NOT_XLSX)]) from None


def _sheet_paths(archive):
    """(sheet name, path of its XML in the archive) from the workbook part."""
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in relations}
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(RELATIONSHIP_ID))
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            yield sheet.get("name"), posixpath.normpath(path)


def _merges(archive, path):
    if path not in archive.namelist():
        return []
    areas = []
    with archive.open(path) as source:
        for _, element in ElementTree.iterparse(source):
            if element.tag == f"{MAIN}mergeCell" and element.get("ref"):
                areas.append(element.get("ref"))
            element.clear()  # keep memory flat on a large sheet
    return areas
