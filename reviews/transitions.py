"""transition(), the one function that changes a filing's state, by the
review actions of reviews.actions (locked row, snapshot, log, notices)."""
from django.db import transaction

from config.texts import MAX_COMMENT_LENGTH, text_problem
from targets.checks import ERROR, run_checks
from targets.interchange import export_document, load_filing
from targets.interchange.diff import CHANGED, Change
from targets.models import Filing, FilingStatus
from targets.visibility import filings_for_user
from units import permissions

from .actions import ACTIONS
from .comments import close_with_round
from .log import record
from .models import Comment, Opening, Round
from .notices import notify_round


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


def available_actions(filing, user):
    """The actions this user may take on the filing now (checks aside)."""
    return [action for action in ACTIONS.values() if permissions.may(user, action, filing)]


def transition(filing_id, user, action_name, comment="", conclusion=""):
    """Perform one review action (reviews.actions) and return its Round.

    Raises Filing.DoesNotExist when the user cannot see the filing (404),
    PermissionDenied (403), TransitionNotAllowed (409), CommentRequired,
    InvalidConclusion or CheckErrors (400). Nothing is written on refusal.
    """
    action = ACTIONS.get(action_name)
    if action is None:
        raise TransitionNotAllowed(f"未知的操作“{action_name}”。")
    comment = (comment or "").strip()
    conclusion = (conclusion or "").strip()
    for text, what in ((comment, action.asks or "意见"), (conclusion, "审核结论")):
        problem = text_problem(text, MAX_COMMENT_LENGTH)
        if problem:
            raise TransitionError(f"{what}{problem}。")

    with transaction.atomic():
        # The row lock serialises two people acting at once: the second
        # waits, then sees the new status and is refused.
        filing = (
            filings_for_user(user)
            .select_for_update(of=("self",))
            .select_related("unit__region")
            .get(pk=filing_id)
        )
        permissions.check_actor(user, action, filing)
        if not permissions.may(user, action, filing):
            raise TransitionNotAllowed(
                action.blocked(filing) if filing.status in action.sources
                else f"这份申报当前状态为“{filing.get_status_display()}”，不能{action.label}。"
            )
        if action.comment_required and not comment:
            raise CommentRequired(f"{action.label}时必须填写{action.asks}。")
        if conclusion and conclusion not in action.conclusions:
            allowed = "、".join(action.conclusions) or "无"
            raise InvalidConclusion(f"{action.label}时审核结论只能是 {allowed}。")

        document = export_document(load_filing(filing.pk))
        if action.runs_checks:
            errors = [p for p in run_checks(document) if p.severity == ERROR]
            if errors:
                raise CheckErrors(errors)

        old_status = filing.status
        filing.status = action.target
        filing.save(update_fields=["status", "updated_at"])
        last = filing.rounds.defer("snapshot").order_by("-number").first()
        cycle, adjustment = _cycle(last, action)
        round = Round.objects.create(
            filing=filing,
            number=last.number + 1 if last else 1,
            cycle=cycle,
            adjustment=adjustment,
            action=action.name,
            from_status=old_status,
            to_status=action.target,
            actor=user,
            comment=comment,
            conclusion=conclusion,
            snapshot=document,
        )
        if action.closes_comments:
            close_with_round(filing, round)
        if action.files_comment:
            Comment.objects.create(
                filing=filing, round=round, target=Comment.Target.FILING, subject="整份申报",
                text=comment, author=user,
            )
        record(
            filing,
            user,
            action.name,
            summary=_summary(action, round.cycle_label, comment, conclusion),
            changes=[
                Change(CHANGED, "status", "申报", "状态", FilingStatus(old_status).label,
                       FilingStatus(action.target).label)
            ],
        )
        notify_round(round)
    return round


def record_opening(filing, user, last_round):
    """A reviewer who decides on the filing opened it while submitted: note
    it once per submission (its unit can no longer withdraw it) under the
    filing's lock, which a withdrawal takes too. `last_round` is the latest
    round as the page loaded it (with its opening), to skip the lock when
    there is nothing to note."""
    decides = ACTIONS["approve"]
    if (filing.status not in decides.sources or last_round is None or hasattr(last_round, "opening")
            or not permissions.is_actor(user, decides, filing)):
        return
    with transaction.atomic():
        locked = Filing.objects.select_for_update().get(pk=filing.pk)
        last = locked.rounds.defer("snapshot").order_by("-number").first()
        if locked.status not in decides.sources or Opening.objects.filter(round=last).exists():
            return
        Opening.objects.create(round=last, reviewer=user)
        record(locked, user, "open", summary=f"{last.cycle_label}：审核人开始审核")


def _cycle(last, action):
    """(cycle, adjustment) of the round an action after round `last` is in."""
    if last is None:
        return 1, action.adjustment
    if action.starts_round and not ACTIONS[last.action].awaits_submission:
        return last.cycle + 1, action.adjustment
    return last.cycle, last.adjustment


def _summary(action, cycle_label, comment, conclusion):
    text = f"{cycle_label}：{action.label}"
    if conclusion:
        text += f"（审核结论：{conclusion}）"
    if comment:
        text += f"。{action.asks or '意见'}：{comment}"
    return text


__all__ = [
    "CheckErrors",
    "CommentRequired",
    "InvalidConclusion",
    "TransitionError",
    "TransitionNotAllowed",
    "available_actions",
    "record_opening",
    "transition",
]
