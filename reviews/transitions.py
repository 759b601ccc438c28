"""The states of a filing: one table of allowed transitions and transition(),
the one function that performs them (locked row, snapshot, log, notices)."""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from targets.checks import ERROR, run_checks
from targets.interchange import export_document, load_filing
from targets.interchange.diff import CHANGED, Change
from targets.models import FilingStatus
from targets.visibility import filings_for_user

from .log import record
from .models import Action, Comment, Conclusion, Round
from .notices import notify_round

STAFF_OF_UNIT = "staff_of_unit"
REVIEWER = "reviewer"
ADMIN = "admin"

ACTOR_LABELS = {
    STAFF_OF_UNIT: "本单位填报人",
    REVIEWER: "辖区审核人",
    ADMIN: "管理员",
}


@dataclass(frozen=True)
class Rule:
    action: str
    sources: tuple
    target: str
    actor: str
    comment_required: bool = False
    conclusions: tuple = ()

    @property
    def label(self):
        return Action(self.action).label


# The state table. 草稿/已退回 → 已提交 by the unit; 已提交 → 已退回 or 已通过 by a
# reviewer of the jurisdiction; 已通过 → 草稿 only by an admin's 调整.
TRANSITIONS = {
    Action.SUBMIT: Rule(
        Action.SUBMIT, (FilingStatus.DRAFT, FilingStatus.RETURNED), FilingStatus.SUBMITTED, STAFF_OF_UNIT
    ),
    Action.RETURN: Rule(
        Action.RETURN, (FilingStatus.SUBMITTED,), FilingStatus.RETURNED, REVIEWER,
        comment_required=True, conclusions=(Conclusion.GOOD, Conclusion.FAIR, Conclusion.POOR),
    ),
    Action.APPROVE: Rule(
        Action.APPROVE, (FilingStatus.SUBMITTED,), FilingStatus.APPROVED, REVIEWER,
        conclusions=(Conclusion.EXCELLENT, Conclusion.GOOD),
    ),
    Action.REOPEN: Rule(
        Action.REOPEN, (FilingStatus.APPROVED,), FilingStatus.DRAFT, ADMIN, comment_required=True
    ),
}


class TransitionError(Exception):
    """A transition refused; `message` is for the user, `status` for the API."""

    status = 400

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class TransitionNotAllowed(TransitionError):
    status = 409


class CommentRequired(TransitionError):
    pass


class InvalidConclusion(TransitionError):
    pass


class CheckErrors(TransitionError):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(f"审核规则发现 {len(self.problems)} 处错误，修改后才能提交。")


def may_act(rule, user, filing):
    """Whether the user's role lets them take this transition on a filing
    they can see (visibility itself is filings_for_user's job)."""
    if rule.actor == STAFF_OF_UNIT:
        return user.is_unit_staff and user.unit_id == filing.unit_id
    if rule.actor == REVIEWER:
        return user.is_reviewer
    if rule.actor == ADMIN:
        return user.is_app_admin
    return False


def available_actions(filing, user):
    """The transitions this user may take on the filing now (checks aside)."""
    return [
        rule for rule in TRANSITIONS.values() if filing.status in rule.sources and may_act(rule, user, filing)
    ]


def transition(filing_id, user, action, comment="", conclusion=""):
    """Perform one transition and return its Round.

    Raises Filing.DoesNotExist when the user cannot see the filing (404),
    PermissionDenied (403), TransitionNotAllowed (409), CommentRequired,
    InvalidConclusion or CheckErrors (400). Nothing is written on refusal.
    """
    try:
        rule = TRANSITIONS[Action(action)]
    except ValueError:
        raise TransitionNotAllowed(f"未知的操作“{action}”。") from None
    comment = (comment or "").strip()
    conclusion = (conclusion or "").strip()

    with transaction.atomic():
        # The row lock serialises two people acting at once: the second
        # waits, then sees the new status and is refused.
        filing = (
            filings_for_user(user)
            .select_for_update(of=("self",))
            .select_related("unit__region")
            .get(pk=filing_id)
        )
        if not may_act(rule, user, filing):
            raise PermissionDenied(f"只有{ACTOR_LABELS[rule.actor]}可以{rule.label}这份申报。")
        if filing.status not in rule.sources:
            raise TransitionNotAllowed(
                f"这份申报当前状态为“{filing.get_status_display()}”，不能{rule.label}。"
            )
        if rule.comment_required and not comment:
            what = "理由" if rule.action == Action.REOPEN else "审核意见"
            raise CommentRequired(f"{rule.label}时必须填写{what}。")
        if conclusion and conclusion not in rule.conclusions:
            allowed = "、".join(rule.conclusions) or "无"
            raise InvalidConclusion(f"{rule.label}时审核结论只能是 {allowed}。")

        document = export_document(load_filing(filing.pk))
        if rule.action == Action.SUBMIT:
            errors = [p for p in run_checks(document) if p.severity == ERROR]
            if errors:
                raise CheckErrors(errors)

        old_status = filing.status
        filing.status = rule.target
        filing.save(update_fields=["status", "updated_at"])
        number = (filing.rounds.aggregate(last=Max("number"))["last"] or 0) + 1
        round = Round.objects.create(
            filing=filing,
            number=number,
            action=rule.action,
            from_status=old_status,
            to_status=rule.target,
            actor=user,
            comment=comment,
            conclusion=conclusion,
            snapshot=document,
        )
        if rule.action == Action.RETURN:
            Comment.objects.create(
                filing=filing, round=round, target=Comment.Target.FILING, subject="整份申报",
                text=comment, author=user,
            )
        record(
            filing,
            user,
            rule.action,
            summary=_summary(rule, number, comment, conclusion),
            changes=[
                Change(CHANGED, "status", "申报", "状态", FilingStatus(old_status).label,
                       FilingStatus(rule.target).label)
            ],
        )
        notify_round(round)
    return round


def _summary(rule, number, comment, conclusion):
    text = f"第{number}轮：{rule.label}"
    if conclusion:
        text += f"（审核结论：{conclusion}）"
    if comment:
        text += f"。{'理由' if rule.action == Action.REOPEN else '意见'}：{comment}"
    return text


__all__ = [
    "TRANSITIONS",
    "CheckErrors",
    "CommentRequired",
    "InvalidConclusion",
    "PermissionDenied",
    "TransitionError",
    "TransitionNotAllowed",
    "available_actions",
    "may_act",
    "transition",
]
