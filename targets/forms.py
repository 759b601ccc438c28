"""Forms of the filing editor. Which fields a form shows comes from the
layout's framework data (targets.frameworks); fields a layout does not show
are left untouched."""
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models as db_models
from django.forms import BaseModelFormSet, modelformset_factory

from config.texts import storage_problem
from targets import field_catalogue as catalogue
from targets.frameworks import LAYOUT_CHOICES, canonical
from targets.models import Filing, Indicator, Project
from targets.money import MAX_AMOUNT_CHARACTERS, fixed, parse_amount, plain
from targets.widgets import FastTextInput, RowCheckbox, RowHidden, RowSelect, RowTextarea, ShortTextInput

# Model columns edited in a tall box rather than one line.
LONG_TEXTS = {f.column for fields in catalogue.PARTS.values() for f in fields if f.kind == catalogue.LONG_TEXT}
# The indicator row's columns a form edits: its period comes from the table
# half it sits in (中期/年度), not from a field.
ROW_COLUMNS = [f.column for f in catalogue.fields_of("indicator") if f.key != "period"]
# Free-text row cells (一级/二级 are chosen from the framework).
ROW_TEXT_COLUMNS = [f.column for f in catalogue.fields_of("indicator", "text*") if f.key not in ("level1", "level2")]
# Row cells the official tables fill with a short value: one line each
# (wrapped on screen to the column's width).
ROW_ONE_LINE_COLUMNS = ("name", "value")


class ExactText(forms.CharField):
    """A text kept exactly as typed: no trimming; the browser's CRLF line
    breaks become the \\n the filing format uses; blank means null where the
    field allows it."""

    def __init__(self, *, nullable=True, **kwargs):
        kwargs.setdefault("strip", False)
        kwargs.setdefault("empty_value", None if nullable else "")
        super().__init__(**kwargs)
        if self.max_length is not None:  # Django's own wording is stilted in Chinese
            self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)] + [
                MaxLengthValidator(self.max_length, message="不能超过 %(limit_value)d 个字符（现有 %(show_value)d 个）。")]

    def widget_attrs(self, widget):
        # No maxlength: a browser cuts a longer paste without a word, where
        # the refusal of the save says how long the text is and keeps it.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        problem = value and storage_problem(value)
        if problem:
            raise forms.ValidationError(f"{problem}。")


