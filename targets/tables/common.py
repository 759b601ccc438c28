"""What the layout builders share: how amounts, percentages, dates and the
contact line are printed, and how indicator rows are grouped for the merged
一级 / 二级 cells."""
import datetime
from decimal import Decimal, InvalidOperation
from dataclasses import dataclass, field

from targets import field_catalogue as catalogue
from targets.frameworks import canonical
from targets.money import fixed, parse_amount

PLACEHOLDER = "……"


def text(value):
    """A filed text exactly as filed; None prints as an empty cell."""
    return "" if value is None else value


def amount(value):
    """An amount with two decimals in the document's unit, "" when blank."""
    return fixed(parse_amount(value), 2) if value is not None else ""


def percent(value):
    """A spending-plan share as the tables print it: "25" -> "25%"."""
    return "" if value is None else f"{value}%"


def amount_cell(value, before=""):
    """Table.add's text and number of an amount cell: the amount() printed
    after `before` (a label in the same cell), and for the workbook the
    amount as a number whose format prints the same text. A blank amount is
    the label alone, as text."""
    if value is None:
        return {"text": before}
    shown = before + amount(value)
    if '"' in before:  # a number format cannot quote it: the cell stays text
        return {"text": shown}
    return {"text": shown, "number": parse_amount(value),
            "number_format": _literal(before) + AMOUNT_FORMAT}


def percent_cell(value):
    """Table.add's text and number of a spending-plan share: "12.5" prints
    "12.5%" and is the number 0.125 formatted with as many decimals as it
    was written with. A share that is no number stays text."""
    shown = percent(value)
    try:
        share = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return {"text": shown}
    if not share.is_finite():
        return {"text": shown}
    places = max(0, -share.as_tuple().exponent)
    return {"text": shown, "number": share.scaleb(-2),
            "number_format": "0" + ("." + "0" * places if places else "") + "%"}


AMOUNT_FORMAT = "0.00"


def _literal(text):
    """`text` as the literal part of a number format ("资金总额：" in quotes)."""
    return f'"{text}"' if text else ""


def amount_unit(document):
    return document.get("amount_unit") or "万元"


def chinese_date(value):
    """"2024-06-20" -> "2024年6月20日"; a text that is no ISO date is kept."""
    if not value:
        return ""
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.year}年{day.month}月{day.day}日"


def two_lines(label, first):
    """A label broken after its first `first` characters, as the form prints it."""
    return f"{label[:first]}\n{label[first:]}"


# Full-width spaces keep the parts of the contact line apart the way the
# forms print them.
CONTACT_GAP = "　　"


def contact_parts(layout):
    """(label, key) of each part of the contact line, in printed order: every
    field of the contact part, as the layout words it."""
    return [(f.label_for(layout), f.key) for f in catalogue.fields_of("contact")]


def contact_line(document):
    contact = document.get("contact") or {}
    parts = []
    for label, key in contact_parts(document.get("layout")):
        value = contact.get(key)
        shown = chinese_date(value) if catalogue.get("contact", key).kind == catalogue.DATE else text(value)
        parts.append(f"{label}：{shown}")
    return CONTACT_GAP.join(parts)


def rows_of(items, period=None):
    """Indicator rows of one period ("annual" covers rows without a period)."""
    if period is None:
        return list(items)
    if period == "midterm":
        return [i for i in items if i.get("period") == "midterm"]
    return [i for i in items if i.get("period") != "midterm"]


def runs(items, key):
    """Consecutive runs of items with the same key: [(key, [items])]."""
    result = []
    for item in items:
        k = key(item)
        if result and result[-1][0] == k:
            result[-1][1].append(item)
        else:
            result.append((k, [item]))
    return result


@dataclass
class Level2Group:
    key: str  # canonical 二级
    names: dict = field(default_factory=dict)  # side -> name as written
    rows: dict = field(default_factory=dict)  # side -> [indicator]

    def name(self, side=None):
        if side is not None:
            return self.names.get(side, "")
        return next(iter(self.names.values()), "")

    def height(self):
        return max([len(r) for r in self.rows.values()] + [1])


@dataclass
class Level1Group:
    key: str  # canonical 一级
    name: str  # as written where first seen
    level2: list = field(default_factory=list)

    def height(self):
        return sum(g.height() for g in self.level2)


def grouped(sides):
    """Indicator rows grouped by 一级 and then 二级, in order of first
    appearance. `sides` maps a side name ("midterm", "annual") to its rows;
    the groups of all sides are merged so rows stand side by side."""
    level1 = {}
    for side, items in sides.items():
        for item in items:
            k1 = canonical(item.get("level1"))
            k2 = canonical(item.get("level2"))
            g1 = level1.get(k1)
            if g1 is None:
                g1 = level1[k1] = Level1Group(k1, text(item.get("level1")))
            g2 = next((g for g in g1.level2 if g.key == k2), None)
            if g2 is None:
                g2 = Level2Group(k2)
                g1.level2.append(g2)
            g2.names.setdefault(side, text(item.get("level2")))
            g2.rows.setdefault(side, []).append(item)
    return list(level1.values())


def complete(groups, framework, side="annual"):
    """Add the framework's 一级 / 二级 categories missing from `groups` as
    empty groups (printed as "……" rows). Filed groups keep their order; a
    missing one goes right after its framework predecessor."""
    present2 = {g2.key for g1 in groups for g2 in g1.level2}
    order1 = [canonical(l1.name) for l1 in framework.level1]
    for i, l1 in enumerate(framework.level1):
        k1 = order1[i]
        g1 = next((g for g in groups if g.key == k1), None)
        if g1 is None:
            g1 = Level1Group(k1, l1.name)
            groups.insert(_position([g.key for g in groups], order1, i), g1)
        order2 = [canonical(name) for name in l1.level2]
        for j, name in enumerate(l1.level2):
            if order2[j] in present2:
                continue
            g2 = Level2Group(order2[j], names={side: name}, rows={side: []})
            g1.level2.insert(_position([g.key for g in g1.level2], order2, j), g2)
            present2.add(order2[j])
    return groups


def _position(keys, order, index):
    """Where the framework's key number `index` goes among `keys`."""
    for previous in reversed(order[:index]):
        if previous in keys:
            return keys.index(previous) + 1
    return 0
