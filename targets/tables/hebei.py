"""Hebei tables (seed 000): 单位整体绩效目标 and one 项目绩效目标表 per project.

A label that names a field is the field's label in targets.field_catalogue,
as this layout words it; each value cell is marked with the field it prints
(the workbook reader finds the fields by these marks)."""
import functools

from targets import field_catalogue as catalogue
from targets.frameworks import framework_for

from . import headings
from .common import amount_cell, amount_unit, percent, percent_cell, runs, text
from .grid import PORTRAIT, Column, Table, fit_columns

FRAMEWORK = framework_for("hebei")
label = functools.partial(catalogue.label, layout="hebei")

DEPARTMENT_TITLE = "单位整体绩效目标"  # where the unit gives no heading of its own
# The department part's sections: (number, field), printed as "一、总体绩效目标"
# where the unit gives no title of its own.
DEPARTMENT_SECTIONS = (("一", "overall_goal"), ("二", "sub_goals"), ("三", "safeguards"))
BUDGET_LABEL = "预算规模及资金用途"  # beside the amounts, and the purpose under them
PLAN_LABEL = "资金支出计划（%）"
CHECKPOINT = "{}月底"  # a spending-plan column: the end of that month
# The indicator table's columns: (field, grid columns it spans).
INDICATOR_COLUMNS = (("level1", 1), ("level2", 1), ("name", 1), ("description", 2), ("value", 1), ("basis", 1))


def department_sections(document=None):
    """(title, key) of each section of the department part: the document's
    titles, else the layout's."""
    return [(headings.section_title(document or {}, key, f"{number}、{label('department', key)}"), key)
            for number, key in DEPARTMENT_SECTIONS]


def department_sheet_name(document):
    """The department table's sheet name (its title), without building the table."""
    return headings.department_heading(document, DEPARTMENT_TITLE) if document.get("department") else None


def department_table(document):
    department = document.get("department")
    if not department:
        return None
    title = headings.department_heading(document, DEPARTMENT_TITLE)
    part_heading = headings.department_part_heading(document)
    # One column as wide as A4 portrait between the margins, in Excel and in
    # LibreOffice alike (which does not scale a one-column sheet to fit).
    table = Table(key="department", title=title, sheet_name=title,
                  orientation=PORTRAIT, columns=[Column(85, 85)], title_rows=2 if part_heading else 1)
    if part_heading:
        headings.heading_row(table, part_heading, 1)
    table.new_row()
    table.add(title, bold=True, border=False, size="title")
    for heading, key in department_sections(document):
        table.new_row()
        table.add(heading, h="left", bold=True, border=False)
        # One row per paragraph: a spreadsheet row cannot grow past 409pt and
        # a PDF page may break between paragraphs.
        for paragraph in text(department.get(key)).split("\n"):
            table.new_row()
            table.add(paragraph, h="left", v="top", border=False)
    return fit_columns(table)


def project_table(document, index):
    project = document["projects"][index]
    unit = document.get("unit") or {}
    budget = project.get("budget") or {}
    name = text(project.get("name"))
    title = f"{headings.number(document, index)}{name}绩效目标表"
    part_heading = headings.projects_heading(document, index)
    table = Table(
        key=f"project-{index}", title=title, sheet_name=name, orientation=PORTRAIT,
        columns=[Column(10, 12), Column(10, 14), Column(12, 20), Column(10, 16),
                 Column(8, 12), Column(12, 20), Column(12, 22)],
        title_rows=3 if part_heading else 2, project_index=index,
    )
    if part_heading:
        headings.heading_row(table, part_heading, 7)
    table.new_row()
    table.add(title, colspan=7, bold=True, border=False, size="title")
    table.new_row()
    table.add(text(unit.get("code")) + text(unit.get("name")), colspan=5, h="left", border=False)
    table.add(f"单位：{amount_unit(document)}", colspan=2, h="right", border=False)

    table.new_row()
    table.add(label("project", "code"))
    table.add(text(project.get("code")), colspan=2, field="project.code")
    table.add(label("project", "name"))
    table.add(name, colspan=3, field="project.name")

    table.new_row()
    table.add(BUDGET_LABEL, rowspan=2)
    for key in ("total", "fiscal", "other"):
        table.add(label("project.budget", key))
        table.add(**amount_cell(budget.get(key)), field=f"project.budget.{key}")
    table.new_row()
    table.add(text(project.get("purpose")), colspan=6, h="left", field="project.purpose")

    plan = project.get("spending_plan") or []
    months = [p.get("month") for p in plan]
    if not months or months == sorted(set(months)) and set(months) <= set(FRAMEWORK.spending_checkpoints):
        months = list(FRAMEWORK.spending_checkpoints)
    shares = {p.get("month"): p.get("percent") for p in plan}
    if len(months) <= 6:
        spans = _spans(6, len(months))
        table.new_row()
        table.add(PLAN_LABEL, rowspan=2)
        for month, span in zip(months, spans):
            table.add(CHECKPOINT.format(month), colspan=span)
        table.new_row()
        for month, span in zip(months, spans):
            table.add(**percent_cell(shares.get(month)), colspan=span)
    else:
        # More checkpoints than the form has columns: keep them all, in one line.
        table.new_row()
        table.add(PLAN_LABEL)
        table.add("；".join(f"{CHECKPOINT.format(m)} {percent(shares.get(m))}" for m in months),
                  colspan=6, h="left")

    table.new_row()
    table.add(label("project", "annual_goal"))
    table.add(text(project.get("annual_goal")), colspan=6, h="left", field="project.annual_goal")

    header = table.new_row()
    for key, span in INDICATOR_COLUMNS:
        table.add(label("indicator", key), colspan=span, bold=True, field=f"indicator.{key}")
    table.mark_header(header, header + 1)
    _indicator_rows(table, project.get("indicators") or [])
    return fit_columns(table)


def _indicator_rows(table, indicators):
    # Rows keep the filed order; 一级 and 二级 merge over consecutive rows
    # that write the same name, as on the printed form.
    for level1, rows1 in runs(indicators, lambda i: text(i.get("level1"))):
        first1 = True
        for level2, rows2 in runs(rows1, lambda i: text(i.get("level2"))):
            first2 = True
            for item in rows2:
                table.new_row()
                if first1:
                    table.add(level1, rowspan=len(rows1))
                if first2:
                    table.add(level2, rowspan=len(rows2))
                for key, span in INDICATOR_COLUMNS[2:]:
                    table.add(text(item.get(key)), colspan=span)
                first1 = first2 = False


def _spans(total, count):
    """Split `total` columns over `count` cells as evenly as they go."""
    if count == 0:
        return []
    base, extra = divmod(total, count)
    return [base + (1 if i < extra else 0) for i in range(count)]
