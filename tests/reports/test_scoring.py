"""Scores of 绩效自评 (docs/evaluation-rules.md): each rule, each band edge,
a 一级 without rows, a zero target, a qualitative score outside its band
refused with a Chinese message. Plain functions, no database."""
from decimal import Decimal

import pytest
from django.test import override_settings

from reports.fields import ACHIEVEMENTS
from reports.rules.config import EXECUTION_CAPS, EvaluationRules, evaluation_rules
from reports.rules.scoring import (
    band_points,
    budget_score,
    execution_rate,
    grade,
    over_target_percent,
    score_indicator,
    spread_weights,
    total_score,
    weight_group,
    weights_problem,
)

D = Decimal

# --- budget execution --------------------------------------------------------

# (id, 全年预算数, 全年执行数, points, reason expected)
BUDGET_CASES = [
    ("all-spent", "100", "100", D("10.00"), False),
    ("overspent-capped-at-10", "100", "120", D("10.00"), False),
    ("exactly-90pct-no-reason", "100", "90", D("9.00"), False),
    ("below-90pct-reason", "100", "89.99", D("9.00"), True),
    ("half", "200", "100", D("5.00"), True),
    ("nothing-spent", "100", "0", D("0.00"), True),
    ("decimal-amounts", D("9.6"), D("9.12"), D("9.50"), False),
    ("missing-budget", None, "10", None, False),
    ("zero-budget", "0", "0", None, False),
    ("missing-executed", "100", "", None, False),
    ("negative-executed", "100", "-1", None, False),
]


@pytest.mark.parametrize(
    "budget, executed, points, reason",
    [case[1:] for case in BUDGET_CASES],
    ids=[case[0] for case in BUDGET_CASES],
)
def test_budget_score(budget, executed, points, reason):
    score = budget_score(budget=budget, executed=executed)
    assert score.points == points
    assert ("请说明原因" in score.explanation) is reason
    assert ("请说明原因" in score.warning) is reason
    assert score.problem == ""
    assert score.explanation


def test_budget_score_explains_the_rate():
    score = budget_score(budget="100", executed="85")
    assert score.explanation == (
        "执行率 85.00%（全年执行数 85 ÷ 全年预算数 100），得分 8.50 分（执行率 × 10 分，最高 10 分）；"
        "执行率低于 90%，请说明原因"
    )


@pytest.mark.parametrize(
    "budget, executed, rate",
    [("100", "85", D("85.00")), ("3", "2", D("66.67")), ("0", "1", None), (None, "1", None), ("100", None, None)],
    ids=["plain", "rounded", "zero-budget", "no-budget", "no-executed"],
)
def test_execution_rate(budget, executed, rate):
    assert execution_rate(budget=budget, executed=executed) == rate


# --- weights -----------------------------------------------------------------

O, E, S = "产出指标", "效益指标", "满意度指标"

# (id, 一级 per row, expected 分值 per row)
WEIGHT_CASES = [
    ("one-row-each", [O, E, S], ["50.00", "30.00", "10.00"]),
    ("seven-output-rows", [O] * 7 + [E] * 3 + [S],
     ["7.15", "7.15", "7.14", "7.14", "7.14", "7.14", "7.14", "10.00", "10.00", "10.00", "10.00"]),
    ("three-by-three", [O] * 3 + [E] * 3 + [S] * 3,
     ["16.67", "16.67", "16.66", "10.00", "10.00", "10.00", "3.34", "3.33", "3.33"]),
    # No 满意度 row: its 10 goes to 产出 and 效益 in proportion 50:30.
    ("no-satisfaction-row", [O] * 3 + [E] * 2, ["18.75", "18.75", "18.75", "16.88", "16.87"]),
    ("only-output", [O] * 4, ["22.50"] * 4),
    ("no-benefit-row", [O, S], ["75.00", "15.00"]),
    ("rows-in-any-order", [S, O, E, O], ["10.00", "25.00", "30.00", "25.00"]),
    ("suffix-and-synonym", ["产出", "效果指标", "满意度"], ["50.00", "30.00", "10.00"]),
    # A 一级 成本指标 (2021 framework) shares 产出's 50.
    ("cost-level1-under-output", ["成本指标", O, E, S], ["25.00", "25.00", "30.00", "10.00"]),
    ("unknown-level1-gets-nothing", [O, "其他", E, S], ["50.00", "0.00", "30.00", "10.00"]),
    ("no-rows", [], []),
]


