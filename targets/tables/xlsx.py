"""XLSX renderer: one worksheet per Table, printable as the paper form.

Uses openpyxl's write-only mode (it streams rows and still supports merged
cells, row heights, column widths and print settings), so a workbook costs
little more than writing the bare cells. Every text is stored as a string,
never a formula, and control characters Excel refuses are stripped; amounts
and percentages are numbers (Cell.number) with a format that prints them as
the tables do. A text taller than a row can hold continues on the rows
below it (continued.py).

Per cell and per sheet the work is kept to what the file needs (the
benchmark holds a one-table workbook to 1.5 x openpyxl writing the bare
cells): one shared, once-hashed style array per style; row heights given as
the <row> attributes the writer reads; and four steps of openpyxl 3.1's
write-only writer replaced by the same output made directly
(WriteOnlyWorksheet._values_to_row, and the sheet writer's write_row,
write_merged_cells and write_header): the cells are written as the text
openpyxl would write for them. The XLSX tests read every one of those
parts back, and compare the rows with what openpyxl's elements give.
"""
import functools
from io import BytesIO
from xml.etree.ElementTree import _escape_attrib, _escape_cdata

from et_xmlfile.xmlfile import _IncrementalFileWriter as _EtXmlFileWriter

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, BUILTIN_FORMATS_REVERSE
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.header_footer import HeaderFooter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.xml.functions import Element, SubElement, fromstring

from config.safe_files import FORMULA_STARTS, xml_text
from targets.money import plain

from .continued import continued
from .grid import LANDSCAPE, Cell, line_count
from .metadata import write_metadata

FONT_NAME = "宋体"  # Office and WPS map it to SimSun or their Song face
# The workbook's default font (the "Normal" style and every cell without a
# font of its own), as in Chinese Office and WPS. Column widths are counted
# in this font's digits: with openpyxl's Calibri, LibreOffice on a machine
# without Calibri measured them in DejaVu Sans, a third wider, and printed
# the department sheet wider than the paper.
DEFAULT_FONT = Font(name=FONT_NAME, size=11, charset=134)
FONT_SIZE = {"normal": 10.5, "title": 16}
LINE_HEIGHT = {"normal": 14.0, "title": 24.0}  # points per wrapped line
ROW_PADDING = 4.0
# LibreOffice sets 宋体 10.5 (Noto Serif CJK SC here) on taller lines than
# Excel: 15.1 pt, measured in its PDF of the Anhui workbook (11.17 pt a line
# where an 18 pt row is 13.3 pt). A row of 12 lines at 14 pt lost its last
# line in LibreOffice's print; rows are made tall enough for both, which
# changes only rows of four lines or more (the padding covers the rest).
LIBREOFFICE_LINE_HEIGHT = {"normal": 15.3, "title": 24.0}
MAX_ROW_HEIGHT = 409.0  # Excel's limit
PAPER_A4 = 9  # the paperSize code of A4 in SpreadsheetML
MAX_TEXT = 32767  # characters in a cell, as openpyxl truncates
# Rows written as text (see _write_row); False writes them through
# elements, as openpyxl would (the tests compare the two).
RAW_ROWS = True
THIN = Side(style="thin", color="000000")
ALL_BORDERS = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NO_BORDER = Border()
H_ALIGN = {"left": "left", "center": "center", "right": "right"}
V_ALIGN = {"top": "top", "center": "center", "bottom": "bottom"}


def safe_text(value):
    """The text with the control characters XML cannot hold removed."""
    return xml_text(value) if value else ""


def workbook_bytes(tables, metadata=None):
    """The workbook of `tables`; `metadata` ({name: text}, see metadata.py)
    is stored as custom document properties for the XLSX import."""
    workbook = Workbook(write_only=True)
    set_default_font(workbook)
    write_metadata(workbook, metadata)
    styles = _Styles(workbook)
    for table in tables:
        _write_sheet(workbook.create_sheet(table.sheet_name), continued(table), styles)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def set_default_font(workbook):
    """DEFAULT_FONT as the workbook's first font, which cells without a
    font of their own and the Normal style (bound to it again) use."""
    workbook._fonts = IndexedList([DEFAULT_FONT])
    workbook._named_styles["Normal"].font = DEFAULT_FONT


