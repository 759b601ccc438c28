"""The official table of a self-evaluation report, 项目支出绩效自评表
(财预〔2020〕10号 annex, as /work/shared/domain.md lays it out), one per
project, built as a grid of targets.tables.grid from an evaluation/1
document and rendered by the filing tables' own renderers.

    build_evaluation_tables(document, project_index=None) -> [Table]
    evaluation_workbook_bytes(document, project_index=None) -> bytes   (XLSX)
    evaluation_pdf_bytes(document, project_index=None) -> bytes
    evaluation_page_html(document, project_index=None) -> str          (as printed)
    evaluation_filename(document, ext, project_index=None) -> str

The scores printed are reports.evaluation_documents.score_evaluation's, the
same the report page shows. Every cell that prints a field is marked with
it as "part.key" ("evaluation.indicator.actual", "evaluation.budget.full_year");
the k-th cell marked with a field (row by row) is the k-th item: budget
rows in fields.BUDGET_ROWS order, indicators in document order (一级 and
二级 merge over their rows: marked once per run). Values worked out by the
rules and not in the catalogue (total, grade, explanations), and the
signature line, are marked with RESULT_FIELDS, so the workbook reader
(reports/evaluation_workbook.py) skips them.

Below the form's 总分 and 自评等级, rows 存在问题 and 改进措施 and a block
评分说明 hold each score's explanation, the 达成情况 of qualitative rows
and, when a reviewer set scores, the 复核理由; with review scores the grid
has a 复核得分 column and the 总分 and 自评等级 rows give both.
"""
from targets.tables.common import amount_cell, amount_unit, percent_cell, runs, text
from targets.tables.grid import PORTRAIT, Column, Table, fit_columns
from targets.tables.names import export_filename

from . import fields
from .evaluation_documents import score_project
from .tables import project_tables, render_tables

TITLE = "{year}年度项目支出绩效自评表"
MONEY_LABEL = "项目资金\n（{unit}）"
GOAL_LABEL = "年度总体\n目标"
INDICATOR_LABEL = "绩效指标"
NOTES_LABEL = "评分说明"
DASH = "—"
BUDGET_POINTS = "10"
TOTAL_POINTS = "100"
SIGNATURES = "项目负责人：　　　　　　　　财务负责人：　　　　　　　　填报日期："
# The national form's wording of the money rows (fields.BUDGET_ROWS says
# 其中：财政拨款, as the monitoring form prints it).
BUDGET_LABELS = {"fiscal": "其中：当年财政拨款"}
INDICATOR_HEADINGS = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标"}
# Computed values the catalogue has no field for, and the signature line
# (where people write their names); marked so the reader skips them.
RESULT_FIELDS = ("evaluation.result.total", "evaluation.result.grade", "evaluation.result.explanation",
                 "evaluation.result.signatures")
# Grid columns: 0 the block labels, then the indicator grid's.
GRID = ("level1", "level2", "name", "value", "actual", "weight", "score")
# The money block's value columns over the grid's (field key or label, column).
MONEY = (("initial", 3), ("full_year", 4), ("executed", 5), ("分值", 6), ("rate", 7), ("score", 8))


def _columns(reviewed):
    # The 得分 column holds the money block's 执行率 too ("100.00%").
    columns = [Column(8, 10), Column(8, 10), Column(8, 12), Column(12, 20), Column(12, 18), Column(10, 16),
               Column(8, 9), Column(10, 11)]
    if reviewed:
        columns.append(Column(8, 9))
    return columns + [Column(16, 24)]


def build_evaluation_tables(document, project_index=None):
    """One table per project; with project_index, that project's only."""
    return project_tables(document, project_index, project_table)


def label(part, key):
    return fields.label(part, key)


