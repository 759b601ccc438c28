"""One worksheet as the import sees it: values with merged areas resolved,
cells found by their label rather than by position (rows may have been
inserted or deleted in Excel/WPS), and every place named `工作表!B7`.
"""
import datetime
import unicodedata
from decimal import Decimal

from openpyxl.utils import get_column_letter, range_boundaries


def normal(text):
    """A label for comparing: full-width forms folded (NFKC: "：" -> ":",
    "（" -> "("), all whitespace removed."""
    if text is None:
        return ""
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def cell_text(value):
    """A cell's content as the text it shows; None when empty. Numbers go
    through their shortest repr, never through float arithmetic."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return decimal_text(Decimal(repr(value)))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def decimal_text(number):
    """Decimal("95.0") -> "95", Decimal("1E-5") -> "0.00001"."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


class Sheet:
    """Read access to a loaded openpyxl worksheet. Rows and columns are
    1-based, as Excel counts them."""

    def __init__(self, title, cells, merged):
        """`cells`: {(row, column): (value, number format)} of the non-empty
        cells; `merged`: the merged areas as "A1:G1" references."""
        self.title = title
        self.values = {key: value for key, (value, _) in cells.items()}
        self.formats = {key: number_format for key, (_, number_format) in cells.items()}
        # Every position inside a merged area points at its top-left cell.
        self.anchors = {}
        for area in merged:
            min_col, min_row, max_col, max_row = range_boundaries(area)
            for r in range(min_row, max_row + 1):
                for c in range(min_col, max_col + 1):
                    self.anchors[(r, c)] = (min_row, min_col)
        self.max_row = max([r for r, _ in self.values] + [r for r, _ in self.anchors] + [0])
        self.max_col = max([c for _, c in self.values] + [c for _, c in self.anchors] + [0])

    # --- values ---------------------------------------------------------

    def anchor(self, r, c):
        return self.anchors.get((r, c), (r, c))

    def value(self, r, c):
        """The raw value shown at (r, c): a merged area's value everywhere in it."""
        return self.values.get(self.anchor(r, c))

    def number_format(self, r, c):
        return self.formats.get(self.anchor(r, c), "")

    def text(self, r, c):
        return cell_text(self.value(r, c))

    def label(self, r, c):
        return normal(self.text(r, c))

    def is_merged(self, r, c):
        return (r, c) in self.anchors

    def ref(self, r, c):
        """`工作表!B7` of the cell holding the value at (r, c)."""
        r, c = self.anchor(r, c)
        return f"{self.title}!{get_column_letter(c)}{r}"

    def is_empty(self):
        return not any(cell_text(v) for v in self.values.values())

    # --- finding labels -------------------------------------------------

    def row_cells(self, r):
        """Columns of the distinct cells in row r, left to right (a merged
        area counts once, at its first column)."""
        columns, seen = [], set()
        for c in range(1, self.max_col + 1):
            key = self.anchor(r, c)
            if key not in seen:
                seen.add(key)
                columns.append(c)
        return columns

    def find(self, *labels, start=1, stop=None, prefix=False):
        """(row, column) of the first cell whose label is one of `labels`
        (or begins with one, with prefix=True), scanning rows from `start`."""
        wanted = [normal(label) for label in labels]
        for r in range(start, (stop or self.max_row) + 1):
            for c in self.row_cells(r):
                text = self.label(r, c)
                if not text:
                    continue
                if any(text.startswith(w) if prefix else text == w for w in wanted):
                    return r, c
        return None

    def find_nth(self, label, nth=0, prefix=False):
        """(row, column) of the nth cell (from 0), row by row, that find()
        would match."""
        wanted, seen = normal(label), 0
        for r in range(1, self.max_row + 1):
            for c in self.row_cells(r):
                text = self.label(r, c)
                if text and (text.startswith(wanted) if prefix else text == wanted):
                    if seen == nth:
                        return r, c
                    seen += 1
        return None
