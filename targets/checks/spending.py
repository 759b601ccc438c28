"""Spending plan rules (资金支出计划): cumulative percentages between 0 and 100,
never falling, reaching 100 at 12月底, at the layout's checkpoint months."""
from decimal import Decimal

from .common import amount, project_label, projects, show
from .problems import error

HUNDRED = Decimal(100)
YEAR_END = 12


def _points(project):
    """(index, month, percent) for each entry; percent None if unreadable."""
    plan = project.get("spending_plan") or []
    return [
        (i, p.get("month"), amount(p.get("percent")))
        for i, p in enumerate(plan)
        if isinstance(p, dict)
    ]


def check_spending_plans(document, framework):
    checkpoints = framework.spending_checkpoints
    for index, project in projects(document):
        who = project_label(index, project)
        where = f"projects[{index}].spending_plan"
        points = _points(project)
        if checkpoints:
            yield from _missing_months(checkpoints, points, who, where)
        out_of_range = set()
        for i, month, percent in points:
            if percent is not None and not (0 <= percent <= HUNDRED):
                out_of_range.add(i)
                # Amounts written in place of percentages are the usual cause.
                yield error(
                    "spending_plan.out_of_range",
                    f"{where}[{i}].percent",
                    f"{who}{month}月底累计支出比例“{show(percent)}”不在 0 至 100 之间"
                    "（资金支出计划应填累计百分比，而非金额）",
                )
        yield from _decreasing(points, out_of_range, who, where)
        final = _final_point(points, checkpoints)
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
