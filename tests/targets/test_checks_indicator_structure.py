"""Tests of the checks engine (targets/checks), on filing/1 documents only: the
indicator framework: known 一级/二级, and every required 一级 present. Helpers in
tests/targets/checks_support.py."""
import pytest

from targets.checks import ERROR

from .checks_support import ANHUI, HEBEI, HUNAN, added, doc, errors, found, messages


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
