"""HTML renderer: the tables as the app previews them and as WeasyPrint
prints them (templates/tables/, static/tables/tables.css).

Each Table becomes a <section>: a first <table> with the rows above the
repeated header, then a second <table> whose <thead> holds the header rows
(repeated on every printed page) and whose <tbody> holds the rest. A merged
cell is cut where it crosses from <thead> to <tbody> (the header part keeps
the text, the body part continues it without a top border) and, for the
PDF, where a page break falls inside it, so the label shows again at the top
of the new page.

Body rows can carry a marker that says which table and row they are, so the
PDF renderer can read back where the pages break: `id="jx0r9"` (anchors=True,
the page_html() a person reads) or `data-jx="0:9"` (anchors="data", what
WeasyPrint prints: an id becomes a PDF anchor, and WeasyPrint gives every
element with one a style of its own, which made the cascade and layout of a
table about 10 % slower).
"""
import re

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .grid import LANDSCAPE, line_count

# Printable width of an A4 page with the margins of tables.css, in mm.
PRINTABLE_WIDTH_MM = {"portrait": 210 - 2 * 12, "landscape": 297 - 2 * 12}
FONT_PT_RANGE = (7.0, 10.5)
PT_PER_MM = 72 / 25.4
BREAK_EVERY = 20  # characters of an unbroken run between two offered breaks
ZERO_WIDTH_SPACE = "\u200b"
PIECE_LENGTH = 2000  # characters of a long text laid out as one piece


def fragment(tables, breaks=None, anchors=False, compact=False):
    """The tables as HTML to embed in a page (which links tables.css);
    `anchors`: False, True (row ids) or "data" (data-jx row markers).
    `compact`: the markup WeasyPrint parses, without the default alignment
    classes and the line breaks between rows, and with the font size as a
    class (font_size_rules()) instead of an inline style."""
    breaks = breaks or {}
    models = [_table_model(n, t, breaks.get(n, ()), anchors, compact) for n, t in enumerate(tables)]
    return mark_safe(render_to_string("tables/tables.html", {"tables": models}))


def page(tables, breaks=None, font_family=None, css_href="tables/tables.css", anchors=True,
         compact=False):
    """A whole HTML page for WeasyPrint; row markers let the PDF renderer see
    where the pages break. Without css_href the page links no stylesheet (the
    PDF renderer passes tables.css already parsed)."""
    return render_to_string("tables/page.html", {
        "title": tables[0].title if tables else "",
        "body": fragment(tables, breaks, anchors=anchors, compact=compact),
        "font_family": font_family,
        "css_href": css_href,
    })


def row_id(table_number, row):
    return f"jx{table_number}r{row}"


def row_mark(table_number, row):
    return f"{table_number}:{row}"


def parse_row_mark(mark):
    """(table number, row) for a mark made by row_mark, else None."""
    left, _, right = (mark or "").partition(":")
    if left.isdigit() and right.isdigit():
        return int(left), int(right)
    return None


def parse_row_id(anchor):
    """(table number, row) for an id made by row_id, else None."""
    if not anchor.startswith("jx") or "r" not in anchor:
        return None
    left, _, right = anchor[2:].partition("r")
    if left.isdigit() and right.isdigit():
        return int(left), int(right)
    return None


def font_size(table):
    """The body font size that fits the table's columns on the page width,
    the way a spreadsheet's fit-to-width scales it (a CJK character takes
    two width units)."""
    units = sum(c.width for c in table.columns) or 1
    mm_per_em = 2 * PRINTABLE_WIDTH_MM[table.orientation] / units
    low, high = FONT_PT_RANGE
    return round(min(max(mm_per_em * PT_PER_MM * 0.95, low), high), 1)


def font_size_class(size):
    """The class the compact markup gives a sheet for its font size
    ("jx-fs93" for 9.3pt): an inline style would give every sheet, and every
    row and cell in it, a computed style of its own in WeasyPrint, where
    sheets with a class share them."""
    return f"jx-fs{round(size * 10)}"


def font_size_rules():
    """The CSS rules of font_size_class() for every size font_size() gives."""
    low, high = (round(x * 10) for x in FONT_PT_RANGE)
    return "\n".join(f".jx-fs{tenths} {{ font-size: {tenths / 10}pt; }}" for tenths in range(low, high + 1))


