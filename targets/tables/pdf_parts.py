"""A whole filing's PDF made of its tables' PDFs, each kept by a digest of
what it prints, so that after a save only the tables that changed are
rendered again (a project table takes ~0.15 s, the whole 20 × 15 filing
~2–4 s) and the filing's PDF is joined from them (pdf_compose.py, ~0.3 s).

    filing_pdf(document, parts=None) -> bytes

A table's key is the SHA-256 of its grid (every cell's text, span, style
and place, the columns, orientation, title, header rows and footer: all
that html.py and pdf.py read) and of its place (first, last: the page
body's margins), so a part is reused for exactly the table it was rendered
from, whichever document field the table's text came from. The renderer's
code and fonts are in the cache folder's name (export_cache.renderer_id).
"""
import hashlib

from . import build_tables


def _public(thing):
    """An object's attributes in a stable text (the dataclasses of grid.py:
    a field added there is in the key without a change here)."""
    return repr([(name, value) for name, value in vars(thing).items()
                 if not name.startswith("_") and name not in ("rows", "columns")])


def table_key(table, first, last):
    digest = hashlib.sha256()
    digest.update(_public(table).encode("utf-8"))
    for column in table.columns:
        digest.update(_public(column).encode("utf-8"))
    for row in table.rows:
        digest.update(b"\n")
        for cell in row:
            digest.update(_public(cell).encode("utf-8"))
    return f"{digest.hexdigest()[:40]}-{int(first)}{int(last)}"


def page_numbers(orientations, parts=None):
    """The footers of pages of these orientations (pdf.page_numbers_pdf),
    kept with the parts: the same for every filing of as many pages."""
    from .pdf import page_numbers_pdf

    key = "pages-" + hashlib.sha256(",".join(orientations).encode()).hexdigest()[:40]
    content = parts.get(key) if parts is not None else None
    if content is None:
        content = page_numbers_pdf(orientations)
        if parts is not None:
            parts.put(key, content)
    return content


def filing_pdf(document, parts=None):
    """The whole filing's PDF, its tables taken from `parts` (an object
    with get(key) and put(key, bytes), export_cache.PartCache) where it
    holds them, rendered and stored there where not."""
    from .pdf import render_pdf
    from .pdf_compose import compose

    tables = build_tables(document)
    if not tables:
        return render_pdf(tables)
    rendered = []
    for n, table in enumerate(tables):
        first, last = n == 0, n == len(tables) - 1
        key = table_key(table, first, last)
        content = parts.get(key) if parts is not None else None
        if content is None:
            content = render_pdf([table], page_numbers=False, first=first, last=last)
            if parts is not None:
                parts.put(key, content)
        rendered.append(content)
    return compose(rendered, lambda orientations: page_numbers(orientations, parts))