@pytest.mark.parametrize(
    "level1s, expected",
    [case[1:] for case in WEIGHT_CASES],
    ids=[case[0] for case in WEIGHT_CASES],
)
def test_spread_weights(level1s, expected):
    weights = spread_weights(level1s)
    assert weights == [D(w) for w in expected]
    if level1s:
        assert sum(weights) == D("90.00")
        assert all(w == w.quantize(D("0.01")) for w in weights)


@pytest.mark.parametrize("count", [1, 2, 3, 6, 7, 9, 11, 13, 17, 29, 31])
def test_weights_always_sum_to_90_with_awkward_row_counts(count):
    weights = spread_weights([O] * count + [E] * (count + 1) + [S] * (count + 2))
    assert sum(weights) == D("90.00")
    # And each 一级 keeps its share exactly.
    assert sum(weights[:count]) == D("50.00")
    assert sum(weights[count:2 * count + 1]) == D("30.00")


def test_hunan_satisfaction_under_benefit_takes_the_satisfaction_weight():
    level1s = [O, E, E]
    level2s = ["数量指标", "社会效益指标", "社会公众或服务对象满意度指标"]
    assert spread_weights(level1s, level2s=level2s) == [D("50.00"), D("30.00"), D("10.00")]
    assert weight_group(E, "社会公众或服务对象满意度指标") == "满意度"


def test_rows_without_a_target_take_no_weight():
    # Hunan prints every 二级; its unused ones are "……" or empty rows.
    level1s = [O, O, E, E, E]
    values = ["≥5次", "……", "不适用", None, "≤1次"]
    assert spread_weights(level1s, values=values) == [
        D("56.25"), D("0.00"), D("0.00"), D("0.00"), D("33.75"),
    ]


def test_not_applicable_row_with_a_weight_asks_to_move_it():
    score = score_indicator(level1=E, level2="经济效益指标", value="不适用", actual="", weight="5")
    assert score.points is None
    assert score.explanation == "年度指标值为空或不适用，不计分：请将分值 5 改为 0，分给其他指标"


def test_without_level2s_hunan_satisfaction_counts_as_benefit():
    assert spread_weights([O, E, E]) == [D("56.25"), D("16.88"), D("16.87")]


@pytest.mark.parametrize(
    "weights, problem",
    [
        (["50", "30", "10"], ""),
        (["50", "30", "9.99"], "各指标分值合计应为 90 分，现为 89.99 分"),
        (["50", "", "40"], "尚有 1 项指标未填写分值"),
        (["100", "-10"], "分值不能为负数"),
    ],
    ids=["sums-to-90", "a-cent-short", "blank", "negative"],
)
def test_weights_problem(weights, problem):
    assert weights_problem(weights) == problem


# --- indicators --------------------------------------------------------------

