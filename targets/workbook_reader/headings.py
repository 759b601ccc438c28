"""The headings a workbook prints read back (docs/filing-format.md,
"Headings"): the department part's heading and part heading, the Hebei
sections' titles, the projects part's heading over the first project
table and the Hebei tables' numbering.

A heading reads back as the value the document had where the sheet prints
what that value prints: the base's (the filing being replaced), else the
workbook's own properties', else null where the sheet shows the layout's
own heading, else the text as the sheet shows it. So a workbook prints and
reads back the same document, and a heading edited in Excel comes back as
edited. A heading the layout does not print is the base's, else the
properties'.
"""
import re

from targets.tables import headings

# What each layout prints: {(part, key)} of the heading keys.
PRINTED = {
    "hebei": {("filing", "projects_heading"), ("filing", "table_numbering"), ("department", "part_heading"),
              ("department", "heading"), ("department", "overall_goal_title"),
              ("department", "sub_goals_title"), ("department", "safeguards_title")},
    "hunan": {("filing", "projects_heading"), ("department", "part_heading"), ("department", "heading")},
    "anhui": {("filing", "projects_heading")},
}


def optional(value):
    """What a heading printed only when given prints (None: no line)."""
    return headings.given(value)


def or_default(default):
    """What a heading with a layout's default prints."""
    return lambda value: headings.given(value) or default


def numbering(value):
    return value or headings.DEFAULT_NUMBERING


class Known:
    """The heading values a workbook may print: the base's and those its
    properties keep."""

    def __init__(self, base, metadata):
        self.base = None if not base else {
            (part, key): headings.part_values(base, part)[key] for part, key in headings.FIELDS}
        self.properties = {field: metadata.get(name) for field, name in zip(headings.FIELDS, headings.PROPERTY_NAMES)}

    def unprinted(self, part, key):
        """The value of a heading the sheets do not print."""
        return self.base[(part, key)] if self.base is not None else self.properties[(part, key)]

    def value(self, part, key, found, prints):
        """The value of a heading the sheet shows as `found`, where `prints`
        maps a value to what the tables print for it."""
        sources = ([self.base] if self.base is not None else []) + [self.properties]
        for source in sources:
            if prints(source[(part, key)]) == found:
                return source[(part, key)]
        return None if prints(None) == found else found

    def candidates(self, part, key, prints):
        """What the sheet may show for a heading, the known values' first."""
        shown = [prints(source[(part, key)]) for source in (self.base or {}, self.properties) if source]
        shown.append(prints(None))
        return list(dict.fromkeys(text for text in shown if text))

    def department_marks(self):
        """Headings of the unit's own that mark a department sheet (a Hebei
        one whose sections are titled in the unit's words)."""
        keys = ("heading", "overall_goal_title", "sub_goals_title", "safeguards_title")
        return tuple(dict.fromkeys(
            value for source in (self.base or {}, self.properties) if source
            for key in keys if (value := headings.given(source[("department", key)]))))


def title_parts(block, expected):
    """(part heading or None, the title or None) of a table's title block
    ([(row, text)] of its non-empty rows above the table, top down), where
    the layout prints `expected` rows there without a part heading."""
    extra = max(len(block) - expected, 0)
    part = "\n".join(text or "" for _, text in block[:extra]) or None
    rest = block[extra:]
    return part, (rest[0][1] if rest else None)


def section_titles(known):
    """{key: [titles the sheet may show over the section]} of the Hebei
    department part's sections."""
    from targets.tables import hebei

    return {key: known.candidates("department", f"{key}_title", or_default(default))
            for default, key in hebei.department_sections()}


# The Hunan department table's own title, of any year ("2023年…" in last
# year's workbook is still the layout's title, not one of the unit's).
_HUNAN_TITLE = re.compile(r"\d{4}年部门整体支出绩效目标表")


def department_headings(layout, table, known, year, expected):
    """{key: value} of the department part's headings a department sheet
    (a TableReading) prints; `expected`: the title rows it prints without a
    part heading."""
    from targets.tables import hebei

    if table.title_block is None:
        return {}
    part, title = title_parts(table.title_block, expected)
    default = hebei.DEPARTMENT_TITLE if layout == "hebei" else f"{year}年部门整体支出绩效目标表"
    if layout == "hunan" and title and _HUNAN_TITLE.fullmatch("".join(title.split())):
        title = default
    values = {"part_heading": known.value("department", "part_heading", part, optional),
              "heading": known.value("department", "heading", title, or_default(default))}
    for default_title, key in (hebei.department_sections() if layout == "hebei" else ()):
        values[f"{key}_title"] = known.value("department", f"{key}_title", table.titles.get(key),
                                             or_default(default_title))
    for part_name, key in headings.FIELDS:
        if part_name == "department" and key not in values:
            values[key] = known.unprinted("department", key)
    return values


def filing_headings(layout, first_block, known, expected):
    """{key: value} of the top-level headings: read from the title block of
    the first project's table where the workbook has that table (None
    otherwise), else known."""
    values = {}
    part, title = title_parts(first_block, expected) if first_block is not None else (None, None)
    for part_name, key in headings.FIELDS:
        if part_name != "filing":
            continue
        if first_block is None or ("filing", key) not in PRINTED[layout]:
            values[key] = known.unprinted("filing", key)
        elif key == "projects_heading":
            values[key] = known.value("filing", key, part, optional)
        else:
            values[key] = known.value("filing", key, headings.numbering_of(title or ""), numbering)
    return values
