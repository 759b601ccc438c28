"""Where each layout's tables print each field, learnt from the table
builders themselves (targets/tables), so that the reader names no label of
its own: a label changed in a builder is read back without a second edit.

A blank filing is built in the layout; every cell marked with a field
(Cell.field) is a value, found in a sheet through the label beside it (or,
where another value stands left of it, the heading above it), or after the
label in the label's own cell ("资金总额：109.04"). Rows move when rows are
inserted in Excel, columns stay: a value's row is counted from its label's,
its column is the builder's.
"""
import functools
from dataclasses import dataclass

from targets import field_catalogue as catalogue
from targets import tables

from .sheet import normal

KINDS = ("department", "project")
# The amount unit of the blank filing: finding it in a label shows where a
# table prints the unit ("单位：万元").
BLANK_UNIT = "万元"


@dataclass(frozen=True)
class Place:
    """Where a table prints one field."""

    field: str  # "project.budget.fiscal": catalogue part and key
    label: str  # the label as printed, whitespace removed
    nth: int  # which cell with that label, counted row by row from 0
    rows_down: int  # from the label's row to the value's
    column: int  # the value's column, 1-based as openpyxl counts; None: after the label in its cell

    @property
    def part(self):
        return self.field.rpartition(".")[0]

    @property
    def key(self):
        return self.field.rpartition(".")[2]


@dataclass(frozen=True)
class TableMap:
    places: tuple  # a Place for every field the table prints in a cell
    headings: dict  # {header label (normal()): indicator key} of the indicator table
    labels: tuple  # texts of the cells below the title (normal()), in table order
    unit_labels: tuple  # (before, after) the amount unit in a label (normal()): ("单位:", "")
    has_footer: bool  # the contact line is printed under the table
    title_lines: int  # non-empty rows over the table (title, unit line) where no part heading stands over it


@functools.lru_cache(maxsize=None)
def table_map(layout, kind):
    """The TableMap of a layout's "department" or "project" table, None where
    the layout has no such table."""
    built = tables.build_tables(_blank_document(layout))
    department = built[0] if len(built) > 1 else None
    table = department if kind == "department" else built[-1]
    if table is None:
        return None
    header = range(*table.header_rows) if table.header_rows else range(0)
    return TableMap(
        places=tuple(_place(table, cell) for cell in table.cells() if cell.field and cell.row not in header),
        headings={normal(cell.text): cell.field.rpartition(".")[2]
                  for cell in table.cells() if cell.field and cell.row in header},
        labels=tuple(normal(cell.text) for cell in table.cells()
                     if cell.row >= table.title_rows and cell.text),
        unit_labels=tuple(tuple(normal(part) for part in cell.text.split(BLANK_UNIT, 1))
                          for cell in table.cells() if BLANK_UNIT in cell.text),
        has_footer=bool(table.footer),
        title_lines=sum(1 for row in table.rows[:table.title_rows] if any(cell.text for cell in row)),
    )


def marks(layout, kind):
    """The labels that only this table prints, of all layouts' tables: any
    of them tells which table a sheet holds (all of them, so that one label
    changed in Excel leaves the sheet known). () where there is no such table."""
    own = table_map(layout, kind)
    if own is None:
        return ()
    others = {label for other in tables.BUILDERS for other_kind in KINDS if (other, other_kind) != (layout, kind)
              for label in getattr(table_map(other, other_kind), "labels", ())}
    return tuple(label for label in own.labels if label not in others)


def _blank_document(layout):
    """A filing with every field empty: a value cell prints no more than what
    a label adds to it."""
    def blank(part):
        return {key: None for key in catalogue.keys(part)}

    project = blank("project") | {"budget": None, "spending_plan": [], "indicators": []}
    return {
        "format": "filing/1", "year": 2024, "layout": layout, "amount_unit": BLANK_UNIT,
        "unit": {"code": None, "name": None, "region": None},
        "department": blank("department") | {"budget": None, "indicators": []},
        "projects": [project], "contact": None,
    }


def _place(table, cell):
    if cell.text:
        # A label the value follows in the same cell: its text in a blank filing.
        if catalogue.get(*cell.field.rsplit(".", 1)).kind != catalogue.AMOUNT:
            raise ValueError(f"{table.key}: only an amount can follow its label in one cell ({cell.field})")
        return Place(cell.field, _printed(cell.text), _nth(table, cell, prefix=True), 0, None)
    label = _label_of(table, cell)
    return Place(cell.field, _printed(label.text), _nth(table, label), cell.row - label.row, cell.col + 1)


def _label_of(table, cell):
    """The cell left of a value, or, where another value stands there, the
    heading above it."""
    for r, c in ((cell.row, cell.col - 1), (cell.row - 1, cell.col)):
        neighbour = table.at(r, c) if r >= 0 and c >= 0 else None
        if neighbour is not None and neighbour.field is None and neighbour.text:
            return neighbour
    raise ValueError(f"{table.key}: no label beside or above the value of {cell.field}")


def _nth(table, target, prefix=False):
    """How many cells before `target`, row by row, a sheet search for its
    label would also find."""
    label, count = normal(target.text), 0
    for cell in table.cells():
        if cell is target:
            return count
        text = normal(cell.text)
        if text and (text.startswith(label) if prefix else text == label):
            count += 1
    raise ValueError(f"{table.key}: cell not in its table")


def _printed(text):
    return "".join(text.split())
