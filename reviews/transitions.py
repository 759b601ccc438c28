"""transition(), the one function that changes the state of a filing or of
a report (运行监控), by the review actions of reviews.actions (locked row,
snapshot, log, notices).

A report takes the filing's submit, return and approve (接受) with the
same statuses (reports.models.ReportStatus), the same actors and the same
guards; what differs is named per subject in _FilingSubject and
_ReportSubject: how it is found, its document and checks, the words, and
where its history and notices go."""
from django.core.exceptions import PermissionDenied
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


FILING = "filing"
REPORT = "report"
# The review actions a report takes (no withdrawal, no reopening: a report
# asks for the filing's 调整 instead, reports.adjustment).
REPORT_ACTIONS = ("submit", "return", "approve")


class _FilingSubject:
    noun = "申报"
    kind = FILING

    def label(self, action):
        return action.label

    def locked(self, user, pk):
        return (
            filings_for_user(user)
            .select_for_update(of=("self",))
            .select_related("unit__region")
            .get(pk=pk)
        )

    def document(self, filing):
        return export_document(load_filing(filing.pk))

    def errors(self, filing, document):
        return [p for p in run_checks(document) if p.severity == ERROR]

    def status_label(self, value):
        return FilingStatus(value).label

    def after(self, filing, round, action, user, comment):
        if action.closes_comments:
            close_with_round(filing, round)
        if action.files_comment:
            Comment.objects.create(
                filing=filing, round=round, target=Comment.Target.FILING, subject="整份申报",
                text=comment, author=user,
            )
        if action.name == "approve":
            # Open monitoring rounds of the year pick the approved filing up.
            from reports.opening import pick_up

            pick_up(filing, round)

    def record(self, filing, user, action_name, summary, changes):
        record(filing, user, action_name, summary=summary, changes=changes)

    def notify(self, round):
        notify_round(round)


class _ReportSubject(_FilingSubject):
    noun = "报告"
    kind = REPORT
    LABELS = {"approve": "接受"}

    def label(self, action):
        return self.LABELS.get(action.name, action.label)

    def locked(self, user, pk):
        from reports.visibility import reports_for_user

        return (
            reports_for_user(user)
            .select_for_update(of=("self",))
            .select_related("unit__region", "exercise", "filing")
            .get(pk=pk)
        )

    def document(self, report):
        return report.document

    def errors(self, report, document):
        from reports.checks import errors, report_problems

        return errors(report_problems(document, report.rectifications.filter(answered_at__isnull=True)))

    def status_label(self, value):
        from reports.models import ReportStatus

        return ReportStatus(value).label

    def after(self, report, round, action, user, comment):
        pass

    def record(self, report, user, action_name, summary, changes):
        from reports.history import record_report

        record_report(report, user, action_name, summary=summary, changes=changes)

    def notify(self, round):
        from reports.notifying import notify_report_round

        notify_report_round(round)


SUBJECTS = {FILING: _FilingSubject(), REPORT: _ReportSubject()}


def actions_for(kind):
    """The review actions a filing or a report takes."""
    if kind == REPORT:
        return [ACTIONS[name] for name in REPORT_ACTIONS]
    return list(ACTIONS.values())


def available_actions(subject, user):
    """The actions this user may take on the filing or report now (checks aside)."""
    kind = REPORT if subject._meta.model_name == "report" else FILING
    return [action for action in actions_for(kind) if permissions.may(user, action, subject)]


def transition(filing_id, user, action_name, comment="", conclusion="", *, kind=FILING):
    """Perform one review action (reviews.actions) on a filing, or with
    kind="report" on the report `filing_id` names, and return its Round.

    Raises Filing.DoesNotExist (Report.DoesNotExist) when the user cannot
    see it (404), PermissionDenied (403), TransitionNotAllowed (409),
    CommentRequired, InvalidConclusion or CheckErrors (400). Nothing is
    written on refusal.
    """
    subject = SUBJECTS[kind]
    action = ACTIONS.get(action_name)
    if action is None or action not in actions_for(kind):
        raise TransitionNotAllowed(f"未知的操作“{action_name}”。")
    label = subject.label(action)
    comment = (comment or "").strip()
    conclusion = (conclusion or "").strip()
    for text, what in ((comment, action.asks or "意见"), (conclusion, "审核结论")):
        problem = text_problem(text, MAX_COMMENT_LENGTH)
        if problem:
            raise TransitionError(f"{what}{problem}。")

    with transaction.atomic():
        # The row lock serialises two people acting at once: the second
        # waits, then sees the new status and is refused.
        filing = subject.locked(user, filing_id)
        if kind == REPORT and not permissions.is_actor(user, action, filing):
            raise PermissionDenied(
                f"只有{'或'.join(actor.label for actor in action.actors)}可以{label}这份报告。")
        permissions.check_actor(user, action, filing)
        if not permissions.may(user, action, filing):
            raise TransitionNotAllowed(
                action.blocked(filing) if filing.status in action.sources
                else f"这份{subject.noun}当前状态为“{filing.get_status_display()}”，不能{label}。"
            )
        if action.comment_required and not comment:
            raise CommentRequired(f"{label}时必须填写{action.asks}。")
        if conclusion and conclusion not in action.conclusions:
            allowed = "、".join(action.conclusions) or "无"
            raise InvalidConclusion(f"{label}时审核结论只能是 {allowed}。")

        document = subject.document(filing)
        if action.runs_checks:
            errors = subject.errors(filing, document)
            if errors:
                raise CheckErrors(errors)

        old_status = filing.status
        filing.status = action.target
        filing.save(update_fields=["status", "updated_at"])
        last = filing.rounds.defer("snapshot").order_by("-number").first()
        cycle, adjustment = _cycle(last, action)
        round = Round.objects.create(
            **{kind: filing},
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
        subject.after(filing, round, action, user, comment)
        subject.record(
            filing,
            user,
            action.name,
            summary=_summary(action, label, round.cycle_label, comment, conclusion),
            changes=[
                Change(CHANGED, "status", subject.noun, "状态", subject.status_label(old_status),
                       subject.status_label(action.target))
            ],
        )
        subject.notify(round)
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


def _summary(action, label, cycle_label, comment, conclusion):
    text = f"{cycle_label}：{label}"
    if conclusion:
        text += f"（审核结论：{conclusion}）"
    if comment:
        text += f"。{action.asks or '意见'}：{comment}"
    return text


__all__ = [
    "CheckErrors",
    "CommentRequired",
    "FILING",
    "InvalidConclusion",
    "REPORT",
    "TransitionError",
    "TransitionNotAllowed",
    "actions_for",
    "available_actions",
    "record_opening",
    "transition",
]
