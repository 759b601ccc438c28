"""Reading exported workbooks back (targets.workbook_reader): the round trip,
edits made as in Excel, and problems named by sheet and cell."""
import copy

import pytest
from openpyxl.packaging.custom import CustomPropertyList

from targets import field_catalogue as catalogue
from targets.interchange import DocumentRefused
from targets.interchange.diff import ADDED, CHANGED, REMOVED, diff_documents
from targets.tables import anhui, hebei, workbook_bytes
from targets.workbook_reader import read_workbook
from targets.workbook_reader.table_maps import table_map

from .test_tables_support import ANHUI, HEBEI, HUNAN, document_for
from .workbook_editing import delete_row, insert_row, open_workbook, saved, unmerge_all

EXAMPLES = [HEBEI, HUNAN, ANHUI]


def content(data):
    """Every sheet's name, cell values and merged areas."""
    workbook = open_workbook(data)
    return [(ws.title, [[c.value for c in row] for row in ws.iter_rows()],
             sorted(str(r) for r in ws.merged_cells.ranges)) for ws in workbook.worksheets]


def refused(data, base):
    with pytest.raises(DocumentRefused) as caught:
        read_workbook(data, base=base)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("unit", ["万元", "元"])
@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("with_base", [True, False], ids=["base", "properties-only"])
def test_export_import_export_is_the_same_workbook(name, unit, with_base):
    document = document_for(name, unit)
    first = workbook_bytes(document)
    reading = read_workbook(first, base=document if with_base else None)
    assert content(workbook_bytes(reading.document)) == content(first)
    assert diff_documents(document, reading.document) == []
    assert reading.document["amount_unit"] == unit
    assert reading.warnings == []


def test_import_keeps_the_base_exactly():
    for name in EXAMPLES:
        document = document_for(name)
        assert read_workbook(workbook_bytes(document), base=document).document == document


def test_three_edits_are_exactly_three_changes():
    document = document_for(HEBEI)
    workbook = open_workbook(workbook_bytes(document))
    sheet = workbook.worksheets[1]
    sheet["F12"] = "≤40会员是否延误"  # 指标值 of 延误率
    sheet["B8"] = "新的年度目标"  # 绩效目标
    insert_row(sheet, 12)  # inside the merged 产出指标 area
    sheet["C12"], sheet["D12"], sheet["F12"], sheet["G12"] = "新增指标", "新增描述", "≥1次", "计划"
    changes = diff_documents(document, read_workbook(saved(workbook), base=document).document)
    assert [(c.kind, c.location, c.old, c.new) for c in changes] == [
        (CHANGED, "projects[0].annual_goal", "1.目标内容1", "新的年度目标"),
        (ADDED, "projects[0].indicators[2]", None, None),
        (CHANGED, "projects[0].indicators[3].value", "≤50会员是否延误", "≤40会员是否延误"),
    ]
    added = read_workbook(saved(workbook), base=document).document["projects"][0]["indicators"][2]
    assert added == {"period": "annual", "level1": "产出指标", "level2": "质量指标", "name": "新增指标",
                     "description": "新增描述", "value": "≥1次", "basis": "计划", "standard": None,
                     "weight": None}


def test_removed_rows_and_unmerged_areas():
    document = document_for(ANHUI)
    workbook = open_workbook(workbook_bytes(document))
    sheet = workbook.worksheets[0]
    assert sheet["D14"].value == "开展网络公益活动"
    delete_row(sheet, 14)  # the row holds the 中期 and the 年度 indicator
    unmerge_all(sheet)  # every label and 一级/二级 area unmerged, as after "取消合并"
    changes = diff_documents(document, read_workbook(saved(workbook), base=document).document)
    assert [(c.kind, c.subject) for c in changes] == [
        (REMOVED, "项目“网络内容建设工作经费及网络综合治理”的指标“开展网络公益活动”")] * 2


