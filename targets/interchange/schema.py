"""Validation of filing/1 documents, equivalent to docs/filing.schema.json,
with a Chinese message naming the JSON path of every problem.

Besides the schema it refuses what the database could not keep exactly
(amounts beyond the columns' precision, NUL characters, unpaired
surrogates, names longer than their columns), so a document that passes
always imports whole (docs/filing-format.md, "Stricter than the schema").
"""
import datetime
import re
from dataclasses import dataclass

from django.apps import apps

from config.texts import storage_problem
from targets import field_catalogue as catalogue
from targets.money import parse_amount

# The schema's patterns, matched with fullmatch(): in JSON Schema (ECMA-262)
# "$" is the end of the text, in Python's re it also matches before a final
# "\n", which would let "12.50\n" through.
AMOUNT_PATTERN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
REGION_CODE_PATTERN = re.compile(r"^[0-9]{6}$")
LINE_BREAK = re.compile(r"[\n\r\v\f\x85\u2028\u2029]")


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}：{self.message}" if self.path else self.message


# The longest lists a document may hold (docs/filing-format.md, "Limits"): a
# large filing has 30 projects of 300 indicator rows.
MAX_PROJECTS = 300
MAX_INDICATORS = 1_000  # per project, and in the department part
MAX_CHECKPOINTS = 100  # of a project's spending plan
# A refusal lists this many problems and counts them all.
MAX_LISTED_PROBLEMS = 100


# --- the shape of a document ---------------------------------------------
# Each node is a small tuple-free description: ("object", fields, required),
# ("array", item), or a leaf kind. Kept as data so it reads like the schema.


class Node:
    nullable = False

    def check(self, value, path, problems):
        raise NotImplementedError


class Text(Node):
    def __init__(self, nullable=True, min_length=0, max_length=None, label="文本"):
        self.nullable = nullable
        self.min_length = min_length
        self.max_length = max_length
        self.label = label

    def check(self, value, path, problems):
        if value is None:
            if not self.nullable:
                problems.append(Problem(path, "不能为空（null）"))
            return
        if not isinstance(value, str):
            problems.append(Problem(path, f"应为{self.label}，实际是{_type_name(value)}"))
            return
        if len(value) < self.min_length:
            problems.append(Problem(path, "不能为空"))
        if self.max_length is not None and len(value) > self.max_length:
            problems.append(Problem(path, f"不能超过 {self.max_length} 个字符"))
        problem = storage_problem(value)
        if problem:
            problems.append(Problem(path, problem))


class Line(Text):
    """A text on one line: a unit's name heads every notice's subject, which
    a line break would stop from being sent."""

    def check(self, value, path, problems):
        super().check(value, path, problems)
        if isinstance(value, str) and LINE_BREAK.search(value):
            problems.append(Problem(path, "不能包含换行"))


class Pattern(Text):
    def __init__(self, pattern, hint, **kwargs):
        super().__init__(**kwargs)
        self.pattern = pattern
        self.hint = hint

    def check(self, value, path, problems):
        before = len(problems)
        super().check(value, path, problems)
        if len(problems) == before and value is not None and not self.pattern.fullmatch(value):
            problems.append(Problem(path, f"格式不正确：“{_short(value)}”，{self.hint}"))


class Amount(Node):
    nullable = True

    def check(self, value, path, problems):
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, str):
            problems.append(
                Problem(path, f"金额应写成文本（如 \"12.50\"），实际是{_type_name(value)}")
            )
            return
        if not AMOUNT_PATTERN.fullmatch(value):
            problems.append(Problem(path, f"金额格式不正确：“{_short(value)}”，应为数字，如 \"12.50\""))
            return
        try:
            parse_amount(value)
        except ValueError as error:
            problems.append(Problem(path, str(error)))


class Integer(Node):
    def __init__(self, minimum, maximum, label):
        self.minimum = minimum
        self.maximum = maximum
        self.label = label

    def check(self, value, path, problems):
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(path, f"{self.label}应为整数，实际是{_type_name(value)}"))
        elif not self.minimum <= value <= self.maximum:
            problems.append(
                Problem(path, f"{self.label}应在 {self.minimum} 至 {self.maximum} 之间，实际是 {value}")
            )


class Choice(Node):
    def __init__(self, choices, nullable=False):
        self.choices = choices
        self.nullable = nullable

    def check(self, value, path, problems):
        if value is None and self.nullable:
            return
        if isinstance(value, bool) or value not in self.choices:
            allowed = "、".join(f"“{c}”" for c in self.choices)
            problems.append(Problem(path, f"应为 {allowed} 之一，实际是{_describe(value)}"))


class Date(Node):
    nullable = True

    def check(self, value, path, problems):
        if value is None:
            return
        if not isinstance(value, str):
            problems.append(Problem(path, f"日期应写成文本（YYYY-MM-DD），实际是{_type_name(value)}"))
            return
        try:
            parsed = datetime.date.fromisoformat(value)
        except ValueError:
            parsed = None
        # fromisoformat accepts 20240620 too; the format keeps one spelling.
        if parsed is None or parsed.isoformat() != value:
            problems.append(Problem(path, f"日期格式不正确：“{_short(value)}”，应为 YYYY-MM-DD"))


