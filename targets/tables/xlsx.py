"""XLSX renderer: one worksheet per Table, printable as the paper form.

Uses openpyxl's write-only mode (it streams rows and still supports merged
cells, row heights, column widths and print settings), so a workbook costs
little more than writing the bare cells. Every text is stored as a string,
never a formula, and control characters Excel refuses are stripped.
"""
import functools
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import Cell as SheetCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.properties import PageSetupProperties

from .grid import LANDSCAPE, Cell, line_count
from .metadata import write_metadata

FONT_NAME = "宋体"  # Office and WPS map it to SimSun or their Song face
FONT_SIZE = {"normal": 10.5, "title": 16}
LINE_HEIGHT = {"normal": 14.0, "title": 24.0}  # points per wrapped line
ROW_PADDING = 4.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit
PAPER_A4 = 9  # the paperSize code of A4 in SpreadsheetML
FORMULA_STARTS = ("=", "+", "-", "@")
THIN = Side(style="thin", color="000000")
ALL_BORDERS = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NO_BORDER = Border()
H_ALIGN = {"left": "left", "center": "center", "right": "right"}
V_ALIGN = {"top": "top", "center": "center", "bottom": "bottom"}


def safe_text(value):
    """The text with the control characters XML cannot hold removed."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if value else ""


def workbook_bytes(tables, metadata=None):
    """The workbook of `tables`; `metadata` ({name: text}, see metadata.py)
    is stored as custom document properties for the XLSX import."""
    workbook = Workbook(write_only=True)
    write_metadata(workbook, metadata)
    styles = _Styles()
    for table in tables:
        _write_sheet(workbook.create_sheet(table.sheet_name), table, styles)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


class _Styles:
    """Style arrays computed once per combination and workbook: assigning
    Font, Border and Alignment objects to every cell would hash them cell by
    cell."""

    def __init__(self):
        self._cache = {}

    def get(self, ws, cell, quote=False):
        key = (cell.h, cell.v, cell.bold, cell.border, cell.size, quote)
        style = self._cache.get(key)
        if style is None:
            proto = SheetCell(ws)
            proto.font = _font(cell.size, cell.bold)
            proto.border = ALL_BORDERS if cell.border else NO_BORDER
            proto.alignment = _alignment(cell.h, cell.v)
            proto.quotePrefix = quote
            style = self._cache[key] = proto._style
        return style


@functools.lru_cache(maxsize=None)
def _font(size, bold):
    return Font(name=FONT_NAME, size=FONT_SIZE[size], bold=bold, charset=134)


@functools.lru_cache(maxsize=None)
def _alignment(h, v):
    return Alignment(horizontal=H_ALIGN[h], vertical=V_ALIGN[v], wrap_text=True)


def _write_sheet(ws, table, styles):
    ncols = table.width
    footer_row = len(table.rows) if table.footer else None
    nrows = len(table.rows) + (1 if footer_row is not None else 0)

    for i, column in enumerate(table.columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = round(column.width, 2)
    for i, height in enumerate(_row_heights(table), 1):
        ws.row_dimensions[i].height = height
    if footer_row is not None:
        ws.row_dimensions[footer_row + 1].height = LINE_HEIGHT["normal"] + ROW_PADDING

    grid = [[None] * ncols for _ in range(nrows)]
    for cell in table.cells():
        value = safe_text(cell.text)
        quote = value.startswith(FORMULA_STARTS)
        anchor = SheetCell(ws, row=cell.row + 1, column=cell.col + 1,
                           style_array=StyleArray(styles.get(ws, cell, quote)))
        if value:
            anchor.value = value
            anchor.data_type = "s"  # a text, even when it starts with "="
        grid[cell.row][cell.col] = anchor
        if cell.rowspan > 1 or cell.colspan > 1:
            last_row, last_col = cell.row + cell.rowspan, cell.col + cell.colspan
            _merge(ws, cell.row + 1, cell.col + 1, last_row, last_col)
            if cell.border:
                # Excel draws a merged area's border from every cell in it.
                covered = styles.get(ws, cell)
                for r in range(cell.row, last_row):
                    for c in range(cell.col, last_col):
                        if (r, c) != (cell.row, cell.col):
                            grid[r][c] = SheetCell(ws, row=r + 1, column=c + 1,
                                                   style_array=StyleArray(covered))
    if footer_row is not None:
        style = styles.get(ws, Cell(h="left", border=False))
        footer = SheetCell(ws, row=footer_row + 1, column=1, style_array=StyleArray(style))
        footer.value = safe_text(table.footer)
        footer.data_type = "s"
        grid[footer_row][0] = footer
        _merge(ws, footer_row + 1, 1, footer_row + 1, ncols)

    _print_setup(ws, table)
    for row in grid:
        ws.append(row)


def _merge(ws, first_row, first_col, last_row, last_col):
    # The grid's cells never overlap, so skip MultiCellRange.add(), which
    # compares the new range with every range already there.
    ws.merged_cells.ranges.add(CellRange(min_col=first_col, min_row=first_row,
                                         max_col=last_col, max_row=last_row))


def _row_heights(table):
    heights = [0.0] * len(table.rows)
    spanning = []
    for cell in table.cells():
        need = _needed_height(table, cell)
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], need)
        else:
            spanning.append((cell, need))
    heights = [h or LINE_HEIGHT["normal"] + ROW_PADDING for h in heights]
    # A merged cell taller than its rows shares the extra height among them.
    for cell, need in spanning:
        rows = range(cell.row, cell.row + cell.rowspan)
        have = sum(heights[r] for r in rows)
        if need > have:
            extra = (need - have) / cell.rowspan
            for r in rows:
                heights[r] += extra
    return [round(min(h, MAX_ROW_HEIGHT), 1) for h in heights]


def _needed_height(table, cell):
    lines = line_count(cell.text, table.span_width(cell)) if cell.text else 1
    return lines * LINE_HEIGHT[cell.size] + ROW_PADDING


def _print_setup(ws, table):
    ws.sheet_view.showGridLines = False
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.orientation = "landscape" if table.orientation == LANDSCAPE else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if table.header_rows:
        start, stop = table.header_rows
        ws.print_title_rows = f"{start + 1}:{stop}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9
    ws.oddFooter.center.font = FONT_NAME