def test_rows_added_below_a_group_take_its_names():
    document = document_for(HUNAN)
    workbook = open_workbook(workbook_bytes(document))
    sheet = workbook.worksheets[1]
    # A row appended under the last 质量指标 row, outside the merged areas.
    insert_row(sheet, 11)
    for area in [str(a) for a in sheet.merged_cells.ranges if "B9" in str(a)]:
        sheet.unmerge_cells(area)
    sheet["D11"], sheet["E11"] = "指令完成及时率", "≥90%"
    project = read_workbook(saved(workbook), base=document).document["projects"][0]
    assert project["indicators"][2]["level1"] == "产出指标"
    assert project["indicators"][2]["level2"] == "质量指标"
    assert project["indicators"][2]["name"] == "指令完成及时率"


def test_amounts_as_numbers_text_and_with_unit():
    document = document_for(HUNAN)
    workbook = open_workbook(workbook_bytes(document))
    sheet = workbook.worksheets[1]
    sheet["B4"] = 9.7  # a number typed in Excel
    sheet["F4"] = "0.14万元"
    department = workbook.worksheets[0]
    department["B4"] = "资金总额：1,109.04"
    imported = read_workbook(saved(workbook), base=document).document
    assert imported["projects"][0]["budget"]["fiscal"] == "9.7"
    assert imported["projects"][0]["budget"]["superior"] == "0.14"
    assert imported["department"]["budget"]["total"] == "1109.04"


def test_float_amounts_go_through_their_repr():
    document = document_for(ANHUI, "元")
    workbook = open_workbook(workbook_bytes(document))
    sheet = workbook.worksheets[0]
    sheet["H6"] = 1400.1  # Decimal(1400.1) would be 1400.0999999999999090505…
    sheet["H7"] = 0.1 + 0.2  # saved with Excel's 15 significant digits: 0.3
    budget = read_workbook(saved(workbook), base=document).document["projects"][0]["budget"]
    assert (budget["total"], budget["fiscal"]) == ("1400.1", "0.3")
    sheet["H6"] = "0.1234567"
    assert refused(saved(workbook), document) == [
        "网络内容建设工作经费及网络综合治理!H6：金额“0.1234567”的小数位超过 6 位"]


@pytest.mark.parametrize("total, fiscal, other", [
    ("0.1", "0.2", "0.3"), ("12345678.99", "12345678.98", "0.01"), ("9.6", "9.6", None),
    ("0.1234", "0.123456", "1234567890123.45"),  # more decimals than printed, 15 digits
])
def test_numbers_read_back_exactly(total, fiscal, other):
    """Amounts are numbers in the workbook: what comes back is the amount
    as filed, without float noise, also where the table prints it rounded."""
    document = document_for(HEBEI)
    document["projects"][0]["budget"].update(total=total, fiscal=fiscal, other=other)
    document["projects"][0]["spending_plan"][0]["percent"] = "8.33"
    workbook = open_workbook(workbook_bytes(document))
    assert isinstance(workbook.worksheets[1]["C4"].value, float)
    for base in (document, None):
        read = read_workbook(saved(workbook), base=base).document["projects"][0]
        assert read["budget"] == document["projects"][0]["budget"]
        assert read["spending_plan"][0] == {"month": 3, "percent": "8.33"}


def test_a_logical_value_for_an_amount_is_named_as_excel_shows_it():
    document = document_for(HEBEI)
    workbook = open_workbook(workbook_bytes(document))
    workbook.worksheets[1]["C4"] = True
    assert refused(saved(workbook), document) == [
        "怀财字【2022】7号 专项经费(会议费)!C4：应为数字，而不是逻辑值“TRUE”"]


def test_labelled_amounts_typed_over_in_excel():
    """A number typed over a Hunan budget line keeps the cell's format,
    which prints the label before it: it is read as that amount."""
    document = document_for(HUNAN)
    workbook = open_workbook(workbook_bytes(document))
    workbook.worksheets[0]["B6"] = 100.5
    imported = read_workbook(saved(workbook), base=document).document
    assert imported["department"]["budget"]["general_public"] == "100.5"
    assert imported["department"]["budget"]["total"] == "109.04"


