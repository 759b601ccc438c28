"""One sheet of a layout read back: the fields at the places the builders
print them (table_maps.py), the indicator rows under the header the builders
print, and what stays particular to one table — the Hebei department part's
paragraphs, the Hebei spending plan's month cells and the Hunan contact
line — with the labels of the builder modules. A sheet gives only what its
table prints; the rest comes from the base document (merge.py).
"""
import re
from dataclasses import dataclass

from targets import field_catalogue as catalogue
from targets.tables import anhui, hebei
from targets.tables.common import CONTACT_GAP, contact_parts

from .indicators import read_rows
from .reading import continued_text, is_continued, parse_percent_value
from .sheet import normal
from .table_maps import table_map

# The period of the rows on each side of a table's indicator table, left to
# right; None where the table does not say (a row keeps its base's).
PERIODS = {
    ("hebei", "project"): (None,),
    ("hunan", "department"): (None,),
    ("hunan", "project"): ("annual",),  # the Hunan project table prints the 年度 rows only
    ("anhui", "project"): anhui.SIDES,
}


@dataclass
class TableReading:
    printed: dict  # {catalogue part: {key: value}}, and "plan": [checkpoints] where printed
    rows: list = None  # indicator rows (indicators.read_rows), None without an indicator table
    contact: dict = None  # the contact line under the table, None without one
    # The non-empty rows above the table (its title, a part's heading over
    # it), top down, as title_block() gives them; the Hebei department
    # part's sections' titles as found ({key: title}).
    title_block: list = None
    titles: dict = None


def read_table(sheet, reading, layout, kind, path, section_titles=None):
    """What a "department" or "project" sheet (`path`: "department",
    "projects[2]") prints. `section_titles`: {key: [the titles a Hebei
    department section may print under]}."""
    if (layout, kind) == ("hebei", "department"):
        return _hebei_department(sheet, reading, section_titles or {})
    table = table_map(layout, kind)
    result = TableReading(read_fields(sheet, reading, table, path))
    first = sheet.find(table.labels[0])
    result.title_block = title_block(sheet, first[0] if first else 1)
    if (layout, kind) == ("hebei", "project"):
        result.printed["plan"] = _hebei_plan(sheet, reading, path)
    result.rows = _indicator_rows(sheet, reading, table, PERIODS[(layout, kind)], layout)
    if table.has_footer:
        result.contact = read_contact(sheet, reading, layout)
    return result


def read_fields(sheet, reading, table, path):
    """{part: {key: value}} of the fields the table prints in cells."""
    printed = {}
    for place in table.places:
        location = path + place.part[len("project"):] if place.part.startswith("project") else place.part
        printed.setdefault(place.part, {})[place.key] = _value(sheet, reading, place, f"{location}.{place.key}")
    return printed


def _value(sheet, reading, place, location):
    after_label = place.column is None
    found = sheet.find_nth(place.label, place.nth, prefix=after_label)
    if found is None:
        which = f"第 {place.nth + 1} 个" if place.nth else ""
        reading.problem(sheet.title, f"找不到{which}“{place.label}”栏，请勿删除或改动表格的栏目名称")
        return None
    if after_label:  # an amount (table_maps allows no other kind there)
        rest = sheet.label(*found)[len(normal(place.label)):]
        return reading.amount_text(rest, sheet.ref(*found), location)
    row, column = found[0] + place.rows_down, place.column
    if catalogue.get(place.part, place.key).kind == catalogue.AMOUNT:
        return reading.amount(sheet, row, column, path=location)
    reading.at(location, sheet.ref(row, column))
    return continued_text(sheet, row, column)


def _indicator_rows(sheet, reading, table, periods, layout):
    level1 = next(label for label, key in table.headings.items() if key == "level1")
    header = sheet.find(level1)
    if header is None:
        reading.problem(sheet.title, f"找不到“{level1}”栏，请勿删除或改动表格的栏目名称")
        return []
    stop = sheet.max_row
    if table.has_footer:
        footer = sheet.find(contact_parts(layout)[0][0], start=header[0] + 1, prefix=True)
        stop = footer[0] - 1 if footer else stop
    return read_rows(sheet, reading, header[0], stop, periods, table.headings)


