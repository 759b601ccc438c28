"""The state table and transition(): who may do what from which state, and
what every transition leaves behind (round, snapshot, log, notices)."""
import copy

import pytest
from django.core import mail
from django.urls import reverse
from django.core.exceptions import PermissionDenied

from reviews.actions import ACTIONS
from reviews.comments import add_comment
from reviews.models import Comment, LogEntry, Notice, Opening, Round
from reviews.transitions import (
    CheckErrors,
    CommentRequired,
    InvalidConclusion,
    TransitionNotAllowed,
    available_actions,
    transition,
)
from targets.checks import run_checks
from targets.interchange import export_document, load_filing
from targets.models import Filing, FilingStatus
from tests import factories
from tests.conftest import load_example

from .conftest import client_for, submitted

ROLES = ["staff", "reviewer", "admin"]
# The rule itself, written out: who takes each action.
EXPECTED_ACTOR = {"submit": "staff", "withdraw": "staff", "return": "reviewer", "approve": "reviewer", "reopen": "admin"}


def actor(world, role):
    return {"staff": world.home.staff, "reviewer": world.home.reviewer, "admin": world.admin}[role]


def test_the_state_table():
    table = {name: (sorted(action.sources), action.target) for name, action in ACTIONS.items()}
    assert table == {
        "submit": (["draft", "returned"], "submitted"),
        "withdraw": (["submitted"], "draft"),
        "return": (["submitted"], "returned"),
        "approve": (["submitted"], "approved"),
        "reopen": (["approved"], "draft"),
    }


@pytest.mark.parametrize("status", FilingStatus.values)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_every_status_action_and_role(world, status, action, role):
    filing = world.home.filing
    Filing.objects.filter(pk=filing.pk).update(status=status)
    user = actor(world, role)
    rule = ACTIONS[action]
    rounds_before = Round.objects.count()

    def act():
        return transition(filing.pk, user, action, comment="请补充说明", conclusion="")

    if EXPECTED_ACTOR[action] != role:
        with pytest.raises(PermissionDenied):
            act()
    elif status not in rule.sources:
        with pytest.raises(TransitionNotAllowed) as refused:
            act()
        assert FilingStatus(status).label in refused.value.message
    else:
        round = act()
        filing.refresh_from_db()
        assert filing.status == rule.target
        assert (round.number, round.action, round.from_status, round.to_status) == (1, action, status, rule.target)
        assert round.snapshot == export_document(load_filing(filing.pk))
        entry = LogEntry.objects.get(filing_id=filing.pk)
        assert (entry.action, entry.user) == (action, user)
        assert entry.changes == [{
            "kind": "changed", "location": "status", "subject": "申报", "field": "状态",
            "old": FilingStatus(status).label, "new": FilingStatus(rule.target).label,
        }]
        assert filing.is_editable == (rule.target in (FilingStatus.DRAFT, FilingStatus.RETURNED))
        return
    assert Round.objects.count() == rounds_before
    assert Filing.objects.get(pk=filing.pk).status == status
    assert not LogEntry.objects.exists()


def test_available_actions_follow_the_table(world):
    filing = world.home.filing
    assert [a.name for a in available_actions(filing, world.home.staff)] == ["submit"]
    assert available_actions(filing, world.home.reviewer) == []
    filing = submitted(filing, world.home.staff)
    assert [a.name for a in available_actions(filing, world.home.reviewer)] == ["return", "approve"]
    assert [a.name for a in available_actions(filing, world.home.staff)] == ["withdraw"]
    assert available_actions(filing, world.admin) == []


def test_foreign_filings_are_not_found(world):
    for user in (world.home.staff, world.home.reviewer):
        with pytest.raises(Filing.DoesNotExist):
            transition(world.foreign.filing.pk, user, "submit")
    with pytest.raises(Filing.DoesNotExist):
        transition(world.foreign.filing.pk, world.home.reviewer, "approve")


def test_return_needs_a_comment_and_writes_nothing_without_one(world):
    filing = submitted(world.home.filing, world.home.staff)
    with pytest.raises(CommentRequired) as refused:
        transition(filing.pk, world.home.reviewer, "return", comment="   ")
    assert refused.value.message == "退回时必须填写审核意见。"
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    assert Round.objects.filter(filing=filing).count() == 1


def test_reopen_needs_a_reason(world):
    filing = submitted(world.home.filing, world.home.staff)
    transition(filing.pk, world.home.reviewer, "approve")
    with pytest.raises(CommentRequired) as refused:
        transition(filing.pk, world.admin, "reopen")
    assert refused.value.message == "重新打开（调整）时必须填写理由。"


