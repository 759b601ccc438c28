"""PDF renderer: WeasyPrint prints the page from html.py.

WeasyPrint may read nothing but our own files: LocalFetcher allows file://
URLs under the project's static/ directory and the CJK font file, and
refuses everything else. A merged 一级 / 二级 cell split by a page break would
show its label on the first page only, so the page is laid out, the breaks
inside merged cells are read back from the row markers, and the page is laid
out again with those cells cut at the breaks (repeated until stable). Most
documents are laid out once: when every table fits on its page, or no break
falls inside a labelled merged cell, the first layout is printed.

Per process, built once: the FontConfiguration and tables.css, parsed (as a
user stylesheet: the page has no author stylesheet left for it to lose to),
and the user-agent stylesheet the pages are printed with (print_ua.css).

The page reaches WeasyPrint parsed already: html.py writes it well-formed,
and expat (C) reads it in about a hundredth of the time WeasyPrint's
pure-Python HTML5 parser took (130 ms for a ten-project filing: a tenth of
its render). Text that XML cannot hold (control characters) goes through
WeasyPrint's parser as before. A test holds the PDFs of both ways
byte-identical.
"""
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import cssselect2  # WeasyPrint's own selector engine (one of its dependencies)
from weasyprint import CSS, HTML
from weasyprint.formatting_structure.boxes import TableRowBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import fonts
from .html import font_size_rules, page, parse_row_mark

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
STYLESHEET = STATIC_DIR / "tables" / "tables.css"
BASE_URL = STATIC_DIR.as_uri() + "/"
UA_STYLESHEET = Path(__file__).with_name("print_ua.css")
MAX_LAYOUTS = 4  # a cut rarely moves a break; stop if it keeps moving

# One font configuration for the process: building one per render reloads
# fontconfig's font list and the memory is not all given back.
_font_config = None
_stylesheets = {}  # font family -> tables.css with that family; a part rule -> its sheet
_ua_stylesheet = None
# Pango and fontconfig are not safe to drive from two threads at once.
_lock = threading.Lock()


class URLRefused(ValueError):
    pass


class LocalFetcher(URLFetcher):
    """Serves file:// URLs inside the allowed directories and files only."""

    def __init__(self, directories=(STATIC_DIR,), files=()):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.directories = [Path(d).resolve() for d in directories]
        self.files = {Path(f).resolve() for f in files}
        self.refused = []  # URLs asked for and refused, for the logs and tests

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = None
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
        allowed = path is not None and (
            path in self.files or any(path.is_relative_to(d) for d in self.directories)
        )
        if not allowed or not path.is_file():
            self.refused.append(url)
            raise URLRefused(f"refused to fetch {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(),
                                  headers={"Content-Type": content_type})


def font_config():
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


def reset_process_state():
    """In a forked child: start the renderer's per-process state afresh (the
    parent's lock may have been held at fork time)."""
    global _font_config, _lock, _ua_stylesheet
    _lock = threading.Lock()
    _font_config = None
    _ua_stylesheet = None
    _stylesheets.clear()


def stylesheet(font):
    """tables.css parsed once per process, with the font's family set for
    the tables and the page numbers."""
    sheet = _stylesheets.get(font.family)
    if sheet is None:
        family = font.family.replace("\\", "").replace('"', "")
        text = STYLESHEET.read_text(encoding="utf-8") + (
            f'\n.jx-tables {{ font-family: "{family}"; }}'
            f'\n@page {{ @bottom-center {{ font-family: "{family}"; }} }}\n') + font_size_rules()
        sheet = _stylesheets[font.family] = CSS(
            string=text, base_url=BASE_URL, url_fetcher=LocalFetcher(files=[font.path]),
            font_config=font_config())
    return sheet


def render_pdf(tables, page_numbers=True, first=True, last=True):
    """The tables as one PDF. A part of a filing's PDF (pdf_parts.py) is
    rendered without page numbers (第 n 页，共 m 页; pdf_compose.py numbers
    the joined pages) and, unless it comes first (last), without the page
    body's top (bottom) margin, which in a PDF of the whole filing only its
    first (last) table has: its pages are then those of the whole."""
    font = fonts.cjk_font()  # FontMissing before any work when there is none
    breaks = {}
    extra = [_part_sheet(rule) for rule, wanted in (
        (NO_PAGE_NUMBERS, not page_numbers), (NO_TOP_MARGIN, not first), (NO_BOTTOM_MARGIN, not last))
        if wanted]
    with _lock:
        for _ in range(MAX_LAYOUTS):
            document = _layout(tables, breaks, font, extra)
            if len(document.pages) <= len(tables):
                break  # every table on a page of its own: no break inside one
            wanted = cuts_needed(tables, page_starts(document))
            if wanted == breaks:
                break
            breaks = wanted
        return document.write_pdf()


