"""Opening a monitoring round: a report for exactly the approved filings of
the year in reach (none for drafts, submissions, other regions or another
year), made from the approved version, with a notice to each unit's staff;
who may open it for what; filings approved later or re-approved are
picked up."""
import pytest
from django.core.exceptions import PermissionDenied

from reports.documents import monitoring_document
from reports.models import Exercise, Report, ReportStatus
from reports.opening import OpeningError, open_evaluation, open_monitoring
from reviews.models import LogEntry, Notice, Round
from reviews.transitions import transition

from .core_support import DEADLINE, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def reported_units(exercise):
    return sorted(report.unit.name for report in Report.objects.filter(exercise=exercise))


def test_a_county_round_covers_its_approved_filings_of_the_year_only(world):
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)

    assert exercise.months == 7 and exercise.kind == Exercise.Kind.MONITORING
    assert exercise.title == "2024年度绩效运行监控（1–7月）"
    # Not the draft, the submission, last year's filing or the other county's.
    assert reported_units(exercise) == ["甲县已通过单位"]


def test_a_province_round_takes_every_county_and_no_other_province(world):
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, months=6, region=world.province)

    assert reported_units(exercise) == ["乙县已通过单位", "甲县已通过单位"]
    assert {r.document["months"] for r in exercise.reports.all()} == {6}


def test_chosen_units_take_only_those_with_an_approved_filing(world):
    places = world.places
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE,
                               units=[places["a_draft"].unit, places["b_approved"].unit])

    assert reported_units(exercise) == ["乙县已通过单位"]
    assert set(exercise.units.all()) == {places["a_draft"].unit, places["b_approved"].unit}


def test_another_year_takes_that_years_filings(world):
    exercise = open_monitoring(world.admin, year=2023, deadline=DEADLINE, region=world.province)

    assert reported_units(exercise) == ["甲县上年单位"]


def test_the_report_is_a_draft_made_from_the_approved_version(world):
    approved = world.places["a_approved"]
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, months=8, region=world.county_a)

    report = exercise.reports.get()
    approval = Round.objects.get(filing=approved.filing, action="approve")
    assert report.status == ReportStatus.DRAFT and report.is_editable
    assert report.filing == approved.filing and report.unit == approved.unit
    assert report.source_round == approval
    assert report.document == monitoring_document(approval.snapshot, 8)
    # Nothing entered yet: nothing lit, every budget and indicator unjudged.
    assert (report.red, report.yellow, report.green, report.blue) == (0, 0, 0, 0)
    indicators = sum(len(p["indicators"]) for p in report.document["projects"])
    assert report.unjudged == indicators + len(report.document["projects"])
    entry = LogEntry.objects.get(report=report)
    assert entry.action == "create" and entry.filing_id is None and "截止日期 2024-08-20" in entry.summary


def test_the_units_staff_are_told_with_the_deadline_and_nobody_else(world):
    places = world.places
    open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)

    notices = Notice.objects.filter(report__isnull=False).select_related("report")
    assert sorted(n.recipient.unit.name for n in notices) == ["乙县已通过单位", "甲县已通过单位"]
    notice = notices.get(recipient=places["a_approved"].staff)
    assert notice.report.filing == places["a_approved"].filing == notice.filing
    assert notice.message == ("2024年度“甲县已通过单位”的运行监控报告（1–7月）已发起，"
                              f"请于2024年08月20日前填写并提交（{world.reviewer.display_name()}）")
    assert not Notice.objects.filter(recipient=places["a_draft"].staff, report__isnull=False).exists()


