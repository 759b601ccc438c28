"""Hunan tables (seed 003): 部门整体支出绩效目标表 and one 项目支出绩效目标表
per project. Every 二级 category of the framework is printed; an unused one
as a "……" row.

A label that names a field is the field's label in targets.field_catalogue,
as this layout words it; each value cell is marked with the field it prints
(the workbook reader finds the fields by these marks)."""
import functools

from targets import field_catalogue as catalogue
from targets.frameworks import framework_for

from . import headings
from .common import (PLACEHOLDER, amount_cell, amount_unit, complete, contact_line, grouped, rows_of, text,
                     two_lines)
from .grid import PORTRAIT, Column, Table, fit_columns

FRAMEWORK = framework_for("hunan")
label = functools.partial(catalogue.label, layout="hunan")

# The department budget lines, each "label：amount" in one cell after what
# stands before it: lines under "其中：" are indented by its width (three
# full-width spaces), except the long one, as on the printed form.
INDENT = "　　　"
INCOME_LINES = (("其中：", "general_public"), (INDENT, "government_fund"), ("", "special_non_tax"),
                (INDENT, "other"))
USE_LINES = (("其中：", "basic"), (INDENT, "project"))
DEPARTMENT_SHEET = "部门整体支出绩效目标表"
# The indicator tables' columns.
DEPARTMENT_INDICATORS = ("level1", "level2", "name", "value")
PROJECT_INDICATORS = ("level1", "level2", "name", "value", "standard")


def department_sheet_name(document):
    """The department table's sheet name, without building the table."""
    return DEPARTMENT_SHEET if document.get("department") else None


def department_table(document):
    department = document.get("department")
    if not department:
        return None
    unit = document.get("unit") or {}
    budget = department.get("budget") or {}
    title = headings.department_heading(document, f"{document.get('year')}年部门整体支出绩效目标表")
    part_heading = headings.department_part_heading(document)
    table = Table(
        key="department", title=title, sheet_name=DEPARTMENT_SHEET, orientation=PORTRAIT,
        columns=[Column(14, 16), Column(10, 12), Column(12, 16), Column(24, 40), Column(14, 26)],
        title_rows=3 if part_heading else 2, footer=contact_line(document),
    )
    if part_heading:
        headings.heading_row(table, part_heading, 5)
    table.new_row()
    table.add(title, colspan=5, bold=True, border=False, size="title")
    table.new_row()
    table.add("填报单位：（盖章）", colspan=5, h="left", border=False)

    table.new_row()
    table.add(label("unit", "name"))
    table.add(text(unit.get("name")), colspan=4, h="left", field="unit.name")

    table.new_row()
    table.add(f"年度预算申请\n（{amount_unit(document)}）", rowspan=6)
    table.add(**_budget_line("", "total", budget), colspan=4, h="left", field="department.budget.total")
    # Income lines take the three wide columns, use lines the last one.
    table.new_row()
    table.add("按收入性质分：", colspan=3, h="left")
    table.add("按支出性质分：", h="left")
    for i, (before, key) in enumerate(INCOME_LINES):
        table.new_row()
        table.add(**_budget_line(before, key, budget), colspan=3, h="left", field=f"department.budget.{key}")
        if i < len(USE_LINES):
            before2, key2 = USE_LINES[i]
            table.add(**_budget_line(before2, key2, budget), h="left", field=f"department.budget.{key2}")
        else:
            table.add("")

    table.new_row()
    table.add(two_lines(label("department", "functions"), 4))
    table.add(text(department.get("functions")), colspan=4, h="left", field="department.functions")
    table.new_row()
    table.add(label("department", "overall_goal"))
    table.add(text(department.get("overall_goal")), colspan=4, h="left", field="department.overall_goal")

    groups = _groups(department.get("indicators") or [])
    _indicator_block(table, "部门整体支出\n年度绩效指标", groups, DEPARTMENT_INDICATORS)
    return fit_columns(table)


def _budget_line(before, key, budget):
    """"其中：一般公共预算：12.00": label and amount in one cell (in the
    workbook a number whose format prints the label before it)."""
    return amount_cell(budget.get(key), f"{before}{label('department.budget', key)}：")


def project_table(document, index):
    project = document["projects"][index]
    budget = project.get("budget") or {}
    title = f"{document.get('year')}年项目支出绩效目标表"
    part_heading = headings.projects_heading(document, index)
    table = Table(
        key=f"project-{index}", title=title, sheet_name=text(project.get("name")),
        orientation=PORTRAIT,
        columns=[Column(14, 16), Column(10, 12), Column(12, 16), Column(22, 36),
                 Column(14, 24), Column(10, 16)],
        title_rows=3 if part_heading else 2, footer=contact_line(document), project_index=index,
    )
    if part_heading:
        headings.heading_row(table, part_heading, 6)
    table.new_row()
    table.add(title, colspan=6, bold=True, border=False, size="title")
    table.new_row()
    table.add("填报单位：（盖章）", colspan=4, h="left", border=False)
    table.add(f"单位：{amount_unit(document)}", colspan=2, h="right", border=False)

    table.new_row()
    table.add(label("project", "name"))
    table.add(text(project.get("name")), colspan=3, h="left", field="project.name")
    table.add(label("project", "implementing_unit"))
    table.add(text(project.get("implementing_unit")), field="project.implementing_unit")
    table.new_row()
    table.add(two_lines(label("project.budget", "fiscal"), 4))
    table.add(**amount_cell(budget.get("fiscal")), colspan=3, field="project.budget.fiscal")
    table.add(label("project.budget", "superior"))
    table.add(**amount_cell(budget.get("superior")), field="project.budget.superior")
    for key in ("period", "midterm_goal", "annual_goal"):
        table.new_row()
        table.add(label("project", key))
        table.add(text(project.get(key)), colspan=5, h="left", field=f"project.{key}")

    groups = _groups(rows_of(project.get("indicators") or [], "annual"))
    _indicator_block(table, "本年度\n绩效指标", groups, PROJECT_INDICATORS)
    return fit_columns(table)


def _groups(indicators):
    return complete(grouped({"annual": indicators}), FRAMEWORK)


def _indicator_block(table, title, groups, columns):
    """The header row and one row per indicator, under a title cell that
    spans them all; 一级 and 二级 merge over their rows."""
    height = sum(g.height() for g in groups)
    header = table.new_row()
    table.add(title, rowspan=1 + height)
    for key in columns:
        table.add(label("indicator", key), bold=True, field=f"indicator.{key}")
    table.mark_header(header, header + 1)
    for g1 in groups:
        first1 = True
        for g2 in g1.level2:
            items = g2.rows.get("annual") or []
            for n in range(g2.height()):
                table.new_row()
                if first1:
                    table.add(g1.name, rowspan=g1.height())
                    first1 = False
                if n == 0:
                    table.add(g2.name(), rowspan=g2.height())
                item = items[n] if n < len(items) else {"name": PLACEHOLDER}
                for key in columns[2:]:
                    table.add(text(item.get(key)))
