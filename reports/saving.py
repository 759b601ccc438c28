"""Saving what a unit typed into its report (运行监控 or 绩效自评): one
guarded path, like targets.services.editing for a filing. The report is
locked, must be editable now, and must not have been saved by someone else
since the page was opened (the version the page saw); the figures the
overview lists are refreshed in the same write: light counts for a
monitoring report; total score, grade and execution rate (and the 复核's)
for a self-evaluation report, whose document is validated
(validate_evaluation) and has its computed 得分 filled in (fill_scores)."""
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from targets.interchange.diff import Change

from . import fields
from .evaluation_documents import FORMAT as EVALUATION_FORMAT
from .evaluation_documents import fill_scores, score_evaluation
from .evaluation_interchange import validate_evaluation
from .history import record_report
from .judging import counts, document_lights
from .models import Report
from .rules.explain import round_points, to_decimal
from .rules.scoring import execution_rate, grade

LIGHT_FIELDS = ("red", "yellow", "green", "blue", "unjudged", "worst")
EVALUATION_FIELDS = ("total_score", "grade", "execution_rate", "review_total", "review_grade")
# The reviewer's keys of an evaluation row: written by reports.review_scores only.
REVIEW_KEYS = ("review_score", "review_reason")


class NotEditable(Exception):
    """The report is not a draft or returned (any more)."""


class EditConflict(Exception):
    """Someone saved the report after the page was opened."""

    def __init__(self, current):
        super().__init__("报告已被他人修改")
        self.current = current


class InvalidDocument(Exception):
    """An evaluation/1 document validate_evaluation refuses; `problems` name
    each JSON path in Chinese."""

    def __init__(self, problems):
        self.problems = list(problems)
        self.message = f"自评报告有 {len(self.problems)} 处格式错误：{self.problems[0].message}"
        super().__init__(self.message)


def is_evaluation(document):
    return (document or {}).get("format") == EVALUATION_FORMAT


def light_counts(document):
    """The Report columns the overview lists, for a monitoring document."""
    return counts(document_lights(document))


def _mean(numbers):
    if not numbers or any(n is None for n in numbers):
        return None
    return round_points(sum(numbers, Decimal(0)) / len(numbers))


def evaluation_figures(document, scores=None):
    """The Report columns of an evaluation/1 document: total_score (its one
    project's total, or the mean of its projects' totals; None while any is
    unscored), grade, execution_rate (Σ全年执行数 ÷ Σ全年预算数 of the
    projects' 年度资金总额, a blank 全年预算数 counting as the 年初预算数),
    and review_total / review_grade the same from the 复核 scores (the rows
    without one keep the unit's), None / "" where no 复核 was set."""
    projects = (scores or score_evaluation(document))["projects"]
    total = _mean([to_decimal(p["total"]) for p in projects])
    budget, executed = Decimal(0), Decimal(0)
    for project in document.get("projects") or []:
        row = (project.get("budget") or {}).get("total") or {}
        base = to_decimal(row.get("full_year") if row.get("full_year") is not None else row.get("initial"))
        spent = to_decimal(row.get("executed"))
        if base is None or spent is None:
            budget = None
            break
        budget, executed = budget + base, executed + spent
    rate = execution_rate(budget=budget, executed=executed) if budget is not None and projects else None
    review_total = None
    if any(p["reviewed"] for p in projects):
        review_total = _mean([to_decimal(p["review_total"] if p["reviewed"] else p["total"]) for p in projects])
    return {"total_score": total, "grade": grade(total), "execution_rate": rate,
            "review_total": review_total, "review_grade": grade(review_total)}


def figures(document):
    """The Report columns the overview lists, for a document of either kind."""
    return evaluation_figures(document) if is_evaluation(document) else light_counts(document)


def _keep_review(old, new):
    """`new` (changed in place and returned) holding the 复核 keys of `old`
    row by row (none on a row `old` has not): the unit saving its report
    never changes the reviewer's scores."""
    old_projects = old.get("projects") or []
    for p, project in enumerate(new.get("projects") or []):
        before = (old_projects[p].get("indicators") or []) if p < len(old_projects) else []
        for i, item in enumerate(project.get("indicators") or []):
            for key in REVIEW_KEYS:
                item[key] = before[i].get(key) if i < len(before) else None
    return new


def save_report(report_pk, document, version_seen, user, answers=None):
    """Write `document` into the report if it is still at `version_seen`,
    and the unit's answers to its 整改 requirements ({pk: text}); returns
    the saved report. Raises NotEditable or EditConflict, and for a
    self-evaluation report InvalidDocument (checked before anything else);
    there the computed 得分 are filled in and the 复核 keys kept as they
    were (reports.review_scores writes them)."""
    evaluation = is_evaluation(document)
    if evaluation:
        problems = validate_evaluation(document)
        if problems:
            raise InvalidDocument(problems)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_pk)
        if not report.is_editable:
            raise NotEditable(f"此报告{report.get_status_display()}，不能修改。")
        if version_seen != report.version:
            raise EditConflict(report)
        if evaluation != is_evaluation(report.document):
            raise InvalidDocument([_wrong_format(report)])
        if evaluation:
            document = _keep_review(report.document, fill_scores(document))
        changes = document_changes(report.document, document) + _answer(report, answers or {})
        report.document = document
        columns = figures(document)
        for key, value in columns.items():
            setattr(report, key, value)
        report.version += 1
        report.touched = True
        report.save(update_fields=["document", "version", "touched", *columns, "updated_at"])
        _record(report, user, changes)
    return report


