"""Tests of the checks engine (targets/checks), on filing/1 documents only: no
database. Each rule has a case that fails and one that passes, built by
copying an example and changing one thing.

Verdicts on the three spec examples (what a careful reviewer would say):

- hebei-huailai-2022: warnings only. text.placeholder at
  projects[0].annual_goal: the goal is the template's "1.目标内容1";
  indicators.description_copies_name on each of the six rows (the
  绩效指标描述 is the 三级指标 copied); indicators.cost_not_amount on the
  cost row "严格按照有关会议文件精神执行" (prose: no amount to hold the cost
  to, so no cost_above_budget either). The spending plan 25/50/75/100 at
  3/6/10/12月底 is right; 产出 has 数量, 质量, 时效 and 成本, 效益 and 满意度
  a real row each; every row has its 指标值确定依据; 预算数 0.14 = 财政资金
  0.14; 【2022】 and the code's "22" match the year.
- hunan-yuanjiang-2024: error department_budget.use_mismatch (基本支出 66.16 +
  项目支出 44.28 = 110.44 ≠ 资金总额 109.04) and warning
  department_budget.projects_mismatch (the seven projects' 本级 amounts add up
  to 42.88, not 44.28). By income 109.04 = 109.04 + 0 + 0 (+ a blank
  政府性基金, counting 0) is fine. Projects give 本级 and 上级 only, 预算数
  is blank, so the parts check is skipped and a project's amount is
  本级 + 上级. "……" rows are how Hunan prints unused 二级, so no warning;
  satisfaction under 效益 is Hunan's framework; cost rows "≤9.6万元" equal
  their budgets, and the department's "≤全年预算数" names the budget as its
  ceiling.
- anhui-suzhou-2023: warnings only, indicators.cost_not_amount on the six
  prose 成本 rows ("严格执行培训费相关规定"). 年度 150/30/5 ≤ 中期 450/90/15; 中期 and
  年度 rows are checked apart and each has real 产出, 效益 and 满意度 rows.
  Rows named 不适用 (经济效益, 生态效益) are a statement that the category does
  not apply: they do not count as real indicators, but they are not
  leftovers either, so no placeholder warning (only "……" is). "100%" and
  "满意度≥95%" are within 100, and "100%" needs no operator; "目标1:…" in a
  goal is a numbered goal, not the template's "目标内容1"; every 年度 count
  is within its 中期 count.
"""
import copy
import dataclasses

import pytest

from targets.checks import ERROR, WARNING, Problem, run_checks
from tests.conftest import load_example

HEBEI, HUNAN, ANHUI = "hebei-huailai-2022", "hunan-yuanjiang-2024", "anhui-suzhou-2023"


def doc(name):
    return copy.deepcopy(load_example(name))


def found(document, code=None):
    """(severity, code, location) of every problem, or of one code."""
    return [
        (p.severity, p.code, p.location)
        for p in run_checks(document)
        if code is None or p.code == code
    ]


def added(document, name):
    """found(document) less what the example `name` has of its own: the
    problems a change brought."""
    before = found(doc(name))
    result = []
    for item in found(document):
        if item in before:
            before.remove(item)
        else:
            result.append(item)
    return result


def errors(document):
    return [item for item in found(document) if item[0] == ERROR]


def messages(document, code):
    return [p.message for p in run_checks(document) if p.code == code]


def row(name, level1="产出指标", level2="数量指标", value="≥1次", period="annual"):
    return {
        "period": period, "level1": level1, "level2": level2, "name": name, "description": None,
        "value": value, "basis": None, "standard": None, "weight": None,
    }


# --- the examples ---------------------------------------------------------------


