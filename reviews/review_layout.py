"""What the review page shows of the department part, a project and their
indicator rows: the fields and columns the layout's official tables print,
in their order and wording, learnt from the table builders (Cell.field,
through the workbook reader's table maps) rather than listed here."""
import functools
from dataclasses import dataclass

from targets import field_catalogue as catalogue
from targets import tables
from targets.frameworks import framework_for
from targets.interchange.diff import SPENDING_PLAN_LABEL
from targets.money import plain
from targets.workbook_reader.table_maps import table_map

from .comments import SPENDING_PLAN

# Printed in the project's heading already.
IN_HEADING = {"project.name", "project.code"}
# [(indicator key, heading)] where a layout has no such table (or prints no
# indicator columns).
DEFAULT_COLUMNS = tuple((key, catalogue.label("indicator", key)) for key in ("level1", "level2", "name", "value"))


@dataclass(frozen=True)
class ShownField:
    key: str  # the filing/1 key within its part ("annual_goal", "fiscal")
    label: str  # as the layout's table prints it
    value: str
    changed: bool
    old: object = None
    is_amount: bool = False
    comments: tuple = ()  # the reviewers' comments on this field


def project_fields(layout, project, changed, comments=None):
    """[ShownField] of one project as the layout's table prints them;
    `changed` is {key: old value} since the reviewer's last decision,
    `comments` {key: [Comment]} on its fields."""
    comments = comments or {}
    shown = []
    places = table_map(layout, "project").places
    printed = [place.label for place in places]
    for place in places:
        if place.field in IN_HEADING:
            continue
        field = catalogue.get(place.part, place.key)
        # A label the table prints twice (Anhui's 其中:财政拨款 under 中期 and
        # 年度) is told apart by the catalogue's own words.
        label = place.label if printed.count(place.label) == 1 else catalogue.label(place.part, place.key)
        value = getattr(project, field.column)
        if field.kind == catalogue.AMOUNT and value is not None:
            value = plain(value)
        shown.append(ShownField(place.key, label.rstrip(":："), value if value not in (None, "") else "",
                                place.key in changed, changed.get(place.key), field.kind == catalogue.AMOUNT,
                                tuple(comments.get(place.key, ()))))
        if place.key == "purpose":
            shown.extend(_spending_plan(project, changed, comments))
    return shown


def _spending_plan(project, changed, comments):
    """资金支出计划 as the diff words it (one text), where the project has one
    (only Hebei's table prints a plan, right after 资金用途, unmarked)."""
    points = project.spending_plan.all()
    if not points:
        return []
    text = "，".join(f"{point.month}月底 {plain(point.percent)}%" for point in points)
    return [ShownField(SPENDING_PLAN, SPENDING_PLAN_LABEL, text, SPENDING_PLAN in changed,
                       changed.get(SPENDING_PLAN), False, tuple(comments.get(SPENDING_PLAN, ())))]


def indicator_columns(layout, kind="project"):
    """[(indicator key, printed heading)] of the layout's indicator table.
    Where a project's table prints 中期 and 年度 indicators side by side
    (Anhui), the rows come in one list led by their 期间."""
    found = table_map(layout, kind)
    if found is None or not found.headings:
        return DEFAULT_COLUMNS
    columns = [(key, heading) for heading, key in found.headings.items()]
    if kind == "project" and framework_for(layout).has_midterm:
        columns.insert(0, ("period", catalogue.label("indicator", "period", layout)))
    return columns


def department_fields(layout, filing, changed, comments=None):
    """[ShownField] of the department table as the layout prints it (Hunan's
    部门整体支出绩效目标表 with its budget lines and contact line, Hebei's
    单位整体绩效目标 sections); `changed` and `comments` as for a project, by
    key (keys are unique over the department's parts)."""
    comments = comments or {}
    shown = []
    for part, key, label in department_places(layout):
        field = catalogue.get(part, key)
        value = getattr(filing, field.column)
        if field.kind == catalogue.AMOUNT and value is not None:
            value = plain(value)
        elif value is not None:
            value = str(value)  # a date as the document writes it (2024-01-15), as the diff's old value
        shown.append(ShownField(key, label, value or "", key in changed, changed.get(key),
                                field.kind == catalogue.AMOUNT, tuple(comments.get(key, ()))))
    return shown


@functools.lru_cache(maxsize=None)
def department_places(layout):
    """((part, key, label)) of the fields the layout's department table
    prints: its marked cells (Hunan), then the contact line where the table
    has one; else the builder's sections (Hebei prints its texts under
    numbered headings, unmarked); else the overall goal (Anhui has no
    department table: a filing that carries a department part anyway)."""
    found = table_map(layout, "department")
    if found is not None and found.places:
        places = [(place.part, place.key, place.label.rstrip(":：")) for place in found.places]
        # The budget lines stand in two columns (by income, by use): read
        # column by column, as the catalogue orders them.
        budget = [i for i, place in enumerate(places) if place[0] == "department.budget"]
        order = catalogue.keys("department.budget")
        for i, place in zip(budget, sorted((places[i] for i in budget), key=lambda p: order.index(p[1]))):
            places[i] = place
        if found.has_footer:
            places += [("contact", f.key, f.label_for(layout)) for f in catalogue.fields_of("contact")]
        return tuple(places)
    sections = getattr(tables.layout_module({"layout": layout}), "department_sections", None)
    if sections is not None:
        return tuple(("department", key, heading) for heading, key in sections())
    return (("department", "overall_goal", catalogue.label("department", "overall_goal", layout)),)
