"""A monitoring report goes through the filings' transition function:
submit (refused while a red or yellow indicator has no reason or measure,
with the message at the field), return with a comment, accept; each with
its round, history entry and notices, the filing's own rounds and history
untouched. 调整 from a report reopens the filing and links the two."""
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections

from reports.adjustment import request_adjustment
from reports.models import Report, ReportStatus
from reports.opening import open_monitoring
from reviews import transitions
from reviews.models import LogEntry, Notice, Round
from reviews.transitions import (
    REPORT, CheckErrors, CommentRequired, TransitionNotAllowed, available_actions, transition,
)
from targets.models import Filing, FilingStatus

from tests.reviews.test_concurrency import shared_database  # noqa: F401 (a fixture)

from .core_support import DEADLINE, lagging, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def report(world):
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    return exercise.reports.get()


def save(report, document):
    """The unit's entries written as the report page saves them."""
    report.document = document
    report.touched = True
    report.save()


def with_red(report):
    document = report.document
    p, i = lagging(document)
    save(report, document)
    return p, i


def explain(report, p, i):
    document = report.document
    item = document["projects"][p]["indicators"][i]
    item["reasons"] = ["经费保障"]
    item["reason_text"] = "资金拨付滞后"
    item["measures"] = "下半年加快执行"
    save(report, document)


def test_red_without_reason_blocks_submission_with_the_message_at_the_field(world, report):
    staff = world.places["a_approved"].staff
    p, i = with_red(report)
    name = report.document["projects"][p]["indicators"][i]["name"]

    with pytest.raises(CheckErrors) as refused:
        transition(report.pk, staff, "submit", kind=REPORT)

    messages = {problem.location: problem.message for problem in refused.value.problems}
    assert messages == {
        f"projects[{p}].indicators[{i}].reasons": f"“{name}”为红灯，请选择或填写偏差原因。",
        f"projects[{p}].indicators[{i}].measures": f"“{name}”为红灯，请填写纠偏措施。",
    }
    assert refused.value.message == "审核规则发现 2 处错误，修改后才能提交。"
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert not Round.objects.filter(report=report).exists()
    assert not LogEntry.objects.filter(report=report, action="submit").exists()


def test_submit_return_with_comment_and_accept(world, report):
    staff = world.places["a_approved"].staff
    filing = report.filing
    filing_rounds = list(Round.objects.filter(filing=filing).values_list("pk", flat=True))
    filing_entries = LogEntry.objects.filter(filing_id=filing.pk).count()
    p, i = with_red(report)
    explain(report, p, i)

    submitted = transition(report.pk, staff, "submit", kind=REPORT)
    assert (submitted.report_id, submitted.filing_id, submitted.number, submitted.cycle) == (report.pk, None, 1, 1)
    assert submitted.snapshot == Report.objects.get(pk=report.pk).document
    assert submitted.to_status_label == "已提交"
    # The province reviewer and the county's reviewer are told; not the unit.
    told = Notice.objects.filter(round=submitted)
    assert {n.recipient for n in told} == {world.reviewer, world.county_reviewer}
    assert {n.report_id for n in told} == {report.pk} and {n.filing_id for n in told} == {filing.pk}
    assert told.first().message.startswith("2024年度“甲县已通过单位”的运行监控报告（1–7月）已提交，等待审核")

    with pytest.raises(CommentRequired) as refused:
        transition(report.pk, world.reviewer, "return", kind=REPORT)
    assert refused.value.message == "退回时必须填写审核意见。"
    returned = transition(report.pk, world.reviewer, "return", comment="请补充纠偏措施的时间安排", kind=REPORT)
    notice = Notice.objects.get(round=returned)
    assert notice.recipient == staff
    assert notice.message.endswith("已被退回，请按审核意见修改（%s）：请补充纠偏措施的时间安排"
                                   % world.reviewer.display_name())

    transition(report.pk, staff, "submit", kind=REPORT)
    accepted = transition(report.pk, world.reviewer, "approve", comment="同意", kind=REPORT)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.get_status_display() == "已接受"
    assert accepted.to_status_label == "已接受" and accepted.cycle == 2
    history = list(LogEntry.objects.filter(report=report).order_by("created_at", "id"))
    assert [e.action for e in history] == ["create", "submit", "return", "submit", "approve"]
    assert [e.action_label for e in history] == ["发起", "提交", "退回", "提交", "接受"]
    assert history[2].summary == "第1轮：退回。审核意见：请补充纠偏措施的时间安排"
    assert history[4].summary == "第2轮：接受。审核意见：同意"
    assert history[4].changes[0]["old"] == "已提交" and history[4].changes[0]["new"] == "已接受"
    assert Notice.objects.get(round=accepted).message.startswith(
        "2024年度“甲县已通过单位”的运行监控报告（1–7月）已被接受")
    # The filing's rounds and history are its own.
    assert list(Round.objects.filter(filing=filing).values_list("pk", flat=True)) == filing_rounds
    assert LogEntry.objects.filter(filing_id=filing.pk).count() == filing_entries
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.APPROVED


