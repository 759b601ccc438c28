"""The two kinds of report (运行监控 monitoring/1, 绩效自评 evaluation/1) as
one table of the functions their files differ by: the official table
(执行监控表, 自评表) as XLSX and PDF, its file name, the workbook reader,
the validator and the parts of reports/fields.py whose approved fields a
unit may not change. The downloads, the upload, the replacement of a
whole document and the round's ZIP take a report's kind from here, so
both kinds go one path.

    kind_of(document) -> ReportKind       (by its "format"; monitoring when unknown)
    for_exercise(exercise) -> ReportKind  (by Exercise.kind)
    KINDS[name]                           (name: Exercise.Kind's value)
"""
from dataclasses import dataclass
from typing import Callable

from .documents import FORMAT as MONITORING_FORMAT
from .evaluation_documents import FORMAT as EVALUATION_FORMAT
from .evaluation_interchange import validate_evaluation
from .evaluation_tables import evaluation_filename, evaluation_pdf_bytes, evaluation_workbook_bytes
from .evaluation_workbook import read_evaluation_workbook
from .interchange import validate_monitoring
from .tables import monitoring_filename, monitoring_pdf_bytes, monitoring_workbook_bytes
from .workbook import read_monitoring_workbook


@dataclass(frozen=True)
class ReportKind:
    name: str  # Exercise.Kind's value
    format: str  # the document's "format"
    label: str  # 运行监控 / 绩效自评
    table_name: str  # what the official table is called on pages and in messages
    noun: str  # the report, as a message names it
    validate: Callable  # (document) -> [Problem]
    workbook_bytes: Callable  # (document, project_index=None) -> bytes
    pdf_bytes: Callable  # (document, project_index=None) -> bytes
    filename: Callable  # (document, ext, project_index=None) -> str
    read_workbook: Callable  # (data, expected document) -> (document or None, [Problem])
    # reports/fields.py parts: the document, a project, a money row, an indicator row.
    parts: tuple
    # Top-level keys the report fixes, with their labels.
    fixed: dict
    # Sources of its tables (beside reports/fields.py): a change re-renders kept files.
    sources: tuple


MONITORING = ReportKind(
    name="monitoring", format=MONITORING_FORMAT, label="运行监控", table_name="执行监控表", noun="监控报告",
    validate=validate_monitoring, workbook_bytes=monitoring_workbook_bytes, pdf_bytes=monitoring_pdf_bytes,
    filename=monitoring_filename, read_workbook=read_monitoring_workbook,
    parts=("monitoring", "monitoring.project", "monitoring.budget", "monitoring.indicator"),
    fixed={"format": "格式", "months": "监控期间（月数）", "unit": "预算单位"},
    sources=("reports/tables.py",),
)

EVALUATION = ReportKind(
    name="evaluation", format=EVALUATION_FORMAT, label="绩效自评", table_name="项目支出绩效自评表",
    noun="自评报告",
    validate=validate_evaluation, workbook_bytes=evaluation_workbook_bytes, pdf_bytes=evaluation_pdf_bytes,
    filename=evaluation_filename, read_workbook=read_evaluation_workbook,
    parts=("evaluation", "evaluation.project", "evaluation.budget", "evaluation.indicator"),
    fixed={"format": "格式", "unit": "预算单位"},
    sources=("reports/evaluation_tables.py", "reports/evaluation_documents.py", "reports/rules/scoring.py"),
)

KINDS = {kind.name: kind for kind in (MONITORING, EVALUATION)}
_BY_FORMAT = {kind.format: kind for kind in KINDS.values()}


def kind_of(document, default=MONITORING):
    """The kind of a report's document, by its "format"."""
    return _BY_FORMAT.get((document or {}).get("format"), default) if isinstance(document, dict) else default


def for_exercise(exercise):
    return KINDS[exercise.kind]
