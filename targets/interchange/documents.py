"""The one serializer between filings in the database and filing/1 documents.

Import, export, fixtures, review snapshots, the diff between rounds and the
API all go through export_document() and apply_document().
"""
import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects

from targets import field_catalogue as catalogue
from targets.models import Filing, Indicator, Project, SpendingCheckpoint
from targets.money import parse_amount, plain
from units.models import BudgetUnit, Region

from .diff import match_projects, match_rows
from .schema import Problem, validate_document

FORMAT = "filing/1"

# Where a project's nested parts stand among its own fields in a document
# (the spec's key order, for readable files): budget after period, the
# spending plan after purpose, the indicator rows last.
PROJECT_NESTED_AFTER = {"period": "budget", "purpose": "spending_plan"}


class DocumentRefused(Exception):
    """A document that cannot be imported; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class FilingExists(DocumentRefused):
    def __init__(self, filing):
        self.filing = filing
        super().__init__(
            [
                Problem(
                    "",
                    f"{filing.unit_name} {filing.year} 年度的申报已存在（编号 {filing.pk}），"
                    "如需覆盖请使用 --replace",
                )
            ]
        )


# --- reading files -------------------------------------------------------------


def read_document(path):
    """The JSON document in a file; DocumentRefused naming the line if it is
    not JSON at all."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentRefused([Problem("", f"{path.name} 不是 UTF-8 编码的文本文件")]) from None
    return parse_json(text, path.name)


def parse_json(text, source="文档"):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentRefused(
            [Problem("", f"{source} 不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列，{error.msg}")]
        ) from None
    except RecursionError:
        raise DocumentRefused([Problem("", f"{source} 嵌套层数过多")]) from None


# --- export ----------------------------------------------------------------------


def filings_for_export(queryset, rows=True):
    """The queryset with everything export_document() reads, in four queries.
    With rows=False the indicator rows (most of a filing) are left for
    with_rows() to load when they are needed."""
    queryset = queryset.select_related("unit__region").prefetch_related(
        Prefetch("projects", queryset=Project.objects.order_by("order", "id").prefetch_related(_plan_prefetch())),
    )
    return queryset.prefetch_related(_rows_prefetch()) if rows else queryset


def _plan_prefetch():
    return Prefetch("spending_plan", queryset=SpendingCheckpoint.objects.order_by("order", "id"))


def _rows_prefetch():
    """A filing's or a project's indicator rows, in document order."""
    return Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))


def with_rows(filing):
    """The filing with its indicator rows loaded (once) for export_document()."""
    prefetch_related_objects([filing], _rows_prefetch())
    return filing


def load_filing(pk):
    return filings_for_export(Filing.objects.all()).get(pk=pk)


def export_project(project_pk):
    """(place in the filing's project order, the project as it stands in a
    filing/1 document): what export_document(...)["projects"][place] is,
    without loading the rest of the filing."""
    project = Project.objects.prefetch_related(_plan_prefetch(), _rows_prefetch()).get(pk=project_pk)
    place = list(Project.objects.filter(filing_id=project.filing_id).order_by("order", "id")
                 .values_list("pk", flat=True)).index(project.pk)
    return place, _export_project(project, project.indicators.all())


def export_document(filing):
    """The filing/1 document of a filing (prefetched by filings_for_export
    for a constant number of queries)."""
    indicators_by_project = {}
    for indicator in filing.indicators.all():
        indicators_by_project.setdefault(indicator.project_id, []).append(indicator)

    region = filing.unit.region
    document = {
        "format": FORMAT,
        **export_fields(filing, "filing"),  # year, layout, amount_unit (and the headings' keys where given)
        "unit": {
            "code": filing.unit.code,
            "name": filing.unit_name,
            "region": {"code": region.code, "name": region.name},
        },
        "department": _export_department(filing, indicators_by_project.get(None, [])),
        "projects": [
            _export_project(project, indicators_by_project.get(project.pk, []))
            for project in filing.projects.all()
        ],
        "contact": _export_contact(filing),
    }
    return document


def export_fields(instance, part):
    """{key: value} of a catalogue part's fields, as a document writes them."""
    return catalogue.as_written(part, {field.key: _export_value(field, getattr(instance, field.column))
                                       for field in catalogue.fields_of(part)})


def _export_value(field, value):
    if value is None:
        return None
    if field.kind == catalogue.AMOUNT:
        return plain(value)
    if field.kind == catalogue.DATE:
        return value.isoformat()
    return value


def _export_department(filing, indicators):
    if not filing.has_department:
        return None
    department = export_fields(filing, "department")
    department["budget"] = export_fields(filing, "department.budget") if filing.has_budget else None
    department["indicators"] = [export_fields(i, "indicator") for i in indicators]
    return department


def _export_project(project, indicators):
    document = {}
    for key, value in export_fields(project, "project").items():
        document[key] = value
        if PROJECT_NESTED_AFTER.get(key) == "budget":
            document["budget"] = export_fields(project, "project.budget") if project.has_budget else None
        elif PROJECT_NESTED_AFTER.get(key) == "spending_plan":
            document["spending_plan"] = [export_fields(point, "plan") for point in project.spending_plan.all()]
    document["indicators"] = [export_fields(i, "indicator") for i in indicators]
    return document


