"""A monitoring report's document (monitoring/1) made from an approved
filing's document (filing/1, the review snapshot): what reports/fields.py
marks `approved` is copied, everything the unit fills is null (or [] for a
list of choices).

    monitoring_document(filing_document, months) -> dict

Works on documents only, so a report is made alike from a filing in the
database and from a snapshot; the core app creates every report with it.
"""
import copy
from decimal import Decimal

from targets.money import parse_amount, plain

from . import fields

FORMAT = "monitoring/1"


def monitoring_document(filing_document, months):
    """A fresh monitoring/1 document for an approved filing/1 document, for
    the period 1–`months`月."""
    if months not in fields.MONTH_CHOICES:
        raise ValueError(f"监控期间只能是 1–{'、1–'.join(map(str, fields.MONTH_CHOICES))} 月，不是 {months!r}")
    unit = copy.deepcopy(filing_document.get("unit") or {})
    return {
        "format": FORMAT,
        "year": filing_document.get("year"),
        "months": months,
        "layout": filing_document.get("layout"),
        "amount_unit": filing_document.get("amount_unit"),
        "unit": unit,
        "projects": [_project(project, unit, months) for project in filing_document.get("projects") or []],
    }


def department_of(unit):
    """主管部门及代码 as the report prints it: the filing unit's name and its
    code after it ("中共怀来县委…办公室（224001）"); the unit files for
    itself, so it is the project's 主管部门 on all three layouts."""
    name = unit.get("name") or ""
    code = unit.get("code")
    return f"{name}（{code}）" if code else (name or None)


def _project(project, unit, months):
    budget = project.get("budget") or {}
    return {
        "code": project.get("code"),
        "name": project.get("name"),
        "department": department_of(unit),
        # The filings leave 实施单位 blank when the unit itself carries the
        # project out (怀来, 沅江): the report prints the unit then.
        "implementing_unit": project.get("implementing_unit") or unit.get("name"),
        "annual_goal": project.get("annual_goal"),
        "goal_progress": None,
        "planned_percent": planned_percent(project.get("spending_plan") or [], months),
        "budget": {key: _budget_row(annual) for key, annual in _annual_amounts(budget).items()},
        "indicators": [_indicator(item) for item in project.get("indicators") or []
                       if (item.get("period") or "annual") == "annual"],
    }


def _annual_amounts(budget):
    """The 年初预算数 of each money row. 年度资金总额 is the filed total; where
    a layout files no total (湖南 files 本级 and 上级 apart) it is the sum
    of the filed parts. No filing layout has 上年结转资金: it stays blank."""
    total = budget.get("total")
    if total is None:
        parts = [budget.get(key) for key in ("fiscal", "superior", "other") if budget.get(key) is not None]
        if parts:
            total = plain(sum((parse_amount(p) for p in parts), Decimal(0)))
    return {"total": total, "fiscal": budget.get("fiscal"), "carryover": None, "other": budget.get("other")}


def _budget_row(annual):
    return {"annual": annual, "executed": None, "expected": None}


def planned_percent(plan, months):
    """The approved spending plan's cumulative percent at month N: that of
    the last checkpoint at or before it, None when there is none."""
    reached = [p for p in plan if p.get("month") is not None and p["month"] <= months]
    if not reached:
        return None
    return max(reached, key=lambda p: p["month"]).get("percent")


def _indicator(item):
    entry = {key: None for key in fields.entered("monitoring.indicator")}
    entry.update({key: item.get(key) for key in ("level1", "level2", "name", "value")})
    entry["reasons"] = []
    return {f.key: entry[f.key] for f in fields.fields_of("monitoring.indicator")}