def read_contact(sheet, reading, layout):
    """The contact line "填表人：…　　联系电话：…　　填报日期：…　　单位负责人签字：…"."""
    parts = contact_parts(layout)
    position = sheet.find(parts[0][0], prefix=True)
    if position is None:
        return None
    text = sheet.text(*position)
    ref = sheet.ref(*position)
    keys = {label: key for label, key in parts}
    found = list(re.finditer("(" + "|".join(re.escape(label) for label in keys) + r")\s*[：:]", text))
    contact = {}
    for n, match in enumerate(found):
        end = found[n + 1].start() if n + 1 < len(found) else len(text)
        value = text[match.end():end]
        value = value.removesuffix(CONTACT_GAP) if value.endswith(CONTACT_GAP) else value.rstrip()
        contact[keys[match[1]]] = value or None
    for key in keys.values():
        if catalogue.get("contact", key).kind == catalogue.DATE:
            contact[key] = reading.date(contact.get(key), ref)
        reading.at(f"contact.{key}", ref)
    return {key: contact.get(key) for key in keys.values()}


def title_block(sheet, stop):
    """(row, text of its first cell) of each non-empty row above row `stop`."""
    return [(r, sheet.text(r, 1)) for r in range(1, stop)
            if any((sheet.text(r, c) or "").strip() for c in sheet.row_cells(r))]


# --- particular to one table ----------------------------------------------------


def _hebei_department(sheet, reading, section_titles):
    """The sections of the department part, one row per paragraph under
    their titles (the first of a section's `section_titles` the sheet
    shows), as the builder writes them."""
    rows, titles = [], {}
    for default, key in hebei.department_sections():
        candidates = section_titles.get(key) or [default]
        position = next(filter(None, (sheet.find(title) for title in candidates)), None)
        if position is None:
            reading.problem(sheet.title, f"找不到“{candidates[0]}”，请勿删除或改动表格的栏目名称")
            return TableReading({})
        rows.append((position[0], key))
        titles[key] = sheet.text(*position)
    department = {}
    for n, (row, key) in enumerate(rows):
        end = rows[n + 1][0] if n + 1 < len(rows) else sheet.max_row + 1
        paragraphs = []
        for r in range(row + 1, end):
            if paragraphs and is_continued(sheet, r, 1):  # a paragraph too long for one row
                paragraphs[-1] += sheet.text(r, 1) or ""
            else:
                paragraphs.append(sheet.text(r, 1) or "")
        department[key] = "\n".join(paragraphs) or None
        reading.at(f"department.{key}", sheet.ref(row + 1, 1))
    return TableReading({"department": department}, title_block=title_block(sheet, rows[0][0]), titles=titles)


def _hebei_plan(sheet, reading, path):
    """The spending plan: a month per column over its share, or, with more
    checkpoints than the form has columns, one line "3月底 25%；6月底 50%".
    A blank share is read as None (merge.plan decides whether it is kept)."""
    label = sheet.find(hebei.PLAN_LABEL)
    if label is None:
        reading.problem(sheet.title, f"找不到“{hebei.PLAN_LABEL}”栏，请勿删除或改动表格的栏目名称")
        return []
    row = label[0]
    reading.at(f"{path}.spending_plan", sheet.ref(*label))
    columns = [c for c in sheet.row_cells(row) if c > label[1] and sheet.anchor(row, c) != sheet.anchor(*label)
               and sheet.label(row, c)]
    before, after = (normal(part) for part in hebei.CHECKPOINT.split("{}"))
    month = re.compile(f"^{re.escape(before)}(\\d{{1,2}}){re.escape(after)}$")
    plan = []
    months = [(c, month.match(sheet.label(row, c))) for c in columns]
    if months and all(match for _, match in months):
        for column, match in months:
            plan.append({"month": int(match[1]), "percent": reading.percent(sheet, row + 1, column)})
        return plan
    line = " ".join(sheet.text(row, c) or "" for c in columns)
    shares = re.compile(f"{re.escape(before)}\\s*(\\d{{1,2}})\\s*{re.escape(after)}\\s*([^；;]*)")
    for number, share in shares.findall(line):
        percent = reading.parsed(parse_percent_value, share.strip() or None, sheet.ref(row, columns[0]))
        plan.append({"month": int(number), "percent": percent})
    return plan
