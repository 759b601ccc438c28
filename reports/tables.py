"""The official table of a monitoring report, 项目支出绩效目标执行监控表
(财预〔2019〕136号 annex, as /work/shared/domain.md lays it out), one per
project, built as a grid of targets.tables.grid from a monitoring/1
document and rendered by the filing tables' own renderers.

    build_monitoring_tables(document, project_index=None) -> [Table]
    monitoring_workbook_bytes(document, project_index=None) -> bytes   (XLSX)
    monitoring_pdf_bytes(document, project_index=None) -> bytes
    monitoring_page_html(document, project_index=None) -> str          (as printed)
    monitoring_filename(document, ext, project_index=None) -> str

Labels are reports/fields.py's (with N, the period's last month, filled
in). Every cell that prints a field is marked with it as "part.key"
("monitoring.indicator.actual", "monitoring.budget.executed"); where a
field is printed once per item, the k-th cell marked with it (row by row)
is the k-th item: the budget rows in fields.BUDGET_ROWS order, the
indicators in document order, and for the tick columns
("monitoring.indicator.reasons", "…likelihood") one cell per choice, in the
order of fields.REASONS / fields.LIKELIHOODS. reports/workbook.py reads a
filled workbook back by these marks.

Below the indicator grid of the national form, a block 偏差原因说明及纠偏措施
gives each indicator's 完成程度 (qualitative ones), 偏差原因说明 and 纠偏措施:
the form has no column for them and the report needs them (issue 17).
"""
from decimal import Decimal, InvalidOperation

from targets.money import parse_amount
from targets.tables.common import amount_cell, amount_unit, percent_cell, runs, text, two_lines
from targets.tables.grid import LANDSCAPE, Column, Table, fit_columns
from targets.tables.names import export_filename, sheet_name, unique_sheet_names

from . import fields

TITLE = "{year}年度项目支出绩效目标执行监控表"
TICK = "√"
MONEY_LABEL = "项目资金\n（{unit}）"
GOAL_LABEL = "年度总体目标"
INDICATOR_LABEL = "绩效指标"
EXTRA_LABEL = "偏差原因\n说明及\n纠偏措施"
INDICATOR_HEADINGS = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标"}
# The money block's value columns: (field key, first grid column, span).
MONEY_COLUMNS = (("annual", 4, 1), ("executed", 5, 1), ("executed_rate", 6, 1),
                 ("expected", 7, 5), ("expected_rate", 12, 4))
RATES = {"executed_rate": "executed", "expected_rate": "expected"}  # rate -> the amount it divides
# The indicator grid's columns left of the ticks, one grid column each (1–6).
GRID_COLUMNS = ("level1", "level2", "name", "value", "actual", "forecast")
# The block under the grid: (field key, span), from column 1.
EXTRA_COLUMNS = (("name", 3), ("grade", 1), ("reason_text", 5), ("measures", 6))
WIDTH = 16


def _columns():
    return ([Column(10, 12), Column(8, 10), Column(8, 12), Column(12, 20), Column(10, 16), Column(10, 16),
             Column(10, 16)]
            + [Column(6, 6) for _ in fields.REASONS] + [Column(6, 7) for _ in fields.LIKELIHOODS]
            + [Column(8, 14)])


def label(part, key, document):
    return fields.label(part, key, document.get("months"))


def build_monitoring_tables(document, project_index=None):
    """One table per project; with project_index, that project's only."""
    return project_tables(document, project_index, project_table)


def project_tables(document, project_index, project_table):
    """The tables of a report's projects, one a project made by
    project_table(document, index) and named for its sheet (both kinds of
    report); with project_index, that project's only."""
    projects = document.get("projects") or []
    names = unique_sheet_names([sheet_name(p.get("name"), f"项目{i + 1}") for i, p in enumerate(projects)])
    if project_index is not None:
        if not 0 <= project_index < len(projects):
            raise IndexError(f"没有第 {project_index + 1} 个项目")
        indexes = [project_index]
    else:
        indexes = range(len(projects))
    tables = []
    for index in indexes:
        table = project_table(document, index)
        table.sheet_name = names[index]
        tables.append(table)
    return tables


