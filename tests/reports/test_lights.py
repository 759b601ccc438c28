"""Warning lights of 运行监控 (docs/monitoring-rules.md): a worked table of
cases, one per rule and per threshold edge. Plain functions, no database."""
from decimal import Decimal

import pytest
from django.test import override_settings

from reports.fields import MONITORING_GRADES
from reports.rules.config import MonitoringRules, monitoring_rules
from reports.rules.lights import Light, judge_budget, judge_indicator, needs_explanation, worst

R, Y, G, B, N = Light.RED, Light.YELLOW, Light.GREEN, Light.BLUE, Light.NONE

# (id, level1, level2, 年度指标值, 1–N月实际完成值, N, grade, light)
INDICATOR_CASES = [
    # Positive quantitative (≥ > =) of 数量: actual ÷ (target × N ÷ 12).
    ("count-behind-red", "产出指标", "数量指标", "≥120次", "30次", 6, "", R),
    ("count-exactly-60pct-yellow", "产出指标", "数量指标", "≥120次", "36次", 6, "", Y),
    ("count-just-below-60pct-red", "产出指标", "数量指标", "≥120次", "35.99次", 6, "", R),
    ("count-exactly-80pct-green", "产出指标", "数量指标", "≥120次", "48次", 6, "", G),
    ("count-just-below-80pct-yellow", "产出指标", "数量指标", "≥120次", "47.99次", 6, "", Y),
    ("count-on-plan-green", "产出指标", "数量指标", "≥120次", "60次", 6, "", G),
    ("count-exactly-120pct-blue", "产出指标", "数量指标", "≥120次", "72次", 6, "", B),
    ("count-just-below-120pct-green", "产出指标", "数量指标", "≥120次", "71.99次", 6, "", G),
    # Seven months of 100: 58.33… expected; 35 is exactly 60 % of it.
    ("seven-months-exactly-60pct", "产出指标", "数量指标", "≥100次", "35次", 7, "", Y),
    ("seven-months-exactly-120pct", "产出指标", "数量指标", "≥100次", "70次", 7, "", B),
    ("people-times", "产出指标", "数量指标", "≥1000人次", "700人次", 8, "", G),
    ("greater-than-is-positive", "产出指标", "数量指标", ">10个", "2个", 7, "", R),
    ("no-operator-is-positive", "产出指标", "数量指标", "12次", "7次", 7, "", G),
    ("actual-without-unit-takes-targets", "产出指标", "数量指标", "≥120次", "60", 6, "", G),
    ("benefit-positive-pro-rata", "效益指标", "社会效益指标", "≥200家", "50家", 6, "", R),
    ("effect-synonym-is-benefit", "效果指标", "社会效益", "≥200家", "100家", 6, "", G),
    # Rates do not accumulate: compared with the whole target.
    ("satisfaction-rate-on-target-green", "满意度指标", "服务对象满意度指标", "满意度≥95%", "96%", 7, "", G),
    ("satisfaction-rate-far-below-yellow", "满意度指标", "服务对象满意度指标", "≥95%", "60%", 7, "", Y),
    ("per-month-rate-not-pro-rata", "产出指标", "数量指标", "≥1次/月", "1次/月", 7, "", G),
    # Reverse (≤ <): inside the range green, outside red; never yellow.
    ("reverse-inside-green", "效益指标", "社会效益指标", "≤1次", "1次", 7, "", G),
    ("reverse-outside-red", "效益指标", "社会效益指标", "≤1次", "2次", 7, "", R),
    ("reverse-zero-actual-green", "效益指标", "社会效益指标", "重大舆情事件≤1件", "0件", 7, "", G),
    ("reverse-strict-at-limit-red", "效益指标", "社会效益指标", "<3天", "3天", 7, "", R),
    # 质量 / 时效 / 成本: inside/outside the target, never pro-rata.
    ("quality-at-least-95-inside", "产出指标", "质量指标", "≥95%", "95%", 7, "", G),
    ("quality-below-95-outside", "产出指标", "质量指标", "≥95%", "94.9%", 7, "", R),
    ("quality-100pct-equal", "产出指标", "质量指标", "100%", "100%", 7, "", G),
    ("quality-100pct-short", "产出指标", "质量指标", "100%", "98%", 7, "", R),
    ("quality-days-not-pro-rata", "产出指标", "质量指标", "≥365天", "212天", 7, "", R),
    ("timeliness-within-3-days", "产出指标", "时效指标", "≤3天", "2天", 7, "", G),
    ("timeliness-over-3-days", "产出指标", "时效指标", "≤3天", "4天", 7, "", R),
    ("progress-synonym-is-timeliness", "产出指标", "进度指标", "≤3天", "4天", 7, "", R),
    ("cost-within", "产出指标", "成本指标", "≤9.6万元", "5万元", 7, "", G),
    ("cost-over", "产出指标", "成本指标", "≤9.6万元", "9.61万元", 7, "", R),
    ("cost-yuan-against-wanyuan", "产出指标", "成本指标", "≤9.6万元", "96000元", 7, "", G),
    ("cost-yuan-over-wanyuan", "产出指标", "成本指标", "≤9.6万元", "96001元", 7, "", R),
    ("cost-as-level1-2021", "成本指标", "经济成本指标", "≤3.84万元", "4万元", 7, "", R),
    # Qualitative: by the grade.
    ("qualitative-reached", "效益指标", "社会效益指标", "显著提升", "", 7, "达到", G),
    ("qualitative-partly", "效益指标", "社会效益指标", "显著提升", "", 7, "部分达到", Y),
    ("qualitative-not-reached", "效益指标", "社会效益指标", "显著提升", "", 7, "未达到", R),
    ("qualitative-no-grade", "效益指标", "社会效益指标", "较高", "有所提升", 7, "", N),
    ("qualitative-unknown-grade", "效益指标", "社会效益指标", "较高", "", 7, "很好", N),
    # A deadline is judged by the grade, not as a count of 10.
    ("deadline-by-grade", "产出指标", "时效指标", "10月底前完成", "已完成", 7, "达到", G),
    ("deadline-without-grade", "产出指标", "时效指标", "10月底前完成", "7", 7, "", N),
    ("duration-in-months-is-a-number", "产出指标", "时效指标", "≤10个月", "11个月", 7, "", R),
    # Not judgeable: NONE, never an exception.
    ("zero-target", "产出指标", "数量指标", "≥0次", "3次", 7, "", N),
    ("missing-actual", "产出指标", "数量指标", "≥100次", "", 7, "", N),
    ("actual-none", "产出指标", "数量指标", "≥100次", None, 7, "", N),
    ("actual-not-a-number", "产出指标", "数量指标", "≥100次", "进展顺利", 7, "", N),
    ("unit-mismatch", "产出指标", "数量指标", "≥100次", "40人次", 7, "", N),
    ("not-applicable-value", "效益指标", "经济效益指标", "不适用", "", 7, "", N),
    ("placeholder-value", "效益指标", "生态效益指标", "……", "", 7, "", N),
    ("empty-value", "效益指标", "生态效益指标", None, "3", 7, "", N),
    ("bad-months", "产出指标", "数量指标", "≥100次", "40次", 13, "", N),
]


