"""A self-evaluation report from saving to acceptance: the unit's save
(validated, computed 得分 filled in, total, grade and execution rate on the
report), the checks before submission (errors at the field, in the scoring
rules' Chinese), submit / return / accept through the filings' transition
function, and the reviewer's 复核 scores (stored in the document with the
reason, in the history, the grade from 复核). Another unit's staff and
another province's reviewer do not find the report (404)."""
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from reports.checks import errors, report_problems
from reports.models import Report, ReportStatus
from reports.opening import open_evaluation
from reports.review_scores import ReviewScoreError, may_set_review_scores, set_review_score
from reports.rules.scoring import band_points
from reports.saving import InvalidDocument, save_report
from reports.visibility import reports_for_user
from reviews.models import LogEntry, Round
from reviews.transitions import REPORT, CheckErrors, CommentRequired, TransitionNotAllowed, transition

from .core_support import DEADLINE, make_world
from .evaluation_support import is_qualitative

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def report(world):
    exercise = open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    return exercise.reports.get()


def filled(document):
    """Every field the unit fills: the money fully spent, every target met,
    qualitative rows 达成年度指标 at the top of their band."""
    for project in document["projects"]:
        project["goal_outcome"] = "全年目标全部完成。"
        total = project["budget"]["total"]
        total["full_year"], total["executed"] = total["initial"], total["initial"]
        for item in project["indicators"]:
            if is_qualitative(item):
                item["actual"] = "已完成"
                item["achievement"] = "达成年度指标"
                item["score"] = str(band_points(item["weight"], "达成年度指标")[1])
            else:
                item["actual"] = item["value"]
    return document


def first_qualitative(document):
    for i, item in enumerate(document["projects"][0]["indicators"]):
        if is_qualitative(item):
            return i
    raise AssertionError("no qualitative row")


def saved(report, document, user):
    return save_report(report.pk, document, report.version, user)


def submitted(world, report):
    staff = world.places["a_approved"].staff
    report = saved(report, filled(report.document), staff)
    transition(report.pk, staff, "submit", kind=REPORT)
    report.refresh_from_db()
    return report


def test_saving_fills_the_scores_and_the_overview_figures(world, report):
    staff = world.places["a_approved"].staff
    document = filled(report.document)
    document["projects"][0]["indicators"][0]["review_score"] = "0"  # not the unit's to set

    report = saved(report, document, staff)

    item = report.document["projects"][0]["indicators"]
    assert all(row["score"] is not None for row in item)
    assert item[0]["review_score"] is None
    assert (report.total_score, report.grade, report.execution_rate) == (Decimal("100.00"), "优", Decimal("100.00"))
    assert (report.review_total, report.review_grade, report.final_grade) == (None, "", "优")
    assert report.version == 2 and report.touched
    entry = LogEntry.objects.filter(report=report, action="edit").get()
    assert entry.summary.startswith("保存自评报告（")
    assert errors(report_problems(report.document)) == []


def test_a_document_the_format_refuses_is_not_saved(world, report):
    document = report.document
    document["projects"][0]["indicators"][0]["weight"] = "很多"

    with pytest.raises(InvalidDocument) as refused:
        saved(report, document, world.places["a_approved"].staff)

    assert refused.value.problems[0].path == "projects[0].indicators[0].weight"
    assert Report.objects.get(pk=report.pk).version == 1