class _Styles:
    """Style arrays computed once per combination and workbook, and shared by
    every cell that has that style (openpyxl only reads a cell's array when
    it writes the cell). Each Font, Border and Alignment is added to the
    workbook's lists once: openpyxl hashes them field by field."""

    def __init__(self, workbook):
        self.workbook = workbook
        self._cache = {}
        self._ids = {}  # (collection, id(object)) -> index in the workbook's list

    def _id(self, collection, value):
        key = (collection, id(value))
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = getattr(self.workbook, collection).add(value)
        return found

    def get(self, cell, quote=False, number_format=None):
        key = (cell.h, cell.v, cell.bold, cell.border, cell.size, quote, number_format)
        style = self._cache.get(key)
        if style is None:
            style = StyleArray()
            style.fontId = self._id("_fonts", _font(cell.size, cell.bold))
            style.borderId = self._id("_borders", ALL_BORDERS if cell.border else NO_BORDER)
            style.alignmentId = self._id("_alignments", _alignment(cell.h, cell.v))
            style.quotePrefix = quote
            if number_format:
                style.numFmtId = self._number_format_id(number_format)
            style = self._cache[key] = _SharedStyle(style)
            style.style_id = self.workbook._cell_styles.add(style)
            style.id_text = str(style.style_id)
        return style


    def _number_format_id(self, number_format):
        """The format's id: a built-in one's ("0.00", "0%"), else the
        workbook's own, numbered after the built-in ones as openpyxl does."""
        if number_format in BUILTIN_FORMATS_REVERSE:
            return BUILTIN_FORMATS_REVERSE[number_format]
        return self.workbook._number_formats.add(number_format) + BUILTIN_FORMATS_MAX_SIZE


class _SharedStyle(StyleArray):
    """A style array shared by many cells, hashed once, that knows its
    index in the workbook's cell styles (the <c s="..."> of its cells)."""

    __slots__ = ("_hash", "style_id", "id_text")

    def __new__(cls, args):
        style = super().__new__(cls, args)
        style._hash = hash(tuple(style))
        return style

    def __hash__(self):
        return self._hash

    def __eq__(self, other):
        return self is other or super().__eq__(other)


@functools.lru_cache(maxsize=None)
def _font(size, bold):
    return Font(name=FONT_NAME, size=FONT_SIZE[size], bold=bold, charset=134)


@functools.lru_cache(maxsize=None)
def _alignment(h, v):
    return Alignment(horizontal=H_ALIGN[h], vertical=V_ALIGN[v], wrap_text=True)


_ROW_ATTRIBUTES = {}


def _row_attributes(ws, height):
    attributes = _ROW_ATTRIBUTES.get(height)
    if attributes is None:
        attributes = _ROW_ATTRIBUTES[height] = dict(RowDimension(ws, index=1, ht=height))
    return attributes


def _cell_xml(row, col, style, value="", number=None):
    """The <c> element of a cell at (row, col) (1-based) as text, exactly as
    openpyxl's cell writer writes it: a number (its exact decimal text), an
    inline string (never a formula; safe_text() made it fit for XML) or,
    without either, a styled empty cell."""
    head = f'<c r="{get_column_letter(col)}{row}" s="{style.id_text}" t='
    if number is not None:
        return f'{head}"n"><v>{plain(number)}</v></c>'
    if not value:
        return head + '"n" />'
    value = value[:MAX_TEXT]
    space = ' xml:space="preserve"' if value.strip() and value != value.strip() else ""
    return f'{head}"inlineStr"><is><t{space}>{_escape_cdata(value)}</t></is></c>'


