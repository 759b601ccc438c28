"""Every field of a filing, declared once.

Each entry says where the field lives in a filing/1 document (its part and
key), which model column stores it, what kind of value it holds and how the
official tables word it in Chinese (per layout where they differ). The
serializer, the schema, the diff and its labels, the editor's forms and
columns, the save path, the text checks and the workbook reader take their
lists from here, so a new field is one entry (plus its model column, a
migration and, where a table prints it, the layout).

Parts, with the model that stores them:

    filing              top-level keys of the document      Filing
    unit                document["unit"]                    Filing (the printed name)
    department          document["department"]              Filing
    department.budget   document["department"]["budget"]    Filing
    project             document["projects"][i]             Project
    project.budget      document["projects"][i]["budget"]   Project
    plan                document["projects"][i]["spending_plan"][j]  SpendingCheckpoint
    indicator           …["indicators"][k]                  Indicator
    contact             document["contact"]                 Filing
"""
from dataclasses import dataclass, field

# Kinds of value. TEXT is one line (a name, a code); LONG_TEXT a paragraph
# or more; AMOUNT an exact decimal written as text ("12.50"); CHOICE one of
# `choices`; DATE YYYY-MM-DD; MONTH a month number; YEAR a budget year.
TEXT = "text"
LONG_TEXT = "long_text"
AMOUNT = "amount"
CHOICE = "choice"
DATE = "date"
MONTH = "month"
YEAR = "year"

# The most characters a text of each kind may hold (a model column with a
# shorter max_length keeps its own): generous for a paragraph typed or
# pasted, and a bound on what one field can cost to store, check and print.
# docs/filing-format.md ("Limits") lists them.
MAX_LENGTH = {TEXT: 10_000, LONG_TEXT: 20_000}


@dataclass(frozen=True)
class Field:
    part: str
    key: str  # the filing/1 key within its part
    column: str  # the model column that stores it
    kind: str
    label: str  # the Chinese label where no layout words it otherwise
    layout_labels: dict = field(default_factory=dict)  # {layout: label as that table prints it}
    required: bool = False  # the document must give a non-empty value
    choices: tuple = ()
    default: object = None  # the value an omitted key stands for
    # A key added to filing/1 after its first version is left out of an
    # exported document while it is null, so documents written before it
    # export again exactly as they were.
    added_later: bool = False

    @property
    def nullable(self):
        """May a document write null here? Not where a value is required or
        an omitted value has a default."""
        return not self.required and self.default is None

    @property
    def is_text(self):
        return self.kind in (TEXT, LONG_TEXT)

    @property
    def max_length(self):
        """The most characters of a text field (None for other kinds)."""
        return MAX_LENGTH.get(self.kind)

    @property
    def is_amount(self):
        return self.kind == AMOUNT

    def label_for(self, layout=None):
        return self.layout_labels.get(layout, self.label)


def _fields(part, *entries):
    return tuple(Field(part, *entry[:4], **(entry[4] if len(entry) > 4 else {})) for entry in entries)


FILING = _fields(
    "filing",
    ("year", "year", YEAR, "预算年度", {"required": True}),
    ("layout", "layout", CHOICE, "版式", {"choices": ("hebei", "hunan", "anhui"), "required": True}),
    ("amount_unit", "amount_unit", CHOICE, "金额单位", {"choices": ("元", "万元"), "required": True}),
    # The headings as the unit wrote them (null: the layout's own; see
    # targets/tables/headings.py): the projects part's heading over the
    # first project table, and how the tables are numbered.
    ("projects_heading", "projects_heading", TEXT, "项目部分标题", {"added_later": True}),
    ("table_numbering", "table_numbering", CHOICE, "表格编号样式",
     {"choices": ("1.", "1、"), "added_later": True}),
)

UNIT = _fields(
    "unit",
    ("name", "unit_name", TEXT, "单位名称", {"required": True, "layout_labels": {"hunan": "部门名称"}}),
)

DEPARTMENT = _fields(
    "department",
    # Headings as the unit wrote them (null: the layout's own): the part's
    # heading ("第一部分") over its title, the title, and the narrative
    # sections' titles ("一、总体绩效目标").
    ("part_heading", "department_part_heading", TEXT, "部分标题", {"added_later": True}),
    ("heading", "department_heading", TEXT, "单位整体部分标题", {"added_later": True}),
    ("functions", "functions", LONG_TEXT, "部门职能职责概述"),
    ("overall_goal_title", "overall_goal_title", TEXT, "总体绩效目标的标题", {"added_later": True}),
    ("overall_goal", "overall_goal", LONG_TEXT, "总体绩效目标", {"layout_labels": {"hunan": "整体绩效目标"}}),
    ("sub_goals_title", "sub_goals_title", TEXT, "分项绩效目标的标题", {"added_later": True}),
    ("sub_goals", "sub_goals", LONG_TEXT, "分项绩效目标"),
    ("safeguards_title", "safeguards_title", TEXT, "工作保障措施的标题", {"added_later": True}),
    ("safeguards", "safeguards", LONG_TEXT, "工作保障措施"),
)

DEPARTMENT_BUDGET = _fields(
    "department.budget",
    ("total", "budget_total", AMOUNT, "资金总额"),
    ("general_public", "budget_general_public", AMOUNT, "一般公共预算"),
    ("government_fund", "budget_government_fund", AMOUNT, "政府性基金拨款"),
    ("special_non_tax", "budget_special_non_tax", AMOUNT, "纳入专户管理的非税收入拨款"),
    ("other", "budget_other", AMOUNT, "其他资金"),
    ("basic", "budget_basic", AMOUNT, "基本支出"),
    ("project", "budget_project", AMOUNT, "项目支出"),
)

