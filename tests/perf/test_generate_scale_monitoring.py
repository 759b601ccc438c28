"""generate_scale --monitoring at a small scale: every filing approved, a
1–7月 round over the province with a report per filing, most of them filled
in as a unit's save leaves them, with lights of every colour."""
import pytest
from django.core.management import call_command

from reports.checks import report_problems
from reports.judging import counts, document_lights
from reports.models import Exercise, Report, ReportStatus
from reviews.models import LogEntry
from targets.management.commands.generate_scale import province_reviewer_username
from targets.models import Filing, FilingStatus
from units.models import Region

UNITS, PROJECTS, ROWS, YEAR = 20, 2, 9, 2030


@pytest.fixture
def generated(db):
    call_command("generate_scale", units=UNITS, projects=PROJECTS, indicators=ROWS, year=YEAR, monitoring=True,
                 verbosity=0)


def test_a_round_over_the_province_with_a_report_per_approved_filing(generated):
    assert set(Filing.objects.values_list("status", flat=True)) == {FilingStatus.APPROVED}
    exercise = Exercise.objects.get()
    assert exercise.kind == Exercise.Kind.MONITORING and exercise.months == 7 and exercise.year == YEAR
    assert exercise.region == Region.objects.get(level=Region.Level.PROVINCE)
    assert exercise.opened_by.username == province_reviewer_username(exercise.region.code)
    reports = Report.objects.filter(exercise=exercise)
    assert sorted(reports.values_list("filing", flat=True)) == sorted(Filing.objects.values_list("pk", flat=True))
    assert all(r.source_round_id for r in reports)  # made from the approved snapshot


def test_filled_reports_are_as_a_save_leaves_them(generated):
    reports = list(Report.objects.all())
    filled = [r for r in reports if r.touched]
    assert 0.4 * UNITS <= len(filled) < UNITS
    for report in reports:
        assert report.status == ReportStatus.DRAFT
        stored = {key: getattr(report, key) for key in ("red", "yellow", "green", "blue", "unjudged", "worst")}
        assert stored == counts(document_lights(report.document))
        assert report.version == (2 if report.touched else 1)
        edits = LogEntry.objects.filter(report_id=report.pk, action="edit")
        assert edits.count() == (1 if report.touched else 0)
    # Lights vary, and every red or yellow one is explained as submission asks.
    assert sum(r.red for r in filled) and sum(r.yellow for r in filled) and sum(r.green for r in filled)
    for report in filled:
        assert [p.message for p in report_problems(report.document) if p.is_error] == []
        assert LogEntry.objects.get(report_id=report.pk, action="edit").changes
