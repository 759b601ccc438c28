"""Warning lights of a monitoring report (运行监控预警): each indicator and
the budget judged against the pro-rata target or the target range, as
docs/monitoring-rules.md states and reports.rules.config sets the
thresholds. Pure functions: text and Decimal in, a Light and one line of
Chinese out; they never raise on what a unit typed."""
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .config import monitoring_rules
from .explain import (
    HUNDRED,
    is_blank,
    is_blank_value,
    is_rate,
    matches_any,
    percent,
    plain,
    quantity,
    read_actual,
    read_figure,
    read_target,
    target_text,
)


class Light(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    NONE = ""  # not judged: nothing entered, or nothing to judge against

    @property
    def label(self):
        return _LABELS[self]

    @property
    def order(self):
        """Sort key, most urgent first: red, yellow, green, blue, 未判定."""
        return _ORDER[self]


_LABELS = {
    Light.RED: "红灯",
    Light.YELLOW: "黄灯",
    Light.GREEN: "绿灯",
    Light.BLUE: "蓝灯",
    Light.NONE: "未判定",
}
_ORDER = {light: index for index, light in enumerate(_LABELS)}

REVERSE_OPERATORS = ("≤", "<")


@dataclass(frozen=True)
class Judgement:
    light: Light
    explanation: str


def _none(explanation):
    return Judgement(Light.NONE, explanation)


def _bad_months(months):
    return not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 12


def _band(light, rules):
    red, yellow, blue = (plain(n) for n in (rules.red_below, rules.yellow_below, rules.blue_from))
    return {
        Light.RED: f"低于{red}%",
        Light.YELLOW: f"{red}%–{yellow}%",
        Light.GREEN: f"{yellow}%–{blue}%",
        Light.BLUE: f"{blue}%及以上",
    }[light]


def _edges(rules):
    return (rules.red_below, rules.yellow_below, rules.blue_from)


def light_for_ratio(ratio, rules=None):
    """The light of a completion ratio in percent (actual ÷ expected × 100):
    exactly 60 is yellow, exactly 80 green, exactly 120 blue."""
    rules = rules or monitoring_rules()
    if ratio < rules.red_below:
        return Light.RED
    if ratio < rules.yellow_below:
        return Light.YELLOW
    if ratio < rules.blue_from:
        return Light.GREEN
    return Light.BLUE


def _meets(actual, operator, target):
    return {
        "≥": actual >= target,
        ">": actual > target,
        "=": actual == target,
        "≤": actual <= target,
        "<": actual < target,
    }[operator]


def judge_indicator(*, level1, level2, value, actual, months, grade="", rules=None):
    """The light of one indicator. value is the approved 年度指标值 text,
    actual the 1–N月实际完成值 text, grade a MONITORING_GRADES entry for a
    qualitative indicator."""
    rules = rules or monitoring_rules()
    if _bad_months(months):
        return _none("监控期间不正确（应为 1–12 月），不判定")
    label = f"1–{months}月实际完成值"
    if is_blank_value(value):
        return _none("年度指标值为空或不适用，不判定")
    target = read_target(value)
    if not target.is_quantitative:
        return _qualitative(grade, rules)
    number, problem = read_actual(target, actual, label)
    if problem:
        return _none(problem)
    if matches_any(level2, rules.inside_outside_level2) or matches_any(
        level1, rules.inside_outside_level1
    ):
        category = (level2 or level1 or "").strip()
        return _inside_outside(number, target, months, f"{category}按是否达到目标判定（不按进度折算）")
    if target.operator in REVERSE_OPERATORS:
        return _inside_outside(number, target, months, "反向指标按是否在目标范围内判定")
    return _positive(number, target, months, rules)


def _qualitative(grade, rules):
    grade = (grade or "").strip()
    if not grade:
        names = " / ".join(name for name, _ in rules.grade_lights)
        return _none(f"定性指标，请选择完成程度（{names}）")
    light = rules.light_for_grade(grade)
    if light is None:
        return _none(f"完成程度“{grade}”不是可选的等级，不判定")
    light = Light(light)
    return Judgement(light, f"定性指标，完成程度“{grade}”：{light.label}")


def _inside_outside(number, target, months, how):
    inside = _meets(number, target.operator, target.number)
    light = Light.GREEN if inside else Light.RED
    if target.operator in REVERSE_OPERATORS:
        verdict = "在目标范围内" if inside else "超出目标范围"
    else:
        verdict = "达到目标" if inside else "未达到目标"
    return Judgement(
        light,
        f"{how}：1–{months}月实际 {quantity(number, target.unit)}，"
        f"目标 {target_text(target)}，{verdict}：{light.label}",
    )


def _positive(number, target, months, rules):
    if target.number == 0:
        return _none(f"年度指标值 {target_text(target)} 为 0，无法计算完成比例，不判定")
    unit = target.unit
    if rules.rates_not_prorated and is_rate(target):
        ratio = number / target.number * HUNDRED
        light = light_for_ratio(ratio, rules)
        return Judgement(
            light,
            f"比率不按进度折算：1–{months}月实际 {quantity(number, unit)}，"
            f"年度目标 {target_text(target)}，达到目标的 {percent(ratio, _edges(rules))}："
            f"{light.label}（{_band(light, rules)}）",
        )
    expected = target.number * months / 12
    # One division, so that an exact 60 % is exactly 60 and not 59.99…
    ratio = number * 12 * HUNDRED / (target.number * months)
    light = light_for_ratio(ratio, rules)
    return Judgement(
        light,
        f"1–{months}月完成 {quantity(number, unit)}，按进度应完成 "
        f"{quantity(expected.quantize(Decimal('0.01')), unit)}"
        f"（全年 {target_text(target)} × {months}/12），完成 {percent(ratio, _edges(rules))}："
        f"{light.label}（{_band(light, rules)}）",
    )


def judge_budget(*, annual, executed, planned_percent, months, rules=None, amount_unit=""):
    """The light of a project's budget execution: executed ÷ (annual ×
    planned_percent/100), judged as a positive indicator; without a
    spending plan the time share months/12. Amounts as Decimal or text."""
    rules = rules or monitoring_rules()
    if _bad_months(months):
        return _none("监控期间不正确（应为 1–12 月），不判定")
    annual_amount, problem = read_figure(annual, "年初预算数")
    if problem:
        return _none(f"{problem}，不判定执行进度")
    if annual_amount <= 0:
        return _none("年初预算数为 0，不判定执行进度")
    executed_amount, problem = read_figure(executed, f"1–{months}月执行数")
    if problem:
        return _none(problem)
    if executed_amount < 0:
        return _none(f"1–{months}月执行数不能为负数")
    if is_blank(planned_percent):
        expected = annual_amount * months / 12
        ratio = executed_amount * 12 * HUNDRED / (annual_amount * months)
        basis = f"年初预算 {quantity(annual_amount, amount_unit)} × {months}/12，无支出计划按时间进度"
    else:
        share, problem = read_figure(planned_percent, "支出计划比例")
        if problem:
            return _none(f"{problem}，不判定执行进度")
        if share <= 0:
            return _none(f"支出计划1–{months}月应支出 {plain(share)}%，不判定执行进度")
        expected = annual_amount * share / HUNDRED
        ratio = executed_amount * HUNDRED * HUNDRED / (annual_amount * share)
        basis = f"年初预算 {quantity(annual_amount, amount_unit)} × 支出计划 {plain(share)}%"
    light = light_for_ratio(ratio, rules)
    return Judgement(
        light,
        f"1–{months}月执行 {quantity(executed_amount, amount_unit)}，应执行 "
        f"{quantity(expected.quantize(Decimal('0.01')), amount_unit)}（{basis}），"
        f"执行进度 {percent(ratio, _edges(rules))}：{light.label}（{_band(light, rules)}）",
    )


def worst(lights):
    """A project's (or unit's) light: the most urgent of its lights; 未判定
    only when nothing was judged."""
    judged = [Light(light) for light in lights if Light(light) is not Light.NONE]
    return min(judged, key=lambda light: light.order) if judged else Light.NONE


def needs_explanation(light):
    """Red and yellow need a 偏差原因 and a 纠偏措施 before submission."""
    return Light(light) in (Light.RED, Light.YELLOW)
