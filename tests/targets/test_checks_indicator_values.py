"""Tests of the checks engine (targets/checks), on filing/1 documents only:
indicator rows and their values: placeholders, missing values, duplicates,
cost and percent. Helpers in tests/targets/checks_support.py."""
import pytest

from targets.checks import ERROR, WARNING

from .checks_support import ANHUI, HEBEI, HUNAN, doc, errors, found, messages, row


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
