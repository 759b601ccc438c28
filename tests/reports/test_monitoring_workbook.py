"""A monitoring workbook filled offline comes back as the report: the same
JSON after a round trip, the cells a clerk types read as typed, and every
cell that cannot be read named by sheet and cell, with nothing returned."""
import copy

import pytest

from reports.documents import monitoring_document
from reports.tables import build_monitoring_tables, monitoring_workbook_bytes
from reports.workbook import read_monitoring_workbook
from targets.tables import workbook_bytes as filing_workbook_bytes
from targets.tables.continued import continued

from ..conftest import EXAMPLE_NAMES, load_example
from .monitoring_support import MONTHS, filled
from .table_support import WorkbookEdits

HUAILAI = "hebei-huailai-2022"
WORKBOOK = WorkbookEdits(build_monitoring_tables, monitoring_workbook_bytes)
where, edited, ref = WORKBOOK.where, WORKBOOK.edited, WORKBOOK.ref


def blank(name, months=None):
    return monitoring_document(load_example(name), months or MONTHS[name])


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_round_trip_of_a_filled_report_gives_the_same_json(name):
    report = filled(name)
    document, problems = read_monitoring_workbook(monitoring_workbook_bytes(report), blank(name))
    assert problems == []
    assert document == report


def test_round_trip_through_excel_keeps_the_json():
    """Loaded and saved by openpyxl (as a spreadsheet program rewrites it)."""
    report = filled(HUAILAI)
    document, problems = read_monitoring_workbook(edited(report, {}), report)
    assert problems == [] and document == report


def test_one_projects_workbook_fills_that_project_only():
    report = filled("hunan-yuanjiang-2024")
    current = blank("hunan-yuanjiang-2024")
    document, problems = read_monitoring_workbook(monitoring_workbook_bytes(report, 3), current)
    assert problems == []
    assert document["projects"][3] == report["projects"][3]
    assert document["projects"][2] == current["projects"][2]


def test_what_a_clerk_types_is_read():
    current = blank(HUAILAI)
    data = edited(current, {
        ("monitoring.budget.executed", 0): 0.1,
        ("monitoring.budget.expected", 0): "0.14万元",
        ("monitoring.budget.executed", 1): "1,000",
        ("monitoring.indicator.actual", 2): 3,
        ("monitoring.indicator.reasons", 2 * 5 + 3): "✓",  # 硬件条件保障 of the third indicator
        ("monitoring.indicator.likelihood", 2 * 3 + 2): "√",  # 完全不可能
        ("monitoring.indicator.grade", 2): " 未达到 ",
        ("monitoring.indicator.reason_text", 2): "设备未到货",
        ("monitoring.project.goal_progress", 0): "完成过半",
    })
    document, problems = read_monitoring_workbook(data, current)
    assert problems == []
    project = document["projects"][0]
    assert project["budget"]["total"] == {"annual": "0.14", "executed": "0.1", "expected": "0.14"}
    assert project["budget"]["fiscal"]["executed"] == "1000"
    third = project["indicators"][2]
    assert (third["actual"], third["reasons"], third["likelihood"], third["grade"], third["reason_text"]) == (
        "3", ["硬件条件保障"], "完全不可能", "未达到", "设备未到货")
    assert project["goal_progress"] == "完成过半"
    assert project["indicators"][0] == current["projects"][0]["indicators"][0]


def test_a_cleared_cell_clears_the_entry():
    report = filled(HUAILAI)
    data = edited(report, {("monitoring.indicator.reasons", 5): None, ("monitoring.indicator.note", 1): None,
                           ("monitoring.budget.executed", 0): None})
    document, problems = read_monitoring_workbook(data, report)
    assert problems == []
    assert document["projects"][0]["indicators"][1]["reasons"] == ["其他"]
    assert document["projects"][0]["indicators"][1]["note"] is None
    assert document["projects"][0]["budget"]["total"]["executed"] is None


