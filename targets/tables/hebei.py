"""Hebei tables (seed 000): 单位整体绩效目标 and one 项目绩效目标表 per project."""
from targets.frameworks import framework_for

from .common import amount, amount_unit, percent, runs, text
from .grid import PORTRAIT, Column, Table, fit_columns

FRAMEWORK = framework_for("hebei")

DEPARTMENT_TITLE = "单位整体绩效目标"
DEPARTMENT_SECTIONS = (
    ("一、总体绩效目标", "overall_goal"),
    ("二、分项绩效目标", "sub_goals"),
    ("三、工作保障措施", "safeguards"),
)
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")


def department_sheet_name(document):
    """The department table's sheet name, without building the table."""
    return DEPARTMENT_TITLE if document.get("department") else None


def department_table(document):
    department = document.get("department")
    if not department:
        return None
    # One column as wide as A4 portrait between the margins, in Excel and in
    # LibreOffice alike (which does not scale a one-column sheet to fit).
    table = Table(key="department", title=DEPARTMENT_TITLE, sheet_name=DEPARTMENT_TITLE,
                  orientation=PORTRAIT, columns=[Column(85, 85)], title_rows=1)
    table.new_row()
    table.add(DEPARTMENT_TITLE, bold=True, border=False, size="title")
    for heading, key in DEPARTMENT_SECTIONS:
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
    title = f"{index + 1}.{name}绩效目标表"
    table = Table(
        key=f"project-{index}", title=title, sheet_name=name, orientation=PORTRAIT,
        columns=[Column(10, 12), Column(10, 14), Column(12, 20), Column(10, 16),
                 Column(8, 12), Column(12, 20), Column(12, 22)],
        title_rows=2, project_index=index,
    )
    table.new_row()
    table.add(title, colspan=7, bold=True, border=False, size="title")
    table.new_row()
    table.add(text(unit.get("code")) + text(unit.get("name")), colspan=5, h="left", border=False)
    table.add(f"单位：{amount_unit(document)}", colspan=2, h="right", border=False)

    table.new_row()
    table.add("项目编码")
    table.add(text(project.get("code")), colspan=2)
    table.add("项目名称")
    table.add(name, colspan=3)

    table.new_row()
    table.add("预算规模及资金用途", rowspan=2)
    for label, key in (("预算数", "total"), ("其中：财政资金", "fiscal"), ("其他资金", "other")):
        table.add(label)
        table.add(amount(budget.get(key)))
    table.new_row()
    table.add(text(project.get("purpose")), colspan=6, h="left")

    plan = project.get("spending_plan") or []
    months = [p.get("month") for p in plan]
    if not months or months == sorted(set(months)) and set(months) <= set(FRAMEWORK.spending_checkpoints):
        months = list(FRAMEWORK.spending_checkpoints)
    shares = {p.get("month"): p.get("percent") for p in plan}
    if len(months) <= 6:
        spans = _spans(6, len(months))
        table.new_row()
        table.add("资金支出计划（%）", rowspan=2)
        for month, span in zip(months, spans):
            table.add(f"{month}月底", colspan=span)
        table.new_row()
        for month, span in zip(months, spans):
            table.add(percent(shares.get(month)), colspan=span)
    else:
        # More checkpoints than the form has columns: keep them all, in one line.
        table.new_row()
        table.add("资金支出计划（%）")
        table.add("；".join(f"{m}月底 {percent(shares.get(m))}" for m in months),
                  colspan=6, h="left")

    table.new_row()
    table.add("绩效目标")
    table.add(text(project.get("annual_goal")), colspan=6, h="left")

    header = table.new_row()
    for label, span in zip(INDICATOR_HEADER, (1, 1, 1, 2, 1, 1)):
        table.add(label, colspan=span, bold=True)
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
                table.add(text(item.get("name")))
                table.add(text(item.get("description")), colspan=2)
                table.add(text(item.get("value")))
                table.add(text(item.get("basis")))
                first1 = first2 = False


def _spans(total, count):
    """Split `total` columns over `count` cells as evenly as they go."""
    if count == 0:
        return []
    base, extra = divmod(total, count)
    return [base + (1 if i < extra else 0) for i in range(count)]
