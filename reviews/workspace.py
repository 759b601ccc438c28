"""What the reviewer workspace shows: queue rows, counts per status, the
year overview (counts per region with its chart, drilled down one region at
a time, and that region's units page by page), and changes grouped by item."""
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from targets.models import FilingStatus
from targets.visibility import filings_for_user, jurisdiction_paths, units_for_user
from units.models import Region

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
        Comment.objects.filter(filing=OuterRef("pk"), answered_at__isnull=True, closed_at__isnull=True)
        .order_by()
        .values("filing")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        filings.select_related("unit__region")
        # Only what a row shows: the filing's long texts would be carried
        # through the join and sort of every filing in reach.
        .only("year", "unit_name", "status", "unit__name", "unit__region__name")
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


def regions_for_user(user):
    """The regions a reviewer's jurisdiction covers, with everything below
    them (all for an admin), ordered by path."""
    if user.is_app_admin:
        return Region.objects.order_by("path")
    paths = jurisdiction_paths(user)
    if not paths:
        return Region.objects.none()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return Region.objects.filter(query).order_by("path")


def years_for_user(user):
    """The years of the user's filings, newest first, in one query."""
    return list(
        filings_for_user(user).order_by("-year").values_list("year", flat=True).distinct()
    )


class RegionTree:
    """The regions in a user's reach, by id, with the top ones (those whose
    parent is outside the reach)."""

    def __init__(self, user):
        self.regions = {region.pk: region for region in regions_for_user(user)}
        self.tops = [r for r in self.regions.values() if r.parent_id not in self.regions]

    def get(self, pk):
        return self.regions.get(pk)

    def children(self, region):
        return [r for r in self.regions.values() if r.parent_id == region.pk]

    def ancestors(self, region):
        """The regions in reach from the top down to the region itself."""
        ids = [int(part) for part in region.path.strip("/").split("/")]
        return [self.regions[pk] for pk in ids if pk in self.regions]

    def default(self):
        """The region an overview opens on: the only top one, else none
        (the rows are then the top regions)."""
        return self.tops[0] if len(self.tops) == 1 else None


@dataclass
class OverviewRow:
    label: str
    region: object = None  # None for the total
    counts: dict = field(default_factory=dict)  # status key -> units
    drill: bool = False  # the region has rows of its own to open
    segments: list = field(default_factory=list)  # chart bar pieces
    y: int = 0

    @property
    def count_list(self):
        return [self.counts.get(key, 0) for key, _, _ in STATUS_COLUMNS]

    @property
    def total(self):
        return sum(self.counts.values())

    def add(self, counts):
        for key, count in counts.items():
            self.counts[key] = self.counts.get(key, 0) + count


def counts_by_region(user, year, region=None):
    """{region id: {status key: units}} for the units of the user's reach
    (below `region` if given), in two GROUP BY queries: units per region,
    and the year's visible filings per region and status; the difference is
    the units that have not started."""
    units = units_for_user(user)
    filings = filings_for_user(user).filter(year=year)
    if region is not None:
        units = units.filter(region__path__startswith=region.path)
        filings = filings.filter(unit__region__path__startswith=region.path)
    counts = {}
    for region_id, n in units.order_by().values_list("region_id").annotate(n=Count("pk")):
        counts[region_id] = {NOT_STARTED: n}
    for region_id, status, n in (
        filings.order_by().values_list("unit__region_id", "status").annotate(n=Count("pk"))
    ):
        found = counts.setdefault(region_id, {NOT_STARTED: 0})
        found[status] = n
        found[NOT_STARTED] = max(found[NOT_STARTED] - n, 0)
    return counts


def year_overview(user, year=None, region=None, tree=None):
    """Counts per status for one year: a row per region directly below
    `region` (each with its whole subtree), a row for the units of `region`
    itself (本级), the total, and the chart geometry. Without `region`, the
    rows are the top regions of the user's reach."""
    tree = tree or RegionTree(user)
    years = years_for_user(user)
    if year is None:
        year = years[0] if years else timezone.localdate().year
    counts = counts_by_region(user, year, region)
    children = tree.children(region) if region is not None else tree.tops
    rows = []
    if region is not None and counts.get(region.pk):
        rows.append(OverviewRow(f"{region.name}本级", region, dict(counts[region.pk])))
    for child in sorted(children, key=lambda r: r.path):
        row = OverviewRow(child.name, child, drill=True)
        for region_id, found in counts.items():
            below = tree.get(region_id)
            if below is not None and below.path.startswith(child.path):
                row.add(found)
        if row.total:
            rows.append(row)
    total = OverviewRow("合计")
    for found in counts.values():
        total.add(found)
    for index, row in enumerate([total] + rows):
        row.y = index * CHART_ROW_HEIGHT
        row.segments = _segments(row)
    return {
        "year": year,
        "years": sorted(set(years) | {year}, reverse=True),
        "region": region,
        "breadcrumb": tree.ancestors(region) if region is not None else [],
        "several_tops": len(tree.tops) > 1,
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


def overview_units(user, year, region=None, status=None):
    """The units of the user's reach (below `region` if given) with the id
    and status of their visible filing for the year, optionally only those
    in one status (NOT_STARTED: no filing); for a paginator."""
    visible = filings_for_user(user).filter(year=year)
    units = units_for_user(user)
    if region is not None:
        units = units.filter(region__path__startswith=region.path)
    if status == NOT_STARTED:
        units = units.exclude(pk__in=visible.values("unit_id"))
    elif status:
        units = units.filter(pk__in=visible.filter(status=status).values("unit_id"))
    own = visible.filter(unit=OuterRef("pk")).order_by()
    return (
        units.select_related("region")
        .annotate(filing_id=Subquery(own.values("pk")[:1]), filing_status=Subquery(own.values("status")[:1]))
        .order_by("region__path", "code", "name", "pk")
    )


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
