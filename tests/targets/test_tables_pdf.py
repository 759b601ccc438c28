"""The PDF renderer: text (pdftotext), fonts (pdffonts), pages, the URL
fetcher, and labels repeated after a page break."""
import shutil
import subprocess
import urllib.request

import pytest
import tinyhtml5
from weasyprint import HTML

from targets.tables import fonts, pdf, pdf_bytes
from targets.tables.pdf import STATIC_DIR, LocalFetcher, font_config

from .test_tables_support import ANHUI, HEBEI, HUNAN, document_for, with_many_indicators

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("pdffonts"), reason="needs poppler-utils")


def poppler(tool, data, tmp_path, *args):
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                          capture_output=True, text=True, check=True).stdout


def pages(text):
    return text.split("\f")


@pytest.fixture(scope="module")
def rendered():
    """Each example's whole-filing PDF, in 万元 and in 元 (rendered once)."""
    return {(name, unit): pdf_bytes(document_for(name, unit))
            for name in (HEBEI, HUNAN, ANHUI) for unit in ("万元", "元")}


EXPECTED = {
    HEBEI: (3, ["单位整体绩效目标", "一、总体绩效目标", "三、工作保障措施",
                "1.怀财字【2022】7号 专项经费(会议费)绩效目标表", "13073022P00850910001T",
                "224001中共怀来县委网络安全和信息化委员会办公室", "其中：财政资金", "会议经费",
                "3月底", "12月底", "25%", "100%", "1.目标内容1", "指标值确定依据",
                "≤50会员是否延误", "会议强调网络安全保障"]),
    HUNAN: (8, ["2024年部门整体支出绩效目标表", "填报单位：（盖章）", "部门名称",
                "按收入性质分：", "按支出性质分：", "其中：一般公共预算：", "项目支出：",
                "指标值及单位", "≤全年预算数", "2024年项目支出绩效目标表", "项目支出名称",
                "该项目支出上级资金", "B网评员培训经费", "网络评论次生舆情≤1次", "填表人：严飞",
                "联系电话：17763740907", "填报日期：2024年6月20日", "单位负责人签字："]),
    ANHUI: (None, ["项目支出绩效目标申报表", "(2023年度)", "实施单位", "延续项目", "项目期",
                   "中期资金总额:", "年度资金总额:", "其中:财政拨款", "中期目标(2023年—2025年)",
                   "年度目标", "网络媒体协会运行经费", "7×24小时全年", "满意率≥90%"]),
}
AMOUNTS = {
    (HEBEI, "万元"): ["单位：万元", "0.14"], (HEBEI, "元"): ["单位：元", "1400.00"],
    (HUNAN, "万元"): ["109.04", "9.60", "66.16"], (HUNAN, "元"): ["1090400.00", "96000.00", "单位：元"],
    (ANHUI, "万元"): ["(万元)", "450.00"], (ANHUI, "元"): ["(元)", "4500000.00"],
}


@pytest.mark.parametrize("name", [HEBEI, HUNAN, ANHUI])
@pytest.mark.parametrize("unit", ["万元", "元"])
def test_text_of_the_tables(rendered, tmp_path, name, unit):
    text = poppler("pdftotext", rendered[(name, unit)], tmp_path)
    count, strings = EXPECTED[name]
    for expected in strings + AMOUNTS[(name, unit)]:
        assert expected in text
    if count:
        assert len(pages(text)) - 1 == count
    assert "第 1 页，共" in text
    other = "单位：元" if unit == "万元" else "单位：万元"
    assert other not in text


def test_hunan_placeholder_rows(rendered, tmp_path):
    text = poppler("pdftotext", rendered[(HUNAN, "万元")], tmp_path, "-layout")
    project_page = pages(text)[1]
    for level2 in ("经济效益指标", "生态效益指标", "可持续影响指标"):
        line = next(line for line in project_page.splitlines() if level2 in line)
        assert line.split()[-1] == "……"


