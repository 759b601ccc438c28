"""The XLSX renderer, read back with openpyxl."""
from io import BytesIO

import pytest
from openpyxl import load_workbook

from targets.tables import workbook_bytes

from .test_tables_support import ANHUI, HEBEI, HUNAN, document_for


def read(data):
    return load_workbook(BytesIO(data))


def merged(ws):
    return {str(r) for r in ws.merged_cells.ranges}


def test_hebei_workbook():
    wb = read(workbook_bytes(document_for(HEBEI)))
    assert wb.sheetnames == ["单位整体绩效目标", "怀财字【2022】7号 专项经费(会议费)"]
    ws = wb.worksheets[1]
    assert ws["A1"].value == "1.怀财字【2022】7号 专项经费(会议费)绩效目标表"
    assert ws["A2"].value == "224001中共怀来县委网络安全和信息化委员会办公室"
    assert ws["F2"].value == "单位：万元"
    assert [ws.cell(4, c).value for c in range(1, 8)] == [
        "预算规模及资金用途", "预算数", 0.14, "其中：财政资金", 0.14, "其他资金", None]
    assert [ws.cell(7, c).value for c in range(1, 8)] == [None, 0.25, None, 0.5, None, 0.75, 1]
    assert ws["C4"].number_format == "0.00" and ws["B7"].number_format == "0%"
    assert [ws.cell(9, c).value for c in range(1, 8)] == [
        "一级指标", "二级指标", "三级指标", "绩效指标描述", None, "指标值", "指标值确定依据"]
    assert [ws.cell(15, c).value for c in range(1, 8)] == [
        "满意度指标", "服务对象满意度指标", "参会单位满意度（%）", "参会单位满意度（%）", None,
        "≥60全年所有会议", "会议顺利进行，传达会议精神"]
    assert {"A1:G1", "A4:A5", "B5:G5", "A6:A7", "A10:A13", "D10:E10", "B8:G8"} <= merged(ws)
    assert ws.print_title_rows == "$9:$9"


def test_print_settings(example):
    wb = read(workbook_bytes(example))
    landscape = example["layout"] == "anhui"
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_margins.left == 0.5
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


# A4 portrait between margins of 0.5 inch, and the width of a column unit in
# LibreOffice when the default font is 宋体 11 drawn with Noto Serif CJK
# (measured: the Hebei department sheet, 85 units, printed 519.8 pt wide).
PORTRAIT_PRINTABLE_PT = 595.3 - 2 * 36
LIBREOFFICE_PT_PER_UNIT = 6.12


def test_default_font_is_song_and_one_column_sheets_fit_the_paper(example):
    """Column widths count the default font's digits. LibreOffice does not
    scale a one-column sheet to the page (it counts pages across by
    columns), so such a sheet must fit A4 by itself; with openpyxl's default
    Calibri, missing on Linux, it measured in DejaVu Sans and printed the
    department sheet wider than the paper, its first characters cut off."""
    wb = read(workbook_bytes(example))
    assert (wb._fonts[0].name, wb._fonts[0].sz) == ("宋体", 11)
    assert wb._named_styles["Normal"].font.name == "宋体"
    for ws in wb.worksheets:
        widths = [d.width for d in ws.column_dimensions.values() if d.width]
        if len(widths) == 1:
            assert ws.page_setup.orientation == "portrait"
            assert widths[0] * LIBREOFFICE_PT_PER_UNIT <= PORTRAIT_PRINTABLE_PT, ws.title