class AmountInput(forms.CharField):
    """An amount typed as text ("12.50", "1,200", "25%"), kept exactly as a
    Decimal."""

    widget = FastTextInput

    def __init__(self, *, allow_percent=False, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.allow_percent = allow_percent
        self.widget.attrs.update({"inputmode": "decimal", "class": "form-control text-end"})

    def to_python(self, value):
        value = (value or "").strip().replace(",", "").replace("，", "")
        if self.allow_percent:
            value = value.rstrip("%％").strip()
        if not value:
            return None
        if len(value) > MAX_AMOUNT_CHARACTERS:
            raise forms.ValidationError(f"“{value[:20]}…”过长，不是有效的数字。")
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise forms.ValidationError(f"“{value}”不是有效的数字。") from None
        try:
            # The Decimal itself: its exponent is checked before any digit
            # is written out.
            return parse_amount(amount)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def prepare_value(self, value):
        # A stored value; what was typed (a bound form's text) shows as typed.
        if isinstance(value, Decimal):
            return plain(value) if self.allow_percent else shown_amount(value)
        return value


def shown_amount(amount):
    """An amount as the official tables print it ("450" -> "450.00"), unless
    it holds more decimals: those are shown, so saving the page keeps them."""
    cents = amount.quantize(Decimal("0.01"))
    return fixed(cents) if cents == amount else plain(amount)


def style_widgets(form):
    """Bootstrap classes on every widget that has none yet."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput) or widget.attrs.get("class"):
            continue
        if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
            continue
        widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"


def exact_text_callback(field, **kwargs):
    """formfield_callback turning every model text field into ExactText
    (labelled as Meta.labels say: the catalogue's wording for the layout)."""
    label = kwargs.get("label", field.verbose_name)
    # A heading (filing/1 "Headings") is a CharField of its printed line's
    # length (200); it is typed and kept like every other text.
    heading = isinstance(field, db_models.CharField) and not field.choices
    if isinstance(field, db_models.TextField) or heading:
        if field.name in LONG_TEXTS:
            widget = RowTextarea(attrs={"rows": 6, "class": "form-control long-text"})
        else:
            widget = ShortTextInput(attrs={"class": "form-control"})
        return ExactText(
            nullable=field.null,
            required=not field.blank,
            max_length=field.max_length if heading else
            catalogue.MAX_LENGTH[catalogue.LONG_TEXT if field.name in LONG_TEXTS else catalogue.TEXT],
            label=label,
            help_text=field.help_text,
            widget=widget,
        )
    if isinstance(field, db_models.DecimalField):
        return AmountInput(label=label)
    return field.formfield(**kwargs)


def _catalogue_meta(model, parts, layout, chosen, **extra):
    """A ModelForm Meta for the chosen fields (filing/1 keys, in the order
    given) of catalogue parts, labelled as the layout's tables word them."""
    fields = [f for part in parts for key in chosen(part) for f in catalogue.fields_of(part) if f.key == key]
    attrs = {"model": model, "fields": [f.column for f in fields],
             "labels": {f.column: f.label_for(layout) for f in fields},
             "formfield_callback": staticmethod(exact_text_callback), **extra}
    return type("Meta", (), attrs)


class VersionedForm(forms.ModelForm):
    """Carries the version the user started editing from, so a save based
    on an older version is refused instead of overwriting another save."""

    version_seen = forms.IntegerField(widget=RowHidden, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version_seen"] = self.instance.version
        style_widgets(self)


class StartFilingForm(forms.Form):
    """A new filing of the person's unit: its year, and empty or a copy of
    one of the unit's earlier filings (named by year). The layout is the
    unit's, set by admins."""

    SOURCE_EMPTY = "empty"
    SOURCE_COPY = "copy"

    year = forms.IntegerField(label="预算年度", min_value=2000, max_value=2100)
    amount_unit = forms.ChoiceField(label="金额单位", choices=Filing.AmountUnit.choices,
                                    initial=Filing.AmountUnit.WAN_YUAN)
    source = forms.ChoiceField(
        label="内容",
        choices=[(SOURCE_EMPTY, "空白申报"), (SOURCE_COPY, "复制本单位以前的申报")],
        widget=forms.RadioSelect,
        initial=SOURCE_EMPTY,
    )
    copy_from = forms.TypedChoiceField(label="复制哪一年的申报", coerce=int, required=False,
                                       help_text="复制单位整体部分、全部项目、资金和指标，生成一份新的草稿；被复制的申报保持不变。")

    def __init__(self, *args, earlier=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Newest first: the year before is the usual source and comes preselected.
        self.earlier = {filing.pk: filing for filing in earlier}
        self.fields["copy_from"].choices = [(f.pk, f"{f.year} 年度（{f.get_status_display()}）") for f in earlier]
        if earlier:
            self.fields["copy_from"].initial = earlier[0].pk
        else:
            self.fields["copy_from"].choices = [("", "本单位还没有以前的申报")]
        self.fields["copy_from"].widget.attrs["class"] = "form-select"

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        cleaned["copy_source"] = None
        if cleaned.get("source") != self.SOURCE_COPY or year is None:
            return cleaned
        chosen = self.earlier.get(cleaned.get("copy_from"))
        if chosen is None:
            # No choice sent (an older page): the most recent before the year.
            chosen = next((f for f in self.earlier.values() if f.year < year), None)
        if chosen is None:
            self.add_error("source", f"本单位在 {year} 年之前没有申报，无法复制。")
        elif chosen.year >= year:
            self.add_error("copy_from", f"只能复制 {year} 年之前的申报。")
        else:
            cleaned["copy_source"] = chosen
        return cleaned


class FilingSettingsForm(VersionedForm):
    """A filing's amount unit (its staff's choice) and layout (an admin's:
    it follows the unit); a person gets only the fields they may change."""

    class Meta:
        widgets = {"layout": forms.Select(attrs={"class": "form-select form-select-sm"}),
                   "amount_unit": forms.Select(attrs={"class": "form-select form-select-sm"})}
        model = Filing
        fields = ["layout", "amount_unit"]

    def __init__(self, *args, layout=False, amount_unit=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not layout:
            del self.fields["layout"]
        else:
            # Every filing has a layout: no empty "---------" choice.
            self.fields["layout"].choices = LAYOUT_CHOICES
        if not amount_unit:
            del self.fields["amount_unit"]


def department_form_class(framework):
    """The department form for a layout: its texts, budget and footer."""
    shown = framework.department_fields

    def chosen(part):
        if part == "department":
            return shown
        # The budget and the footer are shown whole or not at all.
        return catalogue.keys(part) if part.split(".")[-1] in shown else ()

    meta = _catalogue_meta(Filing, ("department", "department.budget", "contact"), framework.key, chosen,
                           widgets={"filed_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})})
    return type("DepartmentForm", (VersionedForm,), {"Meta": meta})


def project_form_class(framework):
    shown = {"project": framework.project_fields, "project.budget": framework.project_budget_fields}
    meta = _catalogue_meta(Project, ("project", "project.budget"), framework.key, shown.get)
    return type("ProjectForm", (VersionedForm,), {"Meta": meta})


class SpendingPlanForm(forms.Form):
    """Cumulative percentages at the layout's month ends (and any other
    months a filing already has)."""

    def __init__(self, *args, months=(), initial_points=(), **kwargs):
        super().__init__(*args, **kwargs)
        existing = {point.month: point.percent for point in initial_points}
        self.months = sorted(set(months) | set(existing))
        for month in self.months:
            self.fields[f"month_{month}"] = AmountInput(label=f"{month}月底", allow_percent=True)
            if not self.is_bound and month in existing:
                self.initial[f"month_{month}"] = existing[month]

    def points(self):
        """[(month, percent)] of the months filled in, in month order."""
        return [(m, self.cleaned_data[f"month_{m}"]) for m in self.months
                if self.cleaned_data.get(f"month_{m}") is not None]


class IndicatorForm(forms.ModelForm):
    """One indicator row; 一级 and 二级 are offered from the framework but a
    name written differently on an imported table is kept as written."""

    position = forms.IntegerField(widget=RowHidden, required=False)

    class Meta:
        model = Indicator
        fields = ROW_COLUMNS
        labels = {f.column: f.label for f in catalogue.fields_of("indicator")}
        formfield_callback = staticmethod(exact_text_callback)

    def __init__(self, *args, framework=None, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in columns and name not in ("position",):
                del self.fields[name]
        level1_choices = [("", "—请选择—")] + [(n, n) for n in framework.level1_names()]
        level2_choices = [("", "—请选择—")]
        for l1 in framework.level1:
            level2_choices += [(n, n) for n in l1.level2]
        current1 = self._current("level1")
        current2 = self._current("level2")
        if current1 and current1 not in dict(level1_choices):
            level1_choices.append((current1, current1))
        if current2 and current2 not in dict(level2_choices):
            level2_choices.append((current2, current2))
        self.fields["level1"].widget = RowSelect(choices=level1_choices,
                                                 attrs={"class": "form-select form-select-sm level1"})
        self.fields["level2"].widget = Level2Select(
            choices=level2_choices, framework=framework,
            attrs={"class": "form-select form-select-sm level2"})
        for name in ROW_TEXT_COLUMNS:
            if name in self.fields:
                # A box that grows with its text; one-line cells take no line
                # break from Enter (static/js/editor.js).
                one_line = " one-line" if name in ROW_ONE_LINE_COLUMNS else ""
                self.fields[name].widget = RowTextarea(
                    attrs={"rows": 1, "class": f"form-control form-control-sm {name}{one_line}"})
        if "name" in self.fields:
            self.fields["name"].widget.attrs["list"] = "indicator-names"
        if "value" in self.fields:
            self.fields["value"].widget.attrs["data-parse"] = "1"
        self.fields["level1"].error_messages["required"] = "请选择一级指标。"
        self.fields["level2"].error_messages["required"] = "请选择二级指标。"
        if "name" in self.fields:
            self.fields["name"].error_messages["required"] = "请填写三级指标。"

    def _current(self, field):
        if self.is_bound:
            return self.data.get(self.add_prefix(field)) or ""
        return getattr(self.instance, field, "") or ""

    def is_blank(self):
        """A row left entirely empty is dropped rather than refused."""
        return not any((self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields
                       if name != "position")

    def full_clean(self):
        if self.is_bound and not self.instance.pk and self.is_blank():
            self.cleaned_data = {}
            self._errors = forms.utils.ErrorDict()
            self.blank_row = True
            return
        self.blank_row = False
        super().full_clean()


class Level2Select(RowSelect):
    """Each 二级 option carries the canonical 一级 it belongs to, so the page
    can offer only the 二级 of the chosen 一级."""

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework

    def option_attrs(self, value):
        level1 = self.framework.level1_of_level2(value) if value else None
        return {"data-level1": canonical(level1.name)} if level1 is not None else {}

    def options_key(self):
        return self.framework.key


class BaseIndicatorFormSet(BaseModelFormSet):
    def __init__(self, *args, framework=None, columns=(), **kwargs):
        self.framework = framework
        self.columns = columns
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs.update(framework=self.framework, columns=self.columns)
        return kwargs

    @property
    def empty_form(self):
        form = self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"),
                         empty_permitted=True, use_required_attribute=False,
                         framework=self.framework, columns=self.columns)
        self.add_fields(form, None)
        return form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django checks each posted row id with its own SELECT; look the id up
        # among the rows this formset already loaded instead (one query).
        field = form.fields.get(self.model._meta.pk.name)
        if isinstance(field, forms.ModelChoiceField):
            form.fields[self.model._meta.pk.name] = KnownRowField(
                self, queryset=field.queryset, required=False, widget=RowHidden, initial=field.initial)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget = RowCheckbox()

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["position"].initial = i
        return form

    def kept_forms(self):
        """The rows to save, in the order the user arranged them (the page
        numbers rows as they are moved; without script, in form order)."""
        kept = [(index, f) for index, f in enumerate(self.forms)
                if not getattr(f, "blank_row", False) and not (self.can_delete and self._should_delete_form(f))]

        def place(item):
            index, form = item
            position = form.cleaned_data.get("position")
            return (index if position is None else position, index)

        return [form for _, form in sorted(kept, key=place)]


class KnownRowField(forms.ModelChoiceField):
    """The id of an existing row, valid only for rows of this formset."""

    def __init__(self, formset, **kwargs):
        super().__init__(**kwargs)
        self.formset = formset

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            row = self.formset._existing_object(int(value))
        except (TypeError, ValueError):
            row = None
        if row is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


IndicatorFormSet = modelformset_factory(
    Indicator, form=IndicatorForm, formset=BaseIndicatorFormSet, extra=0, can_delete=True,
    formfield_callback=exact_text_callback, fields=ROW_COLUMNS,
)
