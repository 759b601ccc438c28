"""What the reviewer workspace shows: queue rows, counts per status, the
year overview of every unit with its chart, and changes grouped by item."""
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from targets.models import FilingStatus
from targets.visibility import filings_for_user, units_for_user

from .models import Comment, Round

NOT_STARTED = "none"

# Status key, label, chart colour (as the status badges in app.css).
STATUS_COLUMNS = [
    (NOT_STARTED, "未开始", "#adb5bd"),
    (FilingStatus.DRAFT.value, FilingStatus.DRAFT.label, "#6c757d"),
    (FilingStatus.SUBMITTED.value, FilingStatus.SUBMITTED.label, "#0d6efd"),
    (FilingStatus.RETURNED.value, FilingStatus.RETURNED.label, "#dc3545"),
    (FilingStatus.APPROVED.value, FilingStatus.APPROVED.label, "#198754"),
]

# Geometry of the overview chart (SVG user units).
CHART_LABEL_WIDTH = 150
CHART_BAR_WIDTH = 400
CHART_ROW_HEIGHT = 26
CHART_BAR_HEIGHT = 18


def queue_rows(filings):
    """The queue's filings with their unit, last round and open comments, in
    a fixed number of queries."""
    last_round = Round.objects.filter(filing=OuterRef("pk")).order_by("-number")
    open_comments = (
        Comment.objects.filter(filing=OuterRef("pk"), answered_at__isnull=True)
        .order_by()
        .values("filing")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        filings.select_related("unit__region")
        .annotate(
            last_round_at=Subquery(last_round.values("created_at")[:1]),
            last_round_action=Subquery(last_round.values("action")[:1]),
            open_comment_count=Subquery(open_comments[:1]),
        )
        .order_by("-year", "unit__region__path", "unit__name", "pk")
    )


def status_counts(filings):
    """[(status, label, count)] for every status, and the total, in one query."""
    found = dict(filings.order_by().values_list("status").annotate(n=Count("pk")))
    rows = [(value, label, found.get(value, 0)) for value, label in FilingStatus.choices]
    return {"rows": rows, "total": sum(found.values())}


@dataclass
class OverviewRow:
    region: object
    units: list = field(default_factory=list)  # [(unit, status key, filing id or None)]
    counts: dict = field(default_factory=dict)
    segments: list = field(default_factory=list)  # chart bar pieces
    y: int = 0

    @property
    def count_list(self):
        return [self.counts.get(key, 0) for key, _, _ in STATUS_COLUMNS]

    @property
    def total(self):
        return len(self.units)


def year_overview(user, year=None):
    """Every unit of the user's reach with its filing status for one year,
    grouped by region, with totals and the chart geometry. Three queries."""
    visible = filings_for_user(user)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    if year is None:
        year = years[0] if years else timezone.localdate().year
    filings = dict(
        (unit_id, (status, pk))
        for unit_id, status, pk in visible.filter(year=year).values_list("unit_id", "status", "pk")
    )
    rows = {}
    for unit in units_for_user(user).select_related("region").order_by("region__path", "code", "name"):
        status, filing_id = filings.get(unit.pk, (NOT_STARTED, None))
        row = rows.setdefault(unit.region_id, OverviewRow(unit.region))
        row.units.append((unit, status, filing_id))
        row.counts[status] = row.counts.get(status, 0) + 1
    rows = list(rows.values())
    total = OverviewRow(region=None)
    for row in rows:
        for key, count in row.counts.items():
            total.counts[key] = total.counts.get(key, 0) + count
        total.units.extend(row.units)
    for index, row in enumerate([total] + rows):
        row.y = index * CHART_ROW_HEIGHT
        row.segments = _segments(row)
    return {
        "year": year,
        "years": sorted(set(years) | {year}, reverse=True),
        "rows": rows,
        "total": total,
        "chart_rows": [total] + rows,
        "chart": {
            "label_width": CHART_LABEL_WIDTH,
            "bar_width": CHART_BAR_WIDTH,
            "bar_height": CHART_BAR_HEIGHT,
            "width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 60,
            "height": CHART_ROW_HEIGHT * (len(rows) + 1) + 4,
            "count_x": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 6,
        },
    }


def _segments(row):
    """Stacked bar pieces for one row: x and width in SVG units, whole
    numbers that add up to the bar's width."""
    total = row.total
    segments = []
    if not total:
        return segments
    x = CHART_LABEL_WIDTH
    done = 0
    for key, label, colour in STATUS_COLUMNS:
        count = row.counts.get(key, 0)
        if not count:
            continue
        done += count
        end = CHART_LABEL_WIDTH + round(CHART_BAR_WIDTH * done / total)
        segments.append({"key": key, "label": label, "colour": colour, "count": count,
                         "x": x, "width": end - x})
        x = end
    return segments


def group_changes(changes):
    """[(subject, [Change])] in document order, one group per item."""
    groups = []
    index = {}
    for change in changes:
        if change.subject not in index:
            index[change.subject] = len(groups)
            groups.append((change.subject, []))
        groups[index[change.subject]][1].append(change)
    return groups
