"""Putting what the tables print together with what they do not: fields a
layout leaves out come from the base document (the draft being replaced),
matched project by project and row by row, so an import changes only what
was changed in the workbook.
"""
from decimal import Decimal, InvalidOperation

from .indicators import drop_generated_placeholders, merge_rows

PROJECT_KEYS = ("code", "name", "implementing_unit", "attribute", "period", "budget", "purpose",
                "spending_plan", "midterm_goal", "annual_goal", "indicators")
PROJECT_BUDGET_KEYS = ("total", "fiscal", "superior", "other", "midterm_total", "midterm_fiscal",
                       "midterm_other")
DEPARTMENT_TEXT_KEYS = ("functions", "overall_goal", "sub_goals", "safeguards")
DEPARTMENT_BUDGET_KEYS = ("total", "general_public", "government_fund", "special_non_tax", "other",
                          "basic", "project")
CONTACT_KEYS = ("prepared_by", "phone", "date", "unit_head")

# Indicator fields each table prints (一级 and 二级 always).
PRINTED_ROW_FIELDS = {
    ("hebei", "project"): {"name", "description", "value", "basis"},
    ("hunan", "project"): {"name", "value", "standard"},
    ("hunan", "department"): {"name", "value"},
    ("anhui", "project"): {"name", "value"},
}


def text(printed, base):
    """An empty cell is null, or "" where the base had "" (both print alike)."""
    return base if printed is None and base == "" else printed


def amount(printed, base):
    """The base's own writing of an amount the sheet shows unchanged
    ("9.6" printed as "9.60" stays "9.6")."""
    if printed is None or base is None:
        return printed
    try:
        return base if Decimal(printed) == Decimal(base) else printed
    except InvalidOperation:
        return printed


def budget(printed, base_budget, keys):
    base = base_budget or {}
    merged = {key: amount(printed[key], base.get(key)) if key in printed else base.get(key) for key in keys}
    if base_budget is None and all(value is None for value in merged.values()):
        return None
    return merged


def indicators(reading, layout, table, rows, base_rows, path, framework):
    """The table's rows merged with the base's, locations recorded."""
    if framework.prints_every_level2:
        rows = drop_generated_placeholders(rows, base_rows)
    kept = []
    if layout == "hunan" and table == "project":
        # The Hunan project table shows the 年度 rows only.
        kept = [row for row in base_rows or [] if row.get("period") == "midterm"]
    merged = merge_rows(rows, base_rows, PRINTED_ROW_FIELDS[(layout, table)], kept)
    result = []
    for index, (row, refs) in enumerate(merged):
        for key, ref in refs.items():
            reading.at(f"{path}[{index}]" + ("" if key == "row" else f".{key}"), ref)
        result.append(row)
    return result


def project(reading, layout, printed, rows, base, path, framework):
    base = base or {}
    merged = {}
    for key in PROJECT_KEYS:
        if key == "budget":
            merged[key] = budget(printed.get("budget") or {}, base.get("budget"), PROJECT_BUDGET_KEYS)
        elif key == "spending_plan":
            merged[key] = printed[key] if key in printed else list(base.get(key) or [])
        elif key == "indicators":
            merged[key] = indicators(reading, layout, "project", rows, base.get("indicators"),
                                     f"{path}.indicators", framework)
        elif key in printed:
            merged[key] = text(printed[key], base.get(key))
        else:
            merged[key] = base.get(key)
    return merged


def department(reading, layout, printed, rows, base, framework):
    base = base or {}
    merged = {key: text(printed[key], base.get(key)) if key in printed else base.get(key)
              for key in DEPARTMENT_TEXT_KEYS}
    if "budget" in printed:
        merged["budget"] = budget(printed["budget"], base.get("budget"), DEPARTMENT_BUDGET_KEYS)
    else:
        merged["budget"] = base.get("budget")
    if rows is None:
        merged["indicators"] = list(base.get("indicators") or [])
    else:
        merged["indicators"] = indicators(reading, layout, "department", rows, base.get("indicators"),
                                          "department.indicators", framework)
    return merged


def contact(footers, base_contact):
    """The footer as printed on the sheets (the Hunan tables print it under
    each one): the first that says something else than the base, if any."""
    base = base_contact or {}
    parsed = [{key: text(found.get(key), base.get(key)) for key in CONTACT_KEYS} for found in footers]
    if not parsed:
        return base_contact
    chosen = next((c for c in parsed if c != {key: base.get(key) for key in CONTACT_KEYS}), parsed[0])
    if base_contact is None and not any(chosen.values()):
        return None
    return chosen


def match_projects(read, base_projects):
    """{index in `read`: base project} by 项目编码, then name, then place."""
    matches, used = {}, set()
    keys = (lambda p, i: p.get("code") or None, lambda p, i: p.get("name"), lambda p, i: ("place", i))
    for key in keys:
        for index, (printed, _, _) in enumerate(read):
            if index in matches:
                continue
            wanted = key(printed, index)
            if wanted is None:
                continue
            for number, base in enumerate(base_projects):
                if number not in used and key(base, number) == wanted:
                    matches[index] = base
                    used.add(number)
                    break
    return matches
