"""Widgets of the editor pages (the indicator rows and the fields around
them) and of long filter lists, rendered in Python instead of through the
template engine: a table of rows holds hundreds of <option>s, and
rendering each through its own template was most of the editor's page
time (docs/performance.md). Output is the same HTML Django's templates
write.

Two more things are done once instead of per row: the attributes are
written by html_attributes() (what django.forms.utils.flatatt writes,
without a format_html call per attribute), and a select's <option> tags
are rendered once per list of choices and kept (the 一级/二级 lists are
the same on every row of a layout; only the selected option differs).
"""
from html import escape

from django import forms
from django.utils.safestring import mark_safe

OPTION_CACHE_SIZE = 256  # distinct option lists kept (layouts × names kept as written)


def _text(value):
    return "" if value is None else str(value)


def html_attributes(attrs):
    """` name="value"` per attribute as flatatt writes them: True gives the
    bare name, False and None leave the attribute out, values are escaped."""
    parts = []
    for key, value in attrs.items():
        if value is True:
            parts.append(f" {key}")
        elif value is not False and value is not None:
            parts.append(f' {key}="{escape(str(value))}"')
    return "".join(parts)


class FastSelect(forms.Select):
    """A <select> written in Python (the same HTML as Django's template)."""

    def option_attrs(self, value):
        return {}

    def _option_tags(self):
        """[(value, the tag up to where " selected" goes, the rest)]."""
        return [
            (value, f'<option value="{escape(value)}"{html_attributes(self.option_attrs(value))}',
             f">{escape(str(label))}</option>")
            for value, label in ((_text(value), label) for value, label in self.choices)
        ]

    def render(self, name, value, attrs=None, renderer=None):
        # In the order Django's template writes them: the name first.
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        selected = _text(value)
        parts = [f"<select{html_attributes(final)}>"]
        for option_value, head, tail in self._option_tags():
            parts.append(f"{head} selected{tail}" if option_value == selected else head + tail)
        parts.append("</select>")
        return mark_safe("".join(parts))


class RowSelect(FastSelect):
    """A select of an indicator row: its options are the same on every row,
    so their tags are made once per list of choices and kept."""

    _options = {}  # (widget class, options_key, choices) -> FastSelect._option_tags()

    def options_key(self):
        """What besides the choices decides option_attrs()."""
        return None

    def _option_tags(self):
        key = (type(self), self.options_key(), tuple(self.choices))
        tags = self._options.get(key)
        if tags is None:
            if len(self._options) >= OPTION_CACHE_SIZE:
                self._options.clear()
            tags = self._options[key] = super()._option_tags()
        return tags


class RowTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        text = self.format_value(value)
        # The newline after <textarea> is dropped by browsers, as in
        # Django's template, so a text starting with one keeps it.
        return mark_safe(f"<textarea{html_attributes(final)}>\n{escape(str(text)) if text else ''}</textarea>")


class _PythonInput:
    """render() of an <input> as django/forms/widgets/input.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        final = {"type": self.input_type, "name": name}
        text = self.format_value(value)
        if text is not None:
            final["value"] = text
        final.update(self.build_attrs(self.attrs, attrs))
        return mark_safe(f"<input{html_attributes(final)}>")


class FastTextInput(_PythonInput, forms.TextInput):
    pass


class ShortTextInput(FastTextInput):
    """One line for a short value (a name, a code, an 指标值). A text that
    already holds a line break (kept as an imported table wrote it) gets a
    box instead, so saving it never joins its lines."""

    def render(self, name, value, attrs=None, renderer=None):
        text = self.format_value(value)
        if text and "\n" in text:
            return RowTextarea(attrs={**self.attrs, "rows": 2}).render(name, value, attrs, renderer)
        return super().render(name, value, attrs, renderer)


class RowHidden(_PythonInput, forms.HiddenInput):
    pass


class RowCheckbox(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        final = {"type": "checkbox", "name": name}
        final.update(self.build_attrs(self.attrs, attrs))
        if self.check_test(value):
            final["checked"] = True
        return mark_safe(f"<input{html_attributes(final)}>")