def test_anhui_sides_on_one_line(rendered, tmp_path):
    text = poppler("pdftotext", rendered[(ANHUI, "万元")], tmp_path, "-layout")
    lines = [line.split() for line in text.splitlines()]
    # 中期 left, 年度 right, on the same printed line.
    assert ["开展网络文化活动次数", "≥9次", "开展网络文化活动次数", "≥3次"] in lines
    assert ["管理属地网站、微信公众号、微博号", "≥4万家", "管理属地网站、微信公众号、微博号", "≥4万家"] in lines
    # Page two begins inside 数量指标: both sides print the label again.
    assert ["数量指标", "培训人数", "≥150人次", "数量指标", "培训人数", "≥50人次"] in lines
    assert ["二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"] in [
        line[-6:] for line in lines]


def test_fonts_embedded(rendered, tmp_path):
    for data in rendered.values():
        listing = poppler("pdffonts", data, tmp_path).splitlines()[2:]
        assert listing, "no fonts in the PDF"
        for line in listing:
            assert "CJK" in line
            assert line.split()[-5] == "yes"  # the emb column


def test_page_sizes(rendered, tmp_path):
    hebei = poppler("pdfinfo", rendered[(HEBEI, "万元")], tmp_path)
    anhui = poppler("pdfinfo", rendered[(ANHUI, "万元")], tmp_path)
    assert "595.276 x 841.89 pts (A4)" in hebei
    assert "841.89 x 595.276 pts (A4)" in anhui


@pytest.mark.parametrize("name", [HEBEI, HUNAN, ANHUI])
def test_labels_repeat_after_a_page_break(tmp_path, name):
    data = pdf_bytes(with_many_indicators(name), 0)
    text = poppler("pdftotext", data, tmp_path, "-layout")
    sheets = pages(text)[:-1]
    assert len(sheets) >= 3
    # Page two lies inside the long 产出指标 / 数量指标 group: the header row
    # and both merged labels are printed on it again.
    assert sheets[1].count("一级指标") == 1
    assert "产出指标" in sheets[1] and "数量指标" in sheets[1]
    assert "补充数量指标第1项" not in sheets[1]


def test_label_above_the_header_repeats_too(tmp_path):
    document = document_for(ANHUI)
    document["projects"][0]["annual_goal"] = "年度目标很长的文字，用来把总体目标一行推到下一页。" * 45
    text = poppler("pdftotext", pdf_bytes(document, 0), tmp_path, "-layout")
    first, second = pages(text)[:2]
    # The goal texts do not fit under the top rows: they start page two, and
    # the 总体目标 label merged over them is printed there again.
    assert "总体目标" in first and "中期目标(2023年—2025年)" in first
    assert "总体目标" in second and "年度目标很长的文字" in second


def test_fetcher_allows_only_our_files(tmp_path):
    font = fonts.cjk_font()
    fetcher = LocalFetcher(files=[font.path])
    css = (STATIC_DIR / "tables" / "tables.css").as_uri()
    assert b".jx-table" in fetcher.fetch(css).read()
    assert fetcher.fetch("file://" + font.path).read(4)
    outside = tmp_path / "secret.css"
    outside.write_text("body {}")
    for url in ("http://example.com/x.css", "https://example.com/x.png", "ftp://example.com/x",
                "data:text/css,body{}", outside.as_uri(), "file:///etc/passwd",
                css.replace("tables/tables.css", "../config/settings.py"),
                "file://evil.example.com" + str(STATIC_DIR / "tables" / "tables.css")):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 8


def test_rendering_fetches_nothing_outside(monkeypatch, tmp_path):
    def no_network(*args, **kwargs):
        raise AssertionError("urllib was asked to open a URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    fetcher = LocalFetcher()
    html = ('<link rel="stylesheet" href="http://example.com/a.css">'
            '<link rel="stylesheet" href="tables/tables.css">'
            '<img src="https://example.com/b.png"><img src="file:///etc/hostname">'
            '<p style="background: url(http://example.com/c.png)">文字</p>')
    data = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        font_config=font_config())
    assert data.startswith(b"%PDF")
    assert set(fetcher.refused) == {"http://example.com/a.css", "https://example.com/b.png",
                                    "file:///etc/hostname", "http://example.com/c.png"}


