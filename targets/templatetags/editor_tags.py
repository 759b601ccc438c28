"""Template helpers of the editor pages: review comments beside each row."""
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def row_comments(context, filing, row_id):
    """The review comments about one saved indicator row (read-only; they
    are answered in the side panel, outside the editor's form)."""
    from reviews.templatetags.reviews_tags import filing_comments

    if not row_id:
        return []
    return filing_comments(context["request"], filing).for_row(row_id)


@register.filter
def amount(value):
    """An amount as the tables print it: two decimals, blank when empty."""
    from targets.money import fixed

    return fixed(value) if value is not None else ""