def test_hebei_verdict():
    copied = [(WARNING, "indicators.description_copies_name", f"projects[0].indicators[{i}].description")
              for i in range(6)]
    assert found(doc(HEBEI)) == [
        (WARNING, "text.placeholder", "projects[0].annual_goal"),
        copied[0],
        (WARNING, "indicators.cost_not_amount", "projects[0].indicators[0].value"),
        *copied[1:],
    ]
    assert messages(doc(HEBEI), "text.placeholder") == [
        "项目“怀财字【2022】7号 专项经费(会议费)”的绩效目标中留有模板占位文字“目标内容1”：“1.目标内容1”"
    ]
    assert messages(doc(HEBEI), "indicators.cost_not_amount") == [
        "项目“怀财字【2022】7号 专项经费(会议费)”第1行指标“资金成本”是成本指标，指标值“严格按照有关会议文件精神执行”"
        "不是“≤ 金额”：请写成“≤ 金额 + 元或万元”（如“≤9.6万元”），金额不超过预算"
    ]
    assert messages(doc(HEBEI), "indicators.description_copies_name")[5] == (
        "项目“怀财字【2022】7号 专项经费(会议费)”第6行指标“参会单位满意度（%）”的绩效指标描述只重复了三级指标："
        "请写明指标的含义、口径或计算方法"
    )


def test_hunan_verdict():
    document = doc(HUNAN)
    assert found(document) == [
        (ERROR, "department_budget.use_mismatch", "department.budget.total"),
        (WARNING, "department_budget.projects_mismatch", "department.budget.project"),
    ]
    assert [p.message for p in run_checks(document)] == [
        "部门资金总额 109.04 万元与按支出性质各项之和不符：基本支出 66.16 + 项目支出 44.28 = 110.44 万元",
        "部门项目支出 44.28 万元与 7 个项目的年度预算之和 42.88 万元不符",
    ]


def test_anhui_verdict():
    # Each project's 成本 rows (中期 and 年度) are prose: nothing else.
    rows = [(0, 14), (0, 36), (1, 9), (1, 24), (2, 5), (2, 16)]
    assert found(doc(ANHUI)) == [
        (WARNING, "indicators.cost_not_amount", f"projects[{p}].indicators[{i}].value") for p, i in rows
    ]
    assert messages(doc(ANHUI), "indicators.cost_not_amount")[5].startswith(
        "项目“网络媒体协会运行经费”年度指标第6行“举办培训班”是成本指标，指标值“严格按照相关规定执行”不是“≤ 金额”"
    )


def test_hunan_with_budget_corrected_has_no_problems():
    document = doc(HUNAN)
    document["department"]["budget"]["project"] = "42.88"
    document["department"]["budget"]["basic"] = "66.16"
    document["department"]["budget"]["total"] = "109.04"
    assert run_checks(document) == []


def test_problem_is_frozen_and_examples_are_left_unchanged(example):
    before = copy.deepcopy(example)
    problems = run_checks(example)
    assert example == before
    assert all(isinstance(p, Problem) and p.severity in (ERROR, WARNING) for p in problems)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Problem(ERROR, "x", "y", "z").code = "other"


def test_unknown_layout_is_reported_alone():
    document = doc(HEBEI)
    document["layout"] = "guangdong"
    assert found(document) == [(ERROR, "document.unknown_layout", "layout")]


def test_problems_come_in_document_order():
    document = doc(HUNAN)
    document["projects"][2]["indicators"][0]["level1"] = "过程指标"
    document["projects"][0]["annual_goal"] = None
    document["projects"][2]["spending_plan"] = [{"month": 12, "percent": "90"}]
    document["department"]["overall_goal"] = ""
    assert found(document) == [
        (WARNING, "department.overall_goal_missing", "department.overall_goal"),
        (ERROR, "department_budget.use_mismatch", "department.budget.total"),
        (WARNING, "department_budget.projects_mismatch", "department.budget.project"),
        (ERROR, "project.annual_goal_missing", "projects[0].annual_goal"),
        (ERROR, "spending_plan.final_not_100", "projects[2].spending_plan[0].percent"),
        (ERROR, "indicators.missing_level2", "projects[2].indicators"),  # its only 数量 row
        (ERROR, "indicators.unknown_level1", "projects[2].indicators[0].level1"),
    ]


# --- money ----------------------------------------------------------------------


