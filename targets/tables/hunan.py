"""Hunan tables (seed 003): 部门整体支出绩效目标表 and one 项目支出绩效目标表
per project. Every 二级 category of the framework is printed; an unused one
as a "……" row."""
from targets.frameworks import framework_for

from .common import PLACEHOLDER, amount, amount_unit, complete, contact_line, grouped, rows_of, text
from .grid import PORTRAIT, Column, Table, fit_columns

FRAMEWORK = framework_for("hunan")

# Lines under "其中：" are indented by its width (three full-width spaces),
# except the long one, as on the printed form.
INDENT = "　　　"
INCOME_LINES = (
    ("其中：一般公共预算：", "general_public"),
    (INDENT + "政府性基金拨款：", "government_fund"),
    ("纳入专户管理的非税收入拨款：", "special_non_tax"),
    (INDENT + "其他资金：", "other"),
)
USE_LINES = (
    ("其中：基本支出：", "basic"),
    (INDENT + "项目支出：", "project"),
)
DEPARTMENT_SHEET = "部门整体支出绩效目标表"


def department_sheet_name(document):
    """The department table's sheet name, without building the table."""
    return DEPARTMENT_SHEET if document.get("department") else None


def department_table(document):
    department = document.get("department")
    if not department:
        return None
    unit = document.get("unit") or {}
    budget = department.get("budget") or {}
    title = f"{document.get('year')}年部门整体支出绩效目标表"
    table = Table(
        key="department", title=title, sheet_name=DEPARTMENT_SHEET, orientation=PORTRAIT,
        columns=[Column(14, 16), Column(10, 12), Column(12, 16), Column(24, 40), Column(14, 26)],
        title_rows=2, footer=contact_line(document),
    )
    table.new_row()
    table.add(title, colspan=5, bold=True, border=False, size="title")
    table.new_row()
    table.add("填报单位：（盖章）", colspan=5, h="left", border=False)

    table.new_row()
    table.add("部门名称")
    table.add(text(unit.get("name")), colspan=4, h="left")

    table.new_row()
    table.add(f"年度预算申请\n（{amount_unit(document)}）", rowspan=6)
    table.add(f"资金总额：{amount(budget.get('total'))}", colspan=4, h="left")
    # Income lines take the three wide columns, use lines the last one.
    table.new_row()
    table.add("按收入性质分：", colspan=3, h="left")
    table.add("按支出性质分：", h="left")
    for i, (label, key) in enumerate(INCOME_LINES):
        table.new_row()
        table.add(label + amount(budget.get(key)), colspan=3, h="left")
        if i < len(USE_LINES):
            label2, key2 = USE_LINES[i]
            table.add(label2 + amount(budget.get(key2)), h="left")
        else:
            table.add("")

    table.new_row()
    table.add("部门职能\n职责概述")
    table.add(text(department.get("functions")), colspan=4, h="left")
    table.new_row()
    table.add("整体绩效目标")
    table.add(text(department.get("overall_goal")), colspan=4, h="left")

    groups = _groups(department.get("indicators") or [])
    _indicator_block(table, "部门整体支出\n年度绩效指标", groups, with_standard=False)
    return fit_columns(table)


def project_table(document, index):
    project = document["projects"][index]
    budget = project.get("budget") or {}
    title = f"{document.get('year')}年项目支出绩效目标表"
    table = Table(
        key=f"project-{index}", title=title, sheet_name=text(project.get("name")),
        orientation=PORTRAIT,
        columns=[Column(14, 16), Column(10, 12), Column(12, 16), Column(22, 36),
                 Column(14, 24), Column(10, 16)],
        title_rows=2, footer=contact_line(document), project_index=index,
    )
    table.new_row()
    table.add(title, colspan=6, bold=True, border=False, size="title")
    table.new_row()
    table.add("填报单位：（盖章）", colspan=4, h="left", border=False)
    table.add(f"单位：{amount_unit(document)}", colspan=2, h="right", border=False)

    table.new_row()
    table.add("项目支出名称")
    table.add(text(project.get("name")), colspan=3, h="left")
    table.add("预算部门")
    table.add(text(project.get("implementing_unit")))
    table.new_row()
    table.add("年度本级\n预算金额")
    table.add(amount(budget.get("fiscal")), colspan=3)
    table.add("该项目支出上级资金")
    table.add(amount(budget.get("superior")))
    for label, key in (("项目支出实施期", "period"), ("实施期绩效目标", "midterm_goal"),
                       ("本年度绩效目标", "annual_goal")):
        table.new_row()
        table.add(label)
        table.add(text(project.get(key)), colspan=5, h="left")

    groups = _groups(rows_of(project.get("indicators") or [], "annual"))
    _indicator_block(table, "本年度\n绩效指标", groups, with_standard=True)
    return fit_columns(table)


def _groups(indicators):
    return complete(grouped({"annual": indicators}), FRAMEWORK)


def _indicator_block(table, label, groups, with_standard):
    """The header row and one row per indicator, under a label cell that
    spans them all; 一级 and 二级 merge over their rows."""
    height = sum(g.height() for g in groups)
    header = table.new_row()
    table.add(label, rowspan=1 + height)
    for heading in ("一级指标", "二级指标", "三级指标", "指标值及单位") + (
        ("绩效标准",) if with_standard else ()
    ):
        table.add(heading, bold=True)
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
                table.add(text(item.get("name")))
                table.add(text(item.get("value")))
                if with_standard:
                    table.add(text(item.get("standard")))
