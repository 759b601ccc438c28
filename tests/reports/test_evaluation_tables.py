"""The 项目支出绩效自评表 as a clerk prints it: the national form (money
block with 分值 10 and 得分, 年度总体目标, the indicator grid with 分值 and
得分, 总分 | 100, 自评等级) with the scores worked out by the rules and each
score's explanation under it, in XLSX (also as LibreOffice prints it) and
PDF."""
from io import BytesIO

import pytest
from openpyxl import load_workbook

from reports import fields
from reports.evaluation_documents import evaluation_document
from reports.evaluation_tables import (
    build_evaluation_tables,
    evaluation_filename,
    evaluation_pdf_bytes,
    evaluation_workbook_bytes,
)
from targets.tables.grid import PORTRAIT

from ..conftest import load_example
from .evaluation_support import filled
from .table_support import (
    MARGIN,
    cells_marked,
    embedded_fonts,
    libreoffice,
    poppler,
    printed_by_libreoffice,
    run,
    squeezed,
)

HUAILAI = "hebei-huailai-2022"


def joined(table):
    return ["|".join(t for t in row if t) for row in table.text_rows()]


def test_the_national_form_with_the_report_and_its_scores():
    [table] = build_evaluation_tables(filled(HUAILAI))
    table.check()
    rows = joined(table)
    assert rows[0] == "2022年度项目支出绩效自评表"
    assert rows[1] == "填报单位（盖章）：中共怀来县委网络安全和信息化委员会办公室"
    assert rows[2] == "项目名称|怀财字【2022】7号 专项经费(会议费)"
    assert rows[3] == ("主管部门|中共怀来县委网络安全和信息化委员会办公室（224001）|实施单位"
                       "|中共怀来县委网络安全和信息化委员会办公室")
    assert rows[4] == "项目资金\n（万元）|年初预算数|全年预算数|全年执行数|分值|执行率|得分"
    assert rows[5] == "年度资金总额|0.14|0.14|0.13|10|92.86%|9.29"
    assert rows[6] == "其中：当年财政拨款|0.14|0.14|0.13|—|92.86%|—"
    assert rows[7] == "上年结转资金|—|—" and rows[8] == "其他资金|—|—"
    assert rows[9] == "年度总体\n目标|预期目标|实际完成情况"
    assert rows[10] == "1.目标内容1|全年完成年度目标的90%，各项工作按计划推进。"
    assert rows[11] == ("绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分"
                        "|偏差原因分析及改进措施")
    assert rows[12] == "产出指标|成本指标|资金成本|严格按照有关会议文件精神执行|已完成|12.50|12.50"
    assert rows[17] == ("满意度指标|服务对象满意度指标|参会单位满意度（%）|≥60全年所有会议|30|10.00|5.00"
                        "|资金拨付滞后，部分工作延至次年。下一步提前安排。")
    assert rows[18] == "总分|100|94.29"
    assert rows[19] == "自评等级|优"
    assert rows[20] == "存在问题|部分会议因故延期。"
    assert rows[21] == "改进措施|提前谋划，按季度安排。"
    assert rows[22] == "评分说明|项目|达成情况（定性指标）|计分说明"
    assert rows[23] == ("预算执行|执行率 92.86%（全年执行数 0.13 ÷ 全年预算数 0.14），得分 9.29 分"
                        "（执行率 × 10 分，最高 10 分）")
    assert rows[24] == ("资金成本|达成年度指标|定性指标，达成情况“达成年度指标”，得分范围 10.00–12.50 分"
                        "（分值的 80%–100%），自评 12.50 分")
    assert rows[29] == "参会单位满意度（%）|实际完成 30，目标 ≥60，完成 50%，得分 = 30 ÷ 60 × 10.00 = 5.00 分"
    assert rows[30] == "总分|预算执行 9.29 分 + 绩效指标 85.00 分 = 94.29 分"
    assert rows[31].startswith("项目负责人：")
    assert table.orientation == PORTRAIT
    assert table.header_rows == (11, 12)  # the grid's headings repeat on each page


def test_a_reviewed_report_prints_both_scores_and_grades():
    [table] = build_evaluation_tables(filled(HUAILAI, reviewed=True))
    table.check()
    rows = joined(table)
    assert rows[11] == ("绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|复核得分"
                        "|偏差原因分析及改进措施")
    assert rows[12] == "产出指标|成本指标|资金成本|严格按照有关会议文件精神执行|已完成|12.50|12.50|6.25"
    assert rows[18] == "总分|100|94.29|88.04"
    assert rows[19] == "自评等级|优|复核：良"
    assert rows[22] == "评分说明|项目|达成情况（定性指标）|计分说明|复核理由"
    assert rows[24].endswith("自评 12.50 分；复核 6.25 分|佐证材料不足。")
    assert rows[30] == ("总分|预算执行 9.29 分 + 绩效指标 85.00 分 = 94.29 分；"
                        "复核：预算执行 9.29 分 + 绩效指标 78.75 分 = 88.04 分")