def test_budget_parts_mismatch():
    document = doc(HEBEI)
    document["projects"][0]["budget"]["fiscal"] = "0.10"
    assert found(document, "budget.parts_mismatch") == [(ERROR, "budget.parts_mismatch", "projects[0].budget.total")]
    assert messages(document, "budget.parts_mismatch") == [
        "项目“怀财字【2022】7号 专项经费(会议费)”预算数 0.14 万元与各资金来源之和不符："
        "财政资金 0.1 + 其他资金 0（未填） = 0.1 万元"
    ]
    document["projects"][0]["budget"]["other"] = "0.04"
    assert found(document, "budget.parts_mismatch") == []


def test_budget_parts_skipped_without_total_or_parts():
    document = doc(HEBEI)
    document["projects"][0]["budget"]["fiscal"] = None
    assert found(document, "budget.parts_mismatch") == []  # 0.14 with no part given
    document = doc(HUNAN)  # 预算数 blank, 本级 given
    assert found(document, "budget.parts_mismatch") == []


def test_midterm_parts_mismatch():
    document = doc(ANHUI)
    document["projects"][1]["budget"]["midterm_fiscal"] = "80"
    assert errors(document) == [(ERROR, "budget.midterm_parts_mismatch", "projects[1].budget.midterm_total")]
    document["projects"][1]["budget"]["midterm_other"] = "10"
    assert errors(document) == []


def test_annual_above_midterm():
    document = doc(ANHUI)
    budget = document["projects"][2]["budget"]
    budget["total"] = budget["fiscal"] = "15"  # equal to 中期: fine
    assert errors(document) == []
    budget["total"] = budget["fiscal"] = "20"
    assert errors(document) == [(ERROR, "budget.annual_above_midterm", "projects[2].budget.total")]
    assert messages(document, "budget.annual_above_midterm") == [
        "项目“网络媒体协会运行经费”年度资金 20 万元超过中期资金 15 万元"
    ]
    budget["total"] = None  # the amount is then 财政拨款 + 其他资金
    assert errors(document) == [(ERROR, "budget.annual_above_midterm", "projects[2].budget")]


def test_negative_amount():
    document = doc(HEBEI)
    document["projects"][0]["budget"].update(fiscal="0.15", other="-0.01")
    assert found(document, "budget.negative") == [(ERROR, "budget.negative", "projects[0].budget.other")]
    assert found(document, "budget.parts_mismatch") == []


def test_department_income_mismatch():
    document = doc(HUNAN)
    document["department"]["budget"]["general_public"] = "100"
    assert found(document, "department_budget.income_mismatch") == [
        (ERROR, "department_budget.income_mismatch", "department.budget.total")
    ]
    assert found(doc(HUNAN), "department_budget.income_mismatch") == []


def test_department_projects_use_total_when_given():
    document = doc(HUNAN)
    # 42.88 - 9.6 + 11 = 44.28: the project's 预算数 counts, not its 本级.
    document["projects"][0]["budget"].update(total="11", fiscal="11")
    assert found(document, "department_budget.projects_mismatch") == []


def test_department_budget_missing_only_where_the_layout_has_the_table():
    document = doc(HUNAN)
    document["department"]["budget"] = None
    assert found(document) == [(WARNING, "department_budget.missing", "department.budget")]
    assert found(doc(HEBEI), "department_budget.missing") == []  # hebei: no such table


# --- spending plan --------------------------------------------------------------


def plan(*percents, months=(3, 6, 10, 12)):
    return [{"month": m, "percent": p} for m, p in zip(months, percents)]


@pytest.mark.parametrize(
    "percents, expected",
    [
        (("25", "50", "75", "100"), []),
        (("25", "25", "75", "100.00"), []),
        (("-5", "50", "75", "100"), [("spending_plan.out_of_range", "projects[0].spending_plan[0].percent")]),
        (("25", "60", "50", "100"), [("spending_plan.decreasing", "projects[0].spending_plan[2].percent")]),
        (("25", "50", "75", "90"), [("spending_plan.final_not_100", "projects[0].spending_plan[3].percent")]),
        # Amounts (元) written in place of percentages: out of range, nothing else.
        (
            ("350", "700", "1050", "1400"),
            [("spending_plan.out_of_range", f"projects[0].spending_plan[{i}].percent") for i in range(4)],
        ),
    ],
)
def test_spending_plan_percentages(percents, expected):
    document = doc(HEBEI)
    document["projects"][0]["spending_plan"] = plan(*percents)
    assert [(code, location) for _, code, location in found(document) if code.startswith("spending")] == expected