def project_table(document, index):
    project = document["projects"][index]
    unit = document.get("unit") or {}
    title = TITLE.format(year=document.get("year"))
    table = Table(key=f"project-{index}", title=title, sheet_name=text(project.get("name")),
                  orientation=LANDSCAPE, columns=_columns(), title_rows=2, project_index=index)
    table.new_row()
    table.add(title, colspan=WIDTH, bold=True, border=False, size="title")
    table.new_row()
    table.add(f"填报单位（盖章）：{text(unit.get('name'))}", colspan=11, h="left", border=False)
    table.add(f"监控期间：{document.get('year')}年1–{document.get('months')}月", colspan=5, h="right",
              border=False)

    table.new_row()
    table.add(label("monitoring.project", "name", document))
    table.add(text(project.get("name")), colspan=15, h="left", field="monitoring.project.name")
    table.new_row()
    table.add(two_lines(label("monitoring.project", "department", document), 4))
    table.add(text(project.get("department")), colspan=6, h="left", field="monitoring.project.department")
    table.add(label("monitoring.project", "implementing_unit", document), colspan=3)
    table.add(text(project.get("implementing_unit")), colspan=6, h="left",
              field="monitoring.project.implementing_unit")

    _money_block(table, document, project.get("budget") or {})
    _goal_block(table, document, project)
    indicators = project.get("indicators") or []
    _indicator_grid(table, document, indicators)
    _extra_block(table, document, indicators)
    return fit_columns(table)


def _money_block(table, document, budget):
    table.new_row()
    table.add(MONEY_LABEL.format(unit=amount_unit(document)), rowspan=1 + len(fields.BUDGET_ROWS))
    table.add("", colspan=3)
    for key, _, span in MONEY_COLUMNS:
        table.add(label("monitoring.budget", key, document), colspan=span, bold=True)
    for row_key, row_label in fields.BUDGET_ROWS:
        row = budget.get(row_key) or {}
        table.new_row()
        table.add(row_label, colspan=3, h="left")
        for key, _, span in MONEY_COLUMNS:
            field = f"monitoring.budget.{key}"
            if key in RATES:
                table.add(**percent_cell(rate(row.get(RATES[key]), row.get("annual"))), colspan=span, h="right",
                          field=field)
            else:
                table.add(**amount_cell(row.get(key)), colspan=span, h="right", field=field)


def rate(amount, annual):
    """执行数 ÷ 年初预算数 as a percentage with two decimals ("55.00"), None
    where either is blank or the budget is zero (or either is no amount)."""
    try:
        amount, annual = parse_amount(amount), parse_amount(annual)
    except ValueError:
        return None
    if amount is None or annual is None or annual == 0:
        return None
    try:
        return str((amount * 100 / annual).quantize(Decimal("0.01")))
    except InvalidOperation:
        return None


def _goal_block(table, document, project):
    table.new_row()
    table.add(two_lines(GOAL_LABEL, 4), rowspan=2)
    table.add(label("monitoring.project", "annual_goal", document), colspan=6, bold=True)
    table.add(label("monitoring.project", "goal_progress", document), colspan=9, bold=True)
    table.new_row()
    table.add(text(project.get("annual_goal")), colspan=6, h="left", v="top",
              field="monitoring.project.annual_goal")
    table.add(text(project.get("goal_progress")), colspan=9, h="left", v="top",
              field="monitoring.project.goal_progress")


def _heading(key, document):
    return INDICATOR_HEADINGS.get(key) or label("monitoring.indicator", key, document)


