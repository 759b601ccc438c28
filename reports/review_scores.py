"""复核 (抽评): a reviewer's own score for an indicator of a submitted
self-evaluation report, with the reason, before the report is accepted.

    set_review_score(report, user, project, indicator, score, reason) -> Report
    may_set_review_scores(report, user) -> bool

The score and reason are kept in the row's review_score / review_reason
(docs/evaluation-format.md); the report then shows both scores, and its
grade is the 复核's (Report.review_total / review_grade, Report.final_grade).
Each change is an entry of the report's history. The unit's saves never
touch these keys (reports.saving keeps them)."""
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from config.texts import MAX_COMMENT_LENGTH, text_problem
from targets.interchange.diff import CHANGED, Change
from units import permissions

from . import fields
from .history import record_report
from .models import Report, ReportStatus
from .rules.explain import is_blank, points, to_decimal
from .saving import evaluation_figures, is_evaluation
from .visibility import reports_for_user

REVIEW_SCORE = permissions.Rule(
    (permissions.REVIEWER,), "只有辖区审核人可以设置复核得分。",
    when=lambda report: report.status == ReportStatus.SUBMITTED,
)


class ReviewScoreError(Exception):
    """A 复核 score refused; `message` is for the reviewer (Chinese)."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


def may_set_review_scores(report, user):
    """Whether the page shows this user the 复核 inputs of a report they can see."""
    return is_evaluation(report.document) and permissions.may(user, REVIEW_SCORE, report)


def set_review_score(report, user, project, indicator, score, reason):
    """Set (or, with score None or "", clear) the 复核 score of indicator
    `indicator` of project `project` (indexes into the document) with its
    reason; returns the saved report.

    Raises Report.DoesNotExist for a report outside the user's reach (404),
    PermissionDenied for anyone but a reviewer, ReviewScoreError for a
    report not submitted or not a self-evaluation, a row that does not
    exist, a score that is not a number or outside 0 to the row's 分值, or
    an empty reason."""
    pk = report.pk if isinstance(report, Report) else report
    with transaction.atomic():
        report = reports_for_user(user).select_for_update(of=("self",)).get(pk=pk)
        permissions.check_actor(user, REVIEW_SCORE, report)
        if not is_evaluation(report.document):
            raise ReviewScoreError("只有绩效自评报告可以设置复核得分。")
        if not permissions.may(user, REVIEW_SCORE, report):
            raise ReviewScoreError(
                f"这份报告当前状态为“{report.get_status_display()}”，只能在提交后、接受前设置复核得分。")
        document = report.document
        try:
            project_doc = document["projects"][int(project)]
            item = project_doc["indicators"][int(indicator)]
            if int(project) < 0 or int(indicator) < 0:
                raise IndexError
        except (IndexError, KeyError, TypeError, ValueError):
            raise ReviewScoreError("报告中没有这个指标。") from None

        old_score, old_reason = item.get("review_score"), item.get("review_reason")
        if score is None or is_blank(str(score)):
            new_score, new_reason = None, None
        else:
            new_score, new_reason = _checked(item, score, reason)
        if (new_score, new_reason) == (old_score, old_reason):
            return report

        item["review_score"], item["review_reason"] = new_score, new_reason
        subject = (f"{project_doc.get('name') or f'项目{int(project) + 1}'} · "
                   f"{item.get('name') or f'指标{int(indicator) + 1}'}")
        where = f"projects[{int(project)}].indicators[{int(indicator)}]"
        changes = [
            Change(CHANGED, f"{where}.{key}", subject, fields.label("evaluation.indicator", key), old, new)
            for key, old, new in (("review_score", old_score, new_score), ("review_reason", old_reason, new_reason))
            if old != new
        ]
        report.document = document
        columns = evaluation_figures(document)
        for key, value in columns.items():
            setattr(report, key, value)
        report.version += 1
        report.save(update_fields=["document", "version", *columns, "updated_at"])
        if new_score is None:
            summary = f"取消复核得分：{subject}"
        else:
            summary = f"复核得分：{subject} {new_score} 分（自评 {item.get('score') or '未得分'}）。复核理由：{new_reason}"
        record_report(report, user, "review_score", summary=summary, changes=changes)
    return report


def _checked(item, score, reason):
    """(score as two-decimal text, reason) or ReviewScoreError."""
    number = to_decimal(score)
    if number is None:
        raise ReviewScoreError(f"复核得分“{str(score).strip()[:20]}”不是数字。")
    weight = to_decimal(item.get("weight"))
    if weight is None:
        raise ReviewScoreError("该指标尚无分值，不能复核评分。")
    if number < 0 or number > weight:
        raise ReviewScoreError(f"复核得分应在 0–{points(weight)} 分之间。")
    reason = (reason or "").strip()
    if not reason:
        raise ReviewScoreError("请填写复核理由。")
    problem = text_problem(reason, MAX_COMMENT_LENGTH)
    if problem:
        raise ReviewScoreError(f"复核理由{problem}。")
    return points(Decimal(number)), reason


__all__ = ["REVIEW_SCORE", "ReviewScoreError", "may_set_review_scores", "set_review_score"]
