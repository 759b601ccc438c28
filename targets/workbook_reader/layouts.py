"""How each layout's tables are read back: which labels hold which filing/1
fields, mirroring the builders in targets/tables (hebei.py, hunan.py,
anhui.py). A reader returns only what its table prints; the rest comes from
the base document (merge.py).
"""
import functools
import re

from targets import tables

from .indicators import read_rows
from .reading import parse_percent_value
from .sheet import normal


@functools.lru_cache(maxsize=None)
def value_columns(layout, kind):
    """{(label, n): column} of the value beside the nth cell with that label,
    taken from the layout's own builder (one source for where things go):
    rows move when rows are inserted, columns stay, and a label whose merged
    area was unmerged in Excel no longer says how wide it was."""
    project = {key: None for key in ("code", "implementing_unit", "attribute", "period", "budget",
                                     "purpose", "midterm_goal", "annual_goal")}
    project.update(name="项目", spending_plan=[], indicators=[])
    document = {
        "format": "filing/1", "year": 2024, "layout": layout, "amount_unit": "万元",
        "unit": {"code": None, "name": "单位", "region": None},
        "department": {"functions": None, "overall_goal": None, "sub_goals": None, "safeguards": None,
                       "budget": None, "indicators": []},
        "projects": [project], "contact": None,
    }
    built = tables.build_tables(document)
    table = built[-1] if kind == "project" else built[0]
    columns, seen = {}, {}
    for cell in table.cells():
        label = normal(cell.text)
        if label:
            n = seen[label] = seen.get(label, -1) + 1
            columns[(label, n)] = cell.col + cell.colspan + 1  # 1-based, as openpyxl counts
    return columns


class TableReader:
    """Fields of one sheet found by their labels."""

    def __init__(self, sheet, reading, path, layout=None, kind="project"):
        self.sheet = sheet
        self.reading = reading
        self.path = path  # "projects[2]" or "department"
        self.columns = value_columns(layout, kind) if layout else {}

    def find(self, label, **options):
        position = self.sheet.find(label, **options)
        if position is None:
            self.reading.problem(self.sheet.title, f"找不到“{label}”栏，请勿删除或改动表格的栏目名称")
        return position

    def after(self, label, nth=0):
        """(row, column) of the value cell right of a label, or None."""
        if nth == 0:
            position = self.find(label)
        else:
            position = _nth(self.sheet, label, nth)
            if position is None:
                self.reading.problem(self.sheet.title, f"找不到第 {nth + 1} 个“{label}”栏，请勿删除或改动表格的栏目名称")
        if position is None:
            return None
        column = self.columns.get((normal(label), nth)) or self.sheet.after(*position)
        if column is None:
            self.reading.problem(self.sheet.ref(*position), f"“{label}”右侧没有填写内容的单元格")
            return None
        return position[0], column

    def text(self, label, key, path=None):
        position = self.after(label)
        if position is None:
            return None
        self.reading.at(path or f"{self.path}.{key}", self.sheet.ref(*position))
        return self.sheet.text(*position)

    def amount(self, label, key):
        position = self.after(label)
        if position is None:
            return None
        return self.reading.amount(self.sheet, *position, path=f"{self.path}.budget.{key}")

    def labelled_amount(self, label, key):
        """An amount written in the same cell after its label: "资金总额：109.04"."""
        position = self.find(label, prefix=True)
        if position is None:
            return None
        rest = self.sheet.label(*position)[len(normal(label)):]
        return self.reading.amount_text(rest, self.sheet.ref(*position), f"{self.path}.budget.{key}")

    def indicators(self, periods, footer=True):
        header = self.find("一级指标")
        if header is None:
            return []
        stop = self.sheet.max_row
        end = self.sheet.find("填表人", start=header[0] + 1, prefix=True) if footer else None
        if end is not None:
            stop = end[0] - 1
        return read_rows(self.sheet, self.reading, header[0], stop, periods)

    def contact(self):
        """The Hunan footer "填表人：…　　联系电话：…　　填报日期：…　　单位负责人签字：…"."""
        position = self.sheet.find("填表人", prefix=True)
        if position is None:
            return None
        text = self.sheet.text(*position)
        ref = self.sheet.ref(*position)
        found = list(_CONTACT_LABEL.finditer(text))
        contact = {}
        for n, match in enumerate(found):
            end = found[n + 1].start() if n + 1 < len(found) else len(text)
            value = text[match.end():end]
            # The exporter puts two full-width spaces between the parts.
            value = value.removesuffix("　　") if value.endswith("　　") else value.rstrip()
            contact[_CONTACT_KEYS[match[1]]] = value or None
        contact["date"] = self.reading.date(contact.get("date"), ref)
        for key in ("prepared_by", "phone", "date", "unit_head"):
            self.reading.at(f"contact.{key}", ref)
        return {key: contact.get(key) for key in ("prepared_by", "phone", "date", "unit_head")}


