"""A 项目支出绩效自评表 workbook filled offline comes back as the report: the
same JSON after a round trip, the cells a clerk types read as typed, the
computed scores worked out again (never read), and every cell that cannot
be read named by sheet and cell, with nothing returned."""
import copy

import pytest

from reports.documents import monitoring_document
from reports.evaluation_documents import evaluation_document
from reports.evaluation_tables import build_evaluation_tables, evaluation_workbook_bytes
from reports.evaluation_workbook import read_evaluation_workbook
from reports.tables import monitoring_workbook_bytes
from targets.tables import workbook_bytes as filing_workbook_bytes
from targets.tables.continued import continued

from ..conftest import EXAMPLE_NAMES, load_example
from .evaluation_support import filled
from .table_support import WorkbookEdits

HUAILAI = "hebei-huailai-2022"
WORKBOOK = WorkbookEdits(build_evaluation_tables, evaluation_workbook_bytes)
where, edited, ref = WORKBOOK.where, WORKBOOK.edited, WORKBOOK.ref


def blank(name):
    return evaluation_document(load_example(name))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_round_trip_of_a_filled_report_gives_the_same_json(name):
    report = filled(name)
    document, problems = read_evaluation_workbook(evaluation_workbook_bytes(report), blank(name))
    assert problems == []
    assert document == report


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_round_trip_of_a_reviewed_report_through_excel_keeps_the_json(name):
    """Loaded and saved by openpyxl (as a spreadsheet program rewrites it);
    the 复核 scores and reasons printed come back unchanged."""
    report = filled(name, reviewed=True)
    document, problems = read_evaluation_workbook(edited(report, {}), report)
    assert problems == [] and document == report


def test_one_projects_workbook_fills_that_project_only():
    report = filled("hunan-yuanjiang-2024")
    current = blank("hunan-yuanjiang-2024")
    document, problems = read_evaluation_workbook(evaluation_workbook_bytes(report, 3), current)
    assert problems == []
    assert document["projects"][3] == report["projects"][3]
    assert document["projects"][2] == current["projects"][2]


def test_what_a_clerk_types_is_read_and_scored():
    current = blank(HUAILAI)
    data = edited(current, {
        ("evaluation.budget.full_year", 0): 0.15,
        ("evaluation.budget.executed", 0): "0.12万元",
        ("evaluation.budget.executed", 1): "1,000",
        ("evaluation.indicator.actual", 5): 45,  # 参会单位满意度 ≥60
        ("evaluation.indicator.weight", 5): "10分",
        ("evaluation.indicator.achievement", 0): " 部分达成并具有一定效果 ",
        ("evaluation.indicator.score", 0): 8,  # qualitative: the unit's, in 7.50–10.00
        ("evaluation.indicator.deviation", 5): "满意度调查样本偏少",
        ("evaluation.project.goal_outcome", 0): "完成全年会议",
        ("evaluation.project.problems", 0): "经费拨付偏晚",
    })
    document, problems = read_evaluation_workbook(data, current)
    assert problems == []
    project = document["projects"][0]
    assert project["budget"]["total"] == {"initial": "0.14", "full_year": "0.15", "executed": "0.12"}
    assert project["budget"]["fiscal"]["executed"] == "1000"
    sixth = project["indicators"][5]
    # The score of a row with a number is the rules': 45 ÷ 60 × 10.
    assert (sixth["actual"], sixth["weight"], sixth["score"], sixth["deviation"]) == (
        "45", "10.00", "7.50", "满意度调查样本偏少")
    first = project["indicators"][0]
    assert (first["achievement"], first["score"]) == ("部分达成并具有一定效果", "8.00")
    assert (project["goal_outcome"], project["problems"], project["improvements"]) == (
        "完成全年会议", "经费拨付偏晚", None)
    assert project["indicators"][1] == current["projects"][0]["indicators"][1]


def test_the_computed_cells_are_not_read():
    report = filled(HUAILAI)
    data = edited(report, {
        ("evaluation.budget.rate", 0): "随便写",
        ("evaluation.budget.score", 0): 10,
        ("evaluation.indicator.score", 5): 10,  # 参会单位满意度: scored by the rules, 5.00
        ("evaluation.result.total", 0): 100,
        ("evaluation.result.grade", 0): "优秀",
        ("evaluation.result.explanation", 3): "满分",
        ("evaluation.result.signatures", 0): "项目负责人：张三　财务负责人：李四　填报日期：2023年1月10日",
    })
    document, problems = read_evaluation_workbook(data, report)
    assert problems == [] and document == report
    assert document["projects"][0]["indicators"][5]["score"] == "5.00"


def test_a_cleared_cell_clears_the_entry():
    report = filled(HUAILAI)
    data = edited(report, {("evaluation.indicator.actual", 5): None, ("evaluation.indicator.deviation", 5): None,
                           ("evaluation.budget.executed", 0): None})
    document, problems = read_evaluation_workbook(data, report)
    assert problems == []
    sixth = document["projects"][0]["indicators"][5]
    assert (sixth["actual"], sixth["deviation"], sixth["score"]) == (None, None, None)
    assert document["projects"][0]["budget"]["total"]["executed"] is None