def test_missing_font_is_explained(monkeypatch):
    fonts.cjk_font.cache_clear()
    monkeypatch.setattr(fonts, "_run", lambda *args: "")
    try:
        with pytest.raises(fonts.FontMissing, match="fonts-noto-cjk") as error:
            pdf_bytes(document_for(HEBEI), 0)
        assert "未找到可用于生成 PDF 的中文字体" in str(error.value)
    finally:
        fonts.cjk_font.cache_clear()


def test_font_is_a_song_face():
    font = fonts.cjk_font()
    assert font.family == "Noto Serif CJK SC"
    assert font_config() is font_config()  # one configuration for every render


def _not_called(*args, **kwargs):
    raise AssertionError("the page went through WeasyPrint's HTML parser")


class _WeasyPrintsOwnWay(HTML):
    """A table page as WeasyPrint reads any page: its HTML5 parser and its
    own user-agent stylesheet."""

    def __init__(self, markup, url_fetcher):
        super().__init__(string=markup, base_url=pdf.BASE_URL, url_fetcher=url_fetcher)


def _both_ways(monkeypatch, document, project_index=None, parsed_by_us=True):
    with monkeypatch.context() as patched:
        if parsed_by_us:
            patched.setattr(tinyhtml5, "parse", _not_called)
        ours = pdf_bytes(document, project_index)
    with monkeypatch.context() as patched:
        patched.setattr(pdf, "TablePage", _WeasyPrintsOwnWay)
        theirs = pdf_bytes(document, project_index)
    return ours, theirs


@pytest.mark.parametrize("name", [HEBEI, HUNAN, ANHUI])
def test_our_parsing_and_ua_stylesheet_print_what_weasyprint_would(monkeypatch, name):
    # The page parsed by expat and printed with print_ua.css: the same bytes
    # as WeasyPrint's own parser and stylesheet give, for the whole filing
    # and for a table cut at a page break.
    for document, project in ((document_for(name, "元"), None), (with_many_indicators(name), 0)):
        ours, theirs = _both_ways(monkeypatch, document, project)
        assert ours == theirs


def test_text_xml_cannot_hold_is_printed_too(monkeypatch, tmp_path):
    document = document_for(HEBEI)
    document["projects"][0]["name"] = "会议经费\x07（含铃声字符）"
    ours, theirs = _both_ways(monkeypatch, document, 0, parsed_by_us=False)
    assert ours == theirs
    assert "（含铃声字符）" in poppler("pdftotext", ours, tmp_path)


def test_print_ua_stylesheet_covers_every_element_the_pages_use():
    # An element print_ua.css has no rule for would be printed without the
    # defaults WeasyPrint's own sheet gives it (a <br> would lose its line
    # break): the pages may use only elements the sheet names.
    import re
    from xml.etree import ElementTree

    from targets.tables import build_tables
    from targets.tables.html import page

    rules = re.sub(r"/\*.*?\*/", "", pdf.UA_STYLESHEET.read_text(), flags=re.S).split("@page")[0]
    selectors = [part.strip() for text in re.findall(r"([^{}]+)\{", rules) for part in text.split(",")]
    named = {re.match(r"[a-z][a-z0-9]*", selector).group() for selector in selectors}
    used = set()
    for name in (HEBEI, HUNAN, ANHUI):
        document = with_many_indicators(name)
        for project in (None, 0):
            markup = page(build_tables(document, project), {0: {5}}, css_href=None, anchors="data",
                          compact=True)
            used |= {element.tag for element in ElementTree.fromstring(markup).iter()}
    assert used and used <= named, used - named