def test_spending_plan_missing_in_a_layout_with_checkpoints():
    document = doc(HEBEI)
    document["projects"][0]["spending_plan"] = []
    assert found(document, "spending_plan.missing") == [(ERROR, "spending_plan.missing", "projects[0].spending_plan")]
    assert found(doc(HUNAN), "spending_plan.missing") == []  # hunan tables have no plan


def test_spending_plan_without_year_end_checks_the_last_entry():
    document = doc(HEBEI)
    document["projects"][0]["spending_plan"] = plan("25", "50", "75", months=(3, 6, 10))
    assert [(c, loc) for _, c, loc in found(document) if c.startswith("spending")] == [
        ("spending_plan.missing", "projects[0].spending_plan"),
        ("spending_plan.final_not_100", "projects[0].spending_plan[2].percent"),
    ]
    assert messages(document, "spending_plan.missing") == [
        "项目“怀财字【2022】7号 专项经费(会议费)”资金支出计划缺少12月底的累计支出比例"
    ]


def test_spending_plan_in_a_layout_without_checkpoints():
    document = doc(ANHUI)
    document["projects"][0]["spending_plan"] = plan("50", months=(6,))
    assert added(document, ANHUI) == []  # no year-end entry required where the table has no plan
    document["projects"][0]["spending_plan"] = plan("50", "90", months=(6, 12))
    assert added(document, ANHUI) == [(ERROR, "spending_plan.final_not_100", "projects[0].spending_plan[1].percent")]


# --- indicators: framework membership -------------------------------------------


def test_unknown_level1():
    document = doc(HEBEI)
    document["projects"][0]["indicators"][0]["level1"] = "过程指标"
    assert found(document, "indicators.unknown_level1") == [
        (ERROR, "indicators.unknown_level1", "projects[0].indicators[0].level1")
    ]
    assert messages(document, "indicators.unknown_level1") == [
        "项目“怀财字【2022】7号 专项经费(会议费)”第1行指标“资金成本”的一级指标“过程指标”"
        "不在河北省项目绩效目标表的指标体系中（应为产出指标、效益指标、满意度指标）"
    ]


def test_synonyms_are_understood():
    document = doc(HEBEI)
    rows = document["projects"][0]["indicators"]
    rows[4]["level1"] = "效果指标"
    rows[2]["level2"] = "进度指标"
    rows[3]["level1"] = "产出"
    assert found(document) == found(doc(HEBEI))


def test_level2_mismatch():
    document = doc(HEBEI)
    document["projects"][0]["indicators"][1]["level2"] = "社会效益指标"
    assert added(document, HEBEI) == [
        # The row was 产出's only 质量 row.
        (ERROR, "indicators.missing_level2", "projects[0].indicators"),
        (ERROR, "indicators.level2_mismatch", "projects[0].indicators[1].level2"),
    ]
    assert "它属于“效益指标”" in messages(document, "indicators.level2_mismatch")[0]


def test_satisfaction_under_benefit_follows_the_layout():
    hunan = doc(HUNAN)  # Hunan's fifth 效益 二级
    assert found(hunan, "indicators.level2_mismatch") == []
    hebei = doc(HEBEI)
    hebei["projects"][0]["indicators"][5]["level1"] = "效益指标"
    assert found(hebei, "indicators.level2_mismatch") == [
        (ERROR, "indicators.level2_mismatch", "projects[0].indicators[5].level2")
    ]