_CONTACT_KEYS = {"填表人": "prepared_by", "联系电话": "phone", "填报日期": "date", "单位负责人签字": "unit_head"}
_CONTACT_LABEL = re.compile(r"(填表人|联系电话|填报日期|单位负责人签字)\s*[：:]")
_MONTH = re.compile(r"^(\d{1,2})月底$")
_PLAN_LINE = re.compile(r"(\d{1,2})\s*月底\s*([^；;]*)")


# --- Hebei ---------------------------------------------------------------------


def hebei_department(sheet, reading):
    headings = (("一、总体绩效目标", "overall_goal"), ("二、分项绩效目标", "sub_goals"),
                ("三、工作保障措施", "safeguards"))
    rows = []
    for label, key in headings:
        position = sheet.find(label)
        if position is None:
            reading.problem(sheet.title, f"找不到“{label}”，请勿删除或改动表格的栏目名称")
            return {}
        rows.append((position[0], key))
    department = {}
    for n, (row, key) in enumerate(rows):
        end = rows[n + 1][0] if n + 1 < len(rows) else sheet.max_row + 1
        # One row per paragraph, as the builder writes them.
        paragraphs = [sheet.text(r, 1) or "" for r in range(row + 1, end)]
        department[key] = "\n".join(paragraphs) or None
        reading.at(f"department.{key}", sheet.ref(row + 1, 1))
    return department


def hebei_project(sheet, reading, path):
    t = TableReader(sheet, reading, path, "hebei")
    project = {"code": t.text("项目编码", "code"), "name": t.text("项目名称", "name")}
    project["budget"] = {"total": t.amount("预算数", "total"), "fiscal": t.amount("其中：财政资金", "fiscal"),
                         "other": t.amount("其他资金", "other")}
    label = t.find("预算规模及资金用途")
    if label is not None:
        # The purpose fills the row under the amounts, beside the label.
        row = label[0] + 1
        column = t.columns.get((normal("预算规模及资金用途"), 0)) or sheet.after(row, label[1]) or 2
        project["purpose"] = sheet.text(row, column)
        reading.at(f"{path}.purpose", sheet.ref(row, column))
    project["spending_plan"] = _hebei_plan(t)
    project["annual_goal"] = t.text("绩效目标", "annual_goal")
    return project, t.indicators([None], footer=False)


def _hebei_plan(t):
    sheet, reading = t.sheet, t.reading
    label = t.find("资金支出计划（%）")
    if label is None:
        return []
    row = label[0]
    reading.at(f"{t.path}.spending_plan", sheet.ref(*label))
    columns = [c for c in sheet.row_cells(row) if c > label[1] and sheet.anchor(row, c) != sheet.anchor(*label)
               and sheet.label(row, c)]
    plan = []
    months = [(c, _MONTH.match(sheet.label(row, c))) for c in columns]
    if months and all(match for _, match in months):
        for column, match in months:
            percent = reading.percent(sheet, row + 1, column)
            if percent is not None:
                plan.append({"month": int(match[1]), "percent": percent})
        return plan
    # More checkpoints than the form has columns: one line "3月底 25%；6月底 50%".
    line = " ".join(sheet.text(row, c) or "" for c in columns)
    for month, share in _PLAN_LINE.findall(line):
        percent = reading.parsed(parse_percent_value, share.strip() or None, sheet.ref(row, columns[0]))
        if percent is not None:
            plan.append({"month": int(month), "percent": percent})
    return plan