@pytest.mark.parametrize("action, conclusion, allowed", [
    ("approve", "优", True), ("approve", "良", True), ("approve", "中", False), ("approve", "差", False),
    ("return", "优", False), ("return", "良", True), ("return", "中", True), ("return", "差", True),
    ("approve", "甲", False),
])
def test_conclusions(world, action, conclusion, allowed):
    filing = submitted(world.home.filing, world.home.staff)
    if allowed:
        round = transition(filing.pk, world.home.reviewer, action, comment="意见", conclusion=conclusion)
        assert round.conclusion == conclusion
    else:
        with pytest.raises(InvalidConclusion):
            transition(filing.pk, world.home.reviewer, action, comment="意见", conclusion=conclusion)


def test_submit_is_refused_while_checks_report_errors(world):
    document = copy.deepcopy(load_example("hunan-yuanjiang-2024"))
    document["year"] = 2030
    document["unit"] = {"code": world.home.unit.code, "name": world.home.unit.name,
                        "region": {"code": "130730", "name": "home县"}}
    filing = factories.filing(world.home.unit, example="hunan-yuanjiang-2024", year=2030,
                              unit=document["unit"])
    with pytest.raises(CheckErrors) as refused:
        transition(filing.pk, world.home.staff, "submit")
    assert [(p.severity, p.code, p.location) for p in refused.value.problems] == [
        ("error", "department_budget.use_mismatch", "department.budget.total")
    ]
    assert refused.value.message == "审核规则发现 1 处错误，修改后才能提交。"
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT
    assert not filing.rounds.exists()


def test_a_full_cycle_keeps_every_round_and_the_approved_version(world, django_capture_on_commit_callbacks):
    home = world.home
    filing = home.filing
    transition(filing.pk, home.staff, "submit")
    transition(filing.pk, home.reviewer, "return", comment="项目年度目标留有占位文字", conclusion="中")
    transition(filing.pk, home.staff, "submit")
    approved = transition(filing.pk, home.reviewer, "approve", comment="同意", conclusion="优")
    transition(filing.pk, world.admin, "reopen", comment="预算调整")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT and filing.is_editable
    rounds = list(filing.rounds.order_by("number"))
    assert [(r.number, r.action, r.to_status) for r in rounds] == [
        (1, "submit", "submitted"), (2, "return", "returned"), (3, "submit", "submitted"),
        (4, "approve", "approved"), (5, "reopen", "draft"),
    ]
    assert Round.objects.get(pk=approved.pk).snapshot == export_document(load_filing(filing.pk))
    assert [(c.target, c.text, c.round.number) for c in Comment.objects.filter(filing=filing)] == [
        ("filing", "项目年度目标留有占位文字", 2)
    ]
    assert [e.action for e in LogEntry.objects.filter(filing_id=filing.pk).order_by("id")] == [
        "submit", "return", "submit", "approve", "reopen"
    ]


def test_rounds_are_review_cycles(world):
    """第N轮 is the Nth submission with its decision (and the comments written
    on it); reopening starts an adjustment round that the next submission
    belongs to."""
    home = world.home
    filing = submitted(home.filing, home.staff)
    project = filing.projects.get()
    on_row = add_comment(filing.pk, home.reviewer, "指标值应量化", project_id=project.pk, indicator_index=0)
    transition(filing.pk, home.reviewer, "return", comment="请修改", conclusion="中")
    transition(filing.pk, home.staff, "submit")
    transition(filing.pk, home.reviewer, "approve", conclusion="优")
    transition(filing.pk, world.admin, "reopen", comment="预算调整")
    transition(filing.pk, home.staff, "submit")
    transition(filing.pk, home.reviewer, "return", comment="调整后再看", conclusion="中")
    transition(filing.pk, home.staff, "submit")
    assert [(r.cycle_label, r.action) for r in filing.rounds.order_by("number")] == [
        ("第1轮", "submit"), ("第1轮", "return"), ("第2轮", "submit"), ("第2轮", "approve"),
        ("第3轮（调整）", "reopen"), ("第3轮（调整）", "submit"), ("第3轮（调整）", "return"),
        ("第4轮", "submit"),
    ]
    opinions = Comment.objects.filter(filing=filing).order_by("id")
    assert [(c.text, c.round.cycle_label) for c in opinions] == [
        ("指标值应量化", "第1轮"), ("请修改", "第1轮"), ("调整后再看", "第3轮（调整）")]
    assert on_row.round.cycle == 1
    summaries = list(LogEntry.objects.filter(filing_id=filing.pk, action__in=["return", "reopen"])
                     .order_by("id").values_list("summary", flat=True))
    assert summaries == ["第1轮：退回（审核结论：中）。审核意见：请修改", "第3轮（调整）：重新打开（调整）。理由：预算调整",
                         "第3轮（调整）：退回（审核结论：中）。审核意见：调整后再看"]


