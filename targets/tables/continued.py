"""Long texts in the workbook: a spreadsheet row is at most 409 pt tall,
and LibreOffice and Excel print no more of a cell than its row shows. A
text longer than that continues in the cells below it, on rows of their
own, with every other cell of its row (the label, the row's other values)
merged across them, so the whole text is printed.

Only the workbook is cut: the PDF breaks a tall row where the page ends.
Each continuing cell carries CONTINUED as its number format, which prints a
text as it is; the workbook reader joins such a cell to the one above it
(targets/workbook_reader/reading.py), so a text comes back as it was.
"""
import dataclasses
import math

from .grid import CELL_PADDING, line_count, text_width

# A text's number format section ("@") alone: prints the text unchanged,
# and is one no exported cell and hardly any typed one has.
CONTINUED = ";;;@"
# Lines a piece may wrap to: 409 pt holds 28 lines of 14 pt; LibreOffice's
# lines of 宋体 10.5 are a little taller, and its wrapping differs from ours.
PIECE_LINES = 22


def continued(table):
    """The table with each text taller than a row can be cut into pieces on
    rows of their own; the table itself when none is."""
    pieces = {}  # id(cell) -> [texts]
    extra = [0] * len(table.rows)  # rows added after each row
    for cell in table.cells():
        if cell.rowspan == 1 and cell.number is None and cell.text and len(cell.text) > PIECE_LINES:
            width = table.span_width(cell)
            if line_count(cell.text, width) > PIECE_LINES:
                parts = pieces[id(cell)] = cut(cell.text, width)
                extra[cell.row] = max(extra[cell.row], len(parts) - 1)
    if not pieces:
        return table
    start = [0]  # the new row of each old row, and the new row count at the end
    for added in extra:
        start.append(start[-1] + 1 + added)
    rows = [[] for _ in range(start[-1])]
    for cell in table.cells():
        top, bottom = start[cell.row], start[cell.row + cell.rowspan]
        parts = pieces.get(id(cell))
        if parts is None:
            rows[top].append(dataclasses.replace(cell, row=top, rowspan=bottom - top))
            continue
        for n, part in enumerate(parts):
            last = n == len(parts) - 1
            rows[top + n].append(dataclasses.replace(
                cell, text=part, row=top + n, rowspan=bottom - top - n if last else 1,
                number_format=CONTINUED if n else None, field=cell.field if not n else None))
    for row in rows:
        row.sort(key=lambda cell: cell.col)
    header = table.header_rows and (start[table.header_rows[0]], start[table.header_rows[1]])
    return dataclasses.replace(table, rows=rows, header_rows=header or None,
                               title_rows=start[table.title_rows])


def cut(text, width):
    """The text in pieces of at most PIECE_LINES lines in a box `width`
    units wide, which joined give the text again. A piece ends at the end
    of a paragraph where one fits (its line break stays at its end), else
    inside the paragraph at a line's end."""
    usable = max(width - CELL_PADDING, 2)
    pieces, current, lines = [], "", 0
    paragraphs = text.split("\n")
    for n, paragraph in enumerate(paragraphs):
        paragraph += "\n" if n < len(paragraphs) - 1 else ""
        need = max(1, math.ceil(text_width(paragraph.rstrip("\n")) / usable))
        if lines + need <= PIECE_LINES:
            current, lines = current + paragraph, lines + need
            continue
        if current:
            pieces.append(current)
            current, lines = "", 0
        while need > PIECE_LINES:  # a paragraph longer than a piece: cut at a line's end
            head = _first_lines(paragraph, usable, PIECE_LINES)
            pieces.append(head)
            paragraph = paragraph[len(head):]
            need = max(1, math.ceil(text_width(paragraph.rstrip("\n")) / usable))
        current, lines = paragraph, need
    if current:
        pieces.append(current)
    return pieces


def _first_lines(paragraph, usable, lines):
    """The longest start of the paragraph that fills at most `lines` lines."""
    budget, used = usable * lines, 0
    for index, character in enumerate(paragraph):
        used += text_width(character)
        if used > budget:
            return paragraph[:index]
    return paragraph
