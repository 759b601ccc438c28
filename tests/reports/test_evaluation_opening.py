"""Opening a self-evaluation round (绩效自评): a report for exactly the
approved filings of the year in reach (none for drafts, submissions, other
regions or another year), made from the final approved version (after a
调整, the re-approved one) as an evaluation/1 document; filings approved
later are picked up, an untouched draft follows a re-approval; a monitoring
round of the same year is left as it was."""
import pytest
from django.core.exceptions import PermissionDenied

from reports.documents import monitoring_document
from reports.evaluation_documents import evaluation_document
from reports.models import Exercise, Report, ReportStatus
from reports.opening import OpeningError, add_missing_reports, open_evaluation, open_monitoring
from reviews.models import LogEntry, Notice, Round
from reviews.transitions import transition
from targets.models import Project

from .core_support import DEADLINE, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def reported_units(exercise):
    return sorted(report.unit.name for report in Report.objects.filter(exercise=exercise))


def test_a_county_round_covers_its_approved_filings_of_the_year_only(world):
    exercise = open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)

    assert exercise.kind == Exercise.Kind.EVALUATION and exercise.months is None
    assert exercise.title == "2024年度绩效自评"
    # Not the draft, the submission, last year's filing or the other county's.
    assert reported_units(exercise) == ["甲县已通过单位"]


def test_a_province_round_takes_every_county_and_no_other_province(world):
    exercise = open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)

    assert reported_units(exercise) == ["乙县已通过单位", "甲县已通过单位"]


def test_chosen_units_and_another_year(world):
    places = world.places
    chosen = open_evaluation(world.reviewer, year=2024, deadline=DEADLINE,
                             units=[places["a_draft"].unit, places["b_approved"].unit])
    last_year = open_evaluation(world.admin, year=2023, deadline=DEADLINE, region=world.province)

    assert reported_units(chosen) == ["乙县已通过单位"]
    assert reported_units(last_year) == ["甲县上年单位"]


def test_the_report_is_an_evaluation_draft_of_the_approved_version(world):
    approved = world.places["a_approved"]
    exercise = open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)

    report = exercise.reports.get()
    approval = Round.objects.get(filing=approved.filing, action="approve")
    assert report.status == ReportStatus.DRAFT and report.is_editable and report.is_evaluation
    assert report.source_round == approval
    assert report.document == evaluation_document(approval.snapshot)
    assert report.document["format"] == "evaluation/1" and "months" not in report.document
    # Nothing entered yet: no score, no grade, no execution rate; no lights.
    assert (report.total_score, report.grade, report.execution_rate) == (None, "", None)
    assert (report.review_total, report.review_grade, report.final_grade) == (None, "", "")
    assert (report.red, report.unjudged) == (0, 0)
    entry = LogEntry.objects.get(report=report)
    assert entry.action == "create" and "2024年度绩效自评：发起，截止日期 2024-08-20" == entry.summary
    assert Notice.objects.filter(recipient=approved.staff, report=report).count() == 1


def reapprove(world, place, name="调整后的项目名称"):
    """调整: the admin reopens the approved filing, the unit renames its
    first project and resubmits, the reviewer approves again."""
    transition(place.filing.pk, world.admin, "reopen", comment="调整项目")
    project = Project.objects.filter(filing=place.filing).order_by("order", "pk").first()
    project.name = name
    project.save()
    transition(place.filing.pk, place.staff, "submit")
    return transition(place.filing.pk, world.reviewer, "approve")


def test_after_an_adjustment_the_report_is_made_from_the_last_approval(world):
    place = world.places["a_approved"]
    first = Round.objects.get(filing=place.filing, action="approve")
    final = reapprove(world, place)

    exercise = open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)

    report = exercise.reports.get()
    assert report.source_round == final != first
    assert report.document["projects"][0]["name"] == "调整后的项目名称"
    assert first.snapshot["projects"][0]["name"] != "调整后的项目名称"
    assert report.document == evaluation_document(final.snapshot)


