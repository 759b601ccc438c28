"""A monitoring report starts from the approved filing: what the unit may not
change is copied from it, what the unit fills is blank."""
import copy

import pytest

from reports import fields
from reports.documents import monitoring_document, planned_percent

from ..conftest import load_example


def test_huailai_project_copies_the_approved_filing():
    filing = load_example("hebei-huailai-2022")
    document = monitoring_document(filing, 7)
    assert {k: document[k] for k in ("format", "year", "months", "layout", "amount_unit")} == {
        "format": "monitoring/1", "year": 2022, "months": 7, "layout": "hebei", "amount_unit": "万元"}
    assert document["unit"]["name"] == "中共怀来县委网络安全和信息化委员会办公室"
    project = document["projects"][0]
    assert project["code"] == "13073022P00850910001T"
    assert project["name"] == "怀财字【2022】7号 专项经费(会议费)"
    assert project["department"] == "中共怀来县委网络安全和信息化委员会办公室（224001）"
    # The filing leaves 实施单位 blank: the unit carries the project out itself.
    assert project["implementing_unit"] == "中共怀来县委网络安全和信息化委员会办公室"
    assert project["annual_goal"] == "1.目标内容1"
    assert project["goal_progress"] is None
    assert project["budget"] == {
        "total": {"annual": "0.14", "executed": None, "expected": None},
        "fiscal": {"annual": "0.14", "executed": None, "expected": None},
        "carryover": {"annual": None, "executed": None, "expected": None},
        "other": {"annual": None, "executed": None, "expected": None},
    }
    # The plan has 3月 25 %, 6月 50 %, 10月 75 %, 12月 100 %: at 7月 the last reached is 6月.
    assert project["planned_percent"] == "50"
    first = project["indicators"][0]
    assert first == {
        "level1": "产出指标", "level2": "成本指标", "name": "资金成本", "value": "严格按照有关会议文件精神执行",
        "actual": None, "forecast": None, "grade": None, "reasons": [], "reason_text": None,
        "likelihood": None, "measures": None, "note": None,
    }
    assert len(project["indicators"]) == len(filing["projects"][0]["indicators"])


def test_every_indicator_key_of_the_catalogue_in_its_order():
    document = monitoring_document(load_example("hunan-yuanjiang-2024"), 6)
    keys = [f.key for f in fields.fields_of("monitoring.indicator")]
    for project in document["projects"]:
        for item in project["indicators"]:
            assert list(item) == keys


def test_yuanjiang_total_is_the_sum_of_the_filed_parts():
    # 湖南 files 本级 (9.6) and 上级 (0) apart and no total.
    filing = load_example("hunan-yuanjiang-2024")
    project = monitoring_document(filing, 7)["projects"][0]
    assert filing["projects"][0]["budget"]["total"] is None
    assert project["budget"]["total"]["annual"] == "9.6"
    assert project["budget"]["fiscal"]["annual"] == "9.6"
    assert project["planned_percent"] is None  # no spending plan filed
    assert project["department"] == "中共沅江市委网络安全和信息化委员会办公室"  # no unit code


def test_suzhou_keeps_the_annual_indicators_only():
    filing = load_example("anhui-suzhou-2023")
    document = monitoring_document(filing, 8)
    for filed, project in zip(filing["projects"], document["projects"]):
        annual = [i for i in filed["indicators"] if i.get("period", "annual") == "annual"]
        assert 0 < len(annual) < len(filed["indicators"])
        assert [(i["level1"], i["level2"], i["name"], i["value"]) for i in project["indicators"]] == [
            (i["level1"], i["level2"], i["name"], i["value"]) for i in annual]
        assert project["implementing_unit"] == filed["implementing_unit"]
    assert document["projects"][0]["budget"]["total"]["annual"] == "150"


def test_the_filing_document_is_not_changed():
    filing = load_example("hebei-huailai-2022")
    before = copy.deepcopy(filing)
    document = monitoring_document(filing, 7)
    document["unit"]["name"] = "changed"
    assert filing == before


@pytest.mark.parametrize("months, expected", [(2, None), (3, "25"), (6, "50"), (7, "50"), (8, "50"), (10, "75")])
def test_planned_percent_is_the_last_checkpoint_reached(months, expected):
    plan = [{"month": 10, "percent": "75"}, {"month": 3, "percent": "25"}, {"month": 6, "percent": "50"}]
    assert planned_percent(plan, months) == expected


def test_a_period_outside_the_choices_is_refused():
    with pytest.raises(ValueError, match="监控期间"):
        monitoring_document(load_example("hebei-huailai-2022"), 9)


@pytest.mark.parametrize("months", fields.MONTH_CHOICES)
def test_a_fresh_report_of_each_example_is_a_valid_monitoring_document(example, months):
    from reports.interchange import validate_monitoring

    assert validate_monitoring(monitoring_document(example, months)) == []
