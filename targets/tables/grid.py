"""The grid an official table is built as: cells with row and column spans,
alignment, borders and weight; column widths in character units; page
orientation; the header rows repeated on each printed page; the footer.

Layout builders (hebei.py, hunan.py, anhui.py) fill it; the XLSX, HTML and
PDF renderers only read it, so the three outputs cannot drift apart, and the
workbook reader learns from it where each field stands.
"""
import functools
import math
from dataclasses import dataclass, field

PORTRAIT = "portrait"
LANDSCAPE = "landscape"

# Horizontal padding a cell needs beside its text, in character units.
CELL_PADDING = 2


@dataclass
class Cell:
    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    h: str = "center"  # left | center | right
    v: str = "center"  # top | center | bottom
    bold: bool = False
    border: bool = True
    size: str = "normal"  # "title" for the big table title, else "normal"
    # The filing/1 field the cell prints, as "part.key" of targets.field_catalogue
    # ("project.budget.fiscal"); on an indicator table's header cell, the field
    # of the column under it. The workbook reader finds each field by it.
    field: str = None
    # For the workbook: the number the cell holds (a Decimal) and the number
    # format that prints it as `text` reads, so Excel and WPS can calculate
    # with it; None for a text cell. HTML and PDF print `text`.
    number: object = None
    number_format: str = None
    # Placement in the grid, set by Table.add.
    row: int = 0
    col: int = 0


@dataclass
class Column:
    """One grid column; fit_columns() picks a width between the bounds."""

    min_width: float
    max_width: float
    width: float = 0.0


@dataclass
class Table:
    key: str  # "department" or "project-<index>"
    title: str
    sheet_name: str
    orientation: str
    columns: list
    rows: list = field(default_factory=list)  # rows of Cells, anchors only
    # (start, stop) of the rows printed again at the top of every page.
    header_rows: tuple = None
    # Rows at the top that are the title block (no borders).
    title_rows: int = 0
    footer: str = ""
    project_index: int = None

    def __post_init__(self):
        self._covered = set()  # (row, col) already taken by a cell
        self._next_col = {}  # row -> the column after the last cell added to it

    # --- building -------------------------------------------------------

    def new_row(self):
        self.rows.append([])
        return len(self.rows) - 1

    def add(self, text="", colspan=1, rowspan=1, **style):
        """Put a cell at the next free column of the current row."""
        r = len(self.rows) - 1
        c = self._next_col.get(r, 0)  # cells are added left to right
        while (r, c) in self._covered:
            c += 1
        if c + colspan > len(self.columns):
            raise ValueError(f"row {r} of {self.key} overflows at column {c}")
        cell = Cell(text="" if text is None else text, colspan=colspan,
                    rowspan=rowspan, row=r, col=c, **style)
        if rowspan == colspan == 1:
            self._covered.add((r, c))
        else:
            for dr in range(rowspan):
                for dc in range(colspan):
                    self._covered.add((r + dr, c + dc))
        self._next_col[r] = c + colspan
        self.rows[r].append(cell)
        return cell

    def mark_header(self, start, stop):
        self.header_rows = (start, stop)

    # --- reading --------------------------------------------------------

    @property
    def width(self):
        return len(self.columns)

    def cells(self):
        for row in self.rows:
            yield from row

    def at(self, r, c):
        """The cell whose area holds (r, c), or None."""
        for cell in self.cells():
            if cell.row <= r < cell.row + cell.rowspan and cell.col <= c < cell.col + cell.colspan:
                return cell
        return None

    def text_rows(self):
        """Each grid row as a list of column texts ("" where covered)."""
        grid = [[""] * self.width for _ in self.rows]
        for cell in self.cells():
            grid[cell.row][cell.col] = cell.text
        return grid

    def check(self):
        """Every position covered exactly once; raises ValueError otherwise."""
        seen = {}
        for cell in self.cells():
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if (r, c) in seen:
                        raise ValueError(f"{self.key}: ({r}, {c}) covered twice")
                    seen[(r, c)] = cell
        missing = [(r, c) for r in range(len(self.rows)) for c in range(self.width)
                   if (r, c) not in seen]
        if missing:
            raise ValueError(f"{self.key}: positions not covered: {missing[:5]}")

    def span_width(self, cell):
        return sum(col.width for col in self.columns[cell.col:cell.col + cell.colspan])


# --- measuring text ----------------------------------------------------------


def text_width(text):
    """Display width in character units: a CJK (or other non-ASCII BMP)
    character counts two, an ASCII character one. Uses the UTF-8 length
    because that runs in C: a 3-byte character adds two extra bytes."""
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def paragraph_widths(text):
    """text_width() of each line of the text. Short texts (labels, values)
    repeat from cell to cell and table to table: their answers are kept."""
    if len(text) <= SHORT_TEXT:
        return _short_paragraph_widths(text)
    return tuple(text_width(part) for part in text.split("\n"))


SHORT_TEXT = 64


@functools.lru_cache(maxsize=4096)
def _short_paragraph_widths(text):
    return tuple(text_width(part) for part in text.split("\n"))


def line_count(text, width):
    """Lines the text wraps to in a box `width` units wide (at least one)."""
    usable = max(width - CELL_PADDING, 2)
    widths = paragraph_widths(text)
    if len(widths) == 1:
        return max(1, math.ceil(widths[0] / usable))
    return sum(max(1, math.ceil(w / usable)) for w in widths)


def fit_columns(table):
    """Set each column's width from the longest paragraph of the single-column
    cells in it, within the bounds the layout gives."""
    natural = [0.0] * table.width
    for cell in table.cells():
        if cell.colspan == 1 and cell.text:
            widest = max(paragraph_widths(cell.text)) + CELL_PADDING
            natural[cell.col] = max(natural[cell.col], widest)
    for column, want in zip(table.columns, natural):
        column.width = float(min(max(want, column.min_width), column.max_width))
    return table