def test_spending_plan_typed_as_percentages():
    document = document_for(HEBEI)
    workbook = open_workbook(workbook_bytes(document))
    sheet = workbook.worksheets[1]
    sheet["B7"] = 0.3
    sheet["B7"].number_format = "0%"
    sheet["D7"] = "55％"
    plan = read_workbook(saved(workbook), base=document).document["projects"][0]["spending_plan"]
    assert plan == [{"month": 3, "percent": "30"}, {"month": 6, "percent": "55"},
                    {"month": 10, "percent": "75"}, {"month": 12, "percent": "100"}]


def test_problems_name_sheet_and_cell():
    document = document_for(HUNAN)
    workbook = open_workbook(workbook_bytes(document))
    sheet = workbook.worksheets[1]
    sheet.title = "项目2"
    sheet["B4"] = "九点六"
    sheet["F4"] = "0.5元"
    sheet["D10"] = None  # 三级指标 of a row that keeps its 指标值
    workbook.worksheets[0]["A26"] = "填表人：严飞　　联系电话：1　　填报日期：2024年13月20日　　单位负责人签字："
    assert refused(saved(workbook), document) == [
        "部门整体支出绩效目标表!A26：无法识别的日期“2024年13月20日”，应写成 2024年6月20日 或 2024-06-20",
        "项目2!B4：无法识别的金额“九点六”，应为数字，如 12.50",
        "项目2!F4：金额“0.5元”的单位与表格的金额单位（万元）不一致",
        "项目2!D10：三级指标不能为空",
    ]


def test_a_missing_label_is_named():
    document = document_for(ANHUI)
    workbook = open_workbook(workbook_bytes(document))
    workbook.worksheets[0]["A4"] = "执行单位"
    assert refused(saved(workbook), document) == [
        "网络内容建设工作经费及网络综合治理：找不到“实施单位”栏，请勿删除或改动表格的栏目名称"]


@pytest.mark.parametrize("data", [b"", b"not a workbook", b"PK\x03\x04broken"])
def test_not_a_workbook(data):
    problems = refused(data, None)
    assert len(problems) == 1 and "不是有效的 .xlsx 工作簿" in problems[0]


def test_other_layout_is_refused():
    hunan = workbook_bytes(document_for(HUNAN))
    assert refused(hunan, document_for(HEBEI)) == ["工作簿是湖南版式的表格，与本申报的河北版式不同，无法导入"]


def test_workbook_without_properties_reads_with_a_base():
    document = document_for(HUNAN)
    workbook = open_workbook(workbook_bytes(document))
    workbook.custom_doc_props = CustomPropertyList()
    data = saved(workbook)
    assert read_workbook(data, base=document).document == document
    # Without a base the layout and year come from the tables themselves.
    alone = read_workbook(data).document
    assert (alone["layout"], alone["year"], alone["amount_unit"]) == ("hunan", 2024, "万元")


def test_generated_placeholder_rows_are_not_imported():
    """Hunan tables print "……" for an unused 二级; a base that does not file
    such rows gets none from the import."""
    document = document_for(HUNAN)
    base = copy.deepcopy(document)
    for part in [base["department"]] + base["projects"]:
        part["indicators"] = [i for i in part["indicators"] if i["name"] != "……"]
    reading = read_workbook(workbook_bytes(base), base=base)
    assert reading.document == base


def test_project_workbook_replaces_that_project_only():
    document = document_for(HUNAN)
    workbook = open_workbook(workbook_bytes(document, project_index=2))
    workbook.worksheets[0]["B7"] = "新的本年度绩效目标"
    imported = read_workbook(saved(workbook), base=document).document
    changes = diff_documents(document, imported)
    assert [(c.location, c.new) for c in changes] == [("projects[2].annual_goal", "新的本年度绩效目标")]
    assert len(imported["projects"]) == len(document["projects"])


def test_workbook_of_another_year_warns():
    document = document_for(HEBEI)
    other = copy.deepcopy(document)
    other["year"] = 2021
    reading = read_workbook(workbook_bytes(other), base=document)
    assert reading.document["year"] == 2022
    assert reading.warnings == ["工作簿导出自 2021 年度的申报，将导入本申报（2022 年度）"]


