"""Review panels for any filing page: {% review_panel filing %},
{% history_panel filing %}, {% item_comments filing project indicator_index %},
{% review_indicator_rows rows %}, the navbar's {% unread_notice_count %}
and user|may:"RULE" (units.permissions)."""
import json

from django import template
from django.urls import reverse

from targets.models import FilingStatus
from targets.money import plain
from units import permissions

# editor_tags (targets) reads comments through filing_comments from here.
from ..comments import comment_form_id, comment_rights, filing_comments
from ..log import ACTION_LABELS
from ..notices import unread_count
from ..review_rows import indicator_rows
from ..transitions import available_actions

register = template.Library()

HISTORY_PANEL_LIMIT = 30
DECISIONS = ("return", "approve")  # the actions that end a review round


def _base(context, filing):
    request = context["request"]
    return {
        "request": request,
        "user": request.user,
        "filing": filing,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
        "comment_url": reverse("reviews:comment_add", args=[filing.pk]),
    }


@register.inclusion_tag("reviews/_review_panel.html", takes_context=True)
def review_panel(context, filing):
    data = _base(context, filing)
    user = data["user"]
    comments = filing_comments(data["request"], filing)
    rounds = list(filing.rounds.defer("snapshot").select_related("actor").order_by("number"))
    # Each round's heading says how it ended: 第1轮（退回）, 第2轮（通过）.
    decisions = {r.cycle: r.get_action_display() for r in rounds if r.action in DECISIONS}
    for r in rounds:
        r.cycle_decision = decisions.get(r.cycle, "")
    data.update(
        actions=available_actions(filing, user),
        rounds=rounds,
        filing_comments=comments.for_item(),
        orphaned_comments=comments.orphaned(),
        **comment_rights(user, filing),
        # Given by the review page (which has the document): the count on the changes link.
        decision=context.get("decision"),
        decision_changes=context.get("decision_changes"),
    )
    return data


@register.simple_tag(takes_context=True)
def open_comment_count(context, filing, project=None):
    """The filing's open comments, or one project's (its rows' included),
    from the comments the page loads once."""
    comments = filing_comments(context["request"], filing).comments
    return sum(1 for c in comments if c.is_open and (project is None or c.project_id == project.pk))


@register.inclusion_tag("reviews/_item_comments.html", takes_context=True)
def item_comments(context, filing, project=None, indicator_index=None, fields=None):
    """The comments on an item and the form for a new one; `fields` (the
    review page's ShownFields of a project) let it be about one of them."""
    data = _base(context, filing)
    project_id = getattr(project, "pk", project)
    if indicator_index in ("", None):
        indicator_index = None
    else:
        indicator_index = int(indicator_index)
    user = data["user"]
    data.update(
        comments=filing_comments(data["request"], filing).for_item(project_id, indicator_index),
        project_id=project_id,
        indicator_index=indicator_index,
        form_id=comment_form_id(project_id, indicator_index),
        **comment_rights(user, filing),
        field_choices=[(field.key, field.label) for field in fields or ()],
    )
    return data


@register.simple_tag(takes_context=True)
def review_indicator_rows(context, rows, columns=None):
    """The review page's rows of one indicator table (review_rows.py)."""
    return indicator_rows(context, rows, columns)


@register.inclusion_tag("reviews/_history_panel.html", takes_context=True)
def history_panel(context, filing, limit=HISTORY_PANEL_LIMIT):
    data = _base(context, filing)
    entries = list(filing.log_entries.select_related("user")[: limit + 1])
    data.update(entries=entries[:limit], more=len(entries) > limit)
    return data


@register.simple_tag(takes_context=True)
def unread_notice_count(context):
    request = context.get("request")
    if request is None:
        return 0
    cached = getattr(request, "_reviews_unread", None)
    if cached is None:
        cached = request._reviews_unread = unread_count(request.user)
    return cached


@register.filter
def review_value(value):
    """A logged old/new value as text: （空） for nothing, JSON for lists."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@register.filter
def amount(value):
    """An amount as written, without the columns' trailing zeros."""
    return plain(value)


@register.filter
def may(user, rule):
    """{% if user|may:"USE_WORKSPACE" %}: a rule of units.permissions that
    is about no particular object."""
    return permissions.may(user, getattr(permissions, rule))


@register.filter
def action_label(action):
    return ACTION_LABELS.get(action, action)


@register.filter
def status_label(status):
    try:
        return FilingStatus(status).label
    except ValueError:
        return "未开始" if status == "none" else status
