"""Tests of the checks engine (targets/checks), on filing/1 documents only:
money: a project's budget parts and periods, the department's budget table.
Helpers in tests/targets/checks_support.py."""
from targets.checks import ERROR, WARNING

from .checks_support import ANHUI, HEBEI, HUNAN, doc, errors, found, messages


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