# (id, 二级, 年度指标值, 实际完成值, 分值, points)
QUANTITATIVE_CASES = [
    # Positive: actual ≥ target → full; else actual ÷ target × 分值.
    ("positive-met", "数量指标", "≥100次", "100次", "10", D("10.00")),
    ("positive-exceeded", "数量指标", "≥100次", "150次", "10", D("10.00")),
    ("positive-short", "数量指标", "≥100次", "85次", "10", D("8.50")),
    ("positive-nothing", "数量指标", "≥100次", "0次", "10", D("0.00")),
    ("positive-rounded", "数量指标", "≥3次", "2次", "10", D("6.67")),
    ("greater-than-met-at-target", "数量指标", ">10个", "10个", "5", D("5.00")),
    ("people-times", "数量指标", "≥1000人次", "950人次", "8", D("7.60")),
    ("percent-at-least-95", "质量指标", "≥95%", "95%", "10", D("10.00")),
    ("percent-below-95", "质量指标", "≥95%", "76%", "10", D("8.00")),
    ("satisfaction-prose", "服务对象满意度指标", "满意度≥95%", "90%", "10", D("9.47")),
    ("actual-without-unit", "数量指标", "≥100次", "50", "10", D("5.00")),
    ("zero-target-positive-full", "数量指标", "≥0次", "0次", "10", D("10.00")),
    # Reverse: ≤ target full; falling linearly to 0 at twice the target.
    ("reverse-within", "时效指标", "≤3天", "2天", "10", D("10.00")),
    ("reverse-at-limit", "时效指标", "≤3天", "3天", "10", D("10.00")),
    ("reverse-halfway-to-double", "时效指标", "≤3天", "4.5天", "10", D("5.00")),
    ("reverse-exactly-double", "时效指标", "≤3天", "6天", "10", D("0.00")),
    ("reverse-beyond-double", "时效指标", "≤3天", "7天", "10", D("0.00")),
    ("reverse-strict-at-limit", "社会效益指标", "<2次", "2次", "10", D("10.00")),
    ("cost-within", "成本指标", "≤9.6万元", "9.12万元", "10", D("10.00")),
    ("cost-yuan-over", "成本指标", "≤10万元", "120000元", "10", D("8.00")),
    ("zero-target-reverse-met", "社会效益指标", "≤0次", "0次", "10", D("10.00")),
    ("zero-target-reverse-missed", "社会效益指标", "≤0次", "1次", "10", D("0.00")),
    # "=": equal full, else the smaller ÷ the larger.
    ("equal-met", "质量指标", "100%", "100%", "10", D("10.00")),
    ("equal-short", "质量指标", "100%", "98%", "10", D("9.80")),
    ("equal-over", "数量指标", "=4个", "5个", "10", D("8.00")),
    ("zero-target-equal-met", "数量指标", "=0个", "0个", "10", D("10.00")),
    ("zero-target-equal-missed", "数量指标", "=0个", "2个", "10", D("0.00")),
    ("zero-actual-equal", "数量指标", "=4个", "0个", "10", D("0.00")),
    # Not scorable: None with a reason, never an exception.
    ("missing-actual", "数量指标", "≥100次", "", "10", None),
    ("actual-not-a-number", "数量指标", "≥100次", "全部完成", "10", None),
    ("unit-mismatch", "数量指标", "≥100次", "90人次", "10", None),
    ("missing-weight", "数量指标", "≥100次", "90次", None, None),
    ("blank-weight", "数量指标", "≥100次", "90次", "", None),
    ("negative-weight", "数量指标", "≥100次", "90次", "-1", None),
    ("not-applicable-with-weight", "经济效益指标", "不适用", "", "10", None),
    ("placeholder-with-weight", "生态效益指标", "……", "", "10", None),
    ("not-applicable-zero-weight", "经济效益指标", "不适用", "", "0", D("0.00")),
    ("placeholder-no-weight", "生态效益指标", None, "", None, D("0.00")),
]


@pytest.mark.parametrize(
    "level2, value, actual, weight, points",
    [case[1:] for case in QUANTITATIVE_CASES],
    ids=[case[0] for case in QUANTITATIVE_CASES],
)
def test_quantitative_scores(level2, value, actual, weight, points):
    score = score_indicator(level1="产出指标", level2=level2, value=value, actual=actual, weight=weight)
    assert score.points == points
    assert score.explanation
    assert score.problem == ""


@pytest.mark.parametrize(
    "value, actual, expected",
    [
        ("≥100次", "85次", "实际完成 85 次，目标 ≥100 次，完成 85%，得分 = 85 ÷ 100 × 10.00 = 8.50 分"),
        ("≥100次", "120次", "实际完成 120 次，达到目标 ≥100 次，得满分 10.00 分"),
        ("≤3天", "4.5天", "实际 4.5 天，超出目标 ≤3 天，按至两倍目标线性减至 0 计：（2 × 3 − 4.5）÷ 3 × 10.00 = 5.00 分"),
        ("≤3天", "6天", "实际 6 天，超出目标 ≤3 天，达到目标的两倍（6 天）及以上，得 0 分"),
        ("≤0次", "1次", "实际 1 次，超出目标 ≤0 次，目标为 0，超出即得 0 分"),
        ("100%", "98%", "实际 98%，目标 =100%，按较小值 ÷ 较大值计：98 ÷ 100 × 10.00 = 9.80 分"),
        ("≥100次", "", "未填写实际完成值"),
    ],
    ids=["positive", "full", "reverse", "reverse-double", "reverse-zero", "equal", "missing"],
)
def test_score_explanations(value, actual, expected):
    score = score_indicator(level1="产出指标", level2="数量指标", value=value, actual=actual, weight="10")
    assert score.explanation == expected