class Object(Node):
    def __init__(self, fields, required=(), nullable=False, label="对象"):
        self.fields = fields
        self.required = required
        self.nullable = nullable
        self.label = label

    def check(self, value, path, problems):
        if value is None:
            if not self.nullable:
                problems.append(Problem(path, f"应为{self.label}，不能为空（null）"))
            return
        if not isinstance(value, dict):
            problems.append(Problem(path, f"应为{self.label}，实际是{_type_name(value)}"))
            return
        for key in value:
            if key not in self.fields:
                problems.append(Problem(_join(path, key), f"未知的字段“{_short(str(key))}”"))
        for key in self.required:
            if key not in value:
                problems.append(Problem(_join(path, key), "缺少必填字段"))
        for key, node in self.fields.items():
            if key in value:
                node.check(value[key], _join(path, key), problems)


class Array(Node):
    def __init__(self, item, max_items):
        self.item = item
        self.max_items = max_items

    def check(self, value, path, problems):
        if not isinstance(value, list):
            problems.append(Problem(path, f"应为数组（列表），实际是{_type_name(value)}"))
            return
        if len(value) > self.max_items:
            # Not looked into: a list this long is not a filing, and every
            # item's problems would cost time and memory in proportion.
            problems.append(Problem(path, f"最多 {self.max_items:,} 项，实际有 {len(value):,} 项"))
            return
        for index, item in enumerate(value):
            self.item.check(item, f"{path}[{index}]", problems)


def _node(field):
    """The check of one catalogued field."""
    if field.is_text:
        model = apps.get_model("targets", catalogue.MODELS[field.part])
        column_length = model._meta.get_field(field.column).max_length
        max_length = min(column_length or field.max_length, field.max_length)
        return Text(nullable=field.nullable, min_length=1 if field.required else 0, max_length=max_length)
    if field.kind == catalogue.AMOUNT:
        return Amount()
    if field.kind == catalogue.CHOICE:
        return Choice(list(field.choices), nullable=field.nullable)
    if field.kind == catalogue.DATE:
        return Date()
    if field.kind == catalogue.MONTH:
        return Integer(1, 12, field.label)
    if field.kind == catalogue.YEAR:
        return Integer(2000, 2100, field.label)
    raise ValueError(f"no check for {field.kind}")


def _one_line(field):
    text = _node(field)
    return Line(nullable=text.nullable, min_length=text.min_length, max_length=text.max_length)


def _part(part, nested=None, required=(), **options):
    """An Object node of a catalogue part's fields, with nested parts."""
    fields = {field.key: _node(field) for field in catalogue.fields_of(part)}
    fields.update(nested or {})
    required = tuple(f.key for f in catalogue.fields_of(part) if f.required) + tuple(required)
    return Object(fields, required=required, **options)


INDICATOR = _part("indicator", label="指标对象")

PROJECT = _part(
    "project",
    {
        "budget": _part("project.budget", nullable=True),
        "spending_plan": Array(_part("plan", label="支出计划节点对象"), MAX_CHECKPOINTS),
        "indicators": Array(INDICATOR, MAX_INDICATORS),
    },
    required=("indicators",),
    label="项目对象",
)

DOCUMENT = _part(
    "filing",
    {
        "format": Choice(["filing/1"]),
        "unit": _part(
            "unit",
            {
                "name": _one_line(catalogue.get("unit", "name")),
                "code": Text(max_length=50),
                "region": Object(
                    {
                        "code": Pattern(REGION_CODE_PATTERN, "应为 6 位数字的行政区划代码"),
                        "name": Text(max_length=100),
                    },
                    nullable=True,
                ),
            },
            required=("code",),
        ),
        "department": _part(
            "department",
            {"budget": _part("department.budget", nullable=True), "indicators": Array(INDICATOR, MAX_INDICATORS)},
            nullable=True,
        ),
        "projects": Array(PROJECT, MAX_PROJECTS),
        "contact": _part("contact", nullable=True),
    },
    required=("format", "unit", "projects"),
    label="申报文档（JSON 对象）",
)


def listed_problems(problems):
    """The problems a page lists: the first MAX_LISTED_PROBLEMS, then a line
    saying how many there are in all (a workbook of bad cells once gave a
    page of every one)."""
    if len(problems) <= MAX_LISTED_PROBLEMS:
        return list(problems)
    return [*problems[:MAX_LISTED_PROBLEMS], f"……共 {len(problems)} 处问题，以上是前 {MAX_LISTED_PROBLEMS} 处。"]


def validate_document(document):
    """Every problem of a filing/1 document, in document order; [] if none."""
    problems = []
    DOCUMENT.check(document, "", problems)
    return problems


# --- helpers -----------------------------------------------------------------


def _join(path, key):
    return f"{path}.{key}" if path else str(key)


def _type_name(value):
    if value is None:
        return "空值（null）"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, int):
        return "整数"
    if isinstance(value, float):
        return "小数（数字）"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, list):
        return "数组"
    if isinstance(value, dict):
        return "对象"
    return type(value).__name__


def _describe(value):
    if isinstance(value, str):
        return f"“{_short(value)}”"
    return _type_name(value)


def _short(text, limit=40):
    return text if len(text) <= limit else text[:limit] + "…"