def test_an_unfilled_report_cannot_be_submitted(world, report):
    staff = world.places["a_approved"].staff
    with pytest.raises(CheckErrors) as refused:
        transition(report.pk, staff, "submit", kind=REPORT)

    messages = {problem.location: problem.message for problem in refused.value.problems}
    name = report.document["projects"][0]["indicators"][2]["name"]  # the 延误率 row, quantitative
    assert messages["projects[0].budget.total.executed"] == "请填写年度资金总额的全年执行数。"
    assert messages["projects[0].indicators[2].actual"] == f"“{name}”：请填写实际完成值。"
    q = first_qualitative(report.document)
    assert messages[f"projects[0].indicators[{q}].achievement"].startswith(
        f"“{report.document['projects'][0]['indicators'][q]['name']}”：定性指标：请选择达成情况")
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_a_qualitative_score_outside_its_band_blocks_submission_at_the_field(world, report):
    staff = world.places["a_approved"].staff
    document = filled(report.document)
    q = first_qualitative(document)
    item = document["projects"][0]["indicators"][q]
    item["achievement"] = "部分达成并具有一定效果"  # 60–80 % of 12.50: 7.50–10.00
    item["score"] = "12"
    report = saved(report, document, staff)

    with pytest.raises(CheckErrors) as refused:
        transition(report.pk, staff, "submit", kind=REPORT)

    assert [(p.location, p.message) for p in refused.value.problems] == [
        (f"projects[0].indicators[{q}].score",
         f"“{item['name']}”：定性指标“部分达成并具有一定效果”的得分应在 7.50–10.00 分之间"),
    ]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.total_score is None and report.grade == ""


def test_weights_not_summing_to_90_block_submission(world, report):
    staff = world.places["a_approved"].staff
    document = filled(report.document)
    document["projects"][0]["indicators"][-1]["weight"] = "9.00"
    report = saved(report, document, staff)

    with pytest.raises(CheckErrors) as refused:
        transition(report.pk, staff, "submit", kind=REPORT)

    assert [(p.location, p.message) for p in refused.value.problems] == [
        ("projects[0].indicators", "各指标分值合计应为 90 分，现为 89 分"),
    ]


def test_submit_review_score_and_accept(world, report):
    report = submitted(world, report)
    assert report.status == ReportStatus.SUBMITTED
    reviewer = world.reviewer
    assert may_set_review_scores(report, reviewer)
    assert not may_set_review_scores(report, world.places["a_approved"].staff)

    report = set_review_score(report, reviewer, 0, 0, "2.5", "会议纪要不全，佐证不足。")

    row = report.document["projects"][0]["indicators"][0]
    assert (row["score"], row["review_score"], row["review_reason"]) == ("12.50", "2.50", "会议纪要不全，佐证不足。")
    # 自评 100 (优), 复核 90 (优 at the edge); a second 复核 brings it to 良.
    assert (report.total_score, report.grade, report.review_total, report.review_grade) == (
        Decimal("100.00"), "优", Decimal("90.00"), "优")
    report = set_review_score(report.pk, reviewer, 0, 1, "10", "一次会议延期。")
    assert (report.review_total, report.review_grade, report.final_grade) == (Decimal("87.50"), "良", "良")
    assert report.grade == "优"
    entry = LogEntry.objects.filter(report=report, action="review_score").order_by("id").first()
    assert entry.user == reviewer and "复核理由：会议纪要不全，佐证不足。" in entry.summary
    assert [(c["field"], c["old"], c["new"]) for c in entry.changes] == [
        ("复核得分", None, "2.50"), ("复核理由", None, "会议纪要不全，佐证不足。")]

    round = transition(report.pk, reviewer, "approve", kind=REPORT)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.get_status_display() == "已接受"
    assert round.snapshot["projects"][0]["indicators"][0]["review_score"] == "2.50"
    assert LogEntry.objects.filter(report=report, action="approve").get().summary == "第1轮：接受"
    # The report's rounds are its own; the filing keeps its submit and approve.
    assert list(Round.objects.filter(report=report).order_by("number").values_list("action", flat=True)) == [
        "submit", "approve"]
    assert Round.objects.filter(filing=report.filing).count() == 2
    with pytest.raises(ReviewScoreError) as late:
        set_review_score(report, reviewer, 0, 0, "12.5", "改回")
    assert late.value.message == "这份报告当前状态为“已接受”，只能在提交后、接受前设置复核得分。"


