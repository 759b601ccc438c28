"""The rows of the review page's indicator tables, written in Python.

A filing under review shows every indicator row with its comments and, for
a reviewer, a form to add one: the template included two templates per row,
which made the page's ~300 rows most of its time (the slowest page in the
load test, docs/performance.md). The comments block of a row is still
reviews/_item_comments.html: rendered as it is for a row with comments
(few), and for the others rendered once per page with placeholders that
each row's values replace. A row whose indicator continues from last year
shows last year's target and actual under its 指标值 (reports.previous_year)."""
from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from reports.previous_year import last_year_for
from targets.models import Indicator

from .comments import comment_form_id
from .review_layout import DEFAULT_COLUMNS

ITEM_COMMENTS = "reviews/_item_comments.html"
# Stand-ins for a row's values in the comments block rendered once per page:
# letters only, so that escaping leaves them as they are.
PLACEHOLDERS = {"project_id": "jxPROJECTjx", "indicator_index": "jxINDEXjx", "form_id": "jxFORMjx"}


def indicator_rows(context, rows, columns=None):
    """The <tr> of each (indicator, its comments) of one table, in order;
    `context` is the page's template context, `columns` [(key, heading)]
    the layout's (review_layout.indicator_columns), else the four main ones."""
    columns = columns or DEFAULT_COLUMNS
    blocks = _BlankBlocks(context)
    show_block = context.get("can_comment")
    row_marks = context.get("row_marks") or {}
    last_year = _LastYear(context.get("filing"))
    lines = []
    for index, (row, comments) in enumerate(rows):
        values = {"project_id": row.project_id, "indicator_index": index,
                  "form_id": comment_form_id(row.project_id, index)}
        if comments:
            block = item_comments(context, comments=comments, field_choices=columns, **values)
        elif show_block:
            block = blocks.fill(values, columns)
        else:
            block = ""
        marks = row_marks.get(row.pk, {})
        cells = "".join(_cell(key, label, _shown(row, key), marks, last_year.line(row) if key == "value" else "")
                        for key, label in columns)
        added = ' class="review-added" title="上次审核决定后新增的指标行"' if marks.get("added") else ""
        lines.append(f'<tr id="indicator-{row.pk}"{added}>{cells}<td>{block}</td></tr>')
    return mark_safe("\n".join(lines))


def _shown(row, key):
    """A row's value as the cell shows it: 期间 in words (中期, 年度)."""
    return row.get_period_display() if key == "period" else getattr(row, key)


def _cell(key, label, text, marks, note=""):
    """One cell; a value changed since the last decision is marked, with the
    old one; `note` (last year's figures) goes under the text."""
    note = f'<div class="small text-muted last-year">{escape(note)}</div>' if note else ""
    if key not in marks:
        return f'<td data-label="{label}">{escape(text or "")}{note}</td>'
    old = marks[key]
    if key == "period" and old in Indicator.Period.values:
        old = Indicator.Period(old).label
    old = escape(str(old)) if old not in (None, "") else "（空）"
    return (f'<td data-label="{label}" class="review-changed">{escape(text or "")}'
            f'<div class="review-old">原为：{old}</div>{note}</td>')


class _LastYear:
    """Last year's line of a row of the page's filing ("" for none): one
    query per page (reports.previous_year keeps the results on the filing),
    the project names from the filing's prefetched projects."""

    def __init__(self, filing):
        self.filing = filing
        self.names = None

    def line(self, row):
        if self.filing is None or row.project_id is None:
            return ""
        if self.names is None:
            self.names = {project.pk: project.name for project in self.filing.projects.all()}
        found = last_year_for(self.filing, self.names.get(row.project_id), row.name, row.period)
        return found.line if found else ""


def item_comments(context, **values):
    """reviews/_item_comments.html in the page's context with `values`."""
    return render_to_string(ITEM_COMMENTS, {**context.flatten(), **values})


class _BlankBlocks:
    """The comments block of a row without comments, rendered once for
    department rows (no project) and once for project rows."""

    def __init__(self, context):
        self.context = context
        self.rendered = {}

    def fill(self, values, columns):
        department = values["project_id"] is None
        blank = self.rendered.get(department)
        if blank is None:
            stand_ins = dict(PLACEHOLDERS, comments=(), field_choices=columns)
            if department:
                stand_ins["project_id"] = None
            blank = self.rendered[department] = item_comments(self.context, **stand_ins)
        for key, placeholder in PLACEHOLDERS.items():
            if values[key] is not None:
                blank = blank.replace(placeholder, escape(str(values[key])))
        return blank
