"""Scores of a self-evaluation report (绩效自评): 10 points for budget
execution, 90 shared by the indicators, each computed by the rules of
docs/evaluation-rules.md with one line of Chinese saying how; thresholds
and the optional province rules in reports.rules.config. Pure functions:
they never raise on what a unit typed."""
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from targets.frameworks import canonical

from .config import evaluation_rules
from .explain import (
    HUNDRED,
    is_blank_value,
    percent,
    plain,
    points,
    quantity,
    read_actual,
    read_figure,
    read_target,
    round_points,
    target_text,
    to_decimal,
)

REVERSE_OPERATORS = ("≤", "<")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Score:
    points: Decimal | None  # None: not scored yet (explanation says why)
    explanation: str
    # Chinese message for the 得分 field when a typed score is refused.
    problem: str = ""
    # Shown, never blocking: a reason expected, a target that looks too low.
    warning: str = ""


# --- budget execution ------------------------------------------------------


def execution_rate(*, budget, executed):
    """执行率 in percent, two decimals as the table prints it, or None."""
    budget_amount, executed_amount = to_decimal(budget), to_decimal(executed)
    if budget_amount is None or executed_amount is None or budget_amount <= 0:
        return None
    return round_points(executed_amount / budget_amount * HUNDRED)


def budget_score(*, budget, executed, rules=None):
    """执行率 × 10, capped at 10. budget is the 全年预算数 (as adjusted),
    executed the 全年执行数; Decimal or text."""
    rules = rules or evaluation_rules()
    budget_amount, problem = read_figure(budget, "全年预算数")
    if problem:
        return Score(None, f"{problem}，无法计算执行率")
    if budget_amount <= 0:
        return Score(None, "全年预算数为 0，无法计算执行率")
    executed_amount, problem = read_figure(executed, "全年执行数")
    if problem:
        return Score(None, f"{problem}，无法计算执行率")
    if executed_amount < 0:
        return Score(None, "全年执行数不能为负数")
    rate = execution_rate(budget=budget_amount, executed=executed_amount)
    full = rules.budget_points
    scored = min(round_points(rate * full / HUNDRED), full)
    explanation = (
        f"执行率 {points(rate)}%（全年执行数 {plain(executed_amount)} ÷ 全年预算数 "
        f"{plain(budget_amount)}），得分 {points(scored)} 分（执行率 × {plain(full)} 分，最高 {plain(full)} 分）"
    )
    warning = ""
    if rate < rules.execution_reason_below:
        warning = f"执行率低于 {plain(rules.execution_reason_below)}%，请说明原因"
        explanation += f"；{warning}"
    return Score(scored, explanation, warning=warning)


# --- weights (分值) ----------------------------------------------------------


def weight_group(level1, level2="", rules=None):
    """The 一级 of rules.weights a row's 分值 comes from ("产出", "效益",
    "满意度"), or None for a row outside them. A 二级 of level2_groups wins
    (Hunan's 满意度 filed under 效益); a 一级 of level1_aliases counts
    under another (a 一级 成本指标 under 产出)."""
    rules = rules or evaluation_rules()
    groups = {canonical(name) for name, _ in rules.weights}
    by_level2 = {canonical(k): canonical(v) for k, v in rules.level2_groups}
    key2 = canonical(level2)
    if key2 in by_level2 and by_level2[key2] in groups:
        return by_level2[key2]
    key1 = canonical(level1)
    if key1 not in groups:
        key1 = {canonical(k): canonical(v) for k, v in rules.level1_aliases}.get(key1, key1)
    return key1 if key1 in groups else None


def _cents(total, shares):
    """Split total (Decimal, whole cents) over shares (Fractions ≥ 0) in
    cents: each its floor, the cents left over to the largest remainders,
    earlier rows first among equals. The parts add up to total exactly."""
    if not shares or sum(shares) == 0:
        return [ZERO for _ in shares]
    total_cents = int(total * 100)
    whole = sum(shares)
    exact = [share * total_cents / whole for share in shares]
    floors = [int(value) for value in exact]  # Fraction ≥ 0: int() is floor
    left = total_cents - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(cents).scaleb(-2) for cents in floors]


def spread_weights(level1s, rules=None, *, level2s=None, values=None):
    """Proposed 分值 per row: 产出 50 / 效益 30 / 满意度 10 spread evenly over
    each 一级's rows, the weight of a 一级 without rows re-spread over the
    others in proportion to theirs; two decimals, summing to exactly 90.00.
    level2s (same length, optional) lets a 二级 choose the group (Hunan's
    满意度 under 效益). values (same length, optional): a row whose
    年度指标值 is empty or not applicable ("……", 不适用, 无: Hunan prints every
    二级) gets 0.00 and takes no share. A row outside the weighted 一级 gets
    0.00."""
    rules = rules or evaluation_rules()
    level2s = level2s if level2s is not None else [""] * len(level1s)
    values = values if values is not None else ["-"] * len(level1s)
    groups = [
        None if is_blank_value(value) else weight_group(l1, l2, rules)
        for l1, l2, value in zip(level1s, level2s, values, strict=True)
    ]
    weights = {canonical(name): Fraction(str(points_)) for name, points_ in rules.weights}
    present = [name for name in weights if name in groups]
    if not present:
        return [ZERO for _ in groups]
    # Each present group's share of the total, then its rows' share of it,
    # each rounded to cents so that groups and total add up exactly.
    group_points = dict(
        zip(present, _cents(rules.indicator_points, [weights[name] for name in present]), strict=True)
    )
    result = [ZERO for _ in groups]
    for name in present:
        rows = [i for i, group in enumerate(groups) if group == name]
        for i, value in zip(rows, _cents(group_points[name], [Fraction(1)] * len(rows)), strict=True):
            result[i] = value
    return result