def test_cells_are_printable():
    ws = read(workbook_bytes(document_for(HEBEI), 0)).worksheets[0]
    title, label = ws["A1"], ws["A3"]
    assert title.font.name == "宋体" and title.font.b and title.font.sz == 16
    assert label.font.name == "宋体" and label.font.sz == 10.5 and not label.font.b
    assert label.alignment.wrap_text and label.alignment.horizontal == "center"
    assert ws["B8"].alignment.horizontal == "left"  # 绩效目标 text
    assert {label.border.left.style, label.border.top.style} == {"thin"}
    # Cells inside a merged area carry the border so Excel draws it whole.
    assert ws["G8"].border.right.style == "thin"
    assert title.border.left is None or title.border.left.style is None
    # Widths in character units, heights from the wrapped lines.
    assert ws.column_dimensions["A"].width == 12
    assert ws.column_dimensions["C"].width == 20
    assert ws.row_dimensions[1].height == 28
    assert ws.row_dimensions[3].height == 18
    assert ws.row_dimensions[15].height == 32  # 服务对象满意度指标 wraps to two lines


def test_a_text_taller_than_a_row_continues_below_under_its_merged_label():
    """Excel's and LibreOffice's rows are at most 409 pt and print no more
    of a cell: a longer text goes on in the cells below, the other cells of
    its row (the heading 总体目标, the other goal) merged across."""
    document = document_for(ANHUI)
    goal = "很长的目标" * 2000
    document["projects"][0]["annual_goal"] = goal
    ws = read(workbook_bytes(document, 0)).worksheets[0]
    pieces = [ws.cell(r, 6).value for r in range(10, ws.max_row + 1)]
    count = next(n for n, piece in enumerate(pieces) if not piece.startswith(("很", "长", "的", "目", "标")))
    assert count > 10 and "".join(pieces[:count]) == goal
    assert all(ws.row_dimensions[r].height <= 409 for r in range(1, ws.max_row + 1))
    assert {f"A9:A{9 + count}", f"B10:E{9 + count}"} <= merged(ws)
    assert [ws.cell(r, 6).number_format for r in (10, 11, 9 + count)] == ["General", ";;;@", ";;;@"]
    assert ws.print_title_rows == f"${10 + count}:${10 + count}"  # the indicator header, moved down


def test_hunan_workbook_sheets_and_footer():
    wb = read(workbook_bytes(document_for(HUNAN)))
    assert wb.sheetnames[0] == "部门整体支出绩效目标表"
    assert len(wb.sheetnames) == 8
    department = wb.worksheets[0]
    assert department["A4"].value == "年度预算申请\n（万元）"
    assert department["E6"].value == 66.16
    assert department["E6"].number_format == '"其中：基本支出："0.00'
    assert department.print_title_rows == "$12:$12"
    assert "A12:A25" in merged(department)
    assert department["A26"].value == (
        "填表人：严飞　　联系电话：17763740907　　填报日期：2024年6月20日　　单位负责人签字：")
    assert "A26:E26" in merged(department)
    project = wb.worksheets[1]
    assert [project.cell(13, c).value for c in range(1, 7)] == [
        None, "效益指标", "经济效益指标", "……", None, None]
    assert {"A8:A17", "B9:B12", "B13:B17"} <= merged(project)


def test_project_workbook_and_yuan():
    wb = read(workbook_bytes(document_for(ANHUI, "元"), 1))
    assert wb.sheetnames == ["网络安全和信息化工作经费"]
    ws = wb.active
    assert ws.page_setup.orientation == "landscape"
    assert ws["A6"].value == "项目资金 (元)"
    assert ws["D6"].value == 900000 and ws["H6"].value == 300000
    assert ws.print_title_rows == "$11:$11"
    assert {"A11:A26", "B12:B21", "C12:C18", "F12:F18"} <= merged(ws)


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-1+2", "@cmd", "=HYPERLINK(\"http://x\")"])
def test_no_formulas(text):
    document = document_for(HEBEI)
    document["projects"][0]["annual_goal"] = text
    document["projects"][0]["indicators"][0]["value"] = text
    ws = read(workbook_bytes(document, 0)).worksheets[0]
    for cell in (ws["B8"], ws["F10"]):
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    assert ws["A3"].quotePrefix is False


