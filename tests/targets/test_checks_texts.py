"""Tests of the checks engine (targets/checks), on filing/1 documents only:
texts: names and goals missing, template placeholders. Helpers in
tests/targets/checks_support.py."""
import pytest

from targets.checks import ERROR, WARNING

from .checks_support import ANHUI, HEBEI, HUNAN, added, doc, errors, found, messages


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
