"""The HTML renderer: the preview fragment and the page WeasyPrint prints."""
import re

from targets.tables import build_tables, html_for, page_html
from targets.tables.html import font_size, fragment

from .test_tables_support import ANHUI, HEBEI, HUNAN, document_for


def cells_of(html, row_id):
    row = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html, re.S)[1]
    return re.findall(r'<td class="([^"]*)"(?: colspan="(\d+)")?(?: rowspan="(\d+)")?>(.*?)</td>',
                      row, re.S)


def test_fragment_structure():
    html = html_for(document_for(HEBEI), 0)
    assert html.startswith('<div class="jx-tables">')
    assert html.count("<section") == 1 and "jx-portrait" in html
    # The rows above the indicator header, then the table whose <thead> repeats.
    assert html.count('<table class="jx-table jx-lead">') == 1
    assert html.count('<table class="jx-table jx-main">') == 1
    thead = re.search(r"<thead>(.*?)</thead>", html, re.S)[1]
    assert ">一级指标</td>" in thead and ">指标值确定依据</td>" in thead
    assert '<td class="h-center v-center" rowspan="4">产出指标</td>' in html
    assert '<td class="h-center v-center b title nb" colspan="7">' not in html  # class order
    assert '<td class="h-center v-center b nb title" colspan="7">1.怀财字【2022】7号 专项经费(会议费)绩效目标表</td>' in html
    assert 'id="jx' not in html  # ids only in the printed page
    assert "<col style=\"width:" in html


def test_texts_are_escaped_and_kept():
    document = document_for(HEBEI)
    document["projects"][0]["annual_goal"] = "<script>alert(1)</script>\n  第二行 "
    html = html_for(document, 0)
    assert "<script>" not in html
    assert ">&lt;script&gt;alert(1)&lt;/script&gt;\n  第二行 </td>" in html


def test_label_cut_between_header_and_body():
    html = page_html(document_for(HUNAN), 0)
    # The label sits in the header row, which every page repeats; its part in
    # the body goes on without text and without a top rule.
    assert '<td class="h-center v-center" rowspan="1">' not in html
    assert '>本年度\n绩效指标</td><td class="h-center v-center b">一级指标</td>' in html
    first_body = cells_of(html, "jx0r8")
    assert first_body[0] == ("h-center v-center cont", "", "9", "")
    assert first_body[1] == ("h-center v-center", "", "4", "产出指标")


def test_page_break_cuts_repeat_the_labels():
    tables = build_tables(document_for(HUNAN), 0)
    html = fragment(tables, breaks={0: {10}}, anchors=True)
    # 产出指标 (rows 8-11) is cut where page two begins, at row 10: both parts
    # are labelled. The header label's body part is cut too, still blank.
    assert cells_of(html, "jx0r8")[:2] == [
        ("h-center v-center cont", "", "2", ""), ("h-center v-center", "", "2", "产出指标")]
    assert cells_of(html, "jx0r10")[:2] == [
        ("h-center v-center cont", "", "7", ""), ("h-center v-center", "", "2", "产出指标")]
    # Cells that do not cross the break are left whole.
    assert cells_of(html, "jx0r12")[0] == ("h-center v-center", "", "5", "效益指标")


def test_page_has_the_font_and_stylesheet():
    html = page_html(document_for(ANHUI), 0)
    assert '<html lang="zh-CN">' in html
    assert '<link rel="stylesheet" href="tables/tables.css">' in html
    assert "jx-landscape" in html


def test_font_size_fits_the_columns():
    hebei, hunan = build_tables(document_for(HEBEI), 0)[0], build_tables(document_for(HUNAN))[0]
    anhui = build_tables(document_for(ANHUI), 0)[0]
    assert font_size(hunan) == 10.5  # narrow enough for the largest size
    assert 7 <= font_size(hebei) < 10.5 and 7 <= font_size(anhui) < 10.5
