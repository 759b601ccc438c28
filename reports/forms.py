"""The forms of the monitoring pages: the report (every field the unit fills
in, made from reports/fields.py for the document at hand) and the opening
of a round.

A report field's form name says where it sits in the document, so a
problem's JSON path finds its field and back:

    projects[0].goal_progress            <-> p0-goal_progress
    projects[0].budget.total.executed    <-> p0-b-total-executed
    projects[0].indicators[2].reasons    <-> p0-i2-reasons
"""
import copy
import functools
import re

from django import forms

from targets import field_catalogue as catalogue
from targets.forms import AmountInput, ExactText
from targets.money import plain

from . import fields
from .models import Exercise
from .rules.explain import is_blank_value, read_target

PROJECT = "monitoring.project"
BUDGET = "monitoring.budget"
INDICATOR = "monitoring.indicator"

_PATH = re.compile(
    r"^projects\[(\d+)\]\.(?:budget\.(\w+)\.(\w+)|indicators\[(\d+)\]\.(\w+)|(\w+))$"
)
_NAME = re.compile(r"^p(\d+)-(?:b-(\w+)-(\w+)|i(\d+)-(\w+)|(\w+))$")


def project_name(p, key):
    return f"p{p}-{key}"


def budget_name(p, row, key):
    return f"p{p}-b-{row}-{key}"


def indicator_name(p, i, key):
    return f"p{p}-i{i}-{key}"


def rectification_name(pk):
    return f"rect-{pk}-answer"


_RECTIFICATION = re.compile(r"^rectifications\[(\d+)\]$")


def name_for_path(path):
    """The form field name of a JSON path, or None when no field has it."""
    rectification = _RECTIFICATION.match(path or "")
    if rectification:
        return rectification_name(rectification.group(1))
    match = _PATH.match(path or "")
    if not match:
        return None
    p, row, budget_key, i, indicator_key, project_key = match.groups()
    if row:
        return budget_name(p, row, budget_key)
    if i is not None:
        return indicator_name(p, i, indicator_key)
    return project_name(p, project_key)


def path_for_name(name):
    match = _NAME.match(name or "")
    if not match:
        return None
    p, row, budget_key, i, indicator_key, project_key = match.groups()
    if row:
        return f"projects[{p}].budget.{row}.{budget_key}"
    if i is not None:
        return f"projects[{p}].indicators[{i}].{indicator_key}"
    return f"projects[{p}].{project_key}"


def is_qualitative(item):
    """Whether an indicator's approved value is a graded phrase (定性): it is
    judged by the grade the unit chooses, not by a typed figure."""
    value = item.get("value")
    if is_blank_value(value):
        return False
    try:
        return not read_target(value).is_quantitative
    except Exception:  # a value the reader cannot take is judged as not quantitative
        return False


def _label(part, key, months):
    return fields.label(part, key, months)


def _text_field(part, key, months, *, long=False):
    field = fields.get(part, key)
    widget = forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}) if long else \
        forms.TextInput(attrs={"class": "form-control form-control-sm"})
    return ExactText(label=field.label_for(months), required=False, widget=widget,
                     max_length=catalogue.MAX_LENGTH[field.kind])


def _choice_field(part, key, months):
    field = fields.get(part, key)
    return forms.ChoiceField(label=field.label_for(months), required=False,
                             choices=[("", "请选择")] + [(c, c) for c in field.choices],
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))


@functools.lru_cache(maxsize=None)
def _field_for(part, key, months):
    """The form field of one entered field of the catalogue, by its kind.
    One instance serves every project's and indicator's field of that key:
    a field keeps no state of its own (the bound data is the form's), and
    a province's report has some 1,700 of them."""
    field = fields.get(part, key)
    if field.kind == catalogue.AMOUNT:
        amount = AmountInput(label=field.label_for(months))
        amount.widget.attrs["class"] = "form-control form-control-sm text-end"
        return amount
    if field.kind == fields.CHOICES:
        return forms.MultipleChoiceField(label=field.label_for(months), required=False,
                                         choices=[(c, c) for c in field.choices],
                                         widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    if field.kind == catalogue.CHOICE:
        return _choice_field(part, key, months)
    return _text_field(part, key, months, long=field.kind == catalogue.LONG_TEXT)


@functools.lru_cache(maxsize=None)
def _answer_field():
    return ExactText(label="整改情况", required=False, max_length=catalogue.MAX_LENGTH[catalogue.LONG_TEXT],
                     widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}))