def weights_problem(weights, rules=None):
    """A Chinese message when the typed 分值 do not add up to the indicator
    total (90), else ""; blank 分值 count as missing."""
    rules = rules or evaluation_rules()
    values = [to_decimal(weight) for weight in weights]
    missing = sum(1 for value in values if value is None)
    if missing:
        return f"尚有 {missing} 项指标未填写分值"
    if any(value < 0 for value in values):
        return "分值不能为负数"
    total = sum(values, Decimal(0))
    if total != rules.indicator_points:
        return f"各指标分值合计应为 {plain(rules.indicator_points)} 分，现为 {plain(total)} 分"
    return ""


# --- indicators --------------------------------------------------------------


def score_indicator(
    *, level1, level2, value, actual, weight, achievement="", entered=None, rules=None
):
    """The 得分 of one indicator row. value is the approved 年度指标值,
    actual the 实际完成值 text, weight its 分值; for a qualitative row
    achievement is an ACHIEVEMENTS entry and entered the score the unit
    typed, which must lie in the achievement's band."""
    rules = rules or evaluation_rules()
    full = to_decimal(weight)
    if is_blank_value(value):
        # Not an indicator of this project: it takes no 分值 and no score.
        if full is None or full == 0:
            return Score(ZERO, "年度指标值为空或不适用，不计分")
        return Score(None, f"年度指标值为空或不适用，不计分：请将分值 {plain(full)} 改为 0，分给其他指标")
    if full is None:
        return Score(None, f"{read_figure(weight, '分值')[1]}，无法计算得分")
    if full < 0:
        return Score(None, "分值不能为负数，无法计算得分")
    target = read_target(value)
    if not target.is_quantitative:
        return _qualitative(full, achievement, entered, rules)
    number, problem = read_actual(target, actual, "实际完成值")
    if problem:
        return Score(None, problem)
    if target.operator in REVERSE_OPERATORS:
        return _reverse(number, target, full)
    if target.operator == "=":
        return _equal(number, target, full)
    return _positive(number, target, full, rules)


def _full_marks(number, target, full):
    return Score(
        round_points(full),
        f"实际完成 {quantity(number, target.unit)}，达到目标 {target_text(target)}，得满分 {points(full)} 分",
    )


def _over(number, target):
    return (number - target.number) / target.number * HUNDRED


def over_target_percent(*, value, actual):
    """How far (%) a positive quantitative indicator's actual value is above
    its target, or None: not a floor (≥ >; "=" asks for equality), not
    above, a zero target, or not comparable. For the province flag here and for next year's check
    "target met by more than 30 %"."""
    if is_blank_value(value):
        return None
    target = read_target(value)
    if not target.is_quantitative or target.operator not in (">", "≥") or target.number == 0:
        return None
    number, problem = read_actual(target, actual, "实际完成值")
    if problem or number <= target.number:
        return None
    return _over(number, target)


def _positive(number, target, full, rules):
    if number >= target.number:
        score = _full_marks(number, target, full)
        limit = rules.flag_over_target_percent
        if limit is not None and target.number > 0:
            over = _over(number, target)
            if over > limit:
                warning = f"实际完成值超出目标 {percent(over)}（超过 {plain(limit)}%），目标可能设置偏低"
                return Score(score.points, f"{score.explanation}；{warning}", warning=warning)
        return score
    ratio = number / target.number  # target > 0 here: number ≥ 0 ≥ a zero target
    scored = round_points(full * ratio)
    return Score(
        scored,
        f"实际完成 {quantity(number, target.unit)}，目标 {target_text(target)}，完成 {percent(ratio * HUNDRED)}，"
        f"得分 = {plain(number)} ÷ {plain(target.number)} × {points(full)} = {points(scored)} 分",
    )


def _reverse(number, target, full):
    limit = target.number
    if number <= limit:
        return Score(
            round_points(full),
            f"实际 {quantity(number, target.unit)}，在目标 {target_text(target)} 以内，得满分 {points(full)} 分",
        )
    if limit == 0 or number >= 2 * limit:
        reach = "目标为 0，超出即" if limit == 0 else f"达到目标的两倍（{quantity(2 * limit, target.unit)}）及以上，"
        return Score(
            ZERO,
            f"实际 {quantity(number, target.unit)}，超出目标 {target_text(target)}，{reach}得 0 分",
        )
    scored = round_points(full * (2 * limit - number) / limit)
    return Score(
        scored,
        f"实际 {quantity(number, target.unit)}，超出目标 {target_text(target)}，按至两倍目标线性减至 0 计："
        f"（2 × {plain(limit)} − {plain(number)}）÷ {plain(limit)} × {points(full)} = {points(scored)} 分",
    )