def test_every_bad_cell_is_named_and_nothing_is_returned():
    current = blank(HUAILAI)
    before = copy.deepcopy(current)
    data = edited(current, {
        ("evaluation.budget.executed", 0): "abc",
        ("evaluation.budget.full_year", 1): "5元",
        ("evaluation.indicator.weight", 1): "十二",
        ("evaluation.indicator.weight", 2): -1,
        ("evaluation.indicator.achievement", 0): "达成",
        ("evaluation.indicator.score", 1): "很好",  # 计划完成率 is qualitative: its 得分 is read
    })
    document, problems = read_evaluation_workbook(data, current)
    assert document is None
    assert [str(p) for p in problems] == [
        f"{ref(current, 'evaluation.budget.executed')}：全年执行数“abc”不是金额",
        f"{ref(current, 'evaluation.budget.full_year', 1)}：全年预算数“5元”：金额“5元”的单位与表格的金额单位（万元）不一致",
        f"{ref(current, 'evaluation.indicator.weight', 1)}：分值“十二”不是数字",
        f"{ref(current, 'evaluation.indicator.score', 1)}：得分“很好”不是数字",
        f"{ref(current, 'evaluation.indicator.weight', 2)}：分值不能为负数",
        f"{ref(current, 'evaluation.indicator.achievement')}：达成情况（定性指标）“达成”应为 “达成年度指标”、"
        f"“部分达成并具有一定效果”、“未达成且效果较差” 之一，或留空",
    ]
    assert current == before


def test_an_approved_value_changed_in_the_sheet_is_refused_at_its_cell():
    current = blank(HUAILAI)
    data = edited(current, {("evaluation.budget.initial", 0): 1, ("evaluation.indicator.value", 0): "改过的指标值"})
    document, problems = read_evaluation_workbook(data, current)
    assert document is None
    assert [str(p) for p in problems] == [
        f"{ref(current, 'evaluation.budget.initial')}：年初预算数应为“0.14”，表格中是“1”：批复的内容不能在表格中修改"]


def test_the_reviewers_score_cannot_be_changed_by_the_unit():
    report = filled(HUAILAI, reviewed=True)
    data = edited(report, {("evaluation.indicator.review_score", 0): 12.5})
    document, problems = read_evaluation_workbook(data, report)
    assert document is None
    assert [str(p) for p in problems] == [
        f"{ref(report, 'evaluation.indicator.review_score')}：复核得分应为“6.25”，表格中是“12.5”："
        f"复核得分和复核理由由审核人填写，不能在表格中修改"]


def test_rows_inserted_in_the_sheet_are_refused():
    current = blank(HUAILAI)
    data, title = WORKBOOK.row_inserted(current, "evaluation.indicator.actual", 2)
    document, problems = read_evaluation_workbook(data, current)
    assert document is None and len(problems) == 1
    assert problems[0].path.startswith(title + "!")
    assert "表格的行、列不能插入、删除或移动" in problems[0].message


def test_another_year_a_monitoring_or_a_filing_workbook_is_refused():
    current = blank(HUAILAI)
    other_year = copy.deepcopy(current) | {"year": 2023}
    document, problems = read_evaluation_workbook(evaluation_workbook_bytes(other_year), current)
    assert document is None and [str(p) for p in problems] == ["工作簿是 2023 年度的自评表，本报告是 2022 年度"]
    monitoring = monitoring_document(load_example(HUAILAI), 7)
    for data in (monitoring_workbook_bytes(monitoring), filing_workbook_bytes(load_example(HUAILAI))):
        document, problems = read_evaluation_workbook(data, current)
        assert document is None and [str(p) for p in problems] == ["工作簿不是绩效自评表（项目支出绩效自评表），无法导入"]


def test_a_file_that_is_no_workbook_or_too_big_is_refused_before_it_is_parsed():
    current = blank(HUAILAI)
    document, problems = read_evaluation_workbook(b"not a workbook", current)
    assert document is None and "不是有效的 .xlsx 工作簿" in str(problems[0])
    document, problems = read_evaluation_workbook(b"x" * (5 * 1024 * 1024 + 1), current)
    assert document is None and "文件过大" in str(problems[0])


def test_a_long_text_cut_over_rows_comes_back_whole():
    report = filled(HUAILAI)
    report["projects"][0]["goal_outcome"] = "\n".join(f"第{i}项工作：" + "按计划完成，达到预期效果。" * 6 for i in range(40))
    assert len(continued(build_evaluation_tables(report)[0]).rows) > len(build_evaluation_tables(report)[0].rows)
    document, problems = read_evaluation_workbook(evaluation_workbook_bytes(report), report)
    assert problems == [] and document == report
