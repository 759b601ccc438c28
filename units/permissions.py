"""Who may do what: every "may this person do this (to this object)"
question of the app is answered here, each rule with the people it is for,
the state of the object it applies in and what a refused person is told.

Visibility comes first and is not decided here: an object outside a user's
reach is not found at all (targets.visibility), so these rules speak of
objects the user can already see. The review actions of reviews.actions are
rules of the same shape (actors, when, refusal) and are asked the same way:
may(user, reviews.actions.APPROVE, filing)."""
from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import PermissionDenied

from targets.models import FilingStatus


@dataclass(frozen=True)
class Actor:
    """A kind of person a rule is for, as refusals and the API name them.
    `includes` may look at the object (the filing's unit)."""

    label: str
    includes: Callable  # (user, obj) -> bool


UNIT_STAFF = Actor("本单位填报人", lambda user, filing: user.is_unit_staff and user.unit_id == filing.unit_id)
STAFF = Actor("预算单位的填报人", lambda user, obj: user.is_unit_staff and user.unit_id is not None)
# A reviewer's reach (their regions) is visibility's: a filing they can see
# is one of their jurisdiction.
REVIEWER = Actor("辖区审核人", lambda user, obj: user.is_reviewer)
ADMIN = Actor("管理员", lambda user, obj: user.is_app_admin)


def _always(obj):
    return True


@dataclass(frozen=True)
class Rule:
    actors: tuple
    refusal: str
    when: Callable = _always  # (obj) -> bool: the object's state the rule applies in


# Changing a filing's content: its own unit's staff, while it is a draft or
# returned; reviewers never edit content.
EDIT = Rule((UNIT_STAFF,), "此申报当前不能由您修改。", when=lambda filing: filing.is_editable)
# The layout follows the unit (its province's table): only an admin changes
# a filing's, and only before the first submission.
CHANGE_LAYOUT = Rule((ADMIN,), "只有管理员可以更改申报的版式，且只能在草稿状态下更改。",
                     when=lambda filing: filing.status == FilingStatus.DRAFT)
# The amount unit (元 / 万元) is the staff's choice, before the first submission.
CHANGE_AMOUNT_UNIT = Rule((UNIT_STAFF,), "只有草稿状态的申报可以更改金额单位。",
                          when=lambda filing: filing.status == FilingStatus.DRAFT)
# A new filing on the filing pages is always for the user's own unit.
START_FILING = Rule((STAFF,), "只有预算单位的填报人可以新建申报。")
# POST /api/filings/: admins and staff.
IMPORT_FILING = Rule((STAFF, ADMIN), "只有预算单位的填报人和管理员可以新建申报。")
# Staff import only a document that names their own unit.
IMPORT_FOR_ANY_UNIT = Rule((ADMIN,), "填报人只能为本单位新建申报。")
# Reviewers' comments are written while the filing is under review.
COMMENT = Rule((REVIEWER,), "只有辖区审核人可以填写审核意见。",
               when=lambda filing: filing.status == FilingStatus.SUBMITTED)
ANSWER = Rule((UNIT_STAFF,), "只有本单位填报人可以答复审核意见。")
# A reviewer closes a comment once it is settled, while reviewing.
CLOSE_COMMENT = Rule((REVIEWER,), "只有辖区审核人可以关闭审核意见。",
                     when=lambda filing: filing.status == FilingStatus.SUBMITTED)
# The queue and the year overview.
USE_WORKSPACE = Rule((REVIEWER, ADMIN), "审核工作台仅对审核人和管理员开放。")
BULK_EXPORT = Rule((ADMIN,), "只有管理员可以批量导出。")
MANAGE_ROSTER = Rule((ADMIN,), "只有管理员可以导入名册。")


def is_actor(user, rule, obj=None):
    """Whether the user is one of the people the rule is for, whatever the
    object's state (a wrong state is refused differently: 409, a message)."""
    return user.is_authenticated and any(actor.includes(user, obj) for actor in rule.actors)


def may(user, rule, obj=None):
    """Whether the user may do it to the object now."""
    return is_actor(user, rule, obj) and rule.when(obj)


def check(user, rule, obj=None):
    """Raise PermissionDenied (403, with the rule's refusal) unless may()."""
    if not may(user, rule, obj):
        raise PermissionDenied(rule.refusal)


def check_actor(user, rule, obj=None):
    """Raise PermissionDenied unless is_actor(): for callers that refuse a
    wrong state in their own words."""
    if not is_actor(user, rule, obj):
        raise PermissionDenied(rule.refusal)
