"""An edit refused because someone else saved first, resolved rather than
retyped: the fields where the refused edit and the saved content differ,
under the editor's own labels, each with both values as the form posts
them, so the person picks one per field and the page saves the result."""
import json
from dataclasses import dataclass
from decimal import Decimal

from targets.money import plain

CHOICE = "conflict-choice-"  # + a field's key: "mine" or "theirs"
THEIRS = "conflict-theirs-"  # + a field's key: the saved value as the form posts it
ROWS = "rows:"  # a whole indicator table is one choice: key "rows:<formset prefix>"


@dataclass
class Difference:
    key: str  # the posted field name, or ROWS + a formset prefix
    label: str
    mine: str  # as shown
    theirs: str
    theirs_posted: str  # what the form posts for "theirs"


def _text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def field_differences(mine_form, saved_form):
    """The fields of a bound, valid form whose values differ from an
    unbound form of the saved content."""
    differences = []
    for name, field in mine_form.fields.items():
        if name == "version_seen" or field.widget.is_hidden:
            continue
        mine = _text(mine_form.cleaned_data.get(name))
        theirs = _text(saved_form[name].value() if name in saved_form.fields else None)
        if mine != theirs:
            differences.append(Difference(mine_form.add_prefix(name), str(mine_form[name].label), mine, theirs,
                                          theirs))
    return differences


def rows_difference(title, formset, saved_rows, columns):
    """The indicator table as a whole, when its rows differ: shown a row a
    line, and "theirs" as the table's posted fields."""
    mine = [[_text(form.cleaned_data.get(c)) for c in columns] for form in formset.kept_forms()]
    theirs = [[_text(getattr(row, c)) for c in columns] for row in saved_rows]
    if mine == theirs:
        return None
    posted = {
        f"{formset.prefix}-TOTAL_FORMS": str(len(saved_rows)),
        f"{formset.prefix}-INITIAL_FORMS": str(len(saved_rows)),
        f"{formset.prefix}-MIN_NUM_FORMS": "0",
        f"{formset.prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(saved_rows):
        posted[f"{formset.prefix}-{index}-id"] = str(row.pk)
        posted[f"{formset.prefix}-{index}-position"] = str(index)
        for column, value in zip(columns, theirs[index]):
            posted[f"{formset.prefix}-{index}-{column}"] = value
    return Difference(ROWS + formset.prefix, title, _lines(mine), _lines(theirs), json.dumps(posted))


def _lines(rows):
    return "\n".join(f"{number}. " + " / ".join(value for value in row if value)
                     for number, row in enumerate(rows, start=1)) or "（无）"


def resolved_data(post):
    """The posted form with each field the person gave to the saved version
    replaced by that version's value (the rest is what they typed)."""
    data = post.copy()
    for name in [key for key in post if key.startswith(CHOICE)]:
        key = name[len(CHOICE):]
        if post[name] != "theirs":
            continue
        theirs = post.get(THEIRS + key, "")
        if key.startswith(ROWS):
            prefix = key[len(ROWS):] + "-"
            for posted in [k for k in data if k.startswith(prefix)]:
                del data[posted]
            for posted, value in json.loads(theirs or "{}").items():
                data[posted] = value
        else:
            data[key] = theirs
    for name in [key for key in data if key.startswith((CHOICE, THEIRS))]:
        del data[name]
    return data