@pytest.mark.parametrize(
    "level1, level2, value, actual, months, grade, light",
    [case[1:] for case in INDICATOR_CASES],
    ids=[case[0] for case in INDICATOR_CASES],
)
def test_indicator_lights(level1, level2, value, actual, months, grade, light):
    judgement = judge_indicator(
        level1=level1, level2=level2, value=value, actual=actual, months=months, grade=grade
    )
    assert judgement.light is light
    assert judgement.explanation  # every light, 未判定 included, says why


def test_worked_explanation_of_a_lagging_count():
    judgement = judge_indicator(
        level1="产出指标", level2="数量指标", value="≥100次", actual="40次", months=7
    )
    assert judgement.explanation == (
        "1–7月完成 40 次，按进度应完成 58.33 次（全年 ≥100 次 × 7/12），完成 68.6%：黄灯（60%–80%）"
    )


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        (
            {"level2": "质量指标", "value": "≥95%", "actual": "94%"},
            "质量指标按是否达到目标判定（不按进度折算）：1–7月实际 94%，目标 ≥95%，未达到目标：红灯",
        ),
        (
            {"level2": "社会效益指标", "value": "≤1次", "actual": "2次"},
            "反向指标按是否在目标范围内判定：1–7月实际 2 次，目标 ≤1 次，超出目标范围：红灯",
        ),
        ({"level2": "社会效益指标", "value": "较高", "grade": "部分达到"}, "定性指标，完成程度“部分达到”：黄灯"),
        ({"level2": "数量指标", "value": "≥100次", "actual": ""}, "未填写1–7月实际完成值"),
        (
            {"level2": "数量指标", "value": "≥100次", "actual": "40人次"},
            "单位不一致：年度指标值为“次”，1–7月实际完成值为“人次”，请按年度指标值的单位填写",
        ),
        (
            {"level2": "数量指标", "value": "≥100次", "actual": "基本完成"},
            "1–7月实际完成值“基本完成”不是数值，无法与年度指标值比较",
        ),
        ({"level2": "数量指标", "value": "≥0次", "actual": "3次"}, "年度指标值 ≥0 次 为 0，无法计算完成比例，不判定"),
        ({"level2": "社会效益指标", "value": "较高"}, "定性指标，请选择完成程度（达到 / 部分达到 / 未达到）"),
    ],
    ids=["quality-outside", "reverse-outside", "qualitative", "missing", "unit", "not-number", "zero", "no-grade"],
)
def test_explanations_say_what_was_compared_or_what_is_missing(kwargs, expected):
    arguments = {"level1": "产出指标", "actual": "", "months": 7, **kwargs}
    assert judge_indicator(**arguments).explanation == expected


