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

from .checks_support import ANHUI, HEBEI, HUNAN, doc, found, messages


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
