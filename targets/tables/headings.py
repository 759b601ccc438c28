"""The headings a filing's tables print: the unit's own where its document
gives them (filing/1's heading keys, docs/filing-format.md "Headings"),
else the layout's. The builders print them; the workbook export keeps them
among its properties and the reader reads them back with the same rules.
"""

# The heading keys of filing/1 as (catalogue part, key), with the name of
# the workbook property that keeps each (targets/tables/metadata.py).
FIELDS = (
    ("filing", "projects_heading"),
    ("filing", "table_numbering"),
    ("department", "part_heading"),
    ("department", "heading"),
    ("department", "overall_goal_title"),
    ("department", "sub_goals_title"),
    ("department", "safeguards_title"),
)
PROPERTY_NAMES = tuple(f"heading.{part}.{key}" for part, key in FIELDS)

DEFAULT_NUMBERING = "1."  # Hebei's, the only layout whose tables are numbered today


def given(value):
    """A heading the unit wrote: None for null or ""."""
    return value or None


def part_values(document, part):
    """{key: value} of the heading keys of a part of `document`."""
    holder = document if part == "filing" else (document.get(part) or {})
    return {key: holder.get(key) for p, key in FIELDS if p == part}


def department_heading(document, default):
    return given((document.get("department") or {}).get("heading")) or default


def department_part_heading(document):
    return given((document.get("department") or {}).get("part_heading"))


def section_title(document, key, default):
    """The title over the department section of `key` ("overall_goal")."""
    return given((document.get("department") or {}).get(f"{key}_title")) or default


def projects_heading(document, index):
    """The projects part's heading, printed over the first project's table."""
    return given(document.get("projects_heading")) if index == 0 else None


def number(document, index):
    """"1." or "1、" before the title of the table of project `index`."""
    style = document.get("table_numbering") or DEFAULT_NUMBERING
    return f"{index + 1}{style[1:]}"


def numbering_of(title):
    """The numbering style a printed title begins with ("1、…" -> "1、"), None
    for a title without a number."""
    head = title.lstrip()
    digits = len(head) - len(head.lstrip("0123456789"))
    if not digits or len(head) == digits:
        return None
    mark = {".": ".", "．": ".", "、": "、"}.get(head[digits])
    return f"1{mark}" if mark else None


def heading_row(table, text, colspan):
    """A part's heading on a title row of its own over the table's title."""
    table.new_row()
    table.add(text, colspan=colspan, bold=True, border=False, size="title")
