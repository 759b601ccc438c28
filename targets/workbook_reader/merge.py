"""Putting what the tables print together with what they do not: fields a
layout leaves out come from the base document (the draft being replaced),
matched project by project and row by row, so an import changes only what
was changed in the workbook.
"""
from decimal import Decimal, InvalidOperation

from targets import field_catalogue as catalogue

from .indicators import drop_generated_placeholders, merge_rows
from .table_maps import table_map


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


def plan(printed, base_plan):
    """The printed checkpoints. A blank one is the base's blank checkpoint
    where the base has that month, and a blank in a plan otherwise filled
    in the sheet; the months the form prints for a filing without a plan,
    all blank, are no checkpoints. An unchanged share keeps the base's
    writing, as amounts do."""
    base = {point.get("month"): point.get("percent") for point in base_plan or []}
    filled = any(point["percent"] is not None for point in printed)
    return [{"month": point["month"], "percent": amount(point["percent"], base.get(point["month"]))}
            for point in printed
            if point["percent"] is not None or point["month"] in base or (filled and not base)]


def fields(printed, base, part):
    """The part's fields: printed where the table prints them, else the base's."""
    return catalogue.as_written(part, {key: text(printed[key], base.get(key)) if key in printed else base.get(key)
                                       for key in catalogue.keys(part)})


def budget(printed, base_budget, part):
    base = base_budget or {}
    merged = catalogue.as_written(part, {key: amount(printed[key], base.get(key)) if key in printed
                                         else base.get(key) for key in catalogue.keys(part)})
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
    # The indicator fields the table prints (一级 and 二级 always).
    printed = set(table_map(layout, table).headings.values())
    merged = merge_rows(rows, base_rows, printed, kept)
    result = []
    for index, (row, refs) in enumerate(merged):
        for key, ref in refs.items():
            reading.at(f"{path}[{index}]" + ("" if key == "row" else f".{key}"), ref)
        result.append(row)
    return result


def project(reading, layout, printed, rows, base, path, framework):
    """`printed`: {catalogue part: {key: value}} as the sheet gives them."""
    base = base or {}
    merged = fields(printed.get("project", {}), base, "project")
    merged["budget"] = budget(printed.get("project.budget", {}), base.get("budget"), "project.budget")
    if "plan" in printed:
        merged["spending_plan"] = plan(printed["plan"], base.get("spending_plan"))
    else:
        merged["spending_plan"] = list(base.get("spending_plan") or [])
    merged["indicators"] = indicators(reading, layout, "project", rows, base.get("indicators"),
                                      f"{path}.indicators", framework)
    return merged


def department(reading, layout, printed, rows, base, framework):
    base = base or {}
    merged = fields(printed.get("department", {}), base, "department")
    if "department.budget" in printed:
        merged["budget"] = budget(printed["department.budget"], base.get("budget"), "department.budget")
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
    parsed = [fields(found, base, "contact") for found in footers]
    if not parsed:
        return base_contact
    chosen = next((c for c in parsed if c != fields({}, base, "contact")), parsed[0])
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
            wanted = key(printed.get("project", {}), index)
            if wanted is None:
                continue
            for number, base in enumerate(base_projects):
                if number not in used and key(base, number) == wanted:
                    matches[index] = base
                    used.add(number)
                    break
    return matches
