"""Template tags of the monitoring pages: the staff home page's open
reports, and the report page's fields."""
from html import escape

from django import forms, template
from django.utils.safestring import mark_safe
from django.utils import timezone

from reports.models import ReportStatus
from reports.visibility import reports_for_user

register = template.Library()


@register.inclusion_tag("reports/_staff_open_reports.html", takes_context=True)
def open_reports(context):
    """The user's unit's reports still to fill (draft or returned), soonest deadline first."""
    user = context["request"].user
    today = timezone.localdate()
    reports = list(reports_for_user(user).filter(status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED))
                   .select_related("exercise").order_by("exercise__deadline", "pk"))
    for report in reports:
        report.late = today > report.exercise.deadline
    return {"reports": reports}


# --- the report page's fields -------------------------------------------------
# A province's report holds some 1,700 fields: each is written here in one
# go (label, control, errors, the problems found at it) rather than through
# a widget template and an include per field, which took over a second.

def _e(value):
    return escape("" if value is None else str(value), quote=True)


def _control(bound, field_id, invalid, described_by):
    field = bound.field
    widget = field.widget
    name = _e(bound.html_name)
    value = bound.value()
    aria = f' aria-invalid="true" aria-describedby="{_e(described_by)}"' if invalid else ""
    field_id = _e(field_id)
    if isinstance(field, forms.MultipleChoiceField):
        chosen = {str(v) for v in (value or [])}
        css = "form-check-input is-invalid" if invalid else "form-check-input"
        return "".join(
            f'<div class="form-check form-check-inline"><input type="checkbox" class="{css}" name="{name}" '
            f'value="{_e(choice)}" id="{field_id}_{index}"{" checked" if str(choice) in chosen else ""}{aria}>'
            f'<label class="form-check-label small" for="{field_id}_{index}">{_e(label)}</label></div>'
            for index, (choice, label) in enumerate(field.choices))
    css = _e(widget.attrs.get("class", "form-control form-control-sm") + (" is-invalid" if invalid else ""))
    if isinstance(field, forms.ChoiceField):
        current = str(value or "")
        options = "".join(f'<option value="{_e(choice)}"{" selected" if str(choice) == current else ""}>{_e(label)}</option>'
                          for choice, label in field.choices)
        return f'<select name="{name}" id="{field_id}" class="{css}"{aria}>{options}</select>'
    if isinstance(widget, forms.Textarea):
        # The newline after the tag: a browser drops the first one of the text.
        return (f'<textarea name="{name}" id="{field_id}" class="{css}" rows="{_e(widget.attrs.get("rows", 2))}"{aria}>\n'
                f'{_e(value)}</textarea>')
    mode = f' inputmode="{_e(widget.attrs["inputmode"])}"' if widget.attrs.get("inputmode") else ""
    return f'<input type="text" name="{name}" id="{field_id}" class="{css}" value="{_e(value)}"{mode}{aria}>'


@register.simple_tag
def report_cell(cell, width="col-12", label=""):
    """One field of the report page: `cell` is {name, field, problems};
    with `label` (the row's name) the label, that name and the field's, is
    for screen readers only (a table cell whose column and row show it)."""
    bound = cell["field"]
    if bound is None:
        return ""
    field_id = _e(bound.auto_id)
    name = cell["name"]
    problems = cell["problems"]
    errors = list(bound.errors)
    invalid = bool(errors) or any(p.is_error for p in problems)
    described_by = f"problems-{name}"
    control = _control(bound, bound.auto_id, invalid, described_by)
    if isinstance(bound.field, forms.MultipleChoiceField):
        head = (f'<fieldset class="report-reasons"><legend class="form-label small mb-1">{_e(bound.label)}</legend>'
                f'{control}</fieldset>')
    elif label:
        head = f'<label class="visually-hidden" for="{field_id}">{_e(label)}{_e(bound.label)}</label>{control}'
    else:
        head = f'<label class="form-label small mb-1" for="{field_id}">{_e(bound.label)}</label>{control}'
    error_lines = "".join(f'<div class="invalid-feedback d-block">{_e(error)}</div>' for error in errors)
    problem_lines = "".join(
        f'<div class="{"invalid-feedback" if p.is_error else "warning-feedback"} d-block">{_e(p.message)}</div>'
        for p in problems)
    box = (f'<div class="report-problems" id="{_e(described_by)}" data-problems-for="{_e(name)}" aria-live="polite">'
           f'{problem_lines}</div>')
    if label:
        return mark_safe(head + error_lines + box)
    return mark_safe(f'<div class="{_e(width)} report-cell" id="cell-{_e(name)}">{head}{error_lines}{box}</div>')


@register.simple_tag
def report_light(judgement, light_id):
    """A light and its explanation: `judgement` is one entry of
    reports.judging.as_json; `light_id` names it for static/js/report.js."""
    light = _e(judgement.get("light") or "none")
    explanation = _e(judgement.get("explanation"))
    light_id = _e(light_id)
    return mark_safe(
        f'<span class="report-light light-{light}" data-light="{light_id}" title="{explanation}">'
        f'<span class="light-dot" aria-hidden="true"></span><span class="light-label">{_e(judgement.get("label"))}</span></span>'
        f'<span class="small text-muted light-explanation" data-light-explanation="{light_id}">{explanation}</span>')
