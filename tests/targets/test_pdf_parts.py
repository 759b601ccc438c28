"""A whole filing's PDF joined from its tables' PDFs (targets/tables/pdf_parts.py,
pdf_compose.py): it prints what the PDF rendered in one go prints, page by
page (footer numbers included), embeds one CJK font subset, and after a
change re-renders only the table that changed."""
import copy
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from targets.services.export_cache import PartCache
from targets.tables import build_tables, pdf, pdf_bytes, pdf_parts

from .test_tables_support import ANHUI, HEBEI, HUNAN, document_for, with_many_indicators


def page_texts(content):
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def font_programs(content):
    """The embedded font programs, by object number."""
    reader = PdfReader(io.BytesIO(content))
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            found.add(descriptor.get_object().raw_get("/FontFile3").idnum)
    return found


def font_dictionaries(content):
    """The fonts the pages name, by object number."""
    reader = PdfReader(io.BytesIO(content))
    return {font.idnum for page in reader.pages for font in page["/Resources"]["/Font"].values()}


@pytest.mark.parametrize("document", [
    document_for(HEBEI), document_for(HUNAN), document_for(ANHUI), with_many_indicators(HEBEI)],
    ids=["hebei", "hunan", "anhui", "hebei-page-breaks"])
def test_the_joined_pdf_prints_what_the_pdf_in_one_go_prints(document, tmp_path):
    whole = pdf_bytes(document)
    joined = pdf_parts.filing_pdf(document, PartCache(tmp_path))
    expected, got = page_texts(whole), page_texts(joined)
    assert got == expected
    assert f"第 1 页，共 {len(expected)} 页" in got[0] and f"第 {len(expected)} 页" in got[-1]
    assert [tuple(p.mediabox) for p in PdfReader(io.BytesIO(joined)).pages] == [
        tuple(p.mediabox) for p in PdfReader(io.BytesIO(whole)).pages]
    # One subset of the CJK font for all tables, as in one go: about as large.
    assert len(font_programs(joined)) == 1
    # and one font dictionary (widths, Unicode map) for all tables: each
    # table's own made twenty tables' PDF a third larger than in one go.
    assert len(font_dictionaries(joined)) == 1
    assert len(joined) < 1.15 * len(whole)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")
def test_the_joined_pages_look_the_same_pixel_for_pixel(tmp_path):
    document = with_many_indicators(HEBEI)
    images = {}
    for name, content in (("whole", pdf_bytes(document)),
                          ("joined", pdf_parts.filing_pdf(document, PartCache(tmp_path / "parts")))):
        (tmp_path / f"{name}.pdf").write_bytes(content)
        subprocess.run(["pdftoppm", "-r", "40", "-gray", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
                       check=True)
        images[name] = sorted(tmp_path.glob(f"{name}-*.pgm"))
    assert len(images["whole"]) == len(images["joined"]) > 3
    for whole, joined in zip(images["whole"], images["joined"]):
        assert whole.read_bytes() == joined.read_bytes(), whole.name


def three_projects():
    """The Hebei example with two more projects, copies of its own under
    other names."""
    document = document_for(HEBEI)
    first = document["projects"][0]
    for n, name in enumerate(("第二个项目", "第三个项目"), start=2):
        project = copy.deepcopy(first)
        project["name"] = name
        project["code"] = first["code"][:-1] + str(n)
        document["projects"].append(project)
    return document


def test_after_a_change_only_the_changed_table_is_rendered(tmp_path, monkeypatch):
    document = three_projects()
    parts = PartCache(tmp_path)
    pdf_parts.filing_pdf(document, parts)
    rendered = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda tables, **kw: rendered.append(tables[0].key) or real(tables, **kw))

    unchanged = pdf_parts.filing_pdf(copy.deepcopy(document), parts)
    assert rendered == []
    changed = copy.deepcopy(document)
    changed["projects"][1]["name"] = "改过名的项目"
    joined = pdf_parts.filing_pdf(changed, parts)
    assert rendered == ["project-1"]
    # Never the older table: the new name is printed, the old one is not.
    text = "".join(page_texts(joined))
    assert "改过名的项目" in text
    assert document["projects"][1]["name"] not in text
    assert page_texts(joined) == page_texts(pdf_bytes(changed))
    assert page_texts(unchanged) == page_texts(pdf_bytes(document))


def test_a_tables_key_is_what_it_prints():
    document = three_projects()
    tables = build_tables(document)
    again = build_tables(copy.deepcopy(document))
    assert [pdf_parts.table_key(t, False, False) for t in tables] == [
        pdf_parts.table_key(t, False, False) for t in again]
    # Its place decides the page's top and bottom margins.
    assert pdf_parts.table_key(tables[1], True, False) != pdf_parts.table_key(tables[1], False, False)
    changed = copy.deepcopy(document)
    changed["projects"][0]["indicators"][0]["value"] = "≥999次"
    keys = [pdf_parts.table_key(t, False, False) for t in build_tables(changed)]
    assert keys[1] != pdf_parts.table_key(tables[1], False, False)
    assert len(keys) == 4 and keys[2:] == [pdf_parts.table_key(t, False, False) for t in tables[2:]]


def test_unused_parts_are_pruned_after_a_month(tmp_path):
    import os
    import time

    parts = PartCache(tmp_path)
    parts.put("old", b"%PDF old")
    parts.put("recent", b"%PDF recent")
    month_ago = time.time() - 31 * 86400
    os.utime(tmp_path / "old.pdf", (month_ago, month_ago))
    os.utime(tmp_path / "recent.pdf", (month_ago, month_ago))
    assert parts.get("recent") == b"%PDF recent"  # a read keeps it
    assert parts.prune() == 1
    assert parts.get("old") is None and parts.get("recent") == b"%PDF recent"


def cjk_programs(content):
    """The embedded programs of the CJK font (FontFile3), by object number."""
    reader = PdfReader(io.BytesIO(content))
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            if "/FontFile3" in descriptor:
                found.add(descriptor.raw_get("/FontFile3").idnum)
    return found


def test_a_table_with_a_character_the_font_lacks_leaves_the_others_sharing_one_font(tmp_path):
    """WeasyPrint embeds the CJK font of a table with a character the font
    lacks (ᚠ) under an encoding of its own, which the joined PDF keeps as
    it is; the other tables still share one subset. One such table kept
    every table's own subset: 6.5 times the size of the PDF in one go."""
    document = document_for(HUNAN)
    document["projects"][0]["annual_goal"] = "含有字体中没有的字符ᚠ的目标"
    whole = pdf_bytes(document)
    joined = pdf_parts.filing_pdf(document, PartCache(tmp_path))
    assert len(cjk_programs(joined)) == 2
    assert len(joined) < 2 * len(whole)
    assert len(PdfReader(io.BytesIO(joined)).pages) == len(PdfReader(io.BytesIO(whole)).pages)
    # The other tables' text can be searched and copied (in the PDF in one
    # go, whose one font has the odd encoding, it comes out garbled).
    assert any("B网评员培训经费" in text for text in page_texts(joined))