def test_a_percentage_just_below_an_edge_never_reads_as_the_edge():
    # 79.96 % is yellow; rounding to one decimal would print "80%".
    judgement = judge_indicator(
        level1="产出指标", level2="数量指标", value="≥10000次", actual="3998次", months=6
    )
    assert judgement.light is Y
    assert "完成 79.9%" in judgement.explanation


def test_every_monitoring_grade_has_a_light():
    lights = [
        judge_indicator(level1="效益指标", level2="社会效益指标", value="较高", actual="", months=7, grade=g).light
        for g in MONITORING_GRADES
    ]
    assert lights == [G, Y, R]


# (id, 年初预算数, 1–N月执行数, 支出计划 %, N, light)
BUDGET_CASES = [
    ("plan-exactly-60pct-yellow", "100", "36", "60", 7, Y),
    ("plan-below-60pct-red", "100", "35.99", "60", 7, R),
    ("plan-exactly-80pct-green", "100", "48", "60", 7, G),
    ("plan-exactly-120pct-blue", "100", "72", "60", 7, B),
    ("decimal-amounts", Decimal("9.6"), Decimal("5.76"), Decimal("60"), 6, G),
    ("no-plan-pro-rata-exactly-60pct", "120", "42", None, 7, Y),
    ("no-plan-blank-text", "120", "70", "", 7, G),
    ("nothing-executed", "100", "0", "50", 7, R),
    ("zero-budget", "0", "0", "50", 7, N),
    ("missing-budget", None, "10", "50", 7, N),
    ("missing-executed", "100", None, "50", 7, N),
    ("executed-not-a-number", "100", "约十万", "50", 7, N),
    ("plan-zero-percent", "100", "10", "0", 7, N),
]


@pytest.mark.parametrize(
    "annual, executed, planned_percent, months, light",
    [case[1:] for case in BUDGET_CASES],
    ids=[case[0] for case in BUDGET_CASES],
)
def test_budget_lights(annual, executed, planned_percent, months, light):
    judgement = judge_budget(annual=annual, executed=executed, planned_percent=planned_percent, months=months)
    assert judgement.light is light
    assert judgement.explanation


def test_budget_explanation_names_the_plan():
    judgement = judge_budget(annual="100", executed="40", planned_percent="60", months=7, amount_unit="万元")
    assert judgement.explanation == (
        "1–7月执行 40 万元，应执行 60 万元（年初预算 100 万元 × 支出计划 60%），执行进度 66.7%：黄灯（60%–80%）"
    )


def test_budget_without_plan_says_it_used_the_time_share():
    judgement = judge_budget(annual="120", executed="70", planned_percent=None, months=7, amount_unit="万元")
    assert "× 7/12，无支出计划按时间进度" in judgement.explanation
    assert judgement.light is G


@pytest.mark.parametrize(
    "lights, expected",
    [
        ([G, R, Y], R),
        ([G, Y, B], Y),
        ([B, G], G),
        ([B, B], B),
        ([N, G, N], G),
        ([N, N], N),
        ([], N),
        (["red", "green"], R),
    ],
    ids=["red-wins", "yellow-over-green-blue", "green-over-blue", "all-blue", "none-ignored", "all-none", "empty", "strings"],
)
def test_worst_light_of_a_project(lights, expected):
    assert worst(lights) is expected


@pytest.mark.parametrize("light, needed", [(R, True), (Y, True), (G, False), (B, False), (N, False), ("red", True)])
def test_red_and_yellow_need_a_reason_and_a_measure(light, needed):
    assert needs_explanation(light) is needed