PROJECT = _fields(
    "project",
    ("code", "code", TEXT, "项目编码"),
    ("name", "name", TEXT, "项目名称", {"required": True, "layout_labels": {"hunan": "项目支出名称"}}),
    ("implementing_unit", "implementing_unit", TEXT, "实施单位", {"layout_labels": {"hunan": "预算部门"}}),
    ("attribute", "attribute", CHOICE, "项目属性", {"choices": ("新增项目", "延续项目")}),
    ("period", "period", TEXT, "项目期", {"layout_labels": {"hunan": "项目支出实施期"}}),
    ("purpose", "purpose", LONG_TEXT, "资金用途"),
    ("midterm_goal", "midterm_goal", LONG_TEXT, "中期目标", {"layout_labels": {"hunan": "实施期绩效目标"}}),
    ("annual_goal", "annual_goal", LONG_TEXT, "年度目标",
     {"layout_labels": {"hebei": "绩效目标", "hunan": "本年度绩效目标"}}),
)

PROJECT_BUDGET = _fields(
    "project.budget",
    ("total", "budget_total", AMOUNT, "预算数", {"layout_labels": {"anhui": "年度资金总额"}}),
    ("fiscal", "budget_fiscal", AMOUNT, "财政资金",
     {"layout_labels": {"hebei": "其中：财政资金", "hunan": "年度本级预算金额", "anhui": "年度财政拨款"}}),
    ("superior", "budget_superior", AMOUNT, "上级资金", {"layout_labels": {"hunan": "该项目支出上级资金"}}),
    ("other", "budget_other", AMOUNT, "其他资金", {"layout_labels": {"anhui": "年度其他资金"}}),
    ("midterm_total", "budget_midterm_total", AMOUNT, "中期资金总额"),
    ("midterm_fiscal", "budget_midterm_fiscal", AMOUNT, "中期财政拨款"),
    ("midterm_other", "budget_midterm_other", AMOUNT, "中期其他资金"),
)

PLAN = _fields(
    "plan",
    ("month", "month", MONTH, "月份", {"required": True}),
    ("percent", "percent", AMOUNT, "累计支出比例（%）", {"required": True}),
)

INDICATOR = _fields(
    "indicator",
    ("period", "period", CHOICE, "期间", {"choices": ("annual", "midterm"), "default": "annual"}),
    ("level1", "level1", TEXT, "一级指标", {"required": True}),
    ("level2", "level2", TEXT, "二级指标", {"required": True}),
    ("name", "name", TEXT, "三级指标", {"required": True}),
    ("description", "description", TEXT, "绩效指标描述"),
    ("value", "value", TEXT, "指标值", {"layout_labels": {"hunan": "指标值及单位"}}),
    ("basis", "basis", TEXT, "指标值确定依据"),
    ("standard", "standard", TEXT, "绩效标准"),
    ("weight", "weight", AMOUNT, "分值"),
)

CONTACT = _fields(
    "contact",
    ("prepared_by", "prepared_by", TEXT, "填表人"),
    ("phone", "phone", TEXT, "联系电话"),
    ("date", "filed_on", DATE, "填报日期"),
    ("unit_head", "unit_head", TEXT, "单位负责人", {"layout_labels": {"hunan": "单位负责人签字"}}),
)

# The model that stores each part.
MODELS = {"filing": "Filing", "unit": "Filing", "department": "Filing", "department.budget": "Filing",
          "project": "Project", "project.budget": "Project", "plan": "SpendingCheckpoint",
          "indicator": "Indicator", "contact": "Filing"}

PARTS = {
    fields[0].part: fields
    for fields in (FILING, UNIT, DEPARTMENT, DEPARTMENT_BUDGET, PROJECT, PROJECT_BUDGET, PLAN, INDICATOR,
                   CONTACT)
}


def fields_of(part, kind=None):
    """The part's fields in document order (of one kind, or text kinds with
    kind="text*")."""
    fields = PARTS[part]
    if kind == "text*":
        return tuple(f for f in fields if f.is_text)
    return fields if kind is None else tuple(f for f in fields if f.kind == kind)


def as_written(part, values):
    """A part's {key: value} as a document writes it: a null key added to
    filing/1 later is left out (see Field.added_later)."""
    return {key: value for key, value in values.items()
            if value is not None or not _added_later(part, key)}


def _added_later(part, key):
    return any(f.key == key and f.added_later for f in PARTS[part])


def keys(part, kind=None):
    return tuple(f.key for f in fields_of(part, kind))


def get(part, key):
    for entry in PARTS[part]:
        if entry.key == key:
            return entry
    raise KeyError(f"{part}.{key}")


def label(part, key, layout=None):
    return get(part, key).label_for(layout)


def labels(part, layout=None):
    """{key: label} of a part, as the layout's table words them."""
    return {f.key: f.label_for(layout) for f in PARTS[part]}


# The JSON path of a field in a document, without list indexes, to its part:
# "projects[].budget.total" -> ("project.budget", "total").
_PATH_PARTS = {
    "": "filing",
    "unit": "unit",
    "department": "department",
    "department.budget": "department.budget",
    "department.indicators[]": "indicator",
    "projects[]": "project",
    "projects[].budget": "project.budget",
    "projects[].spending_plan[]": "plan",
    "projects[].indicators[]": "indicator",
    "contact": "contact",
}


def field_at(path):
    """The Field a document path points at ("projects[2].budget.fiscal"), or
    None for a path that is not a catalogued field (a list, an object)."""
    import re

    generic = re.sub(r"\[\d+\]", "[]", path)
    container, _, key = generic.rpartition(".")
    part = _PATH_PARTS.get(container)
    if part is None:
        return None
    try:
        return get(part, key)
    except KeyError:
        return None
