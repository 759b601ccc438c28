"""The review actions of a filing, each declared once: who takes it from which
states to which, what it asks for, and the words the history, the notices,
the review panel's form and the API description use. The state table
(reviews.transitions), Round.action's choices, the log's labels, the URLs,
the API routes and /api/openapi.json are all made from ACTIONS; a new action
is one entry here (tests/reviews/test_actions.py walks them)."""
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from targets.models import FilingStatus
from units.permissions import ADMIN, REVIEWER, UNIT_STAFF


class Conclusion(models.TextChoices):
    """审核结论: 优 passes; 良 passes after small agreed fixes; 中 goes back for
    revision; 差 may not enter the budget."""

    EXCELLENT = "优", "优"
    GOOD = "良", "良"
    FAIR = "中", "中"
    POOR = "差", "差"


@dataclass(frozen=True)
class ReviewAction:
    name: str  # in URLs and API routes, Round.action and LogEntry.action
    label: str  # 操作, as the rounds, the history and notice e-mails name it
    title: str  # the form's button and the API operation's summary
    verb: str  # notices: "……的绩效目标申报{verb}"
    actors: tuple  # units.permissions.Actor: who may take it
    sources: tuple  # the statuses it is taken from
    target: str  # the status it leads to
    notify: tuple  # units.permissions.Actor: whom the notices go to
    asks: str = ""  # what the comment is called on the form and in messages; "" asks none
    comment_required: bool = False
    comment_key: str = "comment"  # the comment's name in an API request body
    conclusions: tuple = ()  # the 审核结论 it may carry
    runs_checks: bool = False  # refused while the checks report errors
    files_comment: bool = False  # its comment is also a review comment on the whole filing
    closes_comments: bool = False  # the filing's open comments are closed with it
    decides: bool = False  # a reviewer's decision: "changes since" are counted from the last one
    note: str = ""  # under the form and in the API description
    # Review rounds (第N轮, Round.cycle): a submission starts the next round,
    # a reopening an adjustment round (调整); after an action that leaves the
    # round waiting for its submission, the next submission belongs to it.
    starts_round: bool = False
    adjustment: bool = False
    awaits_submission: bool = False
    style: str = "primary"  # the button's Bootstrap colour
    # (filing) -> why it cannot be taken although the state allows, or "".
    blocked_by: Callable | None = None

    def when(self, filing):
        """The state part of its permission (units.permissions.may)."""
        return filing.status in self.sources and not self.blocked(filing)

    def blocked(self, filing):
        return self.blocked_by(filing) if self.blocked_by else ""

    @property
    def refusal(self):
        return f"只有{'或'.join(actor.label for actor in self.actors)}可以{self.label}这份申报。"

    @property
    def api_path(self):
        return f"/api/filings/{{id}}/{self.name}/"


def opened_by_reviewer(filing):
    """Why a submission can no longer be withdrawn: a reviewer has opened it."""
    from .models import Opening  # the models build on this catalogue

    if Opening.objects.filter(round__filing=filing, round__number=filing.rounds.order_by("-number")
                              .values("number")[:1]).exists():
        return "审核人已开始审核这份申报，不能撤回。"
    return ""


# 草稿/已退回 → 已提交 by the unit, 已提交 → 草稿 by the unit until a reviewer
# opened it; 已提交 → 已退回 or 已通过 by a reviewer of the jurisdiction;
# 已通过 → 草稿 only by an admin's 调整.
ACTIONS = {
    action.name: action
    for action in (
        ReviewAction(
            "submit", "提交", "提交审核", "已提交，等待审核",
            actors=(UNIT_STAFF,), sources=(FilingStatus.DRAFT, FilingStatus.RETURNED),
            target=FilingStatus.SUBMITTED, notify=(REVIEWER,), runs_checks=True, starts_round=True,
            note="提交后申报将锁定，等待财政部门审核；审核规则报告错误时不能提交。",
        ),
        ReviewAction(
            "withdraw", "撤回", "撤回提交", "已由填报单位撤回",
            actors=(UNIT_STAFF,), sources=(FilingStatus.SUBMITTED,), target=FilingStatus.DRAFT,
            notify=(REVIEWER,), awaits_submission=True, blocked_by=opened_by_reviewer,
            note="审核人打开之前可以撤回；撤回后可继续修改，再次提交仍属本轮。", style="outline-secondary",
        ),
        ReviewAction(
            "return", "退回", "退回修改", "已被退回，请按审核意见修改",
            actors=(REVIEWER,), sources=(FilingStatus.SUBMITTED,), target=FilingStatus.RETURNED,
            notify=(UNIT_STAFF,), asks="审核意见", comment_required=True, files_comment=True,
            conclusions=(Conclusion.GOOD, Conclusion.FAIR, Conclusion.POOR), style="outline-danger", decides=True,
        ),
        ReviewAction(
            "approve", "通过", "审核通过", "已审核通过",
            actors=(REVIEWER,), sources=(FilingStatus.SUBMITTED,), target=FilingStatus.APPROVED,
            notify=(UNIT_STAFF,), asks="审核意见", closes_comments=True, decides=True,
            conclusions=(Conclusion.EXCELLENT, Conclusion.GOOD), style="success",
        ),
        ReviewAction(
            "reopen", "重新打开（调整）", "重新打开以调整", "已重新打开以调整",
            actors=(ADMIN,), sources=(FilingStatus.APPROVED,), target=FilingStatus.DRAFT,
            notify=(UNIT_STAFF, REVIEWER), asks="理由", comment_required=True, comment_key="reason",
            note="已通过的版本保留在审核轮次中。", style="outline-warning",
            starts_round=True, adjustment=True, awaits_submission=True,
        ),
    )
}
