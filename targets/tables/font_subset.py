"""One subset of a font file for the glyphs of several PDFs, made the way
WeasyPrint makes the subset it embeds (pdf/fonts.py `_harfbuzz_subset`):
HarfBuzz keeps the glyph ids (so the PDFs' text needs no change), drops the
tables a PDF does not use, then drops the empty glyphs after the last used.

pdf_compose.py joins PDFs rendered one table at a time; each embeds its own
subset of the same CJK font (~180 KB for a project table), so twenty
projects would carry twenty copies of the common characters. Joined, they
share one subset of the union of their glyphs: the file is the size of a
PDF rendered in one go.

fontTools subsets the 26 MB collection in ~7 s; HarfBuzz (the library
WeasyPrint uses, reached here through cffi as WeasyPrint reaches it) in tens
of milliseconds.
"""
import functools
import subprocess

import cffi

_ffi = cffi.FFI()
_ffi.cdef("""
    typedef ... hb_blob_t;
    typedef ... hb_face_t;
    typedef ... hb_set_t;
    typedef ... hb_subset_input_t;
    typedef uint32_t hb_codepoint_t;
    typedef uint32_t hb_tag_t;
    hb_blob_t * hb_blob_create_from_file_or_fail (const char *file_name);
    void hb_blob_destroy (hb_blob_t *blob);
    const char * hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
    hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);
    void hb_face_destroy (hb_face_t *face);
    hb_blob_t * hb_face_reference_blob (hb_face_t *face);
    void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
    void hb_set_add_range (hb_set_t *set, hb_codepoint_t first, hb_codepoint_t last);
    hb_tag_t hb_tag_from_string (const char *str, int len);
    hb_subset_input_t * hb_subset_input_create_or_fail (void);
    void hb_subset_input_destroy (hb_subset_input_t *input);
    hb_set_t * hb_subset_input_glyph_set (hb_subset_input_t *input);
    hb_set_t * hb_subset_input_set (hb_subset_input_t *input, int set_type);
    void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
    hb_face_t * hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
""")

# hb-subset.h
NO_HINTING, RETAIN_GIDS, DESUBROUTINIZE = 0x1, 0x2, 0x4
PASSTHROUGH_UNRECOGNIZED, NOTDEF_OUTLINE = 0x20, 0x40
DROP_TABLE_TAG = 3  # hb_subset_sets_t
# The tables WeasyPrint drops from the fonts it embeds.
DROPPED = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF",
           b"LTSH", b"PCLT", b"SVG ")


class SubsetUnavailable(RuntimeError):
    pass


@functools.lru_cache(maxsize=1)
def _libraries():
    try:
        return _ffi.dlopen("libharfbuzz.so.0"), _ffi.dlopen("libharfbuzz-subset.so.0")
    except OSError as error:
        raise SubsetUnavailable(str(error)) from None


@functools.lru_cache(maxsize=8)
def face_index(path, family):
    """The index of the family's face in a collection file (fontconfig
    picks the Simplified Chinese face of NotoSerifCJK-Regular.ttc, index 2);
    0 for a file of one face."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}|%{index}", family], capture_output=True,
                               text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return 0
    file, _, index = found.partition("|")
    return int(index) if file == path and index.isdigit() else 0


def subset(path, index, glyphs, notdef_outline=False):
    """The font program (bytes) of face `index` of the font file, keeping
    the glyph ids `glyphs`."""
    harfbuzz, harfbuzz_subset = _libraries()
    blob = harfbuzz.hb_blob_create_from_file_or_fail(str(path).encode())
    if blob == _ffi.NULL:
        raise SubsetUnavailable(f"cannot read {path}")
    face = harfbuzz.hb_face_create(blob, index)
    harfbuzz.hb_blob_destroy(blob)
    faces = [face]
    try:
        outline = NOTDEF_OUTLINE if notdef_outline else 0
        first = _subset_once(harfbuzz, harfbuzz_subset, face, sorted(glyphs),
                             RETAIN_GIDS | PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE | outline,
                             drop=True)
        faces.append(first)
        # As WeasyPrint: again, keeping glyphs 0 … the last used only.
        last = max(glyphs, default=0)
        second = _subset_once(harfbuzz, harfbuzz_subset, first, range(last + 1),
                              PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE | NO_HINTING | outline)
        faces.append(second)
        result = harfbuzz.hb_face_reference_blob(second)
        try:
            length = _ffi.new("unsigned int *")
            data = harfbuzz.hb_blob_get_data(result, length)
            return _ffi.unpack(data, int(length[0]))
        finally:
            harfbuzz.hb_blob_destroy(result)
    finally:
        for each in faces:
            if each != _ffi.NULL:
                harfbuzz.hb_face_destroy(each)


def _subset_once(harfbuzz, harfbuzz_subset, face, glyphs, flags, drop=False):
    request = harfbuzz_subset.hb_subset_input_create_or_fail()
    if request == _ffi.NULL:
        raise SubsetUnavailable("hb_subset_input_create_or_fail")
    try:
        glyph_set = harfbuzz_subset.hb_subset_input_glyph_set(request)
        if isinstance(glyphs, range):
            if len(glyphs):
                harfbuzz.hb_set_add_range(glyph_set, glyphs.start, glyphs.stop - 1)
        else:
            for glyph in glyphs:
                harfbuzz.hb_set_add(glyph_set, glyph)
        harfbuzz_subset.hb_subset_input_set_flags(request, flags)
        if drop:
            tables = harfbuzz_subset.hb_subset_input_set(request, DROP_TABLE_TAG)
            for tag in DROPPED:
                harfbuzz.hb_set_add(tables, harfbuzz.hb_tag_from_string(tag, -1))
        result = harfbuzz_subset.hb_subset_or_fail(face, request)
    finally:
        harfbuzz_subset.hb_subset_input_destroy(request)
    if result == _ffi.NULL:
        raise SubsetUnavailable("hb_subset_or_fail")
    return result
