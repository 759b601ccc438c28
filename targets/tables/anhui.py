"""Anhui table (seed 004): one 项目支出绩效目标申报表 per project, with the
中期 and 年度 indicator tables side by side under one 一级 column.

A label that names a field is the field's label in targets.field_catalogue,
as this layout words it; each value cell is marked with the field it prints
(the workbook reader finds the fields by these marks)."""
import functools
import re

from targets import field_catalogue as catalogue

from . import headings
from .common import amount_cell, amount_unit, grouped, rows_of, text
from .grid import LANDSCAPE, Column, Table, fit_columns

label = functools.partial(catalogue.label, layout="anhui")

TITLE = "项目支出绩效目标申报表"
SIDES = ("midterm", "annual")  # left, right
SIDE_COLUMNS = ("level2", "name", "value")  # each side's indicator columns, right of the shared 一级
# The budget lines: (label, field) of the 中期 amount left and the 年度 one
# right, in the seed's own wording and punctuation (ASCII colon).
BUDGET_LINES = (
    ("中期资金总额:", "midterm_total", "年度资金总额:", "total"),
    ("其中:财政拨款", "midterm_fiscal", "其中:财政拨款", "fiscal"),
    ("其他资金", "midterm_other", "其他资金", "other"),
)
# "2023年—2025年", "2023-2025", "2023年至2025年" ...
_PERIOD_YEARS = re.compile(r"(\d{4})\s*年?\s*(?:—|–|-|－|~|～|至|到)+\s*(\d{4})")
MIDTERM_YEARS = 3  # a 中期 plan covers the budget year and the two after it


def department_sheet_name(document):
    return None


def department_table(document):
    return None  # the Anhui filing has project tables only


def midterm_span(document, project):
    """(first, last) year of the 中期 plan: from the project period where it
    names two years, else the budget year and the two after it."""
    match = _PERIOD_YEARS.search(project.get("period") or "")
    if match:
        return int(match[1]), int(match[2])
    year = int(document.get("year"))
    return year, year + MIDTERM_YEARS - 1


def project_table(document, index):
    project = document["projects"][index]
    budget = project.get("budget") or {}
    table = Table(
        key=f"project-{index}", title=TITLE, sheet_name=text(project.get("name")),
        orientation=LANDSCAPE,
        columns=[Column(10, 12), Column(10, 12), Column(12, 16), Column(20, 34),
                 Column(12, 20), Column(12, 16), Column(20, 34), Column(12, 20)],
        title_rows=3 if headings.projects_heading(document, index) else 2, project_index=index,
    )
    if headings.projects_heading(document, index):
        headings.heading_row(table, headings.projects_heading(document, index), 8)
    table.new_row()
    table.add(TITLE, colspan=8, bold=True, border=False, size="title")
    table.new_row()
    table.add(f"({document.get('year')}年度)", colspan=8, border=False)

    for key in ("name", "implementing_unit"):
        table.new_row()
        table.add(label("project", key), colspan=2)
        table.add(text(project.get(key)), colspan=6, h="left", field=f"project.{key}")
    table.new_row()
    table.add(label("project", "attribute"), colspan=2)
    table.add(text(project.get("attribute")), colspan=3, field="project.attribute")
    table.add(label("project", "period"), colspan=2)
    table.add(text(project.get("period")), field="project.period")

    for n, (left, left_key, right, right_key) in enumerate(BUDGET_LINES):
        table.new_row()
        if n == 0:
            table.add(f"项目资金 ({amount_unit(document)})", rowspan=3)
        table.add(left, colspan=2)
        table.add(**amount_cell(budget.get(left_key)), colspan=2, field=f"project.budget.{left_key}")
        table.add(right, colspan=2)
        table.add(**amount_cell(budget.get(right_key)), field=f"project.budget.{right_key}")

    first, last = midterm_span(document, project)
    table.new_row()
    table.add("总体目标", rowspan=2)
    table.add(f"{label('project', 'midterm_goal')}({first}年—{last}年)", colspan=4)
    table.add(label("project", "annual_goal"), colspan=3)
    table.new_row()
    table.add(text(project.get("midterm_goal")), colspan=4, h="left", v="top", field="project.midterm_goal")
    table.add(text(project.get("annual_goal")), colspan=3, h="left", v="top", field="project.annual_goal")

    indicators = project.get("indicators") or []
    groups = grouped({side: rows_of(indicators, side) for side in SIDES})
    height = sum(g.height() for g in groups)
    header = table.new_row()
    table.add("绩效指标", rowspan=1 + height)
    for key in ("level1",) + SIDE_COLUMNS * len(SIDES):
        table.add(label("indicator", key), bold=True, field=f"indicator.{key}")
    table.mark_header(header, header + 1)
    for g1 in groups:
        first1 = True
        for g2 in g1.level2:
            for n in range(g2.height()):
                table.new_row()
                if first1:
                    table.add(g1.name, rowspan=g1.height())
                    first1 = False
                for side in SIDES:
                    items = g2.rows.get(side) or []
                    if n == 0:
                        table.add(g2.name(side), rowspan=g2.height())
                    item = items[n] if n < len(items) else {}
                    for key in SIDE_COLUMNS[1:]:
                        table.add(text(item.get(key)))
    return fit_columns(table)