def test_text_that_looks_like_a_formula_stays_text():
    document = document_for(HEBEI)
    document["projects"][0]["annual_goal"] = "=SUM(A1)"
    assert read_workbook(workbook_bytes(document), base=document).document == document


# --- labels changed in the builders ---------------------------------------------


def _relabel_catalogue(part, key, layout, label):
    return lambda patch: patch.setitem(catalogue.get(part, key).layout_labels, layout, label)


def _annual_row(document):
    return next(i for i in document["projects"][0]["indicators"] if i["period"] == "annual")


RELABELLED = [
    pytest.param(HEBEI, _relabel_catalogue("project.budget", "fiscal", "hebei", "其中：本级财政资金"),
                 "其中：本级财政资金", lambda d: d["projects"][0]["budget"].update(fiscal="0.13"),
                 id="catalogue-label-of-a-value"),
    pytest.param(HEBEI, lambda patch: patch.setattr(hebei, "BUDGET_LABEL", "预算及资金用途"),
                 "预算及资金用途", lambda d: d["projects"][0].update(purpose="会议及培训经费"),
                 id="builder-label-over-the-value-below"),
    pytest.param(HEBEI, lambda patch: (patch.setattr(hebei, "PLAN_LABEL", "资金支出进度（%）"),
                                       patch.setattr(hebei, "CHECKPOINT", "{}月末")),
                 "3月末", lambda d: d["projects"][0]["spending_plan"][0].update(percent="30"),
                 id="spending-plan-months"),
    pytest.param(HEBEI, _relabel_catalogue("department", "sub_goals", "hebei", "分项目标"),
                 "二、分项目标", lambda d: d["department"].update(sub_goals="1、新的分项目标\n2、第二段"),
                 id="department-section-heading"),
    pytest.param(HUNAN, _relabel_catalogue("indicator", "value", "hunan", "指标值（含计量单位）"),
                 "指标值（含计量单位）", lambda d: _annual_row(d).update(value="≥6次"),
                 id="indicator-heading"),
    pytest.param(HUNAN, _relabel_catalogue("department.budget", "general_public", "hunan", "一般公共预算拨款"),
                 "其中：一般公共预算拨款：", lambda d: d["department"]["budget"].update(general_public="109"),
                 id="label-before-the-amount-in-one-cell"),
    pytest.param(HUNAN, _relabel_catalogue("contact", "unit_head", "hunan", "负责人签字"),
                 "负责人签字：", lambda d: d["contact"].update(unit_head="王五"),
                 id="contact-line"),
    pytest.param(ANHUI, lambda patch: patch.setattr(anhui, "BUDGET_LINES", (
                     anhui.BUDGET_LINES[0], ("其中:财政拨款", "midterm_fiscal", "其中:本年财政拨款", "fiscal"),
                     anhui.BUDGET_LINES[2])),
                 "其中:本年财政拨款", lambda d: d["projects"][0]["budget"].update(fiscal="140"),
                 id="second-of-two-like-labels"),
]


@pytest.fixture
def relabel(monkeypatch):
    """Change builder labels for one test; the reader learns the layouts
    again from the changed builders, and again from the restored ones after."""
    table_map.cache_clear()
    yield monkeypatch
    table_map.cache_clear()


@pytest.mark.parametrize("name, change, printed, edit", RELABELLED)
def test_a_label_changed_in_a_builder_is_read_back(relabel, name, change, printed, edit):
    original = document_for(name)
    edited = copy.deepcopy(original)
    edit(edited)
    change(relabel)
    data = workbook_bytes(edited)
    # A number prints the label of its format before it ("其中：…："0.00).
    texts = [f"{cell.number_format}{cell.value}" for ws in open_workbook(data).worksheets
             for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert any(printed in text for text in texts)
    # The edited field comes from the sheet, under its new label; nothing else changed.
    assert read_workbook(data, base=original).document == edited
