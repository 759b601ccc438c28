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
  character) keep their own subsets. The tables' font dictionaries of that
  subset are merged into one too (the union of their glyph widths and
  Unicode maps), as each table's own W array and ToUnicode map made a
  twenty-table PDF a third larger than one rendered in one go.

The tables print no outline (bookmarks) and no links, so there are none to
carry over; the document's title and language are the first table's.
"""
import io
import logging
import re

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


class _FontUse:
    """A Type0 font named in a resources' /Font dictionary."""

    def __init__(self, fonts_dict, name):
        self.fonts_dict, self.name = fonts_dict, name
        self.reference = fonts_dict.raw_get(name)
        self.font = self.reference.get_object()
        self.cid_font = self.font["/DescendantFonts"][0].get_object()
        self.descriptor = self.cid_font["/FontDescriptor"].get_object()
        self.encoding = self.font.get("/Encoding")


def _font_programs(writer):
    """{(base font, font file key): [_FontUse]} of the Type0 fonts the pages
    and their forms name."""
    found = {}
    seen = set()

    def visit(resources):
        resources = resources.get_object() if resources is not None else None
        if not resources:
            return
        fonts_dict = (resources.get("/Font") or DictionaryObject()).get_object()
        if id(fonts_dict) not in seen:
            seen.add(id(fonts_dict))
            for name in list(fonts_dict):
                if not hasattr(fonts_dict.raw_get(name), "idnum"):
                    continue
                if fonts_dict[name].get_object().get("/Subtype") != "/Type0":
                    continue
                use = _FontUse(fonts_dict, name)
                for key in ("/FontFile3", "/FontFile2"):
                    if key in use.descriptor:
                        found.setdefault((str(use.font.get("/BaseFont")), key), []).append(use)
        for xobject in (resources.get("/XObject") or DictionaryObject()).get_object().values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in writer.pages:
        visit(page.get("/Resources"))
    return found


def _widths(cid_font):
    """{glyph id: width} of a CID font's /W array."""
    widths = cid_font.get("/W") or []
    found = {}
    i = 0
    while i + 1 < len(widths):
        start, rest = int(widths[i]), widths[i + 1]
        if isinstance(rest, ArrayObject):
            for n, width in enumerate(rest):
                found[start + n] = width
            i += 2
        else:  # c_first c_last w
            for glyph in range(start, int(rest) + 1):
                found[glyph] = widths[i + 2]
            i += 3
    return found


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def _to_unicode(font):
    """{glyph id: UTF-16BE hex} of a font's ToUnicode map (WeasyPrint writes
    bfchar entries only), or None when it holds anything else."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    data = stream.get_object().get_data()
    if b"bfrange" in data:
        return None
    return {int(glyph, 16): text.lower() for block in _BFCHAR.findall(data) for glyph, text in _PAIR.findall(block)}


def _merge_font_dictionaries(writer, users):
    """Let every use name the first font dictionary, given the union of the
    widths and Unicode maps (the same font file, so a glyph has one width),
    and drop the others: twenty tables' W arrays and ToUnicode maps were a
    third of the joined file."""
    widths, texts = {}, {}
    for use in users:
        mapping = _to_unicode(use.font)
        if mapping is None:
            return
        for glyph, width in _widths(use.cid_font).items():
            if widths.setdefault(glyph, width) != width:
                return
        for glyph, text in mapping.items():
            if texts.setdefault(glyph, text) != text:
                return
    kept = users[0]
    array = ArrayObject()
    for glyph in sorted(widths):
        if glyph - 1 not in widths:
            array.append(NumberObject(glyph))
            run = ArrayObject()
            array.append(run)
        run.append(widths[glyph])
    kept.cid_font[NameObject("/W")] = array
    old_to_unicode = kept.font.raw_get("/ToUnicode")
    if texts:
        kept.font[NameObject("/ToUnicode")] = writer._add_object(_to_unicode_stream(texts))
    # The kept font's own objects are never dropped, whatever else names them.
    keep = set(_parts(kept.font, kept.reference.idnum)) - {_idnum(old_to_unicode)}
    dropped = set()
    for use in users:
        if use.reference.idnum != kept.reference.idnum:
            use.fonts_dict[NameObject(use.name)] = kept.reference
            dropped.update(_parts(use.font, use.reference.idnum))
    if texts:
        dropped.add(_idnum(old_to_unicode))
    for idnum in dropped - keep - {None}:  # not written: nothing refers to them now
        writer._objects[idnum - 1] = None


def _idnum(reference):
    return reference.idnum if hasattr(reference, "idnum") else None


def _parts(font, idnum):
    """The object numbers of a Type0 font, its ToUnicode map, CID font and
    that font's descriptor (None for those held directly)."""
    descendants = font.raw_get("/DescendantFonts")
    cid_reference = descendants.get_object()[0] if descendants is not None else None
    descriptor = cid_reference.get_object().raw_get("/FontDescriptor") if cid_reference is not None else None
    return [idnum, _idnum(font.raw_get("/ToUnicode")), _idnum(cid_reference), _idnum(descriptor)]


def _to_unicode_stream(texts):
    """A ToUnicode CMap as WeasyPrint writes it."""
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo",
             b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def", b"1 begincodespacerange",
             b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(texts.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(f"<{glyph:04x}> <{text.decode()}>".encode() for glyph, text in batch)
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    stream = DecodedStreamObject()
    stream.set_data(b"\n".join(lines))
    return stream.flate_encode()


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
        # subset with a .notdef outline: left alone, the other tables' fonts
        # shared (one table with a rare character kept every table's own).
        users = [use for use in users
                 if use.descriptor.get("/FontFamily") == font.family and use.encoding == "/Identity-H"]
        if len(users) < 2:
            continue
        try:
            index = font_subset.face_index(font.path, font.family)
            glyphs = [set(_widths(use.cid_font)) for use in users]
            if not _same_subsetting(font.path, index, users[0].descriptor[key].get_object(), glyphs[0]):
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
        for use in users:
            reference = use.descriptor.raw_get(key)
            if hasattr(reference, "idnum") and reference.idnum != shared.idnum:
                old.add(reference.idnum)
            use.descriptor[NameObject(key)] = shared
        for idnum in old:  # not written: nothing refers to them now
            writer._objects[idnum - 1] = None
        _merge_font_dictionaries(writer, users)


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
