"""Saving what a unit typed into its monitoring report: one guarded path,
like targets.services.editing for a filing. The report is locked, must be
editable now, and must not have been saved by someone else since the page
was opened (the version the page saw); its light counts are refreshed in
the same write."""
from django.db import transaction
from django.utils import timezone

from targets.interchange.diff import Change

from . import fields
from .history import record_report
from .judging import counts, document_lights
from .models import Report


class NotEditable(Exception):
    """The report is not a draft or returned (any more)."""


class EditConflict(Exception):
    """Someone saved the report after the page was opened."""

    def __init__(self, current):
        super().__init__("报告已被他人修改")
        self.current = current


def light_counts(document):
    """The Report columns the overview lists, for a document."""
    return counts(document_lights(document))


def save_report(report_pk, document, version_seen, user, answers=None):
    """Write `document` into the report if it is still at `version_seen`,
    and the unit's answers to its 整改 requirements ({pk: text}); returns
    the saved report. Raises NotEditable or EditConflict."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_pk)
        if not report.is_editable:
            raise NotEditable(f"此报告{report.get_status_display()}，不能修改。")
        if version_seen != report.version:
            raise EditConflict(report)
        changes = document_changes(report.document, document) + _answer(report, answers or {})
        report.document = document
        for key, value in light_counts(document).items():
            setattr(report, key, value)
        report.version += 1
        report.touched = True
        report.save(update_fields=["document", "version", "touched", "red", "yellow", "green", "blue",
                                   "unjudged", "worst", "updated_at"])
        _record(report, user, changes)
    return report


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
    record_report(report, user, "edit", summary=f"保存监控报告（{len(changes)} 处修改）", changes=changes)


def document_changes(old, new):
    """Each entered field that differs, labelled as reports/fields.py names
    it (the subject is the project, or the project and indicator)."""
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