def _indicator_grid(table, document, indicators):
    first = table.new_row()
    table.add(INDICATOR_LABEL, rowspan=2 + len(indicators))
    for key in GRID_COLUMNS:
        table.add(_heading(key, document), rowspan=2, bold=True)
    table.add("偏差原因分析", colspan=len(fields.REASONS), bold=True)
    table.add(label("monitoring.indicator", "likelihood", document), colspan=len(fields.LIKELIHOODS), bold=True)
    table.add(label("monitoring.indicator", "note", document), rowspan=2, bold=True)
    table.new_row()
    for choice in fields.REASONS + fields.LIKELIHOODS:
        table.add(choice, bold=True)
    table.mark_header(first, first + 2)
    # 一级 and 二级 merge over consecutive rows that write the same name, as
    # on the printed form.
    for level1, rows1 in runs(indicators, lambda i: text(i.get("level1"))):
        first1 = True
        for level2, rows2 in runs(rows1, lambda i: text(i.get("level2"))):
            first2 = True
            for item in rows2:
                table.new_row()
                if first1:
                    table.add(level1, rowspan=len(rows1), field="monitoring.indicator.level1")
                if first2:
                    table.add(level2, rowspan=len(rows2), field="monitoring.indicator.level2")
                for key in GRID_COLUMNS[2:]:
                    table.add(text(item.get(key)), h="left", field=f"monitoring.indicator.{key}")
                reasons = item.get("reasons") or []
                for choice in fields.REASONS:
                    table.add(TICK if choice in reasons else "", field="monitoring.indicator.reasons")
                for choice in fields.LIKELIHOODS:
                    table.add(TICK if item.get("likelihood") == choice else "",
                              field="monitoring.indicator.likelihood")
                table.add(text(item.get("note")), h="left", field="monitoring.indicator.note")
                first1 = first2 = False


def _extra_block(table, document, indicators):
    if not indicators:
        return
    table.new_row()
    table.add(EXTRA_LABEL, rowspan=1 + len(indicators))
    for key, span in EXTRA_COLUMNS:
        table.add(_heading(key, document), colspan=span, bold=True)
    for item in indicators:
        table.new_row()
        for key, span in EXTRA_COLUMNS:
            # The 三级指标 is repeated to say which row this is, unmarked:
            # its field is printed (and marked) in the grid above.
            field = None if key == "name" else f"monitoring.indicator.{key}"
            table.add(text(item.get(key)), colspan=span, h="left" if key != "grade" else "center",
                      v="top", field=field)


# --- outputs -----------------------------------------------------------------


def monitoring_metadata(document, project_index=None):
    """The workbook's custom properties: the filing tables' (format, year,
    layout, amount unit, unit, scope) and the period's months."""
    from targets.tables.metadata import metadata_for

    metadata = metadata_for(document, project_index)
    if document.get("months") is not None:
        metadata["months"] = str(document["months"])
    return metadata


def render_tables(how, tables, metadata=None):
    """A report's official tables rendered: "xlsx" (with the workbook's
    custom properties `metadata`), "pdf" or "html" (a page). Both kinds'
    outputs (here and reports/evaluation_tables.py) go through it."""
    if how == "xlsx":
        from targets.tables.xlsx import workbook_bytes

        return workbook_bytes(tables, metadata)
    if how == "pdf":
        from targets.tables.pdf import render_pdf

        return render_pdf(tables)
    from targets.tables.html import page

    return page(tables)


def monitoring_workbook_bytes(document, project_index=None):
    return render_tables("xlsx", build_monitoring_tables(document, project_index),
                         monitoring_metadata(document, project_index))


def monitoring_pdf_bytes(document, project_index=None):
    return render_tables("pdf", build_monitoring_tables(document, project_index))


def monitoring_page_html(document, project_index=None):
    return render_tables("html", build_monitoring_tables(document, project_index))


def monitoring_filename(document, ext, project_index=None):
    """"2022-224001-中共…办公室-运行监控1–7月.xlsx" (with a project, its name
    before the period)."""
    stem = export_filename(document, "x", project_index).removesuffix(".x")
    return f"{stem}-运行监控1–{document.get('months')}月.{ext.lstrip('.')}"