def test_department_indicators_are_checked_against_the_framework():
    document = doc(HUNAN)
    document["department"]["indicators"][12]["level1"] = "满意度指标"  # not a Hunan 一级
    assert found(document, "indicators.unknown_level1") == [
        (ERROR, "indicators.unknown_level1", "department.indicators[12].level1")
    ]
    assert messages(document, "indicators.unknown_level1")[0].startswith("部门整体第13行指标“网民留言回复满意度”")


# --- indicators: completeness ---------------------------------------------------


def without(document, project, level1, period=None):
    rows = document["projects"][project]["indicators"]
    rows[:] = [r for r in rows if not (r["level1"] == level1 and (period is None or r["period"] == period))]
    return document


@pytest.mark.parametrize(
    "level1, code",
    [
        ("产出指标", "indicators.missing_output"),
        ("效益指标", "indicators.missing_benefit"),
        ("满意度指标", "indicators.missing_level1"),
    ],
)
def test_missing_level1(level1, code):
    document = without(doc(HEBEI), 0, level1)
    assert found(document, code) == [(ERROR, code, "projects[0].indicators")]
    assert found(doc(HEBEI), code) == []


def test_missing_level1_message_names_the_project():
    document = without(doc(HEBEI), 0, "满意度指标")
    assert messages(document, "indicators.missing_level1") == [
        "项目“怀财字【2022】7号 专项经费(会议费)”没有“满意度指标”（“……”、不适用的行不计）"
    ]


def test_hunan_has_no_satisfaction_level1_to_require():
    assert found(doc(HUNAN), "indicators.missing_level1") == []


def test_midterm_and_annual_rows_are_checked_apart():
    document = without(doc(ANHUI), 0, "满意度指标", period="annual")
    assert errors(document) == [(ERROR, "indicators.missing_level1", "projects[0].indicators")]
    assert "年度指标中没有“满意度指标”" in messages(document, "indicators.missing_level1")[0]
    document = without(doc(ANHUI), 1, "产出指标", period="midterm")
    assert errors(document) == [(ERROR, "indicators.missing_output", "projects[1].indicators")]
    assert "中期指标中没有“产出指标”" in messages(document, "indicators.missing_output")[0]


def test_placeholder_and_not_applicable_rows_do_not_count():
    document = doc(HEBEI)
    document["projects"][0]["indicators"][4]["name"] = "……"
    assert found(document, "indicators.missing_benefit") == [
        (ERROR, "indicators.missing_benefit", "projects[0].indicators")
    ]
    document = doc(ANHUI)
    for r in document["projects"][2]["indicators"]:
        if r["level1"] == "效益指标" and r["period"] == "annual":
            r["value"] = "不适用"
    assert errors(document) == [(ERROR, "indicators.missing_benefit", "projects[2].indicators")]


def test_satisfaction_does_not_stand_in_for_benefit():
    document = doc(HUNAN)
    for r in document["projects"][0]["indicators"]:
        if r["level2"] == "社会效益指标":
            r["name"], r["value"] = "……", None
    assert found(document, "indicators.missing_benefit") == [
        (ERROR, "indicators.missing_benefit", "projects[0].indicators")
    ]


# --- indicators: rows -----------------------------------------------------------


def test_placeholder_row_where_the_layout_has_none():
    document = doc(HEBEI)
    document["projects"][0]["indicators"].insert(5, row("……", "效益指标", "生态效益指标", None))
    assert found(document, "indicators.placeholder_row") == [
        (WARNING, "indicators.placeholder_row", "projects[0].indicators[5].name")
    ]
    assert found(doc(HUNAN), "indicators.placeholder_row") == []  # Hunan prints "……" rows
    assert found(doc(ANHUI), "indicators.placeholder_row") == []  # 不适用 is not a leftover


def test_value_missing():
    document = doc(HEBEI)
    document["projects"][0]["indicators"][3]["value"] = " "
    assert found(document, "indicators.value_missing") == [
        (WARNING, "indicators.value_missing", "projects[0].indicators[3].value")
    ]
    assert messages(document, "indicators.value_missing") == [
        "项目“怀财字【2022】7号 专项经费(会议费)”第4行指标“会议数量”未填写指标值"
    ]