def _export_contact(filing):
    return export_fields(filing, "contact") if filing.has_contact else None


# --- import ----------------------------------------------------------------------


def import_document(document, *, replace=False, user=None, unit=None):
    """Create (or with replace=True, overwrite) the filing a document holds.

    Raises DocumentRefused with every problem, having written nothing. With
    `unit` given, the document must be that unit's (the API's staff rule is
    checked by the caller; this only refuses a mismatch).
    """
    problems = validate_document(document)
    if problems:
        raise DocumentRefused(problems)
    with transaction.atomic():
        target_unit = unit or _find_or_create_unit(document["unit"])
        existing = (
            Filing.objects.select_for_update().filter(unit=target_unit, year=document["year"]).first()
        )
        if existing is not None and not replace:
            raise FilingExists(existing)
        filing = existing or Filing(unit=target_unit, year=document["year"], created_by=user)
        apply_document(filing, document)
    return filing


def apply_fields(instance, part, document):
    """Set a catalogue part's fields from a (validated) document object;
    a key the object leaves out is the field's default."""
    document = document or {}
    for field in catalogue.fields_of(part):
        setattr(instance, field.column, _import_value(field, document.get(field.key)))


def _import_value(field, value):
    if value is None or value == "" and not field.is_text:
        return field.default
    if field.kind == catalogue.AMOUNT:
        return parse_amount(value)
    if field.kind == catalogue.DATE:
        return datetime.date.fromisoformat(value)
    return value


def apply_filing_fields(filing, document):
    """The filing's own fields (not its projects) from a validated document."""
    apply_fields(filing, "filing", document)
    apply_fields(filing, "unit", document["unit"])
    department = document.get("department")
    filing.has_department = department is not None
    apply_fields(filing, "department", department)
    budget = (department or {}).get("budget")
    filing.has_budget = budget is not None
    apply_fields(filing, "department.budget", budget)
    contact = document.get("contact")
    filing.has_contact = contact is not None
    apply_fields(filing, "contact", contact)


def apply_document(filing, document):
    """Write a validated document's content into a filing. An existing
    filing keeps the projects and indicator rows the document still holds
    (matched as the diff matches them), so their ids, URLs and reviewers'
    comments stay; only what is new is created and what is gone deleted.
    The caller holds the transaction."""
    apply_filing_fields(filing, document)
    if filing.pk is None:
        filing.save()
        _create_content(filing, document)
        return filing
    match = match_content(filing, document)
    filing.version += 1
    filing.save()
    _update_content(filing, document, match)
    return filing


@dataclass
class ContentMatch:
    """Which of a filing's projects and rows a document's are.

    projects: [(Project or None, its place in the document or None)];
    rows: [(place of the project in the document, or None for the
    department part, [(Indicator or None, its place or None)])] for the
    department part and each kept project. A None place is an item the
    document no longer holds; a None item one it adds."""

    projects: list
    rows: list

    def kept_ids(self):
        """(ids of the projects kept, ids of the indicator rows kept)."""
        projects = {project.pk for project, place in self.projects if project and place is not None}
        rows = {row.pk for _, pairs in self.rows for row, place in pairs if row and place is not None}
        return projects, rows


def match_content(filing, document):
    """The ContentMatch of a document against a saved filing (reads it)."""
    projects = list(filing.projects.order_by("order", "id"))
    rows_of = {}
    for row in Indicator.objects.filter(filing=filing).order_by("order", "id"):
        rows_of.setdefault(row.project_id, []).append(row)
    new_projects = document["projects"]
    project_pairs = [
        (None if i is None else projects[i], j)
        for i, j in match_projects([export_fields(p, "project") for p in projects], new_projects)
    ]
    groups = [(None, rows_of.get(None, []), (document.get("department") or {}).get("indicators") or [])]
    groups += [(j, rows_of.get(project.pk, []), new_projects[j]["indicators"])
               for project, j in project_pairs if project is not None and j is not None]
    row_pairs = [
        (place, [(None if i is None else old_rows[i], j)
                 for i, j in match_rows([export_fields(r, "indicator") for r in old_rows], new_rows)])
        for place, old_rows, new_rows in groups
    ]
    return ContentMatch(project_pairs, row_pairs)


def _create_content(filing, document):
    department = document.get("department") or {}
    projects = [
        new_project(filing, order, project_document)
        for order, project_document in enumerate(document["projects"])
    ]
    Project.objects.bulk_create(projects)
    indicators = [
        _new_indicator(filing, None, order, row)
        for order, row in enumerate(department.get("indicators") or [])
    ]
    for project, project_document in zip(projects, document["projects"]):
        indicators.extend(_new_indicator(filing, project, order, row)
                          for order, row in enumerate(project_document["indicators"]))
    _create_spending_plans(projects, document["projects"])
    Indicator.objects.bulk_create(indicators, batch_size=500)


