"""The forms of the self-evaluation pages (绩效自评): the report (every
field the unit fills in an evaluation/1 document, from reports/fields.py)
and the opening of a round.

The field names follow the monitoring form's (reports/forms.py), so a
problem's JSON path finds its field and back:

    projects[0].goal_outcome                 <-> p0-goal_outcome
    projects[0].budget.total.full_year       <-> p0-b-total-full_year
    projects[0].indicators[2].score          <-> p0-i2-score
"""
from django import forms

from . import fields
from .evaluation_documents import is_qualitative
from .forms import OpeningForm, _field_for, _write, budget_name, indicator_name, project_name
from .models import Exercise

PROJECT = "evaluation.project"
BUDGET = "evaluation.budget"
INDICATOR = "evaluation.indicator"
# The 复核 keys are the reviewer's (reports.review_scores), never the unit's form.
REVIEW_KEYS = ("review_score", "review_reason")


def indicator_keys(item):
    """The keys of an indicator row the unit fills: 达成情况 and 得分 only on
    a qualitative row (elsewhere the rules work the 得分 out)."""
    keys = [key for key in fields.entered(INDICATOR) if key not in REVIEW_KEYS]
    if not is_qualitative(item):
        keys = [key for key in keys if key not in ("achievement", "score")]
    return keys


class EvaluationForm(forms.Form):
    """Every field the unit fills in an evaluation/1 document, with the
    version the page was opened at (the save refuses a stale one)."""

    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=True,
                                      error_messages={"required": "页面缺少版本信息，请重新打开此页后再保存。"})

    def __init__(self, data=None, *, document, version=None, **kwargs):
        self.document = document
        super().__init__(data, initial={"version_seen": version}, **kwargs)
        for p, project in enumerate(document.get("projects") or []):
            for key in fields.entered(PROJECT):
                self._add(project_name(p, key), _field_for(PROJECT, key, None), project.get(key))
            for row_key, _ in fields.BUDGET_ROWS:
                row = (project.get("budget") or {}).get(row_key) or {}
                for key in fields.entered(BUDGET):
                    self._add(budget_name(p, row_key, key), _field_for(BUDGET, key, None), row.get(key))
            for i, item in enumerate(project.get("indicators") or []):
                for key in indicator_keys(item):
                    self._add(indicator_name(p, i, key), _field_for(INDICATOR, key, None), item.get(key))

    def _add(self, name, field, value):
        self.fields[name] = field
        self.initial[name] = value

    def __getitem__(self, name):
        # A field the row has not (得分 of a quantitative row) is None.
        if name not in self.fields:
            return None
        return super().__getitem__(name)

    def updated_document(self):
        """The document with the cleaned values written in (after
        is_valid()); a field the request did not send is left as stored."""
        return _write(self.document, {name: value for name, value in self.cleaned_data.items()
                                      if name in self.data}, clean=True)

    def typed_document(self):
        """The document with what was typed, valid or not (for the live
        scores: a garbled figure is named by the rules); a field the request
        did not send is left as stored."""
        typed = {}
        for name in self.fields:
            if name == "version_seen" or name not in self.data:
                continue
            value = self.data.get(name)
            typed[name] = value if value not in ("", None) else None
        return _write(self.document, typed, clean=False)


class EvaluationExerciseForm(OpeningForm):
    """Opening a self-evaluation round: year, deadline and its units (a
    region, or chosen units); no period."""

    class Meta:
        model = Exercise
        fields = ["year", "deadline", "region", "units"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}