def test_who_may_act_on_a_report(world, report):
    staff = world.places["a_approved"].staff
    assert [a.name for a in available_actions(report, staff)] == ["submit"]
    assert available_actions(report, world.reviewer) == []

    with pytest.raises(PermissionDenied) as refused:
        transition(report.pk, world.reviewer, "submit", kind=REPORT)
    assert str(refused.value) == "只有本单位填报人可以提交这份报告。"
    transition(report.pk, staff, "submit", kind=REPORT)
    with pytest.raises(PermissionDenied) as refused:
        transition(report.pk, staff, "approve", kind=REPORT)
    assert str(refused.value) == "只有辖区审核人可以接受这份报告。"
    # A report is neither withdrawn nor reopened: it asks for the filing's 调整.
    for action in ("withdraw", "reopen"):
        with pytest.raises(TransitionNotAllowed):
            transition(report.pk, world.admin, action, kind=REPORT)
    transition(report.pk, world.reviewer, "approve", kind=REPORT)
    with pytest.raises(TransitionNotAllowed) as refused:
        transition(report.pk, world.county_reviewer, "return", comment="再看看", kind=REPORT)
    assert refused.value.message == "这份报告当前状态为“已接受”，不能退回。"


def test_nobody_outside_reaches_the_report(world, report):
    outsiders = [world.places["b_approved"].staff, world.places["other_approved"].staff, world.other_reviewer]
    transition(report.pk, world.places["a_approved"].staff, "submit", kind=REPORT)
    for person, action in [(outsiders[0], "withdraw"), (outsiders[1], "submit"), (world.other_reviewer, "approve")]:
        with pytest.raises((Report.DoesNotExist, TransitionNotAllowed)):
            transition(report.pk, person, action, kind=REPORT)
    with pytest.raises(Report.DoesNotExist):
        transition(report.pk, world.other_reviewer, "approve", kind=REPORT)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_an_admin_asks_for_adjustment_from_a_report_and_both_are_linked(world, report):
    filing = report.filing

    round = request_adjustment(report.pk, world.admin, "执行进度严重滞后，需调整年度指标")

    filing.refresh_from_db()
    report.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT
    assert round.filing == filing and round.action == "reopen" and round.adjustment
    assert report.adjustment_round == round
    assert list(round.adjusted_reports.all()) == [report]
    assert round.comment == "执行进度严重滞后，需调整年度指标（由2024年度“甲县已通过单位”的运行监控报告（1–7月）发起）"
    filing_entry = LogEntry.objects.get(filing_id=filing.pk, action="reopen")
    assert "运行监控报告（1–7月）发起" in filing_entry.summary
    report_entry = LogEntry.objects.get(report=report, action="adjust")
    assert report_entry.summary.startswith("发起调整：申报已重新打开（第2轮（调整））。理由：执行进度严重滞后，需调整年度指标")
    # The unit's staff hear of the reopening as for any 调整.
    assert Notice.objects.filter(round=round, recipient=world.places["a_approved"].staff).exists()


def test_a_reviewer_cannot_reopen_the_filing_from_a_report(world, report):
    with pytest.raises(PermissionDenied):
        request_adjustment(report.pk, world.reviewer, "需调整")
    report.refresh_from_db()
    assert report.adjustment_round is None
    assert Filing.objects.get(pk=report.filing_id).status == FilingStatus.APPROVED
    assert not LogEntry.objects.filter(report=report, action="adjust").exists()


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_deciding_at_once_make_exactly_one_transition(shared_database, monkeypatch):
    world = make_world()
    exercise = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    report = exercise.reports.get()
    transition(report.pk, world.places["a_approved"].staff, "submit", kind=REPORT)
    subject = transitions.SUBJECTS[REPORT]
    document = subject.document

    def slow(report):  # widen the window between reading the status and committing
        time.sleep(0.3)
        return document(report)

    monkeypatch.setattr(subject, "document", slow)
    barrier = threading.Barrier(2)
    results = []

    def attempt(user, action, comment):
        try:
            barrier.wait(timeout=10)
            transition(report.pk, user, action, comment=comment, kind=REPORT)
            results.append((action, "done"))
        except TransitionNotAllowed as refused:
            results.append((action, refused.message))
        except Exception as failure:  # reported by the assertion below
            results.append((action, repr(failure)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=a) for a in
               [(world.reviewer, "approve", ""), (world.county_reviewer, "return", "请补充")]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    done = [action for action, outcome in results if outcome == "done"]
    assert len(results) == 2 and len(done) == 1, results
    winner = done[0]
    status = {"approve": ReportStatus.APPROVED, "return": ReportStatus.RETURNED}[winner]
    refused = [outcome for action, outcome in results if outcome != "done"]
    assert refused == [f"这份报告当前状态为“{status.label}”，不能{'退回' if winner == 'approve' else '接受'}。"]
    assert Report.objects.get(pk=report.pk).status == status
    assert [r.action for r in Round.objects.filter(report_id=report.pk).order_by("number")] == ["submit", winner]
    assert LogEntry.objects.filter(report_id=report.pk, action__in=["approve", "return"]).count() == 1
