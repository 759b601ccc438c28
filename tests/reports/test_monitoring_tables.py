"""The 项目支出绩效目标执行监控表 as a clerk prints it: the national form's
labels for the period, amounts as numbers, 执行率 worked out, ticks where
the report ticks, in XLSX (also as LibreOffice prints it) and PDF."""
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from reports import fields
from reports.documents import monitoring_document
from reports.tables import (
    build_monitoring_tables,
    monitoring_filename,
    monitoring_pdf_bytes,
    monitoring_workbook_bytes,
    rate,
)
from targets.tables.grid import LANDSCAPE

from ..conftest import load_example
from .monitoring_support import filled
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


def test_the_form_for_the_period_with_the_report_in_it():
    [table] = build_monitoring_tables(filled(HUAILAI))
    table.check()
    rows = ["|".join(t for t in row if t) for row in table.text_rows()]
    assert rows[0] == "2022年度项目支出绩效目标执行监控表"
    assert rows[1] == "填报单位（盖章）：中共怀来县委网络安全和信息化委员会办公室|监控期间：2022年1–7月"
    assert rows[2] == "项目名称|怀财字【2022】7号 专项经费(会议费)"
    assert rows[3] == "主管部门\n及代码|中共怀来县委网络安全和信息化委员会办公室（224001）|实施单位|中共怀来县委网络安全和信息化委员会办公室"
    assert rows[4] == "项目资金\n（万元）|年初预算数|1–7月执行数|1–7月执行率|全年预计执行数|全年预计执行率"
    assert rows[5] == "年度资金总额|0.14|0.08|57.14%|0.14|100.00%"
    assert rows[6] == "其中：财政拨款|0.14|0.08|57.14%|0.14|100.00%"
    assert rows[7] == "上年结转资金" and rows[8] == "其他资金"
    assert rows[9] == "年度总体\n目标|全年预期目标|1–7月目标实际完成情况"
    assert rows[11] == ("绩效指标|一级指标|二级指标|三级指标|年度指标值|1–7月实际完成值|全年预计完成值|偏差原因分析"
                        "|完成目标可能性|备注")
    assert rows[12] == "经费保障|制度保障|人员保障|硬件条件保障|其他|确定能|有可能|完全不可能"
    # The lagging indicator: 经费保障 and 其他 ticked, 有可能, its note.
    assert table.text_rows()[14][3:] == ["计划完成率", "顺利如期举行各项会议", "完成2项", "顺利如期举行各项会议",
                                         "√", "", "", "", "√", "", "√", "", "已报主管部门"]
    assert rows[19] == "偏差原因\n说明及\n纠偏措施|三级指标|完成程度（定性指标）|偏差原因说明|纠偏措施"
    assert rows[21] == "计划完成率|资金拨付滞后，部分会议延期召开。|加快资金拨付，下半年集中组织。"
    assert rows[22] == "延误率|部分达到"
    assert table.orientation == LANDSCAPE
    assert table.header_rows == (11, 13)  # both header rows repeat on each page


def test_every_field_of_the_report_is_marked_once_per_item():
    document = filled("anhui-suzhou-2023")
    for table, project in zip(build_monitoring_tables(document), document["projects"]):
        n = len(project["indicators"])
        for entry in fields.fields_of("monitoring.indicator"):
            per_item = {"reasons": len(fields.REASONS), "likelihood": len(fields.LIKELIHOODS)}.get(entry.key, 1)
            marked = cells_marked(table, f"monitoring.indicator.{entry.key}")
            if entry.key in ("level1", "level2"):  # merged over the rows of a group
                assert 0 < len(marked) <= n
            else:
                assert len(marked) == n * per_item, entry.key
        for entry in fields.fields_of("monitoring.budget"):
            assert len(cells_marked(table, f"monitoring.budget.{entry.key}")) == len(fields.BUDGET_ROWS)
        printed = {f"monitoring.project.{k}" for k in
                   ("name", "department", "implementing_unit", "annual_goal", "goal_progress")}
        assert printed <= {cell.field for cell in table.cells()}