def test_light_labels_and_order():
    assert [light.label for light in sorted(Light, key=lambda light: light.order)] == [
        "红灯", "黄灯", "绿灯", "蓝灯", "未判定",
    ]
    assert Light("") is N and str(R) == "red"


def test_a_province_changes_the_thresholds():
    rules = MonitoringRules(red_below=50, yellow_below=75, blue_from=150)
    judge = dict(level1="产出指标", level2="数量指标", value="≥120次", months=6, rules=rules)
    assert judge_indicator(actual="30次", **judge).light is Y  # 50 %: red by default
    assert judge_indicator(actual="45次", **judge).light is G  # 75 %
    assert judge_indicator(actual="72次", **judge).light is G  # 120 %: blue by default
    assert "蓝灯（150%及以上）" in judge_indicator(actual="90次", **judge).explanation


@override_settings(REPORT_RULES={"monitoring": {"red_below": 50, "grade_lights": {"达到": "green", "部分达到": "red", "未达到": "red"}}})
def test_report_rules_setting_overrides_the_defaults():
    rules = monitoring_rules()
    assert rules.red_below == Decimal(50) and rules.yellow_below == Decimal(80)
    assert judge_indicator(level1="产出指标", level2="数量指标", value="≥120次", actual="30次", months=6).light is Y
    assert judge_indicator(level1="效益指标", level2="社会效益指标", value="较高", actual="", months=7, grade="部分达到").light is R


@override_settings(REPORT_RULES={"monitoring": {"red_belwo": 50}})
def test_a_misspelt_setting_is_refused_by_name():
    with pytest.raises(ValueError, match="red_belwo"):
        monitoring_rules()


def test_without_the_setting_the_defaults_apply():
    assert monitoring_rules() == MonitoringRules()


HOSTILE = [
    None, "", "   ", "1e999999999", "-5次", "NaN", "Infinity", "9" * 40, "0.0000000000000001次",
    "１２次", "≥", "≥≥10次", "\x00", "=" * 10000, "<script>", True, 0, 3.5, Decimal("1E+30"),
]


@pytest.mark.parametrize("typed", HOSTILE, ids=[repr(v)[:20] for v in HOSTILE])
def test_nothing_typed_makes_the_rules_raise(typed):
    for level2 in ("数量指标", "质量指标", "社会效益指标"):
        for value in ("≥100次", "≤3天", "100%", "较高", typed):
            judgement = judge_indicator(
                level1="产出指标", level2=level2, value=value if isinstance(value, str) or value is None else str(value),
                actual=typed if not isinstance(typed, bool) else str(typed), months=7, grade="达到",
            )
            assert isinstance(judgement.light, Light) and judgement.explanation
    for annual, executed, plan in ((typed, "1", "50"), ("100", typed, "50"), ("100", "40", typed), ("0.000001", typed, None)):
        judgement = judge_budget(annual=annual, executed=executed, planned_percent=plan, months=7)
        assert isinstance(judgement.light, Light) and judgement.explanation


def test_huge_or_garbled_amounts_say_so():
    assert judge_budget(annual="100", executed="1e999999999", planned_percent="50", months=7).explanation == (
        "1–7月执行数“1e999999999”不是有效的数值"
    )
    assert judge_budget(annual="100", executed="-1", planned_percent="50", months=7).explanation == (
        "1–7月执行数不能为负数"
    )


def test_every_value_of_the_example_filings_is_judged_without_error(examples):
    seen = set()
    for document in examples.values():
        for project in document["projects"]:
            for row in project["indicators"]:
                for actual in ("", "50", "95%", "3次", "完成"):
                    judgement = judge_indicator(
                        level1=row.get("level1"), level2=row.get("level2"), value=row.get("value"),
                        actual=actual, months=7,
                    )
                    seen.add(judgement.light)
    # The published values reach every verdict but blue with these actuals.
    assert {R, G, N} <= seen


def test_the_rules_import_and_run_without_django_settings():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "from reports.rules.lights import judge_indicator;"
        "from reports.rules.scoring import score_indicator;"
        "print(judge_indicator(level1='产出', level2='数量', value='≥10次', actual='5次', months=6).light.label,"
        " score_indicator(level1='产出', level2='数量', value='≥10次', actual='5次', weight='10').points)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                            cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert result.stdout.strip() == "绿灯 5.00"