def _equal(number, target, full):
    if number == target.number:
        return _full_marks(number, target, full)
    if target.number == 0 or number == 0:
        return Score(
            ZERO,
            f"实际 {quantity(number, target.unit)}，目标 {target_text(target)}，与目标不符，得 0 分",
        )
    low, high = sorted((number, target.number))
    scored = round_points(full * low / high)
    return Score(
        scored,
        f"实际 {quantity(number, target.unit)}，目标 {target_text(target)}，按较小值 ÷ 较大值计："
        f"{plain(low)} ÷ {plain(high)} × {points(full)} = {points(scored)} 分",
    )


def band_points(weight, achievement, rules=None):
    """(lowest, highest) score allowed for a qualitative row, in points
    rounded to cents as shown to the unit, or None."""
    rules = rules or evaluation_rules()
    band = rules.band(achievement)
    full = to_decimal(weight)
    if band is None or full is None:
        return None
    low, high = band
    return round_points(full * low / HUNDRED), round_points(full * high / HUNDRED)


def _qualitative(full, achievement, entered, rules):
    achievement = (achievement or "").strip()
    names = " / ".join(name for name, _, _ in rules.achievement_bands)
    typed = entered is not None and str(entered).strip() != ""
    if not achievement:
        if typed:
            message = f"定性指标请先选择达成情况（{names}），再在其分值范围内填写得分"
            return Score(None, message, problem=message)
        return Score(None, f"定性指标：请选择达成情况（{names}），并在其分值范围内填写得分")
    if rules.band(achievement) is None:
        message = f"达成情况“{achievement}”不是可选项（{names}）"
        return Score(None, message, problem=message)
    low_pct, high_pct = rules.band(achievement)
    low, high = band_points(full, achievement, rules)
    band = f"{points(low)}–{points(high)} 分"
    if not typed:
        return Score(
            None,
            f"定性指标，达成情况“{achievement}”：请在 {band}（分值的 {plain(low_pct)}%–{plain(high_pct)}%）之间填写得分",
        )
    score = to_decimal(entered)
    if score is None:
        message = f"得分“{str(entered).strip()}”不是数字，定性指标“{achievement}”的得分应在 {band}之间"
        return Score(None, message, problem=message)
    if not low <= score <= high:
        message = f"定性指标“{achievement}”的得分应在 {points(low)}–{points(high)} 分之间"
        return Score(None, message, problem=message)
    return Score(
        round_points(score),
        f"定性指标，达成情况“{achievement}”，得分范围 {band}（分值的 {plain(low_pct)}%–{plain(high_pct)}%），"
        f"自评 {points(score)} 分",
    )


# --- total and grade ---------------------------------------------------------


def total_score(budget_points, indicator_points, execution_rate=None, rules=None):
    """预算执行得分 + 指标得分; capped by execution rate where the province
    configured cap_by_execution. None while anything is unscored."""
    rules = rules or evaluation_rules()
    indicator_points = [to_decimal(p) if p is not None else None for p in indicator_points]
    budget = to_decimal(budget_points) if budget_points is not None else None
    missing = []
    if budget is None:
        missing.append("预算执行")
    unscored = sum(1 for p in indicator_points if p is None)
    if unscored:
        missing.append(f"{unscored} 项指标")
    if missing:
        return Score(None, f"{'、'.join(missing)}尚未得分，总分待定")
    indicators = sum(indicator_points, Decimal(0))
    total = round_points(budget + indicators)
    explanation = f"预算执行 {points(budget)} 分 + 绩效指标 {points(indicators)} 分 = {points(total)} 分"
    rate = to_decimal(execution_rate)
    if rules.cap_by_execution and rate is not None:
        applicable = [(below, cap) for below, cap in rules.cap_by_execution if rate < below]
        if applicable:
            below, cap = min(applicable, key=lambda pair: pair[1])
            if total > cap:
                explanation += (
                    f"；执行率 {points(rate)}% 低于 {plain(below)}%，总分最高 {plain(cap)} 分，"
                    f"按 {points(cap)} 分计"
                )
                total = round_points(cap)
    return Score(total, explanation)


def grade(total, rules=None):
    """自评等级 of a total: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below; "" for None."""
    rules = rules or evaluation_rules()
    value = to_decimal(total)
    if value is None:
        return ""
    for name, lowest in rules.grades:
        if value >= lowest:
            return name
    return rules.grades[-1][0]


__all__ = [
    "Score",
    "band_points",
    "budget_score",
    "execution_rate",
    "grade",
    "over_target_percent",
    "score_indicator",
    "spread_weights",
    "total_score",
    "weight_group",
    "weights_problem",
]
