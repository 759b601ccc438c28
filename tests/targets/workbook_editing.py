"""Editing an exported workbook the way Excel and WPS do it, for the import
tests (no tests here): openpyxl's insert_rows and delete_rows move cell
values but leave merged areas where they were, so these helpers move and
stretch the merged areas as Excel does."""
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.worksheet.cell_range import CellRange


def open_workbook(data):
    return load_workbook(BytesIO(data))


def saved(workbook):
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def insert_row(ws, row):
    """Insert an empty row before `row`: areas below move down, areas that
    span the place grow by one row (Excel's behaviour)."""
    areas = [CellRange(str(a)) for a in ws.merged_cells.ranges]
    for area in areas:
        ws.unmerge_cells(str(area))
    ws.insert_rows(row)
    for area in areas:
        if area.min_row >= row:
            area.shift(row_shift=1)
        elif area.max_row >= row:
            area.expand(down=1)
        ws.merge_cells(area.coord)


def delete_row(ws, row):
    """Delete a row: areas below move up, areas over it shrink."""
    areas = [CellRange(str(a)) for a in ws.merged_cells.ranges]
    for area in areas:
        ws.unmerge_cells(str(area))
    keep = []
    for area in areas:
        if area.min_row > row:
            area.shift(row_shift=-1)
        elif area.max_row >= row:
            if area.min_row == area.max_row:
                continue  # the area was in the deleted row
            if area.min_row == row:
                # The value moves to the row that becomes the area's top.
                value = ws.cell(row, area.min_col).value
                ws.cell(row + 1, area.min_col).value = value
            area.shrink(bottom=1)
        keep.append(area)
    ws.delete_rows(row)
    for area in keep:
        if area.size["rows"] * area.size["columns"] > 1:
            ws.merge_cells(area.coord)


def unmerge_all(ws):
    for area in [str(a) for a in ws.merged_cells.ranges]:
        ws.unmerge_cells(area)
