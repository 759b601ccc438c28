"""Replacing a report's whole document with a document from outside (the
API's PUT, the import_report command, an uploaded workbook): a
monitoring/1 or evaluation/1 document as the report's kind says
(reports.kinds), validated, the approved part left exactly as the report
holds it, then written by reports.saving.save_report (version guard, the
overview's figures, history; for a self-evaluation report the computed
得分 filled in and the reviewer's 复核 keys kept as they were)."""
from targets.interchange.schema import Problem

from . import fields
from .kinds import kind_of
from .saving import save_report


class DocumentRefused(Exception):
    """The document cannot replace the report's; `problems` name each JSON path."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("；".join(str(p) for p in self.problems[:5]))


def _shown(value):
    return "空" if value is None else f"“{value}”"


def _approved(part, path, old, new, problems, months=None):
    for field in fields.fields_of(part):
        if field.approved and old.get(field.key) != new.get(field.key):
            problems.append(Problem(f"{path}.{field.key}" if path else field.key,
                                    f"{field.label_for(months)}是审核通过的内容，不能修改"
                                    f"（应为{_shown(old.get(field.key))}）"))


def approved_problems(stored, document):
    """Where a valid document differs from the stored one in what the unit
    may not change: the approved fields, the projects, indicator rows and
    money rows (their number and order), the format, period and unit."""
    problems = []
    kind = kind_of(stored)
    top, project_part, budget_part, indicator_part = kind.parts
    months = stored.get("months")
    for key, label in kind.fixed.items():
        if stored.get(key) != document.get(key):
            problems.append(Problem(key, f"{label}不能修改（应与报告一致）"))
    _approved(top, "", stored, document, problems, months)
    old_projects, new_projects = stored.get("projects") or [], document.get("projects") or []
    if len(old_projects) != len(new_projects):
        problems.append(Problem("projects", f"应有 {len(old_projects)} 个项目（与审核通过的申报一致），"
                                            f"实际是 {len(new_projects)} 个"))
        return problems
    for p, (old, new) in enumerate(zip(old_projects, new_projects)):
        where = f"projects[{p}]"
        _approved(project_part, where, old, new, problems, months)
        for row_key, row_label in fields.BUDGET_ROWS:
            old_row = (old.get("budget") or {}).get(row_key)
            new_row = (new.get("budget") or {}).get(row_key)
            if (old_row is None) != (new_row is None):
                problems.append(Problem(f"{where}.budget.{row_key}",
                                        f"{row_label}{'应为空（申报中没有这一行）' if old_row is None else '不能为空'}"))
            elif old_row is not None:
                _approved(budget_part, f"{where}.budget.{row_key}", old_row, new_row, problems, months)
        old_items, new_items = old.get("indicators") or [], new.get("indicators") or []
        if len(old_items) != len(new_items):
            problems.append(Problem(f"{where}.indicators", f"应有 {len(old_items)} 个指标（与审核通过的申报一致），"
                                                          f"实际是 {len(new_items)} 个"))
            continue
        for i, (old_item, new_item) in enumerate(zip(old_items, new_items)):
            _approved(indicator_part, f"{where}.indicators[{i}]", old_item, new_item, problems, months)
    return problems


def replace_document(report, document, version_seen, user):
    """Write `document` into `report` (a Report the caller may edit) if it
    is valid, keeps the approved part and the report is still at
    `version_seen`; returns the saved report. Raises DocumentRefused, and
    reports.saving's NotEditable or EditConflict; nothing is written then."""
    problems = kind_of(report.document).validate(document)
    if not problems:
        problems = approved_problems(report.document, document)
    if problems:
        raise DocumentRefused(problems)
    return save_report(report.pk, document, version_seen, user)