PARTLY = "部分达成并具有一定效果"

# (id, achievement, 分值, typed score, points, problem)
QUALITATIVE_CASES = [
    ("reached-top", "达成年度指标", "10", "10", D("10.00"), ""),
    ("reached-bottom-edge-80pct", "达成年度指标", "10", "8", D("8.00"), ""),
    ("reached-below-band", "达成年度指标", "10", "7.99", None, "定性指标“达成年度指标”的得分应在 8.00–10.00 分之间"),
    ("reached-above-full", "达成年度指标", "10", "10.01", None, "定性指标“达成年度指标”的得分应在 8.00–10.00 分之间"),
    ("partly-top-edge-80pct", PARTLY, "10", "8", D("8.00"), ""),
    ("partly-bottom-edge-60pct", PARTLY, "10", "6", D("6.00"), ""),
    ("partly-inside", PARTLY, "10", "7", D("7.00"), ""),
    ("partly-above-band", PARTLY, "10", "9", None, "定性指标“部分达成并具有一定效果”的得分应在 6.00–8.00 分之间"),
    ("partly-below-band", PARTLY, "10", "5.99", None, "定性指标“部分达成并具有一定效果”的得分应在 6.00–8.00 分之间"),
    ("not-reached-zero", "未达成且效果较差", "10", "0", D("0.00"), ""),
    ("not-reached-top-edge-60pct", "未达成且效果较差", "10", "6", D("6.00"), ""),
    ("not-reached-above-band", "未达成且效果较差", "10", "6.5", None, "定性指标“未达成且效果较差”的得分应在 0.00–6.00 分之间"),
    ("not-reached-negative", "未达成且效果较差", "10", "-1", None, "定性指标“未达成且效果较差”的得分应在 0.00–6.00 分之间"),
    # The band is shown in cents, and what is shown is what is accepted.
    ("odd-weight-band-in-cents", PARTLY, "7.14", "4.28", D("4.28"), ""),
    ("odd-weight-just-below", PARTLY, "7.14", "4.27", None, "定性指标“部分达成并具有一定效果”的得分应在 4.28–5.71 分之间"),
    ("full-width-digits", PARTLY, "10", "７", D("7.00"), ""),
    ("score-not-a-number", PARTLY, "10", "七分", None,
     "得分“七分”不是数字，定性指标“部分达成并具有一定效果”的得分应在 6.00–8.00 分之间"),
    ("score-without-achievement", "", "10", "7", None,
     "定性指标请先选择达成情况（达成年度指标 / 部分达成并具有一定效果 / 未达成且效果较差），再在其分值范围内填写得分"),
    ("unknown-achievement", "基本达成", "10", "7", None,
     "达成情况“基本达成”不是可选项（达成年度指标 / 部分达成并具有一定效果 / 未达成且效果较差）"),
    ("nothing-chosen-yet", "", "10", None, None, ""),
    ("achievement-without-score", PARTLY, "10", "", None, ""),
]


@pytest.mark.parametrize(
    "achievement, weight, entered, points, problem",
    [case[1:] for case in QUALITATIVE_CASES],
    ids=[case[0] for case in QUALITATIVE_CASES],
)
def test_qualitative_scores(achievement, weight, entered, points, problem):
    score = score_indicator(
        level1="效益指标", level2="社会效益指标", value="显著提升", actual="社会反响良好",
        weight=weight, achievement=achievement, entered=entered,
    )
    assert score.points == points
    assert score.problem == problem
    assert score.explanation


def test_qualitative_score_explains_its_band():
    score = score_indicator(
        level1="效益指标", level2="社会效益指标", value="较高", actual="", weight="10",
        achievement=PARTLY, entered="7",
    )
    assert score.explanation == (
        "定性指标，达成情况“部分达成并具有一定效果”，得分范围 6.00–8.00 分（分值的 60%–80%），自评 7.00 分"
    )