def test_amounts_and_rates_are_numbers_in_the_workbook():
    document = filled(HUAILAI)
    [table] = build_monitoring_tables(document)
    sheet = load_workbook(BytesIO(monitoring_workbook_bytes(document))).worksheets[0]

    def at(field, k=0):
        cell = cells_marked(table, field)[k]
        return sheet.cell(cell.row + 1, cell.col + 1)

    annual, executed, executed_rate = (at(f"monitoring.budget.{k}") for k in ("annual", "executed", "executed_rate"))
    assert (annual.value, annual.number_format) == (0.14, "0.00")
    assert (executed.value, executed.number_format) == (0.08, "0.00")
    assert (executed_rate.value, executed_rate.number_format) == (pytest.approx(0.5714), "0.00%")
    assert at("monitoring.budget.annual", 2).value is None  # 上年结转资金: no filing layout has it
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$12:$13"


@pytest.mark.parametrize("amount, annual, expected", [
    ("0.08", "0.14", "57.14"), ("150", "150", "100.00"), ("0", "10", "0.00"), ("1", "0", None),
    (None, "10", None), ("5", None, None), ("abc", "10", None),
])
def test_rates_are_the_amount_over_the_annual_budget(amount, annual, expected):
    assert rate(amount, annual) == expected


def test_one_project_alone_keeps_its_sheet_name():
    document = filled("hunan-yuanjiang-2024")
    tables = build_monitoring_tables(document)
    assert len(tables) == len(document["projects"]) == 7
    assert len({t.sheet_name for t in tables}) == 7
    [third] = build_monitoring_tables(document, 2)
    assert third.sheet_name == tables[2].sheet_name and third.project_index == 2
    with pytest.raises(IndexError, match="没有第 8 个项目"):
        build_monitoring_tables(document, 7)


def test_a_fresh_report_prints_blank_entries():
    document = monitoring_document(load_example(HUAILAI), 6)
    [table] = build_monitoring_tables(document)
    assert "1–6月执行数" in table.text_rows()[4]
    for field in ("monitoring.budget.executed", "monitoring.budget.executed_rate", "monitoring.indicator.actual",
                  "monitoring.indicator.reasons", "monitoring.indicator.likelihood"):
        assert {cell.text for cell in cells_marked(table, field)} == {""}, field


def test_file_name_says_the_period():
    assert monitoring_filename(filled(HUAILAI), "xlsx") == (
        "2022-224001-中共怀来县委网络安全和信息化委员会办公室-运行监控1–7月.xlsx")


# --- printed ------------------------------------------------------------------

@poppler
def test_pdf_embeds_the_cjk_font_and_holds_the_report(tmp_path):
    path = tmp_path / "monitoring.pdf"
    path.write_bytes(monitoring_pdf_bytes(filled(HUAILAI)))
    fonts = embedded_fonts(path)
    assert fonts and all("CJK" in line and line.split()[-5] == "yes" for line in fonts)
    text = squeezed(run("pdftotext", str(path), "-"))
    for shown in ("2022年度项目支出绩效目标执行监控表", "怀财字【2022】7号专项经费(会议费)", "57.14%", "100.00%",
                  "资金拨付滞后，部分会议延期召开。", "加快资金拨付，下半年集中组织。", "已报主管部门", "完成2项",
                  "截至7月底，已完成年度目标的50%", "√"):
        assert shown in text, shown
    assert "841.89 x 595.276 pts (A4)" in run("pdfinfo", str(path))


@libreoffice
def test_libreoffice_prints_the_workbook_on_a4_within_the_margins(tmp_path):
    data = monitoring_workbook_bytes(filled("anhui-suzhou-2023"))
    pages, words, text = printed_by_libreoffice(tmp_path, "monitoring", data)
    assert pages and all((round(float(w)), round(float(h))) == (842, 595) for w, h, _ in pages)  # A4 landscape
    outside = [word for x0, x1, word in words if x0 < MARGIN or x1 > 842 - MARGIN]
    assert words and outside == []
    text = squeezed(text)
    assert "项目支出绩效目标执行监控表" in text and "1–8月执行数" in text
