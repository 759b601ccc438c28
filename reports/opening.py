"""Opening a round of reports (运行监控 or 绩效自评) and keeping it up to date.

open_monitoring() and open_evaluation(), both open_round(): a reviewer for
their jurisdiction, or an admin, opens a round of a year for a region (and
everything below it) or a chosen list of units; every APPROVED filing of
that year in scope gets a draft Report made from its final approved version
(the snapshot of its last 通过 round, as reviews.transitions keeps it, so
after a 调整 the re-approved one), in bulk, with a history entry each and a
notice to the unit's staff. The round's kind chooses the document
(monitoring/1 by reports.documents, evaluation/1 by
reports.evaluation_documents) and the figures the overview lists (light
counts, or score, grade and execution rate).

add_missing_reports(): the reports of a round that are missing (what
opening does; called again, an explicit refresh).

pick_up(): called by reviews.transitions when a filing is approved: the
year's rounds of either kind covering its unit get a report for it when
they have none (approved after the round opened), and a report nobody has
filled in yet (a draft, untouched) follows a re-approval after 调整. A
report the unit has started keeps the version it was made from
(source_round says which)."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from reviews.models import LogEntry, Round
from targets.interchange import export_document, load_filing
from targets.models import Filing, FilingStatus
from targets.visibility import filings_q, units_for_user
from units import permissions
from units.models import BudgetUnit

from .documents import monitoring_document
from .evaluation_documents import evaluation_document
from .fields import DEFAULT_MONTHS, MONTH_CHOICES
from .history import record_report
from .models import Exercise, Report, ReportStatus
from .notifying import notify_opened
from .visibility import region_in_reach

OPEN_ROUND = permissions.Rule((permissions.REVIEWER, permissions.ADMIN), "只有审核人和管理员可以发起运行监控。")
OPEN_EVALUATION = permissions.Rule((permissions.REVIEWER, permissions.ADMIN), "只有审核人和管理员可以发起绩效自评。")
# What a round of each kind is called in the opening's messages.
SCOPE_NOUN = {Exercise.Kind.MONITORING: "监控", Exercise.Kind.EVALUATION: "自评"}
# Filings whose documents are held in memory at once while opening.
CHUNK = 200


class OpeningError(Exception):
    """A round that cannot be opened as asked; `message` is for the form."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


def open_monitoring(user, *, year, deadline, months=DEFAULT_MONTHS, region=None, units=()):
    """Open a monitoring round and create its reports; returns the Exercise.

    Raises PermissionDenied for anyone but a reviewer or an admin, and
    OpeningError for a period other than 1–6/7/8月, no scope, both scopes,
    or a scope outside a reviewer's jurisdiction."""
    return open_round(user, kind=Exercise.Kind.MONITORING, year=year, deadline=deadline, months=months,
                      region=region, units=units)


def open_evaluation(user, *, year, deadline, region=None, units=()):
    """Open a self-evaluation round (绩效自评) of `year` and create its
    reports, each made from its filing's final approved version; returns
    the Exercise. Raises as open_monitoring does."""
    return open_round(user, kind=Exercise.Kind.EVALUATION, year=year, deadline=deadline, region=region,
                      units=units)