def test_qualitative_row_asks_for_the_score_in_its_band():
    score = score_indicator(
        level1="效益指标", level2="社会效益指标", value="较高", actual="", weight="10", achievement=PARTLY,
    )
    assert score.explanation == "定性指标，达成情况“部分达成并具有一定效果”：请在 6.00–8.00 分（分值的 60%–80%）之间填写得分"


def test_every_achievement_has_a_band():
    assert [band_points("10", achievement) for achievement in ACHIEVEMENTS] == [
        (D("8.00"), D("10.00")), (D("6.00"), D("8.00")), (D("0.00"), D("6.00")),
    ]


def test_a_deadline_is_scored_as_qualitative():
    score = score_indicator(
        level1="产出指标", level2="时效指标", value="10月底前完成", actual="9月完成", weight="10",
        achievement="达成年度指标", entered="9.5",
    )
    assert score.points == D("9.50")


def test_a_typed_score_on_a_quantitative_row_is_ignored_for_the_computed_one():
    score = score_indicator(
        level1="产出指标", level2="数量指标", value="≥100次", actual="85次", weight="10", entered="10",
    )
    assert score.points == D("8.50")


# --- the optional province rules -----------------------------------------------

FLAG = EvaluationRules(flag_over_target_percent=30)


@pytest.mark.parametrize(
    "actual, flagged",
    [("130次", False), ("130.01次", True), ("200次", True), ("100次", False)],
    ids=["exactly-30pct-over", "just-over-30pct", "double", "on-target"],
)
def test_over_target_flag(actual, flagged):
    score = score_indicator(
        level1="产出指标", level2="数量指标", value="≥100次", actual=actual, weight="10", rules=FLAG
    )
    assert score.points == D("10.00")  # flagged, not docked
    assert ("目标可能设置偏低" in score.explanation) is flagged
    assert ("目标可能设置偏低" in score.warning) is flagged


@pytest.mark.parametrize(
    "value, actual, over",
    [
        ("≥100次", "135次", D("35")),
        ("≥100次", "100次", None),
        ("≥100次", "90次", None),
        ("=4个", "6个", None),
        ("≤3天", "1天", None),
        ("≥0次", "5次", None),
        ("较高", "很高", None),
        ("≥10万元", "150000元", D("50")),
        ("≥100次", "135人次", None),
    ],
    ids=["above", "on-target", "below", "equal-target", "reverse", "zero-target", "qualitative", "converted", "unit-mismatch"],
)
def test_over_target_percent(value, actual, over):
    assert over_target_percent(value=value, actual=actual) == over


def test_over_target_flag_is_off_by_default():
    score = score_indicator(level1="产出指标", level2="数量指标", value="≥100次", actual="300次", weight="10")
    assert "偏低" not in score.explanation and score.warning == ""


CAPS = EvaluationRules(cap_by_execution=EXECUTION_CAPS)

# (id, execution rate, uncapped total, capped total)
CAP_CASES = [
    ("rate-80-no-cap", "80", D("95"), D("95.00")),
    ("rate-79.99-at-most-89", "79.99", D("95"), D("89.00")),
    ("rate-70-at-most-89", "70", D("95"), D("89.00")),
    ("rate-69-at-most-79", "69", D("95"), D("79.00")),
    ("rate-59-at-most-69", "59", D("95"), D("69.00")),
    ("rate-49-at-most-59", "49", D("95"), D("59.00")),
    ("under-the-cap-unchanged", "65", D("70"), D("70.00")),
    ("no-rate-no-cap", None, D("95"), D("95.00")),
]


@pytest.mark.parametrize(
    "rate, uncapped, capped",
    [case[1:] for case in CAP_CASES],
    ids=[case[0] for case in CAP_CASES],
)
def test_total_capped_by_execution_rate(rate, uncapped, capped):
    score = total_score(D("5"), [uncapped - 5], execution_rate=rate, rules=CAPS)
    assert score.points == capped
    assert ("总分最高" in score.explanation) is (capped != uncapped)


def test_no_cap_by_default():
    assert total_score(D("5"), [D("90")], execution_rate="40").points == D("95.00")


# --- total and grade ---------------------------------------------------------


def test_total_adds_budget_and_indicators():
    score = total_score(D("8.50"), [D("40"), D("25.25"), D("10")])
    assert score.points == D("83.75")
    assert score.explanation == "预算执行 8.50 分 + 绩效指标 75.25 分 = 83.75 分"


