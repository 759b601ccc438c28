"""Money rules: a project's 预算数 adds up from its sources, 年度 stays within
中期, and the department's 年度预算申请 adds up by income, by use and against
the project tables."""
from targets import field_catalogue as catalogue

from .common import amount, project_label, projects, show, sum_parts
from .problems import error, warning


def _labelled(part, *keys):
    """((key, label), …) of budget fields, labelled by the catalogue."""
    return tuple((key, catalogue.label(part, key)) for key in keys)


# Which budget fields add up to which total.
PROJECT_PARTS = _labelled("project.budget", "fiscal", "superior", "other")
MIDTERM_PARTS = _labelled("project.budget", "midterm_fiscal", "midterm_other")
INCOME_PARTS = _labelled("department.budget", "general_public", "government_fund", "special_non_tax", "other")
USE_PARTS = _labelled("department.budget", "basic", "project")


def annual_amount(budget):
    """A project's annual budget: 预算数, else the sum of its sources
    (Hunan tables print only 本级 and 上级)."""
    budget = budget or {}
    total = amount(budget.get("total"))
    if total is not None:
        return total
    return sum_parts(amount(budget.get(key)) for key, _ in PROJECT_PARTS)


def midterm_amount(budget):
    budget = budget or {}
    total = amount(budget.get("midterm_total"))
    if total is not None:
        return total
    return sum_parts(amount(budget.get(key)) for key, _ in MIDTERM_PARTS)


def _parts_problem(code, location, who, total_label, total, parts, budget, unit,
                   parts_label="各资金来源", shown=None):
    """The problem when total ≠ sum of the parts, None when it adds up or
    when there is nothing to compare (no total, or no part given). The
    message names the parts given and those in `shown` (the fields the
    layout's table prints; all when None)."""
    values = [amount(budget.get(key)) for key, _ in parts]
    added = sum_parts(values)
    if total is None or added is None or added == total:
        return None
    terms = " + ".join(
        f"{label} {show(v) if v is not None else '0（未填）'}"
        for (key, label), v in zip(parts, values)
        if v is not None or shown is None or key in shown
    )
    return error(
        code,
        location,
        f"{who}{total_label} {show(total)} {unit}与{parts_label}之和不符：{terms} = {show(added)} {unit}",
    )


def check_negative_amounts(document, framework):
    unit = document.get("amount_unit") or ""
    budget = (document.get("department") or {}).get("budget") or {}
    for key, label in catalogue.labels("department.budget").items():
        value = amount(budget.get(key))
        if value is not None and value < 0:
            yield error("budget.negative", f"department.budget.{key}", f"部门{label}为负数：{show(value)} {unit}")
    for index, project in projects(document):
        budget = project.get("budget") or {}
        for key, label in catalogue.labels("project.budget").items():
            value = amount(budget.get(key))
            if value is not None and value < 0:
                yield error(
                    "budget.negative",
                    f"projects[{index}].budget.{key}",
                    f"{project_label(index, project)}{label}为负数：{show(value)} {unit}",
                )


def check_project_budgets(document, framework):
    unit = document.get("amount_unit") or ""
    for index, project in projects(document):
        budget = project.get("budget")
        if not isinstance(budget, dict):
            continue
        who = project_label(index, project)
        where = f"projects[{index}].budget"
        for problem in (
            _parts_problem(
                "budget.parts_mismatch", f"{where}.total", who, catalogue.label("project.budget", "total"),
                amount(budget.get("total")), PROJECT_PARTS, budget, unit,
                shown=framework.project_budget_fields,
            ),
            _parts_problem(
                "budget.midterm_parts_mismatch", f"{where}.midterm_total", who,
                catalogue.label("project.budget", "midterm_total"),
                amount(budget.get("midterm_total")), MIDTERM_PARTS, budget, unit,
                shown=framework.project_budget_fields,
            ),
        ):
            if problem:
                yield problem
        annual, midterm = annual_amount(budget), midterm_amount(budget)
        if annual is not None and midterm is not None and annual > midterm:
            # Point at 预算数 when it is written, else at the budget as a whole.
            location = f"{where}.total" if amount(budget.get("total")) is not None else where
            yield error(
                "budget.annual_above_midterm",
                location,
                f"{who}年度资金 {show(annual)} {unit}超过中期资金 {show(midterm)} {unit}",
            )


def check_department_budget(document, framework):
    department = document.get("department")
    budget = department.get("budget") if isinstance(department, dict) else None
    if not isinstance(budget, dict):
        if framework.has_department_table:
            yield warning(
                "department_budget.missing",
                "department.budget" if isinstance(department, dict) else "department",
                "未填写部门整体支出绩效目标表的年度预算申请",
            )
        return
    unit = document.get("amount_unit") or ""
    total = amount(budget.get("total"))
    for code, parts, what in (
        ("department_budget.income_mismatch", INCOME_PARTS, "按收入性质各项"),
        ("department_budget.use_mismatch", USE_PARTS, "按支出性质各项"),
    ):
        problem = _parts_problem(
            code, "department.budget.total", "部门", catalogue.label("department.budget", "total"), total, parts,
            budget, unit, what
        )
        if problem:
            yield problem

    declared = amount(budget.get("project"))
    amounts = [annual_amount(p.get("budget")) for _, p in projects(document)]
    added = sum_parts(amounts)
    if declared is not None and added is not None and declared != added:
        # A warning: projects funded outside this filing (or 上级 transfers)
        # legitimately make the two differ; the reviewer decides.
        yield warning(
            "department_budget.projects_mismatch",
            "department.budget.project",
            f"部门项目支出 {show(declared)} {unit}与 {len(amounts)} 个项目的年度预算之和 {show(added)} {unit}不符",
        )