def _write_sheet(ws, table, styles):
    ncols = table.width
    footer_row = len(table.rows) if table.footer else None
    nrows = len(table.rows) + (1 if footer_row is not None else 0)

    for i, column in enumerate(table.columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = round(column.width, 2)
    heights = _row_heights(table)
    if footer_row is not None:
        heights.append(LINE_HEIGHT["normal"] + ROW_PADDING)
    for i, height in enumerate(heights, 1):
        # The writer only reads a row's dimension as its <row> attributes:
        # give it those, made once per height, instead of a RowDimension.
        dict.__setitem__(ws.row_dimensions, i, _row_attributes(ws, height))

    merges = []  # the merged areas as their texts ("B3:C3"), in reading order
    grid = [[None] * ncols for _ in range(nrows)]
    for cell in table.cells():
        if cell.number is not None:
            style = styles.get(cell, number_format=cell.number_format)
            grid[cell.row][cell.col] = _cell_xml(cell.row + 1, cell.col + 1, style, number=cell.number)
        else:
            value = safe_text(cell.text)
            style = styles.get(cell, value.startswith(FORMULA_STARTS), cell.number_format)
            grid[cell.row][cell.col] = _cell_xml(cell.row + 1, cell.col + 1, style, value)
        if cell.rowspan > 1 or cell.colspan > 1:
            last_row, last_col = cell.row + cell.rowspan, cell.col + cell.colspan
            merges.append(_area(cell.row + 1, cell.col + 1, last_row, last_col))
            if cell.border:
                # Excel draws a merged area's border from every cell in it.
                covered = styles.get(cell)
                for r in range(cell.row, last_row):
                    for c in range(cell.col, last_col):
                        if (r, c) != (cell.row, cell.col):
                            grid[r][c] = _cell_xml(r + 1, c + 1, covered)
    if footer_row is not None:
        style = styles.get(Cell(h="left", border=False))
        grid[footer_row][0] = _cell_xml(footer_row + 1, 1, style, safe_text(table.footer))
        merges.append(_area(footer_row + 1, 1, footer_row + 1, ncols))

    _print_setup(ws, table)
    # The rows hold their cells' XML, made directly: openpyxl would make a
    # Cell of each value (WriteOnlyWorksheet._values_to_row) and then its
    # element (WorksheetWriter.write_row), working out its coordinate, type
    # and style id again, and serialise that element in Python.
    ws._values_to_row = _placed_cells
    ws._get_writer()  # writes the sheet's head: the widths and print settings are set
    ws._writer.write_row = functools.partial(_write_row, ws)
    for row in grid:
        ws.append(row)
    # The <mergeCells> element, written from the areas' texts: openpyxl's
    # writer would make a CellRange of each area in ws.merged_cells, turn it
    # back into text and parse that into a MergeCell (the grid's areas never
    # overlap, so nothing is lost by not checking them against each other).
    ws._writer.write_merged_cells = functools.partial(_write_merged_cells, ws._writer, merges)
    # Every sheet has the same footer: send its element, made once.
    ws._writer.write_header = functools.partial(ws._writer.xf.send, _footer_element())


def _placed_cells(cells, row_idx):
    return [cell for cell in cells if cell is not None]


def _write_row(ws, xf, cells, row_idx):
    """WorksheetWriter.write_row for a row of cells given as their XML.

    et_xmlfile (openpyxl's writer without lxml) serialises every element in
    Python, most of a sheet's time: the row goes to its output as the text
    it would have written. With another writer (lxml, which has no such
    output), the cells are handed over as elements."""
    attributes = {"r": f"{row_idx}"}
    attributes.update(ws.row_dimensions.get(row_idx, {}))
    if RAW_ROWS and isinstance(xf, _EtXmlFileWriter):
        start = "".join(f' {key}="{_escape_attrib(value)}"' for key, value in attributes.items())
        xf._file(f"<row{start}>{''.join(cells)}</row>")
        return
    with xf.element("row", attributes):
        for cell in cells:
            xf.write(fromstring(cell))


def _area(first_row, first_col, last_row, last_col):
    return f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"


def _write_merged_cells(writer, areas):
    """WorksheetWriter.write_merged_cells for areas given as texts: the same
    element MergeCells(mergeCell=...).to_tree() makes."""
    if areas:
        element = Element("mergeCells", count=str(len(areas)))
        for area in areas:
            SubElement(element, "mergeCell", ref=area)
        writer.xf.send(element)


def _row_heights(table):
    heights = [0.0] * len(table.rows)
    spanning = []
    spans = {}  # (col, colspan) -> width, as Table.span_width sums it
    for cell in table.cells():
        if cell.text:
            width = spans.get((cell.col, cell.colspan))
            if width is None:
                width = spans[cell.col, cell.colspan] = table.span_width(cell)
            lines = line_count(cell.text, width)
        else:
            lines = 1
        need = max(lines * LINE_HEIGHT[cell.size] + ROW_PADDING, lines * LIBREOFFICE_LINE_HEIGHT[cell.size] + 1)
        if cell.rowspan == 1:
            if need > heights[cell.row]:
                heights[cell.row] = need
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
    set_footer(ws.oddFooter)


def set_footer(footer):
    footer.center.text = "第 &P 页，共 &N 页"
    footer.center.size = 9
    footer.center.font = FONT_NAME


@functools.lru_cache(maxsize=1)
def _footer_element():
    """The <headerFooter> element of every sheet (the page numbers); the
    writer only serialises it."""
    header_footer = HeaderFooter()
    set_footer(header_footer.oddFooter)
    return header_footer.to_tree()