@pytest.mark.parametrize("reviewed", [False, True])
def test_every_field_of_the_report_is_marked_once_per_item(reviewed):
    document = filled("anhui-suzhou-2023", reviewed=reviewed)
    for table, project in zip(build_evaluation_tables(document), document["projects"]):
        n = len(project["indicators"])
        for entry in fields.fields_of("evaluation.indicator"):
            marked = cells_marked(table, f"evaluation.indicator.{entry.key}")
            if entry.key in ("level1", "level2"):  # merged over the rows of a group
                assert 0 < len(marked) <= n
            elif entry.key.startswith("review_") and not reviewed:
                assert marked == [], entry.key
            else:
                assert len(marked) == n, entry.key
        for entry in fields.fields_of("evaluation.budget"):
            expected = 1 if entry.key == "score" else len(fields.BUDGET_ROWS)  # 10 points on the total only
            assert len(cells_marked(table, f"evaluation.budget.{entry.key}")) == expected, entry.key
        printed = {f"evaluation.project.{f.key}" for f in fields.fields_of("evaluation.project") if f.key != "code"}
        assert printed <= {cell.field for cell in table.cells()}


def test_amounts_scores_and_rates_are_numbers_in_the_workbook():
    document = filled(HUAILAI)
    [table] = build_evaluation_tables(document)
    sheet = load_workbook(BytesIO(evaluation_workbook_bytes(document))).worksheets[0]

    def at(field, k=0):
        cell = cells_marked(table, field)[k]
        return sheet.cell(cell.row + 1, cell.col + 1)

    for field, value, number_format in [
        ("evaluation.budget.initial", 0.14, "0.00"),
        ("evaluation.budget.full_year", 0.14, "0.00"),
        ("evaluation.budget.executed", 0.13, "0.00"),
        ("evaluation.budget.rate", pytest.approx(0.9286), "0.00%"),
        ("evaluation.budget.score", 9.29, "0.00"),
        ("evaluation.indicator.weight", 12.5, "0.00"),
        ("evaluation.result.total", 94.29, "0.00"),
    ]:
        assert (at(field).value, at(field).number_format) == (value, number_format), field
    assert (at("evaluation.indicator.score", 5).value, at("evaluation.indicator.weight", 5).value) == (5, 10)
    assert at("evaluation.budget.initial", 2).value is None  # 上年结转资金: no filing layout has it
    assert sheet.page_setup.orientation == "portrait" and sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$12:$12"


def test_one_project_alone_keeps_its_sheet_name():
    document = filled("hunan-yuanjiang-2024")
    tables = build_evaluation_tables(document)
    assert len(tables) == len(document["projects"]) == 7
    assert len({t.sheet_name for t in tables}) == 7
    [third] = build_evaluation_tables(document, 2)
    assert third.sheet_name == tables[2].sheet_name and third.project_index == 2
    with pytest.raises(IndexError, match="没有第 8 个项目"):
        build_evaluation_tables(document, 7)


def test_a_fresh_report_prints_blank_entries_and_no_total():
    [table] = build_evaluation_tables(evaluation_document(load_example(HUAILAI)))
    for field in ("evaluation.budget.full_year", "evaluation.budget.executed", "evaluation.budget.rate",
                  "evaluation.budget.score", "evaluation.indicator.actual", "evaluation.indicator.score",
                  "evaluation.indicator.achievement", "evaluation.project.goal_outcome"):
        assert {cell.text for cell in cells_marked(table, field)} == {""}, field
    assert [c.text for c in cells_marked(table, "evaluation.indicator.weight")] == ["12.50"] * 4 + ["30.00", "10.00"]
    assert joined(table)[18] == "总分|100"
    assert "预算执行、6 项指标尚未得分，总分待定" in joined(table)[30]


def test_file_name_says_self_evaluation():
    assert evaluation_filename(filled(HUAILAI), "xlsx") == (
        "2022-224001-中共怀来县委网络安全和信息化委员会办公室-绩效自评.xlsx")


# --- printed ------------------------------------------------------------------

@poppler
@pytest.mark.parametrize("name", [HUAILAI, "anhui-suzhou-2023"])
def test_pdf_embeds_the_cjk_font_and_holds_every_field(tmp_path, name):
    document = filled(name, reviewed=True)
    path = tmp_path / "evaluation.pdf"
    path.write_bytes(evaluation_pdf_bytes(document, 0))
    fonts = embedded_fonts(path)
    assert fonts and all("CJK" in line and line.split()[-5] == "yes" for line in fonts)
    text = squeezed(run("pdftotext", str(path), "-"))
    project = document["projects"][0]
    shown = [f"{document['year']}年度项目支出绩效自评表", document["unit"]["name"]]
    shown += [project[f.key] for f in fields.fields_of("evaluation.project") if f.key != "code"]
    for row in project["budget"].values():
        shown += [row[key] for key in ("initial", "full_year", "executed") if row and row[key]]
    for item in project["indicators"]:
        shown += [item[f.key] for f in fields.fields_of("evaluation.indicator")]
    missing = [value for value in shown if value and squeezed(value) not in text]
    assert missing == []
    assert "595.276 x 841.89 pts (A4)" in run("pdfinfo", str(path))  # portrait


@libreoffice
def test_libreoffice_prints_the_workbook_on_a4_within_the_margins(tmp_path):
    data = evaluation_workbook_bytes(filled("anhui-suzhou-2023", reviewed=True))
    pages, words, text = printed_by_libreoffice(tmp_path, "evaluation", data)
    assert pages and all((round(float(w)), round(float(h))) == (595, 842) for w, h, _ in pages)  # A4 portrait
    outside = [word for x0, x1, word in words if x0 < MARGIN or x1 > 595 - MARGIN]
    assert words and outside == []
    text = squeezed(text)
    assert "项目支出绩效自评表" in text and "偏差原因分析及改进措施" in text and "复核理由" in text