def _wrong_format(report):
    from targets.interchange.schema import Problem

    expected = report.document.get("format")
    return Problem("format", f"此报告的格式应为“{expected}”")


def _answer(report, answers):
    """Write the answers that changed; an answer given counts as answered
    (the submission's check asks for every open requirement's answer)."""
    changes = []
    for rectification in report.rectifications.filter(pk__in=list(answers)):
        answer = answers[rectification.pk]
        if answer == rectification.answer:
            continue
        changes.append(_change(f"rectifications[{rectification.pk}]", "整改要求", "整改情况",
                               rectification.answer, answer))
        rectification.answer = answer
        rectification.answered_at = timezone.now() if answer.strip() else None
        rectification.save(update_fields=["answer", "answered_at"])
    return changes


def _record(report, user, changes):
    noun = "自评报告" if is_evaluation(report.document) else "监控报告"
    record_report(report, user, "edit", summary=f"保存{noun}（{len(changes)} 处修改）", changes=changes)


def document_changes(old, new):
    """Each entered field that differs, labelled as reports/fields.py names
    it (the subject is the project, or the project and indicator)."""
    if is_evaluation(new):
        return _evaluation_changes(old, new)
    months = new.get("months")
    result = []
    for p, (before, after) in enumerate(zip(old.get("projects") or [], new.get("projects") or [])):
        subject = after.get("name") or f"项目{p + 1}"
        for key in fields.entered("monitoring.project"):
            if before.get(key) != after.get(key):
                result.append(_change(f"projects[{p}].{key}", subject, fields.label("monitoring.project", key, months),
                                      before.get(key), after.get(key)))
        for row_key, row_label in fields.BUDGET_ROWS:
            b = (before.get("budget") or {}).get(row_key) or {}
            a = (after.get("budget") or {}).get(row_key) or {}
            for key in fields.entered("monitoring.budget"):
                if b.get(key) != a.get(key):
                    label = f"{row_label}{fields.label('monitoring.budget', key, months)}"
                    result.append(_change(f"projects[{p}].budget.{row_key}.{key}", subject, label,
                                          b.get(key), a.get(key)))
        for i, (b, a) in enumerate(zip(before.get("indicators") or [], after.get("indicators") or [])):
            for key in fields.entered("monitoring.indicator"):
                if b.get(key) != a.get(key):
                    old_value, new_value = b.get(key), a.get(key)
                    if key == "reasons":
                        old_value, new_value = "、".join(old_value or []), "、".join(new_value or [])
                    result.append(_change(f"projects[{p}].indicators[{i}].{key}",
                                          f"{subject} · {a.get('name') or f'指标{i + 1}'}",
                                          fields.label("monitoring.indicator", key, months), old_value, new_value))
    return result


def _change(location, subject, label, old, new):
    return Change(kind="changed", location=location, subject=subject, field=label, old=old, new=new)


def _evaluation_changes(old, new):
    """document_changes for evaluation/1: the unit's fields (and the
    computed 得分 that follow them, and the 复核 keys when a reviewer sets
    them), labelled as reports/fields.py names them."""
    result = []
    for p, (before, after) in enumerate(zip(old.get("projects") or [], new.get("projects") or [])):
        subject = after.get("name") or f"项目{p + 1}"
        for key in fields.entered("evaluation.project"):
            if before.get(key) != after.get(key):
                result.append(_change(f"projects[{p}].{key}", subject, fields.label("evaluation.project", key),
                                      before.get(key), after.get(key)))
        for row_key, row_label in fields.BUDGET_ROWS:
            b = (before.get("budget") or {}).get(row_key) or {}
            a = (after.get("budget") or {}).get(row_key) or {}
            for key in fields.entered("evaluation.budget"):
                if b.get(key) != a.get(key):
                    result.append(_change(f"projects[{p}].budget.{row_key}.{key}", subject,
                                          f"{row_label}{fields.label('evaluation.budget', key)}",
                                          b.get(key), a.get(key)))
        for i, (b, a) in enumerate(zip(before.get("indicators") or [], after.get("indicators") or [])):
            for key in fields.entered("evaluation.indicator"):
                if b.get(key) != a.get(key):
                    result.append(_change(f"projects[{p}].indicators[{i}].{key}",
                                          f"{subject} · {a.get('name') or f'指标{i + 1}'}",
                                          fields.label("evaluation.indicator", key), b.get(key), a.get(key)))
    return result