def _entered(part):
    return [key for key in fields.entered(part)]


class ReportForm(forms.Form):
    """Every field the unit fills in a monitoring/1 document, with the
    version the page was opened at (the save refuses a stale one)."""

    # Required: a POST without it (not from the page) never overwrites.
    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=True,
                                      error_messages={"required": "页面缺少版本信息，请重新打开此页后再保存。"})

    def __init__(self, data=None, *, document, version=None, rectifications=(), **kwargs):
        self.document = document
        self.rectifications = list(rectifications)
        months = document.get("months")
        initial = {"version_seen": version}
        super().__init__(data, initial=initial, **kwargs)
        for p, project in enumerate(document.get("projects") or []):
            for key in _entered(PROJECT):
                self._add(project_name(p, key), _field_for(PROJECT, key, months), project.get(key))
            for row_key, _ in fields.BUDGET_ROWS:
                row = (project.get("budget") or {}).get(row_key) or {}
                for key in _entered(BUDGET):
                    self._add(budget_name(p, row_key, key), _field_for(BUDGET, key, months), row.get(key))
            for i, item in enumerate(project.get("indicators") or []):
                for key in _entered(INDICATOR):
                    if key == "grade" and not is_qualitative(item):
                        continue
                    value = item.get(key)
                    self._add(indicator_name(p, i, key), _field_for(INDICATOR, key, months),
                              list(value or []) if key == "reasons" else value)
        for rectification in self.rectifications:
            self._add(rectification_name(rectification.pk), _answer_field(), rectification.answer)

    def _add(self, name, field, value):
        self.fields[name] = field
        self.initial[name] = value

    def __getitem__(self, name):
        # The templates ask for fields by name from the document's shape;
        # a field the form has not (a grade of a quantitative indicator) is None.
        if name not in self.fields:
            return None
        return super().__getitem__(name)

    def updated_document(self):
        """The document with the cleaned values written in (call after
        is_valid())."""
        return _write(self.document, self.cleaned_data, clean=True)

    def answers(self):
        """{rectification pk: the answer typed} (after is_valid())."""
        return {r.pk: self.cleaned_data.get(rectification_name(r.pk)) or "" for r in self.rectifications}

    def typed_document(self):
        """The document with what was typed, valid or not (for the live
        lights: a garbled amount is judged and named by the rules)."""
        typed = {}
        for name, field in self.fields.items():
            if name == "version_seen":
                continue
            if isinstance(field, forms.MultipleChoiceField):
                typed[name] = [v for v in self.data.getlist(name) if v in fields.REASONS]
            else:
                value = self.data.get(name)
                typed[name] = value if value not in ("", None) else None
        return _write(self.document, typed, clean=False)


def _write(document, values, *, clean):
    result = copy.deepcopy(document)
    for name, value in values.items():
        path = path_for_name(name)
        if path is None:
            continue
        match = _NAME.match(name)
        p, row, budget_key, i, indicator_key, project_key = match.groups()
        project = result["projects"][int(p)]
        if clean and hasattr(value, "as_tuple"):  # a Decimal from AmountInput
            value = plain(value)
        if row:
            project.setdefault("budget", {}).setdefault(row, {})[budget_key] = value
        elif i is not None:
            if indicator_key == "reasons":
                value = [reason for reason in fields.REASONS if reason in (value or [])]
            elif value == "":
                value = None
            project["indicators"][int(i)][indicator_key] = value
        else:
            project[project_key] = value if value != "" else None
    return result


class OpeningForm(forms.ModelForm):
    """What opening a round of either kind asks beside its own fields: its
    units, a region or chosen units among those the user may open for."""

    def __init__(self, *args, regions=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields["region"].queryset = regions
        if units is not None:
            self.fields["units"].queryset = units
        self.fields["units"].required = False
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("region") and not cleaned.get("units"):
            raise forms.ValidationError("请选择范围：一个行政区划，或指定的预算单位。")
        return cleaned


class ExerciseForm(OpeningForm):
    """Opening a monitoring round: year, period, deadline and its units (a
    region, or chosen units)."""

    class Meta:
        model = Exercise
        fields = ["year", "months", "deadline", "region", "units"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["months"].required = True
        self.fields["months"].choices = [(m, f"1–{m}月") for m in fields.MONTH_CHOICES]
