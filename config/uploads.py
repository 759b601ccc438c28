"""What every workbook we read is checked for before it is parsed: the
upload's size, that it is an .xlsx (a ZIP), its unpacked size, the extent
of its sheets and merged areas, read from the sheets' XML without expanding
anything, and the number of elements in its other parts (cell formats,
shared strings). The limits are documented in docs/filing-format.md
("Limits"); a file beyond them is refused with a Chinese message naming the
sheet, before openpyxl or our reader do work in proportion to what the file
claims (a cell at XFD1048576 or a merge of A1:XFD1048576 is a few bytes).
"""
import posixpath
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.utils import column_index_from_string, range_boundaries

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
NOT_XLSX = "文件不是有效的 .xlsx 工作簿（请用 Excel 或 WPS 另存为“Excel 工作簿 (*.xlsx)”后再上传）"
DAMAGED = "工作簿已损坏，无法读取：" + NOT_XLSX
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CELL_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


@dataclass(frozen=True)
class WorkbookLimits:
    rows: int  # per sheet, including empty rows the file declares
    columns: int  # per sheet
    cells: int  # per workbook: the sheets' used areas plus their merged areas
    unpacked_bytes: int


# A filing of 30 projects with 300 indicator rows each is 40 sheets of at
# most ~310 rows and 10 columns (about 125,000 cells of used area, 5 MB
# unpacked): the limits leave four times that.
FILING_LIMITS = WorkbookLimits(rows=10_000, columns=100, cells=500_000, unpacked_bytes=50 * 1024 * 1024)
# A province's roster: tens of thousands of people in nine columns.
ROSTER_LIMITS = WorkbookLimits(rows=100_000, columns=50, cells=2_000_000, unpacked_bytes=100 * 1024 * 1024)


# openpyxl builds an object per cell format: 700,000 formats in a 130 KB
# file took 45 s. Excel itself allows 64,000; a filing's workbook has a few
# dozen. Other parts (shared strings, properties) may hold as many elements
# as the workbook may hold cells.
PART_ELEMENTS = {"xl/styles.xml": 100_000}


class WorkbookProblem(Exception):
    """The file cannot be read as a workbook within the limits; the message
    is in Chinese."""


def workbook_upload_problem(upload, max_bytes=MAX_WORKBOOK_BYTES):
    """None, or why the upload (an UploadedFile, or None when no file was
    chosen) cannot be read as a workbook, in Chinese."""
    if upload is None:
        return "请选择要上传的 .xlsx 工作簿。"
    if not upload.name.lower().endswith(".xlsx"):
        return (f"“{upload.name}”不是 .xlsx 文件。请用 Excel 或 WPS 另存为“Excel 工作簿 (*.xlsx)”后再上传"
                "（不支持 .xls、.et、.csv）。")
    if upload.size > max_bytes:
        return (f"文件过大（{upload.size / 1024 / 1024:.1f} MB），"
                f"上传的工作簿不能超过 {max_bytes // (1024 * 1024)} MB。")
    return None


def scan_workbook(data, limits):
    """{sheet name: ["A1:G1", …] merged areas} of the bytes of an .xlsx
    file, after checking it against `limits`; WorkbookProblem otherwise."""
    if not zipfile.is_zipfile(BytesIO(data)):
        raise WorkbookProblem(NOT_XLSX)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise WorkbookProblem(NOT_XLSX)
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > limits.unpacked_bytes:
                raise WorkbookProblem(f"工作簿解压后为 {unpacked // (1024 * 1024)} MB，"
                                      f"超过 {limits.unpacked_bytes // (1024 * 1024)} MB 的上限")
            budget = _CellBudget(limits)
            sheets = dict(_sheet_paths(archive))
            merged = {name: _scan_sheet(archive, path, name, limits, budget) for name, path in sheets.items()}
            for path in archive.namelist():
                if path.endswith((".xml", ".rels")) and path not in sheets.values():
                    _count_elements(archive, path, PART_ELEMENTS.get(path, limits.cells))
            return merged
    except (zipfile.BadZipFile, ElementTree.ParseError, expat.ExpatError, KeyError, OSError, ValueError,
            TypeError):
        raise WorkbookProblem(DAMAGED) from None


class _CellBudget:
    """The cells the workbook's sheets have used so far, against the limit."""

    def __init__(self, limits):
        self.limit = limits.cells
        self.used = 0

    def spend(self, cells, sheet):
        self.used += cells
        if self.used > self.limit:
            raise WorkbookProblem(f"工作簿的单元格合计超过 {self.limit:,} 个的上限（到工作表“{sheet}”为止，"
                                  "含空白行列和合并区域），不是可导入的表格")


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


def _scan_sheet(archive, path, name, limits, budget):
    """The merged areas of one sheet, having checked its extent as openpyxl
    will see it: a row or cell without a reference follows the one before.
    Read with expat's start-tag events alone, the quickest pass Python has."""
    if path not in archive.namelist():
        return []
    sheet = _SheetExtent(name, limits, budget)
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = sheet.start
    with archive.open(path) as source:
        parser.ParseFile(source)
    budget.spend(sheet.max_row * sheet.max_column, name)
    return sheet.areas


class _SheetExtent:
    ROW, CELL, MERGE = MAIN[1:] + "row", MAIN[1:] + "c", MAIN[1:] + "mergeCell"

    def __init__(self, name, limits, budget):
        self.name, self.limits, self.budget = name, limits, budget
        self.areas, self.row, self.column, self.max_row, self.max_column, self.cells = [], 0, 0, 0, 0, 0

    def start(self, tag, attributes):
        if tag == self.CELL:
            reference = CELL_REFERENCE.fullmatch(attributes.get("r") or "")
            self.column = column_index_from_string(reference[1].upper()) if reference else self.column + 1
            self.max_column = _within(self.column, self.max_column, self.limits.columns, self.name, "列")
            self.cells += 1
            if self.cells > self.limits.cells:  # the same cell written over and over
                raise WorkbookProblem(
                    f"工作表“{self.name}”的单元格超过 {self.limits.cells:,} 个的上限，不是可导入的表格")
        elif tag == self.ROW:
            self.row = int(attributes.get("r") or self.row + 1)
            self.column = 0
            self.max_row = _within(self.row, self.max_row, self.limits.rows, self.name, "行")
        elif tag == self.MERGE and attributes.get("ref"):
            min_col, min_row, max_col, max_row = range_boundaries(attributes["ref"])
            _within(max_row, 0, self.limits.rows, self.name, "行")
            _within(max_col, 0, self.limits.columns, self.name, "列")
            self.budget.spend((max_row - min_row + 1) * (max_col - min_col + 1), self.name)
            self.areas.append(attributes["ref"])


def _count_elements(archive, path, limit):
    """Refuse a part of more than `limit` XML elements, counted without
    building them."""
    count = 0

    def start(tag, attributes):
        nonlocal count
        count += 1
        if count > limit:
            raise WorkbookProblem(f"工作簿的“{path}”部分超过 {limit:,} 个元素的上限，不是可导入的表格")

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with archive.open(path) as source:
        parser.ParseFile(source)


def _within(position, largest, limit, sheet, what):
    """The larger of position and largest, if the position is inside the
    limit of rows or columns."""
    if position > limit:
        raise WorkbookProblem(f"工作表“{sheet}”用到第 {position:,} {what}，超过每张表 {limit:,} {what}的上限"
                              "（可能有远处的单元格或过大的合并区域），不是可导入的表格")
    return max(position, largest)
