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


@register.simple_tag(takes_context=True)
def indicator_row(context, form, new_row=False):
    """One indicator row of the editor (targets.row_html)."""
    from targets.row_html import indicator_row as render

    comments = () if new_row else row_comments(context, context["filing"], form.instance.pk)
    return render(form, anchor_prefix=context.get("anchor_prefix", ""), editable=context.get("editable", False),
                  new_row=new_row, comments=comments, table_title=context.get("title", ""),
                  labels=dict(context.get("columns", ())))


@register.filter
def amount(value):
    """An amount as the tables print it: two decimals, blank when empty."""
    from targets.money import fixed

    return fixed(value) if value is not None else ""