# --- Hunan ---------------------------------------------------------------------

HUNAN_BUDGET = (
    ("资金总额：", "total"),
    ("其中：一般公共预算：", "general_public"),
    ("政府性基金拨款：", "government_fund"),
    ("纳入专户管理的非税收入拨款：", "special_non_tax"),
    ("其他资金：", "other"),
    ("其中：基本支出：", "basic"),
    ("项目支出：", "project"),
)


def hunan_department(sheet, reading):
    t = TableReader(sheet, reading, "department", "hunan", "department")
    department = {"unit_name": t.text("部门名称", "unit_name", path="unit.name")}
    department["budget"] = {key: t.labelled_amount(label, key) for label, key in HUNAN_BUDGET}
    department["functions"] = t.text("部门职能职责概述", "functions")
    department["overall_goal"] = t.text("整体绩效目标", "overall_goal")
    return department, t.indicators([None])


def hunan_project(sheet, reading, path):
    t = TableReader(sheet, reading, path, "hunan")
    project = {"name": t.text("项目支出名称", "name"), "implementing_unit": t.text("预算部门", "implementing_unit")}
    project["budget"] = {"fiscal": t.amount("年度本级预算金额", "fiscal"),
                         "superior": t.amount("该项目支出上级资金", "superior")}
    project["period"] = t.text("项目支出实施期", "period")
    project["midterm_goal"] = t.text("实施期绩效目标", "midterm_goal")
    project["annual_goal"] = t.text("本年度绩效目标", "annual_goal")
    return project, t.indicators(["annual"])


# --- Anhui ---------------------------------------------------------------------

ANHUI_BUDGET = (
    ("中期资金总额:", 0, "midterm_total"), ("年度资金总额:", 0, "total"),
    ("其中:财政拨款", 0, "midterm_fiscal"), ("其中:财政拨款", 1, "fiscal"),
    ("其他资金", 0, "midterm_other"), ("其他资金", 1, "other"),
)


def anhui_project(sheet, reading, path):
    t = TableReader(sheet, reading, path, "anhui")
    project = {key: t.text(label, key) for label, key in (
        ("项目名称", "name"), ("实施单位", "implementing_unit"), ("项目属性", "attribute"), ("项目期", "period"))}
    budget = {}
    for label, nth, key in ANHUI_BUDGET:
        found = t.after(label, nth)
        budget[key] = reading.amount(sheet, *found, path=f"{path}.budget.{key}") if found else None
    project["budget"] = budget
    goals = t.find("总体目标")
    if goals is not None:
        # The goals stand under their headings, in the row below.
        for label, key in (("中期目标", "midterm_goal"), ("年度目标", "annual_goal")):
            heading = sheet.find(label, start=goals[0], stop=goals[0], prefix=True)
            if heading is None:
                reading.problem(sheet.title, f"找不到“{label}”栏，请勿删除或改动表格的栏目名称")
                continue
            project[key] = sheet.text(goals[0] + 1, heading[1])
            reading.at(f"{path}.{key}", sheet.ref(goals[0] + 1, heading[1]))
    return project, t.indicators(["midterm", "annual"], footer=False)


def _nth(sheet, label, nth):
    """The nth cell labelled `label`, row by row."""
    wanted, seen = normal(label), 0
    for r in range(1, sheet.max_row + 1):
        for c in sheet.row_cells(r):
            if sheet.label(r, c) == wanted:
                if seen == nth:
                    return r, c
                seen += 1
    return None