@pytest.mark.parametrize(
    "budget, indicators, explanation",
    [
        (None, [D("40")], "预算执行尚未得分，总分待定"),
        (D("10"), [D("40"), None, None], "2 项指标尚未得分，总分待定"),
        (None, [None], "预算执行、1 项指标尚未得分，总分待定"),
    ],
    ids=["budget", "indicators", "both"],
)
def test_total_waits_for_every_score(budget, indicators, explanation):
    score = total_score(budget, indicators)
    assert score.points is None
    assert score.explanation == explanation


@pytest.mark.parametrize(
    "total, expected",
    [
        (D("100"), "优"), (D("90"), "优"), (D("89.99"), "良"), (D("80"), "良"), (D("79.99"), "中"),
        (D("60"), "中"), (D("59.99"), "差"), (D("0"), "差"), ("85.5", "良"), (None, ""),
    ],
    ids=["100", "90", "89.99", "80", "79.99", "60", "59.99", "0", "text", "none"],
)
def test_grade(total, expected):
    assert grade(total) == expected


# --- configuration -------------------------------------------------------------


def test_default_rules_are_the_common_ones():
    rules = evaluation_rules()
    assert rules.indicator_points == D(90) and rules.total_points == D(100)
    assert rules.flag_over_target_percent is None and rules.cap_by_execution is None


@override_settings(REPORT_RULES={"evaluation": {"weights": {"产出": 60, "效益": 20, "满意度": 10}, "flag_over_target_percent": 30}})
def test_a_province_changes_weights_and_turns_on_the_flag():
    assert spread_weights([O, E, S]) == [D("60.00"), D("20.00"), D("10.00")]
    score = score_indicator(level1=O, level2="数量指标", value="≥10次", actual="20次", weight="10")
    assert "目标可能设置偏低" in score.warning


@override_settings(REPORT_RULES={"evaluation": {"weights": {"产出": 50, "效益": 30, "满意度": 10, "成本": 10}, "budget_points": 0}})
def test_a_province_gives_a_cost_level1_its_own_weight():
    assert spread_weights(["成本指标", O, E, S]) == [D("10.00"), D("50.00"), D("30.00"), D("10.00")]
    assert evaluation_rules().total_points == D(100)


HOSTILE = [
    None, "", "1e999999999", "-5", "NaN", "Infinity", "9" * 40, "0.0000000000000001", "１２",
    "≥", "\x00", "=" * 10000, True, 0, 3.5, D("1E+30"), D("-0"),
]


@pytest.mark.parametrize("typed", HOSTILE, ids=[repr(v)[:20] for v in HOSTILE])
def test_nothing_typed_makes_the_scoring_raise(typed):
    text = typed if isinstance(typed, str) or typed is None else str(typed)
    for value in ("≥100次", "≤3天", "100%", "=0个", "较高", text):
        for achievement in ("", PARTLY, text):
            score = score_indicator(
                level1="产出指标", level2="数量指标", value=value, actual=text, weight=typed,
                achievement=achievement, entered=typed,
            )
            assert score.explanation
            assert score.points is None or D("0") <= score.points <= D("90")
            score = score_indicator(
                level1="产出指标", level2="数量指标", value=value, actual=text, weight="10",
                achievement=achievement, entered=typed,
            )
            assert score.points is None or D("0") <= score.points <= D("10")
    for budget, executed in ((typed, "1"), ("100", typed), ("0.000001", typed)):
        score = budget_score(budget=budget, executed=executed)
        assert score.points is None or D("0") <= score.points <= D("10")
    assert total_score(typed, [typed, D("1")], execution_rate=typed, rules=CAPS).explanation
    assert grade(typed) in ("", "优", "良", "中", "差")
    assert isinstance(weights_problem([typed, "90"]), str)


def test_a_garbled_amount_is_named():
    assert budget_score(budget="100", executed="约八十万").explanation == "全年执行数“约八十万”不是有效的数值，无法计算执行率"
    assert score_indicator(level1=O, level2="数量指标", value="≥1次", actual="1次", weight="十分").explanation == (
        "分值“十分”不是有效的数值，无法计算得分"
    )