def test_duplicate_output_benefit():
    document = doc(HEBEI)
    document["projects"][0]["indicators"][4]["name"] = "会议 数量"
    assert found(document, "indicators.duplicate_output_benefit") == [
        (WARNING, "indicators.duplicate_output_benefit", "projects[0].indicators[4].name")
    ]
    # The same name in 中期 and 年度 (anhui) is how the table is meant to be.
    assert found(doc(ANHUI), "indicators.duplicate_output_benefit") == []


def test_duplicate_is_per_period():
    document = doc(ANHUI)
    rows = document["projects"][2]["indicators"]
    midterm_benefit = next(r for r in rows if r["period"] == "midterm" and r["level2"] == "社会效益指标")
    midterm_benefit["name"] = "培训人数"  # an annual 产出 name, but in the 中期 table
    assert found(document, "indicators.duplicate_output_benefit") == []


# --- indicators: values ---------------------------------------------------------


@pytest.mark.parametrize(
    "value, above",
    [("≤3.84万元", False), ("≤5万元", True), ("≤38400元", False), ("≤38401元", True), ("3.85万元以内", True)],
)
def test_cost_above_budget(value, above):
    document = doc(HUNAN)
    document["projects"][1]["indicators"][3]["value"] = value  # 成本指标, budget 3.84 万元
    expected = [(ERROR, "indicators.cost_above_budget", "projects[1].indicators[3].value")] if above else []
    assert found(document, "indicators.cost_above_budget") == expected


def test_cost_in_a_yuan_filing():
    document = doc(HUNAN)
    document["amount_unit"] = "元"
    document["projects"] = [document["projects"][1]]
    document["projects"][0]["budget"]["fiscal"] = "38400"
    cost = document["projects"][0]["indicators"][3]
    cost["value"] = "≤3.84万元"
    assert found(document, "indicators.cost_above_budget") == []
    cost["value"] = "≤3.85万元"
    assert found(document, "indicators.cost_above_budget") == [
        (ERROR, "indicators.cost_above_budget", "projects[0].indicators[3].value")
    ]
    assert messages(document, "indicators.cost_above_budget") == [
        "项目“B全市网络安全管理与执法经费”第4行指标“控制成本”的成本指标值“≤3.85万元”（38500 元）超过年度预算 38400 元"
    ]


def test_cost_rows_are_held_against_their_period_budget():
    document = doc(ANHUI)
    rows = document["projects"][0]["indicators"]  # 年度 150, 中期 450
    midterm_cost = next(r for r in rows if r["period"] == "midterm" and r["level2"] == "成本指标")
    annual_cost = next(r for r in rows if r["period"] == "annual" and r["level2"] == "成本指标")
    midterm_cost["value"] = annual_cost["value"] = "≤200万元"
    assert errors(document) == [
        (ERROR, "indicators.cost_above_budget", f"projects[0].indicators[{rows.index(annual_cost)}].value")
    ]
    assert "中期指标第15行“培训成本”" not in messages(document, "indicators.cost_above_budget")[0]
    assert "年度指标第15行“培训成本”" in messages(document, "indicators.cost_above_budget")[0]


def test_cost_as_a_level1_of_the_2021_framework():
    document = doc(HEBEI)
    document["projects"][0]["indicators"][0].update(level1="成本指标", level2="经济成本指标", value="≤1万元")
    codes = [code for _, code, _ in found(document)]
    assert "indicators.cost_above_budget" in codes  # hebei has no 成本 一级 …
    assert "indicators.unknown_level1" in codes  # … which is reported too


def test_cost_in_prose_is_not_checked():
    document = doc(HEBEI)
    document["projects"][0]["indicators"][0]["value"] = "不超过预算"
    assert found(document, "indicators.cost_above_budget") == []