def test_every_bad_cell_is_named_and_nothing_is_returned():
    current = blank(HUAILAI)
    before = copy.deepcopy(current)
    data = edited(current, {
        ("monitoring.budget.executed", 0): "abc",
        ("monitoring.budget.expected", 1): "5元",
        ("monitoring.indicator.reasons", 0): "有",
        ("monitoring.indicator.likelihood", 3): "√",
        ("monitoring.indicator.likelihood", 4): "√",
        ("monitoring.indicator.grade", 0): "很好",
    })
    document, problems = read_monitoring_workbook(data, current)
    assert document is None
    assert [str(p) for p in problems] == [
        f"{ref(current, 'monitoring.budget.executed')}：1–7月执行数“abc”不是金额",
        f"{ref(current, 'monitoring.budget.expected', 1)}：全年预计执行数“5元”：金额“5元”的单位与表格的金额单位（万元）不一致",
        f"{ref(current, 'monitoring.indicator.reasons')}：偏差原因（经费保障）“有”：请打“√”或留空",
        f"{ref(current, 'monitoring.indicator.grade')}：完成程度（定性指标）“很好”应为 “达到”、“部分达到”、“未达到” 之一，或留空",
        f"{ref(current, 'monitoring.indicator.likelihood', 4)}：完成目标可能性只能勾选一项，第 2 个指标勾选了确定能、有可能",
    ]
    assert current == before


def test_an_approved_value_changed_in_the_sheet_is_refused_at_its_cell():
    current = blank(HUAILAI)
    data = edited(current, {("monitoring.budget.annual", 0): 1, ("monitoring.indicator.value", 0): "改过的指标值"})
    document, problems = read_monitoring_workbook(data, current)
    assert document is None
    assert [str(p) for p in problems] == [
        f"{ref(current, 'monitoring.budget.annual')}：年初预算数应为“0.14”，表格中是“1”：批复的内容不能在表格中修改"]


def test_rows_inserted_in_the_sheet_are_refused():
    current = blank(HUAILAI)
    data, title = WORKBOOK.row_inserted(current, "monitoring.indicator.actual", 2)
    document, problems = read_monitoring_workbook(data, current)
    assert document is None and len(problems) == 1
    assert problems[0].path.startswith(title + "!")
    assert "表格的行、列不能插入、删除或移动" in problems[0].message


def test_another_period_or_year_or_a_filing_workbook_is_refused():
    six = blank(HUAILAI, 6)
    document, problems = read_monitoring_workbook(monitoring_workbook_bytes(six), blank(HUAILAI, 7))
    assert document is None and [str(p) for p in problems] == ["工作簿是 1–6 月的监控表，本报告是 1–7 月"]
    other_year = copy.deepcopy(six) | {"year": 2023}
    document, problems = read_monitoring_workbook(monitoring_workbook_bytes(other_year), six)
    assert document is None and [str(p) for p in problems] == ["工作簿是 2023 年度的监控表，本报告是 2022 年度"]
    document, problems = read_monitoring_workbook(filing_workbook_bytes(load_example(HUAILAI)), six)
    assert document is None and [str(p) for p in problems] == ["工作簿不是运行监控表（项目支出绩效目标执行监控表），无法导入"]


def test_a_file_that_is_no_workbook_or_too_big_is_refused_before_it_is_parsed():
    current = blank(HUAILAI)
    document, problems = read_monitoring_workbook(b"not a workbook", current)
    assert document is None and "不是有效的 .xlsx 工作簿" in str(problems[0])
    document, problems = read_monitoring_workbook(b"x" * (5 * 1024 * 1024 + 1), current)
    assert document is None and "文件过大" in str(problems[0])


def test_a_long_text_cut_over_rows_comes_back_whole():
    report = filled(HUAILAI)
    report["projects"][0]["goal_progress"] = "\n".join(f"第{i}项工作：" + "按计划推进，已完成阶段任务。" * 6 for i in range(40))
    table = continued(build_monitoring_tables(report)[0])
    assert len(table.rows) > len(build_monitoring_tables(report)[0].rows)  # the text was cut
    document, problems = read_monitoring_workbook(monitoring_workbook_bytes(report), report)
    assert problems == [] and document == report


def test_the_computed_rates_are_not_read():
    report = filled(HUAILAI)
    data = edited(report, {("monitoring.budget.executed_rate", 0): "随便写", ("monitoring.budget.expected_rate", 1): 5})
    document, problems = read_monitoring_workbook(data, report)
    assert problems == [] and document == report
