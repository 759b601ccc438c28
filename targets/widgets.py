"""Widgets of the indicator rows, rendered in Python instead of through
the template engine: a table of rows holds hundreds of <option>s, and
rendering each through its own template was most of the editor's page
time (docs/performance.md). Output is the same HTML Django's templates
write."""
from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


def _text(value):
    return "" if value is None else str(value)


class RowSelect(forms.Select):
    def option_attrs(self, value):
        return {}

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = _text(value)
        parts = [f"<select{flatatt(final)}>"]
        for option_value, label in self.choices:
            option_value = _text(option_value)
            mark = " selected" if option_value == selected else ""
            parts.append(f'<option value="{escape(option_value)}"{flatatt(self.option_attrs(option_value))}'
                         f"{mark}>{escape(label)}</option>")
        parts.append("</select>")
        return mark_safe("".join(parts))


class RowTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        text = self.format_value(value)
        # The newline after <textarea> is dropped by browsers, as in
        # Django's template, so a text starting with one keeps it.
        return mark_safe(f"<textarea{flatatt(final)}>\n{escape(text) if text else ''}</textarea>")


class RowHidden(forms.HiddenInput):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final.update(type="hidden", name=name)
        text = self.format_value(value)
        if text is not None:
            final["value"] = text
        return mark_safe(f"<input{flatatt(final)}>")


class RowCheckbox(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final.update(type="checkbox", name=name)
        if self.check_test(value):
            final["checked"] = True
        return mark_safe(f"<input{flatatt(final)}>")
