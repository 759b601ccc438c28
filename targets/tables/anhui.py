"""Anhui table (seed 004): one 项目支出绩效目标申报表 per project, with the
中期 and 年度 indicator tables side by side under one 一级 column."""
import re

from .common import amount, amount_unit, grouped, rows_of, text
from .grid import LANDSCAPE, Column, Table, fit_columns

TITLE = "项目支出绩效目标申报表"
SIDES = ("midterm", "annual")  # left, right
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
        title_rows=2, project_index=index,
    )
    table.new_row()
    table.add(TITLE, colspan=8, bold=True, border=False, size="title")
    table.new_row()
    table.add(f"({document.get('year')}年度)", colspan=8, border=False)

    for label, key in (("项目名称", "name"), ("实施单位", "implementing_unit")):
        table.new_row()
        table.add(label, colspan=2)
        table.add(text(project.get(key)), colspan=6, h="left")
    table.new_row()
    table.add("项目属性", colspan=2)
    table.add(text(project.get("attribute")), colspan=3)
    table.add("项目期", colspan=2)
    table.add(text(project.get("period")))

    # The seed's own punctuation: ASCII colon and parentheses.
    lines = (
        ("中期资金总额:", "midterm_total", "年度资金总额:", "total"),
        ("其中:财政拨款", "midterm_fiscal", "其中:财政拨款", "fiscal"),
        ("其他资金", "midterm_other", "其他资金", "other"),
    )
    for n, (left, left_key, right, right_key) in enumerate(lines):
        table.new_row()
        if n == 0:
            table.add(f"项目资金 ({amount_unit(document)})", rowspan=3)
        table.add(left, colspan=2)
        table.add(amount(budget.get(left_key)), colspan=2)
        table.add(right, colspan=2)
        table.add(amount(budget.get(right_key)))

    first, last = midterm_span(document, project)
    table.new_row()
    table.add("总体目标", rowspan=2)
    table.add(f"中期目标({first}年—{last}年)", colspan=4)
    table.add("年度目标", colspan=3)
    table.new_row()
    table.add(text(project.get("midterm_goal")), colspan=4, h="left", v="top")
    table.add(text(project.get("annual_goal")), colspan=3, h="left", v="top")

    indicators = project.get("indicators") or []
    groups = grouped({side: rows_of(indicators, side) for side in SIDES})
    height = sum(g.height() for g in groups)
    header = table.new_row()
    table.add("绩效指标", rowspan=1 + height)
    for heading in ("一级指标",) + ("二级指标", "三级指标", "指标值") * 2:
        table.add(heading, bold=True)
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
                    table.add(text(item.get("name")))
                    table.add(text(item.get("value")))
    return fit_columns(table)
