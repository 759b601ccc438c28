"""The editor's row widgets write what Django's own widgets write (they only
skip the template engine), whatever the values hold."""
import re

import pytest
from django import forms

from targets.forms import Level2Select
from targets.frameworks import framework_for
from targets.widgets import FastSelect, FastTextInput, RowCheckbox, RowHidden, RowSelect, RowTextarea, html_attributes

TRICKY = ['', '效益指标', 'a"b', "<script>x</script>", "R&D 's", "  前后空格  "]


def same_markup(html):
    """Markup without the whitespace Django's templates put between tags."""
    return re.sub(r">\s+<", "><", str(html).strip())


@pytest.mark.parametrize("widget", [RowSelect, FastSelect])
@pytest.mark.parametrize("selected", TRICKY + [None, "not offered", 7])
def test_select_matches_django(widget, selected):
    choices = [(value, f"标签 {value}") for value in TRICKY] + [(7, "七")]
    attrs = {"class": "form-select level1", "data-x": 'q"uote'}
    ours = widget(choices=choices, attrs=attrs).render("form-0-level1", selected)
    django = forms.Select(choices=choices, attrs=attrs).render("form-0-level1", selected)
    assert same_markup(ours) == same_markup(django)


def test_select_option_cache_tells_lists_apart():
    first = RowSelect(choices=[("a", "A"), ("b", "B")]).render("x", "a")
    second = RowSelect(choices=[("a", "A"), ("c", "C")]).render("x", "c")
    assert '<option value="b">B</option>' in first and "C" not in first
    assert '<option value="c" selected>C</option>' in second and "B" not in second


def test_level2_options_carry_their_level1():
    framework = framework_for("hebei")
    level2 = framework.level1[0].level2[0]
    html = Level2Select(choices=[("", "—"), (level2, level2), ("自拟", "自拟")], framework=framework).render("x", level2)
    assert f'<option value="{level2}" data-level1="' in html and " selected>" in html
    assert '<option value="自拟">自拟</option>' in html  # a name kept as written has no 一级


@pytest.mark.parametrize("value", TRICKY + [None, "\n首行空"])
def test_textarea_hidden_and_checkbox_match_django(value):
    attrs = {"rows": 1, "class": "form-control name", "list": "indicator-names", "required": True}
    assert same_markup(RowTextarea(attrs=attrs).render("n", value)) == same_markup(
        forms.Textarea(attrs=attrs).render("n", value))
    assert same_markup(RowHidden().render("h", value)) == same_markup(forms.HiddenInput().render("h", value))
    text_attrs = {"inputmode": "decimal", "class": "form-control text-end", "disabled": True}
    assert same_markup(FastTextInput(attrs=text_attrs).render("t", value)) == same_markup(
        forms.TextInput(attrs=text_attrs).render("t", value))
    assert same_markup(RowCheckbox().render("c", bool(value))) == same_markup(
        forms.CheckboxInput().render("c", bool(value)))


def test_attributes_as_flatatt():
    assert html_attributes({"a": True, "b": False, "c": None, "d": '<"&>'}) == ' a d="&lt;&quot;&amp;&gt;"'
