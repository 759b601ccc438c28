"""Opening an uploaded workbook safely and quickly: config.uploads checks
it is an .xlsx (a ZIP) within the limits of a filing's workbook (unpacked
size, rows, columns, cells and merged areas) before it is parsed, and any
failure to open it is one clear Chinese message.

openpyxl reads the cells in read-only mode (ten times faster than its full
mode on a large filing), which does not parse merged areas; those come from
the same check, which reads each sheet's XML once.
"""
from io import BytesIO

from openpyxl import load_workbook

from config.uploads import DAMAGED, FILING_LIMITS, WorkbookProblem, scan_workbook
from targets.interchange import DocumentRefused, Problem
from targets.tables.metadata import read_metadata

from .sheet import Sheet


def load(data):
    """([Sheet], metadata) of the bytes of an .xlsx file."""
    try:
        merged = scan_workbook(data, FILING_LIMITS)
    except WorkbookProblem as problem:
        raise DocumentRefused([Problem("", str(problem))]) from None
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
        raise DocumentRefused([Problem("", DAMAGED)]) from None
    return sheets, metadata


def _sheet(worksheet, merged):
    # The stored dimension may be wrong in files from other tools: read all
    # (the check above bounded how far "all" goes).
    worksheet.reset_dimensions()
    cells = {}
    for r, row in enumerate(worksheet.iter_rows(), start=1):
        for c, cell in enumerate(row, start=1):
            if cell.value is not None:
                cells[(r, c)] = (cell.value, cell.number_format or "")
    return Sheet(worksheet.title, cells, merged)
