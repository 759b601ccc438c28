"""A whole filing's PDF joined from PDFs of its tables rendered one at a
time (pdf_parts.py keeps them), so that a save re-renders only the tables
it changed.

Each table begins on a page of its own and is laid out alone, so its pages
are the pages it has in a PDF of the whole filing, but for two things the
whole document decides:

- the footer, 第 n 页，共 m 页: the tables are rendered without it, and the
  footers of all pages, laid out by the same stylesheet on blank pages of
  the same sizes (pdf.page_numbers_pdf), are drawn over them, each as a form
  XObject after the page's own content;
- the embedded font: each table's PDF carries its own subset of the CJK
  font; the joined PDF carries one subset of all their glyphs, made as
  WeasyPrint makes it (font_subset.py), so it is no larger than a PDF
  rendered in one go. Fonts of other families (a fallback for a rare
  character) keep their own subsets.

The tables print no outline (bookmarks) and no links, so there are none to
carry over; the document's title and language are the first table's.
"""
import io
import logging

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

from . import font_subset, fonts

logger = logging.getLogger(__name__)

PAGE_NUMBER = NameObject("/JxPageNumber")


def compose(parts, page_numbers=None):
    """One PDF (bytes) of the pages of `parts` (PDF bytes, in order),
    numbered. `page_numbers(orientations)` renders the footers (by default
    pdf.page_numbers_pdf)."""
    if page_numbers is None:
        from .pdf import page_numbers_pdf as page_numbers
    readers = [PdfReader(io.BytesIO(part)) for part in parts]
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader, import_outline=False)
    pages = list(writer.pages)
    orientations = ["landscape" if page.mediabox.width > page.mediabox.height else "portrait"
                    for page in pages]
    numbers = PdfReader(io.BytesIO(page_numbers(orientations)))
    if len(numbers.pages) != len(pages):
        raise RuntimeError(f"page numbers for {len(numbers.pages)} pages, not {len(pages)}")
    opening, closing = _stream(writer, b"q\n"), _stream(writer, b"\nQ\n/JxPageNumber Do\n")
    for page, footer in zip(pages, numbers.pages):
        _draw_over(writer, page, footer, opening, closing)
    _share_fonts(writer)
    first = readers[0] if readers else None
    if first is not None:
        if first.metadata:
            writer.add_metadata({key: value for key, value in first.metadata.items()})
        language = first.trailer["/Root"].get("/Lang")
        if language is not None:
            writer._root_object[NameObject("/Lang")] = language
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stream(writer, data):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _draw_over(writer, page, footer, opening, closing):
    """Draw the footer page over the page, as a form XObject after the
    page's content (wrapped in q … Q: WeasyPrint's content begins by
    flipping the coordinates and does not restore them)."""
    form = DecodedStreamObject()
    form.set_data(footer.get_contents().get_data())
    form = form.flate_encode()
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(NumberObject(round(x)) if float(x).is_integer() else x
                                         for x in footer.mediabox),
        NameObject("/Resources"): footer["/Resources"].clone(writer),
    })
    form_ref = writer._add_object(form)
    # A resources dictionary of the page's own: WeasyPrint's pages may share one.
    resources = DictionaryObject(page["/Resources"].get_object())
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    xobjects[PAGE_NUMBER] = form_ref
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    contents = page.get("/Contents")
    if contents is None:
        own = []
    elif isinstance(contents.get_object(), ArrayObject):
        own = list(contents.get_object())
    else:
        own = [contents if hasattr(contents, "idnum") else writer._add_object(contents)]
    page[NameObject("/Contents")] = ArrayObject([opening, *own, closing])


def _font_programs(writer):
    """{(base font, font file key): [(descriptor, cid font, encoding)]} of the
    Type0 fonts the pages and their forms use."""
    found = {}
    seen = set()

    def visit(resources):
        resources = resources.get_object() if resources is not None else None
        if not resources:
            return
        for font in (resources.get("/Font") or DictionaryObject()).get_object().values():
            font = font.get_object()
            if id(font) in seen or font.get("/Subtype") != "/Type0":
                continue
            seen.add(id(font))
            cid_font = font["/DescendantFonts"][0].get_object()
            descriptor = cid_font["/FontDescriptor"].get_object()
            for key in ("/FontFile3", "/FontFile2"):
                if key in descriptor:
                    found.setdefault((str(font.get("/BaseFont")), key), []).append(
                        (descriptor, cid_font, font.get("/Encoding")))
        for xobject in (resources.get("/XObject") or DictionaryObject()).get_object().values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in writer.pages:
        visit(page.get("/Resources"))
    return found


def _glyphs(cid_font):
    """The glyph ids of a CID font's /W array (WeasyPrint lists there each
    glyph the document uses, and only those)."""
    widths = cid_font.get("/W") or []
    glyphs = set()
    i = 0
    while i + 1 < len(widths):
        start, rest = int(widths[i]), widths[i + 1]
        if isinstance(rest, ArrayObject):
            glyphs.update(range(start, start + len(rest)))
            i += 2
        else:  # c_first c_last w
            glyphs.update(range(start, int(rest) + 1))
            i += 3
    return glyphs


def _share_fonts(writer):
    """Point every embedded subset of the CJK font at one subset of all the
    glyphs used. Left as they are (correct, larger) when HarfBuzz cannot be
    reached or does not make the subset WeasyPrint made."""
    try:
        font = fonts.cjk_font()
    except fonts.FontMissing:
        return
    for (base_font, key), users in _font_programs(writer).items():
        # A font with glyphs missing has an encoding of its own and a
        # subset with a .notdef outline: left alone.
        if len(users) < 2 or any(d.get("/FontFamily") != font.family or encoding != "/Identity-H"
                                 for d, _, encoding in users):
            continue
        try:
            index = font_subset.face_index(font.path, font.family)
            descriptor = users[0][0]
            glyphs = [_glyphs(c) for _, c, _ in users]
            if not _same_subsetting(font.path, index, descriptor[key].get_object(), glyphs[0]):
                logger.warning("PDF 合并：%s 的字体子集与 WeasyPrint 的不同，保留各表的字体", base_font)
                continue
            program = font_subset.subset(font.path, index, set().union(*glyphs))
        except font_subset.SubsetUnavailable:
            logger.warning("PDF 合并：无法调用 HarfBuzz 生成字体子集，保留各表的字体", exc_info=True)
            return
        stream = DecodedStreamObject()
        stream.set_data(program)
        stream = stream.flate_encode()
        if key == "/FontFile3":
            stream[NameObject("/Subtype")] = NameObject("/OpenType")
        else:
            stream[NameObject("/Length1")] = NumberObject(len(program))
        shared = writer._add_object(stream)
        old = set()
        for descriptor, _, _ in users:
            reference = descriptor.raw_get(key)
            if hasattr(reference, "idnum"):
                old.add(reference.idnum)
            descriptor[NameObject(key)] = shared
        for idnum in old:  # not written: nothing refers to them now
            writer._objects[idnum - 1] = None


_checked = {}  # (path, index, length of the program) -> whether we subset as WeasyPrint did


def _same_subsetting(path, index, program_stream, glyphs):
    """Whether our subset of one table's glyphs is the program WeasyPrint
    embedded for them (the same face, the same options); checked once per
    process and font."""
    program = program_stream.get_data()
    key = (path, index)
    if key not in _checked:
        _checked[key] = font_subset.subset(path, index, glyphs) == program
    return _checked[key]
