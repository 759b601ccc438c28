"""Last year's results beside next year's filing (issue 18 item 6): per
continuing indicator its approved target and the actual value of the unit's
self-evaluation of the year before, for the editor, the review page and the
checks (targets.checks.last_year).

Which report: the unit's evaluation reports (Exercise.kind evaluation) of
filing.year − 1 that were submitted; of these the accepted one (已接受),
else the one submitted (已提交) last, by its last change. Drafts and
returned reports are the unit's work in progress and are not read.

Which indicator continues: a 年度 row of a project of this year's filing
whose 项目名称 and 三级指标 are those of a project and indicator of that
report, each compared after NFKC with whitespace removed
(targets.checks.last_year.indicator_key: "满意度（%）" = "满意度(%)"). Where
last year's report names an indicator twice in a project, the first counts.
"""
from typing import NamedTuple

from django.db.models import Case, IntegerField, Value, When

from targets.checks.last_year import indicator_key

from .models import Exercise, Report, ReportStatus

# A page asks for the results of one filing several times (its checks, its
# rows): they are read once and kept on the filing object for its request.
_KEPT = "_last_year_results"


class LastYear(NamedTuple):
    target: str  # 年度指标值 as approved last year
    actual: str  # 实际完成值 as the unit wrote it ("" while blank)
    status: str  # the report's ReportStatus

    @property
    def line(self):
        """"上年：目标 ≥3600条，实际 4100条", and that the figures are not yet
        accepted where the report is only submitted."""
        pending = "（上年自评尚未接受）" if self.status != ReportStatus.APPROVED else ""
        return f"上年：目标 {self.target or '（空）'}，实际 {self.actual or '未填写'}{pending}"


def _candidates(**lookups):
    """The reports that may count, the one that counts first."""
    return (
        Report.objects.filter(exercise__kind=Exercise.Kind.EVALUATION,
                              status__in=(ReportStatus.APPROVED, ReportStatus.SUBMITTED), **lookups)
        .annotate(accepted=Case(When(status=ReportStatus.APPROVED, then=Value(0)), default=Value(1),
                                output_field=IntegerField()))
        .order_by("accepted", "-updated_at", "-id")
    )


def last_year_report(filing):
    """(document, status) of the report chosen as the module says, or None:
    one query."""
    return (_candidates(unit_id=filing.unit_id, exercise__year=filing.year - 1)
            .values_list("document", "status").first())


def prime_last_year_results(filings):
    """Read last_year_results of many filings at once (a unit's home page
    counts the problems of each year's filing): one query for all."""
    filings = [f for f in filings if getattr(f, _KEPT, None) is None]
    for filing in filings:
        setattr(filing, _KEPT, {})
    wanted = {(f.unit_id, f.year - 1): f for f in filings if f.unit_id}
    if not wanted:
        return
    chosen = {}
    reports = _candidates(unit_id__in={unit for unit, _ in wanted},
                          exercise__year__in={year for _, year in wanted})
    for unit, year, document, status in reports.values_list("unit_id", "exercise__year", "document", "status"):
        chosen.setdefault((unit, year), (document, status))
    for key, (document, status) in chosen.items():
        if key in wanted:
            setattr(wanted[key], _KEPT, results_of(document, status))


def results_of(document, status):
    """{indicator_key(project, 三级): LastYear} of an evaluation/1 document."""
    results = {}
    for project in document.get("projects") or ():
        for item in project.get("indicators") or ():
            key = indicator_key(project.get("name"), item.get("name"))
            if key not in results:
                results[key] = LastYear(_text(item.get("value")), _text(item.get("actual")), status)
    return results


def last_year_results(filing):
    """{(project name, 三级 name) normalised: LastYear} for `filing` from its
    unit's report of the year before; {} where there is none. Kept on the
    filing object, so a page reads it once."""
    kept = getattr(filing, _KEPT, None)
    if kept is None:
        chosen = last_year_report(filing) if filing.unit_id else None
        kept = results_of(*chosen) if chosen else {}
        setattr(filing, _KEPT, kept)
    return kept


def last_year_for(filing, project_name, indicator_name, period=None):
    """Last year's LastYear of one row of `filing`, or None (中期 rows have none)."""
    if period == "midterm":
        return None
    return last_year_results(filing).get(indicator_key(project_name, indicator_name))


def _text(value):
    return value.strip() if isinstance(value, str) else ""