def test_staff_withdraw_a_submission_until_a_reviewer_opens_it(world):
    home = world.home
    page = reverse("reviews:filing", args=[home.filing.pk])
    withdraw_url = reverse("reviews:transition", args=[home.filing.pk, "withdraw"])
    filing = submitted(home.filing, home.staff)
    # Its own staff and an admin looking do not count as opening it.
    assert withdraw_url in client_for(home.staff).get(page).content.decode()
    client_for(world.admin).get(page)
    transition(filing.pk, home.staff, "withdraw")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT and filing.is_editable
    assert Notice.objects.filter(recipient=home.reviewer, message__contains="已由填报单位撤回").exists()

    transition(filing.pk, home.staff, "submit")
    assert client_for(home.reviewer).get(page).status_code == 200
    client_for(home.reviewer).get(page)  # noted once
    assert withdraw_url not in client_for(home.staff).get(page).content.decode()
    with pytest.raises(TransitionNotAllowed, match="审核人已开始审核这份申报，不能撤回。"):
        transition(filing.pk, home.staff, "withdraw")
    assert [(r.cycle_label, r.action) for r in filing.rounds.order_by("number")] == [
        ("第1轮", "submit"), ("第1轮", "withdraw"), ("第1轮", "submit")]
    assert list(LogEntry.objects.filter(filing_id=filing.pk).order_by("id").values_list("action", "summary")) == [
        ("submit", "第1轮：提交"), ("withdraw", "第1轮：撤回"), ("submit", "第1轮：提交"),
        ("open", "第1轮：审核人开始审核")]
    # A new submission after a return may be withdrawn again until opened.
    transition(filing.pk, home.reviewer, "return", comment="请修改")
    transition(filing.pk, home.staff, "submit")
    transition(filing.pk, home.staff, "withdraw")
    assert Opening.objects.filter(round__filing=filing).count() == 1


def test_notices_go_to_the_right_people_only(world, django_capture_on_commit_callbacks):
    home, foreign = world.home, world.foreign
    home.reviewer.email = "reviewer@example.org"
    home.reviewer.save()
    home.staff.email = "staff@example.org"
    home.staff.save()
    foreign.reviewer.email = "foreign@example.org"
    foreign.reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        transition(home.filing.pk, home.staff, "submit")
    assert [n.recipient for n in Notice.objects.all()] == [home.reviewer]
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]
    assert mail.outbox[0].subject == "【绩效目标】2024年度 本地测试单位 提交"

    with django_capture_on_commit_callbacks(execute=True):
        transition(home.filing.pk, home.reviewer, "return", comment="请修改")
    notice = Notice.objects.get(recipient=home.staff)
    assert notice.message == (
        f"2024年度“本地测试单位”的绩效目标申报已被退回，请按审核意见修改（{home.reviewer.display_name()}）：请修改"
    )
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"], ["staff@example.org"]]
    assert not Notice.objects.filter(recipient__in=[foreign.reviewer, foreign.staff]).exists()


def test_mail_failure_does_not_undo_the_transition(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.reviews.test_transitions.BrokenBackend"
    world.home.reviewer.email = "reviewer@example.org"
    world.home.reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):
        transition(world.home.filing.pk, world.home.staff, "submit")
    world.home.filing.refresh_from_db()
    assert world.home.filing.status == FilingStatus.SUBMITTED


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_submitting_with_a_warning_and_an_open_comment_lists_them_first(world):
    home = world.home
    filing = submitted(home.filing, home.staff)
    add_comment(filing.pk, home.reviewer, "年度目标请量化", project_id=filing.projects.get().pk)
    transition(filing.pk, home.reviewer, "return", comment="请修改", conclusion="中")
    url = reverse("reviews:transition", args=[filing.pk, "submit"])
    page = client_for(home.staff).post(url).content.decode()
    problems = run_checks(export_document(load_filing(filing.pk)))
    warnings = [p for p in problems if p.severity == "warning"]
    assert warnings and not [p for p in problems if p.severity == "error"]
    assert f"审核规则错误 0 处，警告 {len(warnings)} 处，待答复意见 2 条" in page
    assert warnings[0].message in page and "年度目标请量化" in page
    filing.refresh_from_db()
    assert filing.status == FilingStatus.RETURNED
    client_for(home.staff).post(url, {"confirmed": "1"})
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED


def test_a_submission_with_rule_errors_cannot_be_confirmed(world):
    home = world.home
    filing = home.filing
    filing.projects.update(name="")
    page = client_for(home.staff).post(reverse("reviews:transition", args=[filing.pk, "submit"])).content.decode()
    assert "审核规则发现错误，改正后才能提交。" in page and 'name="confirmed"' not in page