def project_table(document, index):
    project = document["projects"][index]
    scores = score_project(project)
    reviewed = scores["reviewed"]
    unit = document.get("unit") or {}
    title = TITLE.format(year=document.get("year"))
    table = Table(key=f"project-{index}", title=title, sheet_name=text(project.get("name")),
                  orientation=PORTRAIT, columns=_columns(reviewed), title_rows=2, project_index=index)
    width = table.width
    table.new_row()
    table.add(title, colspan=width, bold=True, border=False, size="title")
    table.new_row()
    table.add(f"填报单位（盖章）：{text(unit.get('name'))}", colspan=width, h="left", border=False)

    table.new_row()
    table.add(label("evaluation.project", "name"))
    table.add(text(project.get("name")), colspan=width - 1, h="left", field="evaluation.project.name")
    table.new_row()
    table.add(label("evaluation.project", "department"))
    table.add(text(project.get("department")), colspan=4, h="left", field="evaluation.project.department")
    table.add(label("evaluation.project", "implementing_unit"))
    table.add(text(project.get("implementing_unit")), colspan=width - 6, h="left",
              field="evaluation.project.implementing_unit")

    _money_block(table, document, project.get("budget") or {}, scores)
    _goal_block(table, project)
    indicators = project.get("indicators") or []
    _indicator_grid(table, indicators, scores, reviewed)
    _result_rows(table, project, scores, reviewed)
    _notes_block(table, indicators, scores, reviewed)
    table.new_row()
    table.add(SIGNATURES, colspan=width, h="left", border=False, field="evaluation.result.signatures")
    return fit_columns(table)


def _money_block(table, document, budget, scores):
    last = table.width - 1
    table.new_row()
    table.add(MONEY_LABEL.format(unit=amount_unit(document)), rowspan=1 + len(fields.BUDGET_ROWS))
    table.add("", colspan=2)
    for key, col in MONEY:
        span = last - col + 1 if col == MONEY[-1][1] else 1
        heading = key if key == "分值" else label("evaluation.budget", key)
        table.add(heading, colspan=span, bold=True)
    for n, (row_key, row_label) in enumerate(fields.BUDGET_ROWS):
        row = budget.get(row_key) or {}
        table.new_row()
        table.add(BUDGET_LABELS.get(row_key, row_label), colspan=2, h="left")
        for key in ("initial", "full_year", "executed"):
            table.add(**amount_cell(row.get(key)), h="right", field=f"evaluation.budget.{key}")
        table.add(BUDGET_POINTS if n == 0 else DASH)
        rate = scores["budget"]["rates"].get(row_key)
        table.add(**percent_cell(rate), field="evaluation.budget.rate")
        span = last - MONEY[-1][1] + 1
        if n == 0:
            table.add(**amount_cell(scores["budget"]["points"]), colspan=span, field="evaluation.budget.score")
        else:
            table.add(DASH, colspan=span)


def _goal_block(table, project):
    table.new_row()
    table.add(GOAL_LABEL, rowspan=2)
    table.add(label("evaluation.project", "annual_goal"), colspan=4, bold=True)
    table.add(label("evaluation.project", "goal_outcome"), colspan=table.width - 5, bold=True)
    table.new_row()
    table.add(text(project.get("annual_goal")), colspan=4, h="left", v="top", field="evaluation.project.annual_goal")
    table.add(text(project.get("goal_outcome")), colspan=table.width - 5, h="left", v="top",
              field="evaluation.project.goal_outcome")


def _indicator_grid(table, indicators, scores, reviewed):
    first = table.new_row()
    table.add(INDICATOR_LABEL, rowspan=1 + len(indicators))
    for key in GRID:
        table.add(INDICATOR_HEADINGS.get(key) or label("evaluation.indicator", key), bold=True)
    if reviewed:
        table.add(label("evaluation.indicator", "review_score"), bold=True)
    table.add(label("evaluation.indicator", "deviation"), bold=True)
    table.mark_header(first, first + 1)
    rows = list(zip(indicators, scores["indicators"]))
    # 一级 and 二级 merge over consecutive rows that write the same name.
    for level1, rows1 in runs(rows, lambda pair: text(pair[0].get("level1"))):
        first1 = True
        for level2, rows2 in runs(rows1, lambda pair: text(pair[0].get("level2"))):
            first2 = True
            for item, score in rows2:
                table.new_row()
                if first1:
                    table.add(level1, rowspan=len(rows1), field="evaluation.indicator.level1")
                if first2:
                    table.add(level2, rowspan=len(rows2), field="evaluation.indicator.level2")
                for key in ("name", "value", "actual"):
                    table.add(text(item.get(key)), h="left", field=f"evaluation.indicator.{key}")
                table.add(**amount_cell(item.get("weight")), field="evaluation.indicator.weight")
                table.add(**amount_cell(score["points"]), field="evaluation.indicator.score")
                if reviewed:
                    table.add(**amount_cell(item.get("review_score")), field="evaluation.indicator.review_score")
                table.add(text(item.get("deviation")), h="left", v="top", field="evaluation.indicator.deviation")
                first1 = first2 = False