def test_control_characters_stripped():
    document = document_for(HEBEI)
    document["projects"][0]["annual_goal"] = "目标\x00一\x07\x1b\n第二行\t制表"
    ws = read(workbook_bytes(document, 0)).worksheets[0]
    assert ws["B8"].value == "目标一\n第二行\t制表"


@pytest.mark.parametrize("example", [HEBEI, HUNAN, ANHUI])
def test_rows_written_as_text_are_what_openpyxl_writes(example, monkeypatch):
    """The sheets' rows are written as text (targets/tables/xlsx.py
    _write_row); openpyxl's own serialisation of the same cells gives the
    same bytes, with the awkward texts too."""
    import zipfile

    from targets.tables import xlsx

    document = document_for(example)
    document["projects"][0]["annual_goal"] = '  前后空格　 <b>&"引号"\'\n换行  '
    document["projects"][0]["name"] = "　全角空格开头"

    def parts(data):
        archive = zipfile.ZipFile(BytesIO(data))
        return {name: archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")}

    with monkeypatch.context() as patch:  # the text path makes no elements of cells
        patch.setattr(xlsx, "fromstring", None)
        as_text = parts(workbook_bytes(document))
    monkeypatch.setattr(xlsx, "RAW_ROWS", False)
    assert parts(workbook_bytes(document)) == as_text
    assert b'xml:space="preserve">  \xe5\x89\x8d' in b"".join(as_text.values())


def _amount_places(document):
    """(sheet index, field) -> the filed value of every amount a table prints."""
    from targets import field_catalogue as catalogue
    from targets.tables import build_tables

    for number, table in enumerate(build_tables(document)):
        for cell in table.cells():
            if cell.field and catalogue.get(*cell.field.rsplit(".", 1)).kind == catalogue.AMOUNT:
                yield number, cell


@pytest.mark.parametrize("example", [HEBEI, HUNAN, ANHUI])
def test_amounts_and_shares_are_numbers_printed_as_before(example):
    """Excel and WPS can add them up; the format prints what the tables
    print (two decimals, 25%, the label before an amount in its cell)."""
    from decimal import Decimal

    document = document_for(example)
    wb = read(workbook_bytes(document))
    amounts = 0
    for number, cell in _amount_places(document):
        stored = wb.worksheets[number].cell(cell.row + 1, cell.col + 1)
        if cell.number is None:  # a blank amount prints its label only
            assert stored.value in (None, cell.text)
            continue
        amounts += 1
        assert stored.data_type == "n" and Decimal(repr(stored.value)) == cell.number
        label = cell.text[:-len(format(cell.number, ".2f"))]
        assert stored.number_format == (f'"{label}"0.00' if label else "0.00")
    assert amounts >= 2
    if example == HEBEI:
        plan = [wb.worksheets[1].cell(7, c) for c in (2, 4, 6, 7)]
        assert [(c.value, c.number_format) for c in plan] == [(0.25, "0%"), (0.5, "0%"), (0.75, "0%"), (1, "0%")]


def test_shares_keep_their_decimals_and_texts_that_look_like_numbers_stay_texts():
    document = document_for(HEBEI)
    project = document["projects"][0]
    project["spending_plan"] = [{"month": 3, "percent": "12.5"}, {"month": 6, "percent": "33.33"},
                                {"month": 10, "percent": None}, {"month": 12, "percent": "100"}]
    project["code"] = "0012345"
    project["indicators"][0]["value"] = "100"
    project["annual_goal"] = "12345678.99"
    ws = read(workbook_bytes(document, 0)).worksheets[0]
    assert [(ws.cell(7, c).value, ws.cell(7, c).number_format) for c in (2, 4, 6, 7)] == [
        (0.125, "0.0%"), (0.3333, "0.00%"), (None, "General"), (1, "0%")]
    for ref, text in (("B3", "0012345"), ("F10", "100"), ("B8", "12345678.99")):
        assert (ws[ref].value, ws[ref].data_type) == (text, "s")
