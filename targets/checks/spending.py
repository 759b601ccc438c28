"""Spending plan rules (资金支出计划): every checkpoint filled in, cumulative
percentages between 0 and 100, never falling, reaching 100 at 12月底, at the
layout's checkpoint months; amounts written in place of percentages named
as such."""
from decimal import Decimal

from .common import amount, project_label, projects, show
from .money import annual_amount
from .problems import error

HUNDRED = Decimal(100)
YEAR_END = 12


def _points(project):
    """(index, month, percent) for each filled-in entry (percent None if
    unreadable), and the indexes of blank ones."""
    plan = [(i, p) for i, p in enumerate(project.get("spending_plan") or []) if isinstance(p, dict)]
    blank = [(i, p.get("month")) for i, p in plan
             if p.get("percent") is None or (isinstance(p.get("percent"), str) and not p["percent"].strip())]
    blank_indexes = {i for i, _ in blank}
    points = [(i, p.get("month"), amount(p.get("percent"))) for i, p in plan if i not in blank_indexes]
    return points, blank


def check_spending_plans(document, framework):
    checkpoints = framework.spending_checkpoints
    unit = document.get("amount_unit") or ""
    for index, project in projects(document):
        who = project_label(index, project)
        where = f"projects[{index}].spending_plan"
        points, blank = _points(project)
        if checkpoints:
            yield from _missing_months(checkpoints, points + [(i, m, None) for i, m in blank], who, where)
        for i, month in blank:
            yield error(
                "spending_plan.blank",
                f"{where}[{i}].percent",
                f"{who}{month}月底的累计支出比例空白：请填写到该月底累计支出的百分比（尚未支出填 0）",
            )
        budget = annual_amount(project.get("budget"))
        if _written_as_amounts(points, budget):
            # One problem naming the cause, rather than "12月底 is not 100".
            written = "、".join(f"{month}月底 {show(percent)}" for _, month, percent in points)
            yield error(
                "spending_plan.amounts",
                where,
                f"{who}资金支出计划填写的是金额（{written}，预算数 {show(budget)} {unit}）："
                "应填写到各月底累计支出占预算的百分比，12月底为 100",
            )
            continue
        yield from _percentages(points, checkpoints, {m for _, m in blank}, who, where)


def _written_as_amounts(points, budget):
    """Do the plan's figures read as amounts of the budget rather than
    percentages: not a valid plan, and each equal to the budget, or adding up
    to it (the amount spent in each period), or rising to it (cumulative
    amounts)?"""
    values = [percent for _, _, percent in points if percent is not None]
    if not values or budget is None or budget <= 0:
        return False
    rising = all(a <= b for a, b in zip(values, values[1:]))
    if rising and all(0 <= v <= HUNDRED for v in values) and values[-1] == HUNDRED:
        return False  # a valid plan, whatever the budget
    return (
        all(v == budget for v in values)
        or sum(values) == budget
        or (len(values) > 1 and rising and values[-1] == budget)
    )


def _percentages(points, checkpoints, blank_months, who, where):
    out_of_range = set()
    for i, month, percent in points:
        if percent is not None and not (0 <= percent <= HUNDRED):
            out_of_range.add(i)
            yield error(
                "spending_plan.out_of_range",
                f"{where}[{i}].percent",
                f"{who}{month}月底累计支出比例“{show(percent)}”不在 0 至 100 之间"
                "（资金支出计划应填累计百分比，而非金额）",
            )
    yield from _decreasing(points, out_of_range, who, where)
    final = None if YEAR_END in blank_months else _final_point(points, checkpoints)
    if final is not None:
        i, month, percent = final
        if percent is not None and i not in out_of_range and percent != HUNDRED:
            yield error(
                "spending_plan.final_not_100",
                f"{where}[{i}].percent",
                f"{who}{month}月底累计支出比例为 {show(percent)}%，年底应达到 100%",
            )


def _missing_months(checkpoints, points, who, where):
    given = {month for _, month, _ in points}
    missing = [m for m in checkpoints if m not in given]
    if not points:
        yield error("spending_plan.missing", where, f"{who}未填写资金支出计划")
    elif missing:
        months = "、".join(f"{m}月底" for m in missing)
        yield error("spending_plan.missing", where, f"{who}资金支出计划缺少{months}的累计支出比例")


def _decreasing(points, out_of_range, who, where):
    previous = None
    for i, month, percent in points:
        if percent is None or i in out_of_range:
            continue
        if previous is not None and percent < previous[2]:
            yield error(
                "spending_plan.decreasing",
                f"{where}[{i}].percent",
                f"{who}{month}月底累计支出比例 {show(percent)}% 低于{previous[1]}月底的 "
                f"{show(previous[2])}%（累计比例不应减少）",
            )
        previous = (i, month, percent)


def _final_point(points, checkpoints):
    """The entry that must read 100: the one at 12月底; where the layout has
    checkpoints and 12月底 is missing, the last one given."""
    for point in points:
        if point[1] == YEAR_END:
            return point
    if checkpoints and points:
        return points[-1]
    return None
