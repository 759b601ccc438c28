"""Notices about reports, as reviews.notices writes them for filings: an
in-app row (with the report and its filing) per person, e-mail once the
transaction commits."""
from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from reviews.models import Notice
from reviews.notices import send_mails, reviewers_of_unit, staff_of_unit
from reviews.actions import ACTIONS
from units import permissions
from units.models import User

RECIPIENTS = {permissions.UNIT_STAFF: staff_of_unit, permissions.REVIEWER: reviewers_of_unit}
# What happened to a report, in the notices' words.
VERBS = {"submit": "已提交，等待审核", "return": "已被退回，请按审核意见修改", "approve": "已被接受"}


def report_link(report):
    site = getattr(settings, "SITE_URL", "")
    if not site:
        return ""
    try:
        return "\n\n查看：" + site.rstrip("/") + reverse("reports:report", args=[report.pk])
    except NoReverseMatch:  # the report pages are not installed
        return ""


def report_title(report):
    exercise = report.exercise
    period = f"（{exercise.period_label}）" if exercise.period_label else ""
    return f"{exercise.year}年度“{report.unit.name}”的{exercise.get_kind_display()}报告{period}"


def _write(items):
    """items: [(person, report, round or None, message, subject)]: the rows,
    and the e-mails after the commit."""
    Notice.objects.bulk_create([
        Notice(recipient=person, filing_id=report.filing_id, report=report, round=round, message=message[:500])
        for person, report, round, message, _ in items
    ], batch_size=1000)
    mails = [(subject, message + report_link(report), settings.DEFAULT_FROM_EMAIL, [person.email])
             for person, report, round, message, subject in items if person.email]
    if mails:
        transaction.on_commit(lambda: send_mails(mails))


def notify_report_round(round):
    """The notices of a report's transition (ReviewAction.notify says whom)."""
    report = round.report
    message = f"{report_title(report)}{VERBS.get(round.action, ACTIONS[round.action].verb)}（{round.actor.display_name()}）"
    if round.comment:
        message += f"：{round.comment}"
    people = [person for kind in ACTIONS[round.action].notify for person in RECIPIENTS[kind](report.unit)
              if person.pk != round.actor_id]
    label = "接受" if round.action == "approve" else round.get_action_display()
    subject = f"【{report.exercise.get_kind_display()}】{report.exercise.year}年度 {report.unit.name} {label}"
    _write([(person, report, round, message, subject) for person in people])


def notify_opened(exercise, reports):
    """Each covered unit's staff: a report to fill, with the deadline."""
    by_unit = {}
    for person in User.objects.filter(role=User.Role.STAFF, is_active=True,
                                      unit_id__in={r.unit_id for r in reports}):
        by_unit.setdefault(person.unit_id, []).append(person)
    items = []
    for report in reports:
        message = (f"{report_title(report)}已发起，请于{exercise.deadline:%Y年%m月%d日}前填写并提交"
                   f"（{exercise.opened_by.display_name()}）")
        subject = f"【{exercise.get_kind_display()}】{exercise.title} {report.unit.name}"
        items.extend((person, report, None, message, subject) for person in by_unit.get(report.unit_id, []))
    _write(items)
