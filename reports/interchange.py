"""Validation of monitoring/1 documents, equivalent to
docs/monitoring.schema.json, with a Chinese message naming the JSON path of
every problem ("projects[0].indicators[2].likelihood：应为 …").

    validate_monitoring(document) -> [Problem]   ([] when valid)

The checks are built from reports/fields.py as targets/interchange/schema.py
builds filing/1's from its catalogue, with that module's nodes (Text, Amount,
Choice, Object, Array …); the `unit` object is filing/1's own. Like the
filing validator it refuses a little more than the schema (NUL, unpaired
surrogates, amounts the database could not keep, 7.0 for an integer,
texts beyond their length): docs/monitoring-format.md lists it.
"""
from targets import field_catalogue as catalogue
from targets.interchange import schema as filing_schema
from targets.interchange.schema import (
    Amount,
    Array,
    Choice,
    Integer,
    Object,
    Problem,
    Text,
    listed_problems,
)

from . import fields

FORMAT = "monitoring/1"
MAX_PROJECTS = filing_schema.MAX_PROJECTS
MAX_INDICATORS = filing_schema.MAX_INDICATORS

# Keys a document must hold beyond those the catalogue marks required; a
# required key may not be null. The approved 一级/二级/三级 are required as
# in filing/1, where they come from.
REQUIRED = {
    "monitoring": ("format", "layout", "amount_unit", "unit", "projects"),
    "monitoring.project": ("budget", "indicators"),
    "monitoring.budget": (),
    "monitoring.indicator": ("level1", "level2", "name"),
}


class IntegerChoice(Integer):
    """An integer among a few (监控期间 6, 7 or 8): 7.0 and true are refused."""

    def __init__(self, choices, label):
        super().__init__(min(choices), max(choices), label)
        self.choices = tuple(choices)

    def check(self, value, path, problems):
        before = len(problems)
        super().check(value, path, problems)
        if len(problems) == before and value not in self.choices:
            allowed = "、".join(str(c) for c in self.choices)
            problems.append(Problem(path, f"{self.label}应为 {allowed} 之一，实际是 {value}"))


class ChoiceList(Array):
    """One or more of `choices`, each at most once (偏差原因)."""

    def __init__(self, choices):
        super().__init__(Choice(list(choices)), max_items=len(choices))
        self.choices = choices

    def check(self, value, path, problems):
        if isinstance(value, list) and all(isinstance(v, str) for v in value) and len(set(value)) < len(value):
            problems.append(Problem(path, "同一项不能选两次"))
            return
        super().check(value, path, problems)


def _node(field, required):
    """The check of one field of reports/fields.py."""
    nullable = not required
    if field.kind in (catalogue.TEXT, catalogue.LONG_TEXT):
        return Text(nullable=nullable, min_length=1 if required else 0,
                    max_length=catalogue.MAX_LENGTH[field.kind])
    if field.kind == catalogue.AMOUNT:
        return Amount()
    if field.kind == catalogue.CHOICE:
        return Choice(list(field.choices), nullable=nullable)
    if field.kind == fields.CHOICES:
        return ChoiceList(field.choices)
    if field.kind == catalogue.MONTH:
        return IntegerChoice(field.choices, "监控期间（月数）")
    if field.kind == catalogue.YEAR:
        return Integer(2000, 2100, field.label)
    raise ValueError(f"no check for {field.kind}")


def document_fields(part):
    """The fields of a part a document holds: the computed ones (执行率) are
    worked out from the others and never written."""
    return tuple(f for f in fields.fields_of(part) if not f.computed)


def build_document(kind, format, required, label):
    """The check of a whole document of a kind of report ("monitoring",
    "evaluation"): its parts of reports/fields.py (kind, kind.project,
    kind.budget, kind.indicator) with `required` the keys each must hold
    beyond those the catalogue marks required, "format" fixed to `format`
    and the `unit` object filing/1's own; `label` names the document."""

    def part(name, nested=None, nullable=False, label="对象"):
        keys = tuple(f.key for f in document_fields(name) if f.required) + required[name]
        nodes = {f.key: _node(f, f.key in keys) for f in document_fields(name)}
        nodes.update(nested or {})
        return Object(nodes, required=keys, nullable=nullable, label=label)

    budget_row = part(f"{kind}.budget", nullable=True, label="资金行对象")
    project = part(
        f"{kind}.project",
        {
            "budget": Object({key: budget_row for key, _ in fields.BUDGET_ROWS}, label="项目资金对象"),
            "indicators": Array(part(f"{kind}.indicator", label="指标对象"), MAX_INDICATORS),
        },
        label="项目对象",
    )
    return part(
        kind,
        {
            "format": Choice([format]),
            "unit": filing_schema.DOCUMENT.fields["unit"],
            "projects": Array(project, MAX_PROJECTS),
        },
        label=label,
    )


DOCUMENT = build_document("monitoring", FORMAT, REQUIRED, "监控文档（JSON 对象）")


def validate_monitoring(document):
    """Every problem of a monitoring/1 document, in document order; [] if none."""
    problems = []
    DOCUMENT.check(document, "", problems)
    return problems


__all__ = ["FORMAT", "Problem", "build_document", "document_fields", "listed_problems", "validate_monitoring"]
