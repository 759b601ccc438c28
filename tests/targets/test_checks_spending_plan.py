"""Tests of the checks engine (targets/checks), on filing/1 documents only: the
spending plan (资金支出计划). Helpers in tests/targets/checks_support.py."""
import pytest

from targets.checks import ERROR

from .checks_support import ANHUI, HEBEI, HUNAN, added, doc, found, messages, plan


# --- spending plan --------------------------------------------------------------


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