def test_a_return_needs_a_comment_and_lets_the_unit_edit_again(world, report):
    report = submitted(world, report)
    with pytest.raises(CommentRequired):
        transition(report.pk, world.reviewer, "return", kind=REPORT)

    transition(report.pk, world.reviewer, "return", "请补充佐证材料", kind=REPORT)

    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.is_editable
    with pytest.raises(TransitionNotAllowed):
        transition(report.pk, world.reviewer, "approve", kind=REPORT)


@pytest.mark.parametrize("score, reason, message", [
    ("13", "超出分值", "复核得分应在 0–12.50 分之间。"),
    ("-1", "负数", "复核得分应在 0–12.50 分之间。"),
    ("十分", "不是数字", "复核得分“十分”不是数字。"),
    ("5", "  ", "请填写复核理由。"),
])
def test_a_review_score_refused_in_chinese(world, report, score, reason, message):
    report = submitted(world, report)

    with pytest.raises(ReviewScoreError) as refused:
        set_review_score(report, world.reviewer, 0, 0, score, reason)

    assert refused.value.message == message
    report.refresh_from_db()
    assert report.document["projects"][0]["indicators"][0]["review_score"] is None and report.version == 2
    assert not LogEntry.objects.filter(report=report, action="review_score").exists()


def test_review_scores_only_for_a_submitted_report_and_a_reviewer(world, report):
    with pytest.raises(ReviewScoreError) as draft:
        set_review_score(report, world.reviewer, 0, 0, "5", "理由")
    assert draft.value.message == "这份报告当前状态为“草稿”，只能在提交后、接受前设置复核得分。"
    report = submitted(world, report)
    with pytest.raises(PermissionDenied):
        set_review_score(report, world.places["a_approved"].staff, 0, 0, "5", "理由")
    with pytest.raises(ReviewScoreError) as missing:
        set_review_score(report, world.reviewer, 0, 99, "5", "理由")
    assert missing.value.message == "报告中没有这个指标。"

    set_review_score(report, world.reviewer, 0, 0, "5", "理由")
    cleared = set_review_score(report, world.reviewer, 0, 0, None, "")
    assert cleared.document["projects"][0]["indicators"][0]["review_score"] is None
    assert (cleared.review_total, cleared.review_grade, cleared.final_grade) == (None, "", "优")


def test_another_units_staff_and_another_province_do_not_find_the_report(world, report):
    report = submitted(world, report)
    stranger = world.places["b_approved"].staff
    assert not reports_for_user(stranger).filter(pk=report.pk).exists()
    assert not reports_for_user(world.other_reviewer).filter(pk=report.pk).exists()

    with pytest.raises(Report.DoesNotExist):
        transition(report.pk, stranger, "return", "x", kind=REPORT)
    with pytest.raises(Report.DoesNotExist):
        set_review_score(report, world.other_reviewer, 0, 0, "5", "理由")
    with pytest.raises(Report.DoesNotExist):
        transition(report.pk, world.other_reviewer, "approve", kind=REPORT)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.review_total is None


def test_a_report_of_two_projects_lists_the_mean_total_and_the_overall_execution_rate(world, report):
    """The overview's figures of a report holding several projects: the
    mean of their totals, the grade of that mean, Σ执行数 ÷ Σ预算数."""
    import copy

    from reports.saving import evaluation_figures

    document = filled(report.document)
    second = copy.deepcopy(document["projects"][0])
    second["budget"]["total"].update(full_year="0.26", executed="0.13")  # 50 %: 5 of 10 points
    document["projects"].append(second)

    figures = evaluation_figures(document)

    # 100 and 95: mean 97.50 (优); (0.14 + 0.13) ÷ (0.14 + 0.26) = 67.50 %.
    assert figures == {"total_score": Decimal("97.50"), "grade": "优", "execution_rate": Decimal("67.50"),
                       "review_total": None, "review_grade": ""}
    second["indicators"][0]["review_score"] = "0"
    figures = evaluation_figures(document)
    # 复核 on the second project only: (100 + 82.50) ÷ 2.
    assert (figures["review_total"], figures["review_grade"]) == (Decimal("91.25"), "优")