def test_a_filing_under_adjustment_is_not_reported_until_approved_again(world):
    place = world.places["a_approved"]
    transition(place.filing.pk, world.admin, "reopen", comment="调整项目")

    exercise = open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    assert reported_units(exercise) == []

    transition(place.filing.pk, place.staff, "submit")
    approval = transition(place.filing.pk, world.reviewer, "approve")

    report = exercise.reports.get()
    assert report.source_round == approval and report.document == evaluation_document(approval.snapshot)


def test_a_later_approval_is_picked_up_by_both_kinds_of_round(world):
    late = world.places["a_submitted"]
    evaluation = open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    monitoring = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    other_year = open_evaluation(world.reviewer, year=2023, deadline=DEADLINE, region=world.county_a)

    approval = transition(late.filing.pk, world.reviewer, "approve")

    report = Report.objects.get(exercise=evaluation, filing=late.filing)
    assert report.document == evaluation_document(approval.snapshot)
    assert Report.objects.get(exercise=monitoring, filing=late.filing).document == monitoring_document(
        approval.snapshot, 7)
    assert not Report.objects.filter(exercise=other_year, filing=late.filing).exists()
    # Nothing missing afterwards: the explicit refresh adds nothing.
    assert add_missing_reports(evaluation) == 0


def test_a_re_approval_refreshes_an_untouched_draft_only(world):
    place = world.places["a_approved"]
    exercise = open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)
    untouched = exercise.reports.get(unit=place.unit)
    started = exercise.reports.get(unit=world.places["b_approved"].unit)
    started.document["projects"][0]["goal_outcome"] = "已全部完成"
    started.touched = True
    started.save()

    approval = reapprove(world, place)
    reapprove(world, world.places["b_approved"], name="乙县调整后")

    untouched.refresh_from_db()
    assert untouched.source_round == approval and untouched.version == 2
    assert untouched.document == evaluation_document(approval.snapshot)
    started.refresh_from_db()
    assert started.document["projects"][0]["goal_outcome"] == "已全部完成"
    assert started.document["projects"][0]["name"] != "乙县调整后"


def test_who_may_open_and_where(world):
    with pytest.raises(PermissionDenied) as refused:
        open_evaluation(world.places["a_approved"].staff, year=2024, deadline=DEADLINE, region=world.county_a)
    assert str(refused.value) == "只有审核人和管理员可以发起绩效自评。"
    with pytest.raises(OpeningError) as wrong:
        open_evaluation(world.county_reviewer, year=2024, deadline=DEADLINE, region=world.province)
    assert wrong.value.message == "“监控省”不在您的审核辖区内。"
    with pytest.raises(OpeningError) as wrong:
        open_evaluation(world.reviewer, year=2024, deadline=DEADLINE)
    assert wrong.value.message == "请选择自评范围：一个行政区划，或指定的预算单位。"
    assert not Exercise.objects.exists()

    exercise = open_evaluation(world.admin, year=2024, deadline=DEADLINE, region=world.other_province)
    assert reported_units(exercise) == ["他省已通过单位"]


def test_the_units_staff_are_told_of_a_self_evaluation_without_a_period(
        world, mailoutbox, django_capture_on_commit_callbacks):
    staff = world.places["a_approved"].staff
    staff.email = "jia@example.cn"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):  # e-mail goes once the opening commits
        open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)
    notice = Notice.objects.get(recipient=world.places["a_approved"].staff, report__isnull=False)
    assert notice.message == ("2024年度“甲县已通过单位”的绩效自评报告已发起，"
                              f"请于2024年08月20日前填写并提交（{world.reviewer.display_name()}）")
    assert [mail.subject for mail in mailoutbox] == ["【绩效自评】2024年度绩效自评 甲县已通过单位"]
    entry = LogEntry.objects.get(report=notice.report)
    assert entry.action_label == "发起"