def _result_rows(table, project, scores, reviewed):
    """总分 | 100 | score (| 复核), 自评等级, 存在问题, 改进措施."""
    after = table.width - 8 - (1 if reviewed else 0)  # columns right of 得分 (复核)
    table.new_row()
    table.add("总分", colspan=6, bold=True)
    table.add(TOTAL_POINTS)
    table.add(**amount_cell(scores["total"]), field="evaluation.result.total")
    if reviewed:
        table.add(**amount_cell(scores["review_total"]), field="evaluation.result.total")
    table.add("", colspan=after)
    table.new_row()
    table.add("自评等级", colspan=6, bold=True)
    table.add(scores["grade"], colspan=2, field="evaluation.result.grade")
    if reviewed:
        table.add(f"复核：{scores['review_grade']}" if scores["review_grade"] else "",
                  field="evaluation.result.grade")
    table.add("", colspan=after)
    for key in ("problems", "improvements"):
        table.new_row()
        table.add(label("evaluation.project", key), colspan=2, bold=True)
        table.add(text(project.get(key)), colspan=table.width - 2, h="left", v="top",
                  field=f"evaluation.project.{key}")


def _notes_block(table, indicators, scores, reviewed):
    """Each score's explanation (the budget's, every indicator's, the
    total's), the 达成情况 of qualitative rows and the 复核理由."""
    # 项目 over the 一级 and 二级 columns, 达成情况 over the 三级's, the
    # explanation over the rest (but the last column: 复核理由, when reviewed).
    explain_span = table.width - 4 - (1 if reviewed else 0)
    table.new_row()
    table.add(NOTES_LABEL, rowspan=3 + len(indicators))
    table.add("项目", colspan=2, bold=True)
    table.add(label("evaluation.indicator", "achievement"), bold=True)
    table.add("计分说明", colspan=explain_span, bold=True)
    if reviewed:
        table.add(label("evaluation.indicator", "review_reason"), bold=True)

    def row(name, achievement, explanation, reason=None):
        table.new_row()
        table.add(name, colspan=2, h="left", v="top")
        table.add(**achievement, v="top")
        table.add(explanation, colspan=explain_span, h="left", v="top", field="evaluation.result.explanation")
        if reviewed:
            table.add(**(reason or {"text": ""}), h="left", v="top")

    row("预算执行", {"text": ""}, scores["budget"]["explanation"])
    for item, score in zip(indicators, scores["indicators"]):
        # The 三级指标 repeats, unmarked, to say which row this is.
        explanation = score["explanation"]
        if score.get("review_points") is not None:
            explanation += f"；复核 {score['review_points']} 分"
        row(text(item.get("name")),
            {"text": text(item.get("achievement")), "field": "evaluation.indicator.achievement"},
            explanation,
            {"text": text(item.get("review_reason")), "field": "evaluation.indicator.review_reason"})
    total = scores["total_explanation"]
    if reviewed:
        total += f"；复核：{scores['review_total_explanation']}"
    row("总分", {"text": ""}, total)


# --- outputs -----------------------------------------------------------------


def evaluation_metadata(document, project_index=None):
    """The workbook's custom properties: the filing tables' (format, year,
    layout, amount unit, unit, scope)."""
    from targets.tables.metadata import metadata_for

    return metadata_for(document, project_index)


def evaluation_workbook_bytes(document, project_index=None):
    return render_tables("xlsx", build_evaluation_tables(document, project_index),
                         evaluation_metadata(document, project_index))


def evaluation_pdf_bytes(document, project_index=None):
    return render_tables("pdf", build_evaluation_tables(document, project_index))


def evaluation_page_html(document, project_index=None):
    return render_tables("html", build_evaluation_tables(document, project_index))


def evaluation_filename(document, ext, project_index=None):
    """"2022-224001-中共…办公室-绩效自评.xlsx" (with a project, its name
    before 绩效自评)."""
    stem = export_filename(document, "x", project_index).removesuffix(".x")
    return f"{stem}-绩效自评.{ext.lstrip('.')}"
