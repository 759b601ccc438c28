"""The HTML of one indicator row of the editor, written in Python: a page
holds up to hundreds of rows, and the template engine's per-variable
lookups for each of their cells were half of the project editor's time
(docs/performance.md). The markup is what templates/targets/_indicator_rows.html
expects for each row and what static/js/editor.js works with. A row whose
indicator continues from last year (form.last_year, set by the project
editor from reports.previous_year) shows last year's target and actual
under its 指标值."""
from html import escape

from django.utils.safestring import mark_safe

MOVE_BUTTONS = (
    '<button type="button" class="btn btn-sm btn-outline-secondary move-up" aria-label="上移此行" title="上移">↑</button>'
    '<button type="button" class="btn btn-sm btn-outline-secondary move-down" aria-label="下移此行" title="下移">↓</button>'
    '<button type="button" class="btn btn-sm btn-outline-danger remove-row" aria-label="删除此行" title="删除">✕</button>'
)


def cell_name(table_title, number, label):
    """A grid cell's accessible name, "绩效指标第3行 三级指标": the column
    header alone does not say which row a screen reader is in.
    static/js/editor.js renumbers it when rows move."""
    return f"{table_title}第{number}行 {label}"


def indicator_row(form, *, anchor_prefix="", editable=False, new_row=False, comments=(),
                  table_title="", labels=None):
    """<tr> of a row form: a cell per visible field (with the value's
    reading, the reviewers' comments beside the name, the field's errors),
    then the hidden fields and the move/remove buttons where editable.
    `comments` are the row's review comments; `labels` the column headers
    ({field: label}) that name each cell."""
    saved = not new_row and form.instance.pk
    row_id = f' id="{escape(anchor_prefix)}-{getattr(form, "row_index", "")}"' if saved else ""
    parts = [f'<tr class="indicator-row{" table-danger" if form.errors else ""}"{row_id}>']
    number = getattr(form, "row_number", 0)
    labels = labels or {}
    for field in form.visible_fields():
        if field.name == "DELETE":
            continue
        name = cell_name(table_title, number, labels.get(field.name, field.label))
        invalid = {"aria-invalid": "true"} if field.errors else {}
        parts.append(f'<td class="cell-{field.name}">{field.as_widget(attrs={"aria-label": name, **invalid})}')
        if field.name == "value":
            reading = form.instance.parsed_value.reading()
            parts.append(f'<div class="small text-muted value-reading" aria-live="polite">{escape(reading)}</div>')
            last_year = None if new_row else getattr(form, "last_year", None)
            if last_year is not None:
                parts.append(f'<div class="small text-muted last-year">{escape(last_year.line)}</div>')
        if field.name == "name" and form.instance.pk:
            for comment in comments:
                answered = comment.is_answered
                parts.append(
                    f'<div class="small mt-1 p-1 rounded {"bg-success-subtle" if answered else "bg-warning-subtle"}">'
                    f'审核意见：{escape(comment.text)}{"（已答复）" if answered else ""}</div>')
        for error in field.errors:
            parts.append(f'<div class="invalid-feedback d-block">{escape(str(error))}</div>')
        parts.append("</td>")
    if editable:
        hidden = "".join(str(field) for field in form.hidden_fields())
        parts.append(f'<td class="text-nowrap">{hidden}<span class="d-none">{form["DELETE"]}</span>'
                     f"{MOVE_BUTTONS}</td>")
    parts.append("</tr>")
    return mark_safe("".join(parts))