def open_round(user, *, kind, year, deadline, months=None, region=None, units=()):
    """Open a round of either kind (months: monitoring's period, ignored for
    a self-evaluation) and create its reports; returns the Exercise."""
    evaluation = kind == Exercise.Kind.EVALUATION
    permissions.check(user, OPEN_EVALUATION if evaluation else OPEN_ROUND)
    noun = SCOPE_NOUN[kind]
    units = list(units or ())
    if evaluation:
        months = None
    elif months not in MONTH_CHOICES:
        raise OpeningError(f"监控期间只能是 {'、'.join(f'1–{m}月' for m in MONTH_CHOICES)}。")
    if deadline is None:
        raise OpeningError("请填写截止日期。")
    if region is None and not units:
        raise OpeningError(f"请选择{noun}范围：一个行政区划，或指定的预算单位。")
    if region is not None and units:
        raise OpeningError(f"{noun}范围只能是一个行政区划或指定的预算单位，不能同时选择。")
    if region is not None and not region_in_reach(user, region):
        raise OpeningError(f"“{region.name}”不在您的审核辖区内。")
    reach = set(units_for_user(user).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
    outside = [u for u in units if u.pk not in reach]
    if outside:
        raise OpeningError(f"“{outside[0].name}”不在您的审核辖区内。")

    same = _same_round(kind, year, months, region, units)
    if same is not None:
        raise OpeningError(f"{same.title}已于{timezone.localtime(same.opened_at):%Y年%m月%d日}对同一范围发起，"
                           "不能重复发起（范围内新通过的申报可在该任务中“刷新”补充）。")

    with transaction.atomic():
        exercise = Exercise.objects.create(kind=kind, year=year, months=months,
                                           deadline=deadline, region=region, opened_by=user)
        if units:
            exercise.units.set(units)
        add_missing_reports(exercise, user)
    return exercise


def _same_round(kind, year, months, region, units):
    """A round of this kind, year and period over exactly this scope (the
    same region, or the same chosen units), if one was opened already: its
    units would get a second report to fill for the same period."""
    rounds = Exercise.objects.filter(kind=kind, year=year, months=months)
    if region is not None:
        return rounds.filter(region=region).order_by("opened_at").first()
    wanted = {u.pk for u in units}
    for exercise in rounds.filter(region__isnull=True).prefetch_related("units").order_by("opened_at"):
        if {u.pk for u in exercise.units.all()} == wanted:
            return exercise
    return None


def add_missing_reports(exercise, user=None):
    """A report for every approved filing of the round's year in its scope
    (and in its opener's reach) that has none yet; returns how many were
    made. Opening a round is this; called again it is the explicit refresh
    (a filing approved while the round was being opened, whose approval
    could not see the round yet)."""
    user = user or exercise.opened_by
    scope = (Q(unit__region__path__startswith=exercise.region.path) if exercise.region_id
             else Q(unit__in=exercise.units.all()))
    filings = (Filing.objects.filter(scope, filings_q(exercise.opened_by), year=exercise.year,
                                     status=FilingStatus.APPROVED)
               .exclude(pk__in=_reports_of_the_period(exercise).values("filing"))
               .annotate(approved_round=Subquery(_last_approval(OuterRef("pk"))))
               .order_by("unit__code", "pk").values_list("pk", "unit_id", "approved_round"))
    rows = list(filings)
    for start in range(0, len(rows), CHUNK):
        _create_reports(exercise, rows[start:start + CHUNK], user)
    return len(rows)


def _reports_of_the_period(exercise):
    """Reports of the exercise's kind, year and period, in it or in another
    round: a filing has one report to fill per period, so a round over a
    wider scope (a province after one of its counties) takes only the
    filings no earlier round holds."""
    return Report.objects.filter(exercise__kind=exercise.kind, exercise__year=exercise.year,
                                 exercise__months=exercise.months)


def _last_approval(filing_ref):
    return (Round.objects.filter(filing=filing_ref, action="approve").order_by("-number").values("pk")[:1])


def approved_document(filing_id, round):
    """The filing/1 document as approved: the 通过 round's snapshot; a
    filing approved without a round (loaded as approved) is exported."""
    if round is not None:
        return round.snapshot
    return export_document(load_filing(filing_id))


def report_document(exercise, filing_document):
    """A fresh report document of the round's kind for an approved filing/1 document."""
    if exercise.kind == Exercise.Kind.EVALUATION:
        return evaluation_document(filing_document)
    return monitoring_document(filing_document, exercise.months)


def report_figures(document):
    """The Report columns the overview lists for a document of either kind."""
    from .saving import figures

    return figures(document)


def _report(exercise, filing_id, unit_id, round):
    document = report_document(exercise, approved_document(filing_id, round))
    return Report(exercise=exercise, filing_id=filing_id, unit_id=unit_id,
                  source_round_id=round.pk if round is not None else None,
                  status=ReportStatus.DRAFT, document=document, **report_figures(document))


def _create_reports(exercise, rows, user):
    rounds = Round.objects.in_bulk([round_id for _, _, round_id in rows if round_id])
    reports = Report.objects.bulk_create(
        [_report(exercise, filing_id, unit_id, rounds.get(round_id)) for filing_id, unit_id, round_id in rows])
    summary = f"{exercise.title}：发起，截止日期 {exercise.deadline:%Y-%m-%d}"
    LogEntry.objects.bulk_create([
        LogEntry(report_id=report.pk, user=user, action="create", summary=summary) for report in reports
    ])
    # The notices' words name the unit: fetched once per chunk.
    names = BudgetUnit.objects.in_bulk({report.unit_id for report in reports})
    for report in reports:
        report.unit = names[report.unit_id]
    notify_opened(exercise, reports)


def pick_up(filing, approve_round):
    """The year's rounds of both kinds (monitoring and self-evaluation)
    covering the filing's unit, after it was approved (approve_round): a
    report where there is none, the new approved version in a draft nobody
    has filled in. Returns the reports created or refreshed."""
    unit = filing.unit
    ids = [part for part in unit.region.path.strip("/").split("/") if part]
    ancestors = ["/" + "/".join(ids[:n]) + "/" for n in range(1, len(ids) + 1)]
    exercises = (Exercise.objects.filter(year=filing.year)
                 .filter(Q(region__path__in=ancestors) | Q(units=unit)).distinct().select_related("opened_by")
                 .order_by("opened_at", "pk"))
    changed = []
    for exercise in exercises:
        report = Report.objects.select_for_update().filter(exercise=exercise, filing=filing).first()
        if report is None and _reports_of_the_period(exercise).filter(filing=filing).exists():
            continue  # the earliest round of the period covering the unit holds its report
        if report is None:
            report = _report(exercise, filing.pk, unit.pk, approve_round)
            report.save()
            report.unit = unit
            record_report(report, approve_round.actor, "create",
                          summary=f"{exercise.title}：申报{approve_round.cycle_label}审核通过后加入")
            notify_opened(exercise, [report])
            changed.append(report)
        elif report.status == ReportStatus.DRAFT and not report.touched:
            fresh = _report(exercise, filing.pk, unit.pk, approve_round)
            report.document, report.source_round = fresh.document, approve_round
            for key in report_figures(fresh.document):
                setattr(report, key, getattr(fresh, key))
            report.version += 1
            report.save()
            record_report(report, approve_round.actor, "refresh",
                          summary=f"申报{approve_round.cycle_label}重新审核通过，报告按通过的版本更新")
            changed.append(report)
    return changed