def _table_model(n, table, page_breaks, anchors, compact=False):
    start, stop = table.header_rows or (len(table.rows), len(table.rows))
    cuts = {start, stop}
    page_breaks = {r for r in page_breaks if not start <= r <= stop}
    rows = [[] for _ in table.rows]
    for cell in table.cells():
        end = cell.row + cell.rowspan
        edges = sorted({cell.row, end} | {c for c in cuts | page_breaks if cell.row < c < end})
        for top, bottom in zip(edges, edges[1:]):
            first = top == cell.row
            # After a page break the label is printed again, unless the cell
            # began in the header, which the new page repeats anyway.
            again = not first and top in page_breaks and not start <= cell.row < stop
            rows[top].append((cell.col, _td(cell, bottom - top, first, again, compact)))
    for row in rows:
        # Pieces of cells cut at a page break arrive out of column order.
        row.sort(key=lambda piece: piece[0])
    tall = tall_rows(table)
    model_rows = []
    for r, cells in enumerate(rows):
        # Header rows are repeated on every page, so they get no marker.
        marked = anchors and not start <= r < stop
        attributes = ' class="tall"' if r in tall else ""
        if marked and anchors == "data":
            attributes += f' data-jx="{row_mark(n, r)}"'
        elif marked:
            attributes += f' id="{row_id(n, r)}"'
        model_rows.append(f"<tr{attributes}>" + "".join(td for _, td in cells) + "</tr>")
    # Rows one to a line, as a person reads the page; none between them in
    # the compact markup WeasyPrint parses.
    joiner = "" if compact else "\n"

    def group(rows_):
        return mark_safe("".join(joiner + row for row in rows_) + joiner)

    parts = []
    if start:
        parts.append({"class": "jx-lead", "groups": [("tbody", group(model_rows[:start]))]})
    if stop > start or stop < len(rows):
        groups = [("thead", group(model_rows[start:stop]))] if stop > start else []
        groups.append(("tbody", group(model_rows[stop:])))
        parts.append({"class": "jx-main", "groups": groups})
    size = font_size(table)
    return {
        "number": n,
        "orientation": LANDSCAPE if table.orientation == LANDSCAPE else "portrait",
        "font_size": size,
        "font_class": font_size_class(size) if compact else "",
        "columns": [round(100 * c.width / sum(x.width for x in table.columns), 3)
                    for c in table.columns],
        "parts": parts,
        "footer": table.footer,
        "title": table.title,
        "compact": compact,
    }


def tall_rows(table):
    """The rows with a cell of more than TALL_LINES lines. A page breaks
    inside such a row (under the repeated header), where a shorter row is
    kept whole on the next page: moving a tall one left most of a page
    blank, and one taller than a page ran over the next without a header."""
    spans = {}
    tall = set()
    for cell in table.cells():
        if cell.rowspan == 1 and len(cell.text) > TALL_LINES:
            width = spans.get((cell.col, cell.colspan))
            if width is None:
                width = spans[cell.col, cell.colspan] = table.span_width(cell)
            if line_count(cell.text, width) > TALL_LINES:
                tall.add(cell.row)
    return tall


# A quarter of a portrait page of text at the tables' usual font size.
TALL_LINES = 15


def _td(cell, rowspan, first, again, compact):
    """One <td> (a cell, or the part of a merged cell between two cuts) as
    the template would write it, its text escaped as Django escapes. The
    compact markup leaves out the classes of the usual alignment (h-center,
    v-center), which tables.css gives every cell."""
    if compact:
        classes = [] if cell.h == "center" else [f"h-{cell.h}"]
        if cell.v != "center":
            classes.append(f"v-{cell.v}")
    else:
        classes = [f"h-{cell.h}", f"v-{cell.v}"]
    if cell.bold:
        classes.append("b")
    if not cell.border:
        classes.append("nb")
    if cell.size != "normal":
        classes.append(cell.size)
    if not (first or again):
        classes.append("cont")
    attributes = f' class="{" ".join(classes)}"' if classes else ""
    if cell.colspan > 1:
        attributes += f' colspan="{cell.colspan}"'
    if rowspan > 1:
        attributes += f' rowspan="{rowspan}"'
    text = _cell_text(cell.text) if first or again else ""
    return f"<td{attributes}>{text}</td>"


def _cell_text(text):
    """The cell's text, escaped, and for a long text in pieces of
    PIECE_LENGTH characters, each a <span>: WeasyPrint encodes the rest of
    a text again for each line it breaks off, so a text of n characters in
    one piece costs n² (200,000 characters: 40 s), and in pieces, n."""
    text = breakable(text)
    if len(text) <= PIECE_LENGTH:
        return escape(text)
    return "".join(f"<span>{escape(text[i:i + PIECE_LENGTH])}</span>" for i in range(0, len(text), PIECE_LENGTH))


# A run of characters with no place to break a line: no space, and no CJK
# character (a line may break beside any of those).
_UNBROKEN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]{%d,}" % (2 * BREAK_EVERY))


def breakable(text):
    """The text with a zero-width space every BREAK_EVERY characters of a
    long unbroken run (a URL, a string of digits or letters). WeasyPrint
    finds a break inside such a run by laying out ever shorter pieces of
    it: 10,000 characters took 19 s, a million never finished. Short runs,
    such as project codes, are left alone."""
    if len(text) < 2 * BREAK_EVERY:
        return text
    return _UNBROKEN.sub(lambda run: _every(run.group(), BREAK_EVERY), text)


def _every(run, step):
    return ZERO_WIDTH_SPACE.join(run[i:i + step] for i in range(0, len(run), step))
