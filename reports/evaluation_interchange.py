"""Validation of evaluation/1 documents, equivalent to
docs/evaluation.schema.json, with a Chinese message naming the JSON path of
every problem ("projects[0].indicators[2].achievement：应为 …").

    validate_evaluation(document) -> [Problem]   ([] when valid)

Built from reports/fields.py by reports/interchange.py's build_document,
as monitoring/1's is (its field checks, filing/1's validator nodes and unit
object); stricter than the schema in the same few places, listed in
docs/evaluation-format.md. Whether a typed score lies in its band is a
rule, not the format: reports.evaluation_documents.score_evaluation says.
"""
from targets.interchange.schema import Problem, listed_problems

from .interchange import build_document

FORMAT = "evaluation/1"

# Keys a document must hold beyond those the catalogue marks required (as
# reports/interchange.py's REQUIRED for monitoring/1).
REQUIRED = {
    "evaluation": ("format", "layout", "amount_unit", "unit", "projects"),
    "evaluation.project": ("budget", "indicators"),
    "evaluation.budget": (),
    "evaluation.indicator": ("level1", "level2", "name"),
}


DOCUMENT = build_document("evaluation", FORMAT, REQUIRED, "自评文档（JSON 对象）")


def validate_evaluation(document):
    """Every problem of an evaluation/1 document, in document order; [] if none."""
    problems = []
    DOCUMENT.check(document, "", problems)
    return problems


__all__ = ["FORMAT", "Problem", "listed_problems", "validate_evaluation"]