@pytest.mark.parametrize(
    "name, value, warned",
    [
        ("网民留言回复率", "≥95%", False),
        ("网民留言回复率", "100%", False),
        ("网民留言回复率", "≥120%", True),
        ("网民留言数量增长率", "≥120%", False),
        ("网民留言回复率", "≥120次", False),
    ],
)
def test_percent_above_100(name, value, warned):
    document = doc(HUNAN)
    document["projects"][0]["indicators"][1].update(name=name, value=value)
    expected = [(WARNING, "indicators.percent_above_100", "projects[0].indicators[1].value")] if warned else []
    assert found(document, "indicators.percent_above_100") == expected


# --- texts ----------------------------------------------------------------------


def test_project_name_missing():
    document = doc(HEBEI)
    document["projects"][0]["name"] = "  "
    assert found(document, "project.name_missing") == [(ERROR, "project.name_missing", "projects[0].name")]
    assert messages(document, "project.name_missing") == ["第1个项目（未填写项目名称）未填写项目名称"]


@pytest.mark.parametrize("goal", [None, "", "\n"])
def test_annual_goal_missing(goal):
    document = doc(ANHUI)
    document["projects"][1]["annual_goal"] = goal
    assert errors(document) == [(ERROR, "project.annual_goal_missing", "projects[1].annual_goal")]
    assert messages(document, "project.annual_goal_missing") == ["项目“网络安全和信息化工作经费”未填写年度目标"]


def test_missing_texts_are_named_as_the_layout_labels_them():
    document = doc(HEBEI)
    document["projects"][0]["annual_goal"] = None
    assert messages(document, "project.annual_goal_missing") == [
        "项目“怀财字【2022】7号 专项经费(会议费)”未填写绩效目标"
    ]
    document = doc(HUNAN)
    document["projects"][0]["indicators"][0]["value"] = None
    assert messages(document, "indicators.value_missing") == [
        "项目“B“沅江市网络安全应急指挥中心”运行专项工作经费”第1行指标“开展应急值班”未填写指标值及单位"
    ]


def test_midterm_goal_missing_only_where_the_table_has_one():
    document = doc(ANHUI)
    document["projects"][0]["midterm_goal"] = None
    assert added(document, ANHUI) == [(WARNING, "project.midterm_goal_missing", "projects[0].midterm_goal")]
    document = doc(HUNAN)
    document["projects"][0]["midterm_goal"] = None
    assert found(document, "project.midterm_goal_missing") == []


def test_department_overall_goal_missing():
    document = doc(HEBEI)
    document["department"]["overall_goal"] = None
    assert found(document, "department.overall_goal_missing") == [
        (WARNING, "department.overall_goal_missing", "department.overall_goal")
    ]
    document["department"] = None
    assert found(document, "department.overall_goal_missing") == [
        (WARNING, "department.overall_goal_missing", "department")
    ]
    assert found(doc(ANHUI), "department.overall_goal_missing") == []  # no department part


@pytest.mark.parametrize(
    "field, text",
    [
        ("purpose", "XXX项目经费"),
        ("purpose", "×××单位会议"),
        ("annual_goal", "目标内容"),
        ("annual_goal", "请填写本年度绩效目标"),
        ("midterm_goal", "填写说明：不超过300字"),
    ],
)
def test_placeholder_text_in_a_project(field, text):
    document = doc(HEBEI)
    document["projects"][0]["annual_goal"] = "召开会议3次"
    document["projects"][0][field] = text
    assert found(document, "text.placeholder") == [(WARNING, "text.placeholder", f"projects[0].{field}")]


def test_placeholder_text_in_an_indicator_and_the_department():
    document = doc(HUNAN)
    document["projects"][3]["indicators"][0]["name"] = "指标1"
    document["department"]["functions"] = "xx部门职能"
    assert found(document, "text.placeholder") == [
        (WARNING, "text.placeholder", "department.functions"),
        (WARNING, "text.placeholder", "projects[3].indicators[0].name"),
    ]


@pytest.mark.parametrize("text", ["目标1:常态化开展监测", "7×24小时全年", "完成指标10项", "Xbox 推广", "开展三级指标体系建设"])
def test_real_text_is_not_a_placeholder(text):
    document = doc(HEBEI)
    document["projects"][0]["annual_goal"] = text
    assert found(document, "text.placeholder") == []
