"""The rows of the review page's indicator tables, written in Python.

A filing under review shows every indicator row with its comments and, for
a reviewer, a form to add one: the template included two templates per row,
which made the page's ~300 rows most of its time (the slowest page in the
load test, docs/performance.md). The comments block of a row is still
reviews/_item_comments.html: rendered as it is for a row with comments
(few), and for the others rendered once per page with placeholders that
each row's values replace."""
from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from targets import field_catalogue as catalogue

from .comments import comment_form_id

ITEM_COMMENTS = "reviews/_item_comments.html"
# Each cell's column, shown before it where rows become cards (phones).
CELL_LABELS = [catalogue.label("indicator", key) for key in ("level1", "level2", "name", "value")]
# Stand-ins for a row's values in the comments block rendered once per page:
# letters only, so that escaping leaves them as they are.
PLACEHOLDERS = {"project_id": "jxPROJECTjx", "indicator_index": "jxINDEXjx", "form_id": "jxFORMjx"}


def indicator_rows(context, rows):
    """The <tr> of each (indicator, its comments) of one table, in order;
    `context` is the page's template context."""
    blocks = _BlankBlocks(context)
    show_block = context.get("can_comment")
    lines = []
    for index, (row, comments) in enumerate(rows):
        values = {"project_id": row.project_id, "indicator_index": index,
                  "form_id": comment_form_id(row.project_id, index)}
        if comments:
            block = item_comments(context, comments=comments, **values)
        elif show_block:
            block = blocks.fill(values)
        else:
            block = ""
        cells = "".join(f'<td data-label="{label}">{escape(text or "")}</td>'
                        for label, text in zip(CELL_LABELS, (row.level1, row.level2, row.name, row.value)))
        lines.append(f'<tr id="indicator-{row.pk}">{cells}<td>{block}</td></tr>')
    return mark_safe("\n".join(lines))


def item_comments(context, **values):
    """reviews/_item_comments.html in the page's context with `values`."""
    return render_to_string(ITEM_COMMENTS, {**context.flatten(), **values})


class _BlankBlocks:
    """The comments block of a row without comments, rendered once for
    department rows (no project) and once for project rows."""

    def __init__(self, context):
        self.context = context
        self.rendered = {}

    def fill(self, values):
        department = values["project_id"] is None
        blank = self.rendered.get(department)
        if blank is None:
            stand_ins = dict(PLACEHOLDERS, comments=())
            if department:
                stand_ins["project_id"] = None
            blank = self.rendered[department] = item_comments(self.context, **stand_ins)
        for key, placeholder in PLACEHOLDERS.items():
            if values[key] is not None:
                blank = blank.replace(placeholder, escape(str(values[key])))
        return blank
