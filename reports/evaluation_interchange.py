"""Validation of evaluation/1 documents, equivalent to
docs/evaluation.schema.json, with a Chinese message naming the JSON path of
every problem ("projects[0].indicators[2].achievement：应为 …").

    validate_evaluation(document) -> [Problem]   ([] when valid)

Built from reports/fields.py exactly as reports/interchange.py builds
monitoring/1's (its field checks, filing/1's validator nodes and unit
object); stricter than the schema in the same few places, listed in
docs/evaluation-format.md. Whether a typed score lies in its band is a
rule, not the format: reports.evaluation_documents.score_evaluation says.
"""
from targets.interchange import schema as filing_schema
from targets.interchange.schema import Array, Choice, Object, Problem, listed_problems

from . import fields
from .interchange import MAX_INDICATORS, MAX_PROJECTS, _node, document_fields

FORMAT = "evaluation/1"

# Keys a document must hold beyond those the catalogue marks required (as
# reports/interchange.py's REQUIRED for monitoring/1).
REQUIRED = {
    "evaluation": ("format", "layout", "amount_unit", "unit", "projects"),
    "evaluation.project": ("budget", "indicators"),
    "evaluation.budget": (),
    "evaluation.indicator": ("level1", "level2", "name"),
}


def _part(part, nested=None, nullable=False, label="对象"):
    required = tuple(f.key for f in document_fields(part) if f.required) + REQUIRED[part]
    nodes = {f.key: _node(f, f.key in required) for f in document_fields(part)}
    nodes.update(nested or {})
    return Object(nodes, required=required, nullable=nullable, label=label)


BUDGET_ROW = _part("evaluation.budget", nullable=True, label="资金行对象")

PROJECT = _part(
    "evaluation.project",
    {
        "budget": Object({key: BUDGET_ROW for key, _ in fields.BUDGET_ROWS}, label="项目资金对象"),
        "indicators": Array(_part("evaluation.indicator", label="指标对象"), MAX_INDICATORS),
    },
    label="项目对象",
)

DOCUMENT = _part(
    "evaluation",
    {
        "format": Choice([FORMAT]),
        "unit": filing_schema.DOCUMENT.fields["unit"],
        "projects": Array(PROJECT, MAX_PROJECTS),
    },
    label="自评文档（JSON 对象）",
)


def validate_evaluation(document):
    """Every problem of an evaluation/1 document, in document order; [] if none."""
    problems = []
    DOCUMENT.check(document, "", problems)
    return problems


__all__ = ["FORMAT", "Problem", "listed_problems", "validate_evaluation"]