def ua_stylesheet():
    """print_ua.css, parsed once per process."""
    global _ua_stylesheet
    if _ua_stylesheet is None:
        _ua_stylesheet = CSS(filename=UA_STYLESHEET, url_fetcher=LocalFetcher())
    return _ua_stylesheet


class TablePage(HTML):
    """A table page for WeasyPrint, from its markup (html.page()), printed
    with print_ua.css as its user-agent stylesheet."""

    def __init__(self, markup, url_fetcher):
        try:
            root = ElementTree.fromstring(markup)
        except ElementTree.ParseError:
            super().__init__(string=markup, base_url=BASE_URL, url_fetcher=url_fetcher)
            return
        # What HTML.__init__ sets once its parser has read the page.
        self.base_url = BASE_URL
        self.url_fetcher = url_fetcher
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms=False):
        return [ua_stylesheet()]


def _layout(tables, breaks, font, extra=()):
    markup = page(tables, breaks, css_href=None, anchors="data", compact=True)
    fetcher = LocalFetcher(files=[font.path])
    return TablePage(markup, fetcher).render(font_config=font_config(),
                                             stylesheets=[stylesheet(font), *extra])


NO_PAGE_NUMBERS = "@page { @bottom-center { content: none; } }"
NO_TOP_MARGIN = ".jx-print { margin-top: 0; }"
NO_BOTTOM_MARGIN = ".jx-print { margin-bottom: 0; }"


def _part_sheet(rule):
    """One of the rules above, parsed once per process."""
    sheet = _stylesheets.get(rule)
    if sheet is None:
        sheet = _stylesheets[rule] = CSS(string=rule, url_fetcher=LocalFetcher())
    return sheet


def page_numbers_pdf(orientations):
    """Blank pages of the given orientations ("portrait" or "landscape")
    with nothing but the footer the tables print (第 n 页，共 m 页), laid
    out by the same stylesheet, to be drawn over the pages of tables
    rendered without it (pdf_compose.py)."""
    font = fonts.cjk_font()
    sheets = "".join(f'<section class="jx-sheet jx-{"landscape" if o == "landscape" else "portrait"}">'
                     "</section>" for o in orientations)
    markup = (f'<html lang="zh-CN"><head><title></title></head><body class="jx-print">'
              f'<div class="jx-tables">{sheets}</div></body></html>')
    fetcher = LocalFetcher(files=[font.path])
    with _lock:
        document = TablePage(markup, fetcher).render(font_config=font_config(), stylesheets=[stylesheet(font)])
        return document.write_pdf()


def page_starts(document):
    """{table number: [rows that begin a page after the table's first]};
    the repeated header rows carry no marker and are not counted, nor is a
    tall row continued from the page before (its label cannot be printed
    again in the middle of it)."""
    first_rows = {}  # table number -> [first row on each page it appears on]
    previous = set()  # (table number, row) laid out on the page before
    for page_ in document.pages:
        on_page = set(_marked_rows(page_._page_box))
        seen = {}
        for n, r in on_page - previous:
            seen[n] = min(r, seen.get(n, r))
        for n, r in seen.items():
            first_rows.setdefault(n, []).append(r)
        previous = on_page
    return {n: rows[1:] for n, rows in first_rows.items()}


def _marked_rows(page_box):
    """(table number, row) of each marked table row laid out on the page (a
    row split by the break counts on both pages). Cells are not entered."""
    stack = [page_box]
    while stack:
        box = stack.pop()
        if isinstance(box, TableRowBox):
            element = box.element
            key = parse_row_mark(element.get("data-jx")) if element is not None else None
            if key:
                yield key
        else:
            stack.extend(getattr(box, "children", ()))


def cuts_needed(tables, starts):
    """The page starts that fall inside a labelled merged cell (cells that
    begin in the repeated header are left alone)."""
    result = {}
    for n, rows in starts.items():
        table = tables[n]
        start, stop = table.header_rows or (len(table.rows), len(table.rows))
        merged = [(c.row, c.row + c.rowspan) for c in table.cells()
                  if c.rowspan > 1 and c.text and not start <= c.row < stop]
        cuts = {r for r in rows if any(top < r < end for top, end in merged)}
        if cuts:
            result[n] = cuts
    return result
