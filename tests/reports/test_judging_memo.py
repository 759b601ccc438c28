"""reports.judging keeps indicators' judgements per process: what it
answers is what the rules answer, for the rules in force now."""
from decimal import Decimal

from django.test import override_settings

from reports.judging import document_lights
from reports.rules.lights import Light, judge_indicator


def _document(actual, months=6, value="≥120次"):
    return {"months": months, "projects": [{"budget": {}, "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "value": value, "actual": actual}]}]}


def _light(document):
    return document_lights(document)[0].indicators[0].light


def test_a_changed_threshold_is_applied_to_a_document_judged_before():
    # 33 of a pro-rata 60 is 55 %: red by default, yellow from 50 % up.
    assert _light(_document("33次")) == Light.RED
    with override_settings(REPORT_RULES={"monitoring": {"red_below": 50}}):
        assert _light(_document("33次")) == Light.YELLOW
    assert _light(_document("33次")) == Light.RED


def test_equal_but_different_values_are_judged_each_as_itself():
    # True == 1 and Decimal("60.0") == 60 for a dict; not for the rules.
    for months in (1, True, 6, 6.0):
        for actual in ("60次", 60, 60.0, Decimal("60.0"), Decimal("60"), ["60次"], None):
            assert document_lights(_document(actual, months))[0].indicators[0] == judge_indicator(
                level1="产出指标", level2="数量指标", value="≥120次", actual=actual, months=months)
    assert _light(_document("60次", months=True)) == Light.NONE
