"""What the review page shows of a project and its indicator rows: the
fields and columns the layout's official table prints, in its order and
wording, learnt from the table builders (Cell.field, through the workbook
reader's table maps) rather than listed here."""
from dataclasses import dataclass

from targets import field_catalogue as catalogue
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
    """[(indicator key, printed heading)] of the layout's indicator table."""
    found = table_map(layout, kind)
    if found is None or not found.headings:
        return DEFAULT_COLUMNS
    return [(key, heading) for heading, key in found.headings.items()]