def _update_content(filing, document, match):
    project_documents = document["projects"]
    Project.objects.filter(pk__in=[p.pk for p, place in match.projects if place is None]).delete()
    placed, changed, new_projects = {}, [], []
    for project, place in match.projects:
        if place is None:
            continue
        if project is None:
            project = new_project(filing, place, project_documents[place])
            new_projects.append(project)
        else:
            before = _values(project, PROJECT_COLUMNS)
            _set_project(project, place, project_documents[place])
            if _values(project, PROJECT_COLUMNS) != before:
                project.version += 1  # an editor page opened before the import is refused
                changed.append(project)
        placed[place] = project
    Project.objects.bulk_update(changed, [*PROJECT_COLUMNS, "version"])
    Project.objects.bulk_create(new_projects)

    # No comment points at a spending checkpoint: the plans are written anew.
    SpendingCheckpoint.objects.filter(project__filing=filing).delete()
    ordered = [placed[place] for place in range(len(project_documents))]
    _create_spending_plans(ordered, project_documents)

    department = document.get("department") or {}
    gone, changed, added = [], [], []
    for place, pairs in match.rows:
        project = None if place is None else placed[place]
        new_rows = (department.get("indicators") or []) if place is None else project_documents[place]["indicators"]
        for row, order in pairs:
            if order is None:
                gone.append(row.pk)
            elif row is None:
                added.append(_new_indicator(filing, project, order, new_rows[order]))
            else:
                before = _values(row, INDICATOR_COLUMNS)
                row.order = order
                apply_fields(row, "indicator", new_rows[order])
                row.refresh_parsed_value()
                if _values(row, INDICATOR_COLUMNS) != before:
                    changed.append(row)
    for project in new_projects:
        added.extend(_new_indicator(filing, project, order, row)
                     for order, row in enumerate(project_documents[project.order]["indicators"]))
    Indicator.objects.filter(pk__in=gone).delete()
    Indicator.objects.bulk_update(changed, INDICATOR_COLUMNS, batch_size=500)
    Indicator.objects.bulk_create(added, batch_size=500)


# The columns an import writes, compared to save only what changed.
PROJECT_COLUMNS = ["order", "has_budget", *(f.column for part in ("project", "project.budget")
                                            for f in catalogue.fields_of(part))]
INDICATOR_COLUMNS = ["order", *(f.column for f in catalogue.fields_of("indicator")),
                     *Indicator.PARSED_VALUE_COLUMNS]


def _values(instance, columns):
    return [getattr(instance, column) for column in columns]


def _create_spending_plans(projects, project_documents):
    SpendingCheckpoint.objects.bulk_create([
        _checkpoint(project, order, point)
        for project, project_document in zip(projects, project_documents)
        for order, point in enumerate(project_document.get("spending_plan") or [])
    ])


def _checkpoint(project, order, point):
    checkpoint = SpendingCheckpoint(project=project, order=order)
    apply_fields(checkpoint, "plan", point)
    return checkpoint


def new_project(filing, order, document):
    """An unsaved Project with a project document's fields (for bulk inserts)."""
    project = Project(filing=filing)
    _set_project(project, order, document)
    return project


def _set_project(project, order, document):
    project.order = order
    apply_fields(project, "project", document)
    budget = document.get("budget")
    project.has_budget = budget is not None
    apply_fields(project, "project.budget", budget)


def _new_indicator(filing, project, order, document):
    indicator = Indicator(filing=filing, project=project, order=order)
    apply_fields(indicator, "indicator", document)
    indicator.refresh_parsed_value()  # bulk_create skips save()
    return indicator


def _find_or_create_unit(unit_document):
    """The unit a document is filed for, matched by region and unit code,
    else by name; created with its region where missing."""
    region = _find_or_create_region(unit_document.get("region"))
    # An empty code is no code: two units without one may share a region
    # (the unique region and code holds only where there is a code).
    code, name = unit_document.get("code") or None, unit_document["name"]
    units = BudgetUnit.objects.filter(region=region)
    unit = (units.filter(code=code).first() if code else None) or units.filter(name=name).first()
    if unit is None:
        unit = BudgetUnit.objects.create(region=region, code=code, name=name)
    elif code and not unit.code:
        unit.code = code
        unit.save(update_fields=["code"])
    return unit


def _find_or_create_region(region_document):
    region_document = region_document or {}
    code, name = region_document.get("code"), region_document.get("name")
    if code:
        region = Region.objects.filter(code=code).first()
    elif name:
        region = Region.objects.filter(name=name).order_by("pk").first()
    else:
        raise DocumentRefused([Problem("unit.region", "缺少行政区划（代码或名称），无法确定预算单位")])
    if region is not None:
        return region
    parent = Region.objects.filter(code__in=Region.ancestor_codes(code)).order_by("-code").first()
    return Region.objects.create(
        code=code,
        name=name or code,
        level=Region.level_for_code(code) if code else Region.Level.COUNTY,
        parent=parent,
    )