def test_a_reviewer_opens_only_inside_the_jurisdiction(world):
    with pytest.raises(OpeningError) as refused:
        open_monitoring(world.county_reviewer, year=2024, deadline=DEADLINE, region=world.province)
    assert refused.value.message == "“监控省”不在您的审核辖区内。"
    with pytest.raises(OpeningError) as refused:
        open_monitoring(world.reviewer, year=2024, deadline=DEADLINE,
                        units=[world.places["other_approved"].unit])
    assert refused.value.message == "“他省已通过单位”不在您的审核辖区内。"
    assert not Exercise.objects.exists() and not Report.objects.exists()

    # The county's own reviewer may.
    exercise = open_monitoring(world.county_reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    assert reported_units(exercise) == ["甲县已通过单位"]


def test_an_admin_opens_anywhere(world):
    exercise = open_monitoring(world.admin, year=2024, deadline=DEADLINE, region=world.other_province)
    assert reported_units(exercise) == ["他省已通过单位"]


def test_unit_staff_cannot_open_a_round(world):
    with pytest.raises(PermissionDenied):
        open_monitoring(world.places["a_approved"].staff, year=2024, deadline=DEADLINE, region=world.county_a)
    assert not Exercise.objects.exists()


@pytest.mark.parametrize("kwargs, message", [
    ({"months": 9}, "监控期间只能是 1–6月、1–7月、1–8月。"),
    ({"region": None}, "请选择监控范围：一个行政区划，或指定的预算单位。"),
    ({"units": "both"}, "监控范围只能是一个行政区划或指定的预算单位，不能同时选择。"),
    ({"deadline": None}, "请填写截止日期。"),
])
def test_a_round_asked_wrongly_is_refused_in_chinese(world, kwargs, message):
    arguments = {"year": 2024, "deadline": DEADLINE, "region": world.county_a, **kwargs}
    if arguments.get("units") == "both":
        arguments["units"] = [world.places["a_approved"].unit]
    with pytest.raises(OpeningError) as refused:
        open_monitoring(world.reviewer, **arguments)
    assert refused.value.message == message
    assert not Exercise.objects.exists()


def test_a_filing_approved_after_the_opening_is_picked_up(world):
    late = world.places["a_submitted"]
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    other_year = open_monitoring(world.reviewer, year=2023, deadline=DEADLINE, region=world.county_a)
    elsewhere = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_b)

    approval = transition(late.filing.pk, world.reviewer, "approve")

    report = Report.objects.get(exercise=exercise, filing=late.filing)
    assert report.status == ReportStatus.DRAFT and report.source_round == approval
    assert report.document == monitoring_document(approval.snapshot, 7)
    assert Notice.objects.filter(recipient=late.staff, report=report).count() == 1
    assert not Report.objects.filter(exercise__in=[other_year, elsewhere], filing=late.filing).exists()


def test_a_chosen_units_round_picks_up_that_unit_only(world):
    late = world.places["a_submitted"]
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, units=[late.unit])
    assert reported_units(exercise) == []

    transition(late.filing.pk, world.reviewer, "approve")

    assert reported_units(exercise) == ["甲县已提交单位"]


def reapprove(world, place, reason="调整项目预算"):
    transition(place.filing.pk, world.admin, "reopen", comment=reason)
    transition(place.filing.pk, place.staff, "submit")
    return transition(place.filing.pk, world.reviewer, "approve")


def test_a_re_approval_refreshes_an_untouched_draft(world):
    place = world.places["a_approved"]
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    first = exercise.reports.get()

    approval = reapprove(world, place)

    report = exercise.reports.get()
    assert report.pk == first.pk and report.source_round == approval != first.source_round
    assert report.version == first.version + 1
    assert LogEntry.objects.filter(report=report, action="refresh").count() == 1


def test_a_re_approval_leaves_a_report_the_unit_has_started(world):
    place = world.places["a_approved"]
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    report = exercise.reports.get()
    report.document["projects"][0]["goal_progress"] = "已完成过半"
    report.touched = True
    report.save()

    reapprove(world, place)

    kept = exercise.reports.get()
    assert kept.source_round == report.source_round
    assert kept.document["projects"][0]["goal_progress"] == "已完成过半"
    assert exercise.reports.count() == 1


def test_an_explicit_refresh_adds_what_is_missing_once(world, monkeypatch):
    """A filing approved while the round was being opened is not seen by
    its approval's pick-up (the round is not committed yet): add_missing_reports
    makes its report, and nothing twice."""
    from reports import opening

    late = world.places["a_submitted"]
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    monkeypatch.setattr(opening, "pick_up", lambda filing, round: [])
    approval = transition(late.filing.pk, world.reviewer, "approve")
    assert reported_units(exercise) == ["甲县已通过单位"]

    assert opening.add_missing_reports(exercise) == 1
    assert opening.add_missing_reports(exercise) == 0

    assert reported_units(exercise) == ["甲县已提交单位", "甲县已通过单位"]
    assert exercise.reports.get(filing=late.filing).source_round == approval


def test_the_same_round_is_not_opened_twice_for_the_same_scope(world):
    first = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)
    with pytest.raises(OpeningError) as refused:
        open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)
    assert refused.value.message.startswith("2024年度绩效运行监控（1–7月）已于")
    assert "不能重复发起" in refused.value.message
    assert Report.objects.count() == first.reports.count()
    # Another period, or another kind, is another round.
    assert open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, months=8, region=world.province)
    assert open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)


def test_a_wider_round_of_the_same_period_takes_only_the_filings_no_round_holds(world):
    """One report per filing and period: a province round after its county A's
    leaves county A's unit in the county round, now and on a later approval."""
    county = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    province = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)
    assert reported_units(county) == ["甲县已通过单位"]
    assert reported_units(province) == ["乙县已通过单位"]

    late = world.places["a_submitted"]
    transition(late.filing.pk, world.reviewer, "approve")
    assert reported_units(county) == ["甲县已提交单位", "甲县已通过单位"]
    assert reported_units(province) == ["乙县已通过单位"]
    # Another period is another report.
    august = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, months=8, region=world.province)
    assert reported_units(august) == ["乙县已通过单位", "甲县已提交单位", "甲县已通过单位"]
