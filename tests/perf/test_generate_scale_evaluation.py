"""generate_scale --evaluation at a small scale: every filing approved, a
绩效自评 round over the province with a report per filing, most of them
filled in as a unit's save leaves them (得分 by the rules, the overview's
figures stored), with grades that vary and nothing that blocks submission."""
import pytest
from django.core.management import call_command

from reports.checks import report_problems
from reports.evaluation_documents import fill_scores
from reports.models import Exercise, Report, ReportStatus
from reports.saving import evaluation_figures
from reviews.models import LogEntry
from targets.management.commands.generate_scale import province_reviewer_username
from targets.models import Filing, FilingStatus
from units.models import Region

UNITS, PROJECTS, ROWS, YEAR = 20, 2, 9, 2030


@pytest.fixture
def generated(db):
    call_command("generate_scale", units=UNITS, projects=PROJECTS, indicators=ROWS, year=YEAR, evaluation=True,
                 verbosity=0)


def test_a_round_over_the_province_with_a_report_per_approved_filing(generated):
    assert set(Filing.objects.values_list("status", flat=True)) == {FilingStatus.APPROVED}
    exercise = Exercise.objects.get()
    assert exercise.kind == Exercise.Kind.EVALUATION and exercise.months is None and exercise.year == YEAR
    assert exercise.region == Region.objects.get(level=Region.Level.PROVINCE)
    assert exercise.opened_by.username == province_reviewer_username(exercise.region.code)
    reports = Report.objects.filter(exercise=exercise)
    assert sorted(reports.values_list("filing", flat=True)) == sorted(Filing.objects.values_list("pk", flat=True))
    assert all(r.document["format"] == "evaluation/1" for r in reports)


def test_filled_reports_are_as_a_save_leaves_them(generated):
    reports = list(Report.objects.all())
    filled = [r for r in reports if r.touched]
    assert 0.4 * UNITS <= len(filled) < UNITS
    for report in reports:
        assert report.status == ReportStatus.DRAFT
        assert report.document == fill_scores(report.document)
        assert {key: getattr(report, key) for key in evaluation_figures(report.document)} \
            == evaluation_figures(report.document)
        assert report.version == (2 if report.touched else 1)
        assert LogEntry.objects.filter(report_id=report.pk, action="edit").count() == (1 if report.touched else 0)
    # Every filled report is scored and could be submitted; the grades vary.
    for report in filled:
        assert report.total_score is not None and report.execution_rate is not None
        assert [p.message for p in report_problems(report.document) if p.is_error] == []
    assert len({r.grade for r in filled}) >= 2
    assert all(r.total_score is None and r.grade == "" for r in reports if not r.touched)
