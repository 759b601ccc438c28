"""The field catalogue is the one list of a filing's fields: every entry is
stored, exported, imported, compared and read back from the workbook, and
every content column of the models has an entry."""
import copy

import pytest
from django.apps import apps

from targets import field_catalogue as catalogue
from targets.frameworks import framework_for
from targets.interchange import export_document, import_document, load_filing
from targets.interchange.diff import CHANGED, diff_documents
from targets.tables import workbook_bytes
from targets.workbook_reader import read_workbook

from .test_tables_support import ANHUI, HEBEI, HUNAN, document_for

EXAMPLES = [HEBEI, HUNAN, ANHUI]
ALL_FIELDS = [field for fields in catalogue.PARTS.values() for field in fields]

# Model columns that are not content of the document: identity, place,
# workflow state, bookkeeping, and what is derived from `value`.
NOT_CONTENT = {
    "Filing": {"id", "unit", "status", "has_department", "has_budget", "has_contact", "version",
               "created_at", "updated_at", "created_by"},
    "Project": {"id", "filing", "order", "has_budget", "version"},
    "SpendingCheckpoint": {"id", "project", "order"},
    "Indicator": {"id", "filing", "project", "order", *(
        "value_kind", "value_operator", "value_number", "value_unit")},
}


def model_of(part):
    return apps.get_model("targets", catalogue.MODELS[part])


@pytest.mark.parametrize("field", ALL_FIELDS, ids=lambda f: f"{f.part}.{f.key}")
def test_every_entry_is_a_model_column_with_a_chinese_label(field):
    column = model_of(field.part)._meta.get_field(field.column)
    assert column.concrete and not column.is_relation
    for label in (field.label, *field.layout_labels.values()):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in label), label
    assert set(field.layout_labels) <= {"hebei", "hunan", "anhui"}


def test_every_content_column_has_an_entry():
    """A column added to a model without a catalogue entry would be neither
    exported, imported, compared nor edited: it must be named here or in
    the catalogue."""
    catalogued = {}
    for field in ALL_FIELDS:
        catalogued.setdefault(catalogue.MODELS[field.part], set()).add(field.column)
    for model_name, skipped in NOT_CONTENT.items():
        columns = {f.name for f in apps.get_model("targets", model_name)._meta.concrete_fields}
        assert columns - skipped == catalogued[model_name], model_name


def _slots(document):
    """(part, dict holding that part's keys) for every part of a document,
    creating the optional parts so that every field has a place."""
    department = document["department"] = document.get("department") or {
        key: None for key in catalogue.keys("department")} | {"indicators": []}
    if department.get("budget") is None:
        department["budget"] = {key: None for key in catalogue.keys("department.budget")}
    if document.get("contact") is None:
        document["contact"] = {key: None for key in catalogue.keys("contact")}
    project = document["projects"][0]
    if project.get("budget") is None:
        project["budget"] = {key: None for key in catalogue.keys("project.budget")}
    if not project["spending_plan"]:
        project["spending_plan"] = [{"month": 12, "percent": "100"}]
    yield "filing", document
    yield "unit", document["unit"]
    yield "department", department
    yield "department.budget", department["budget"]
    yield "project", project
    yield "project.budget", project["budget"]
    yield "plan", project["spending_plan"][0]
    yield "indicator", project["indicators"][0]
    yield "contact", document["contact"]


def _other_value(field, current):
    """A value of the field's kind that differs from `current`."""
    if field.is_text:
        return f"{field.label}（改）"
    if field.kind == catalogue.AMOUNT:
        return "12.34" if current != "12.34" else "56.78"
    if field.kind == catalogue.CHOICE:
        return next(choice for choice in field.choices if choice != (current or field.default))
    if field.kind == catalogue.DATE:
        return "2024-06-30" if current != "2024-06-30" else "2024-07-01"
    if field.kind == catalogue.MONTH:
        return 11 if current != 11 else 9
    if field.kind == catalogue.YEAR:
        return current + 1
    raise AssertionError(field.kind)


def _with_every_field_changed(document, skip=()):
    changed = copy.deepcopy(document)
    for part, holder in _slots(changed):
        for field in catalogue.fields_of(part):
            if f"{part}.{field.key}" not in skip:
                holder[field.key] = _other_value(field, holder.get(field.key))
    return changed


@pytest.mark.django_db
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_field_round_trips_through_the_database(name):
    document = _with_every_field_changed(document_for(name))
    filing = import_document(document)
    assert export_document(load_filing(filing.pk)) == document


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_field_round_trips_through_the_workbook(name):
    # A row's period decides which half of the table it prints in (and the
    # Hunan project table prints 年度 rows only), so it moves the row; the
    # layout is the workbook's own.
    document = _with_every_field_changed(document_for(name), skip={"indicator.period", "filing.layout"})
    assert read_workbook(workbook_bytes(document), base=document).document == document


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_fields_a_layout_edits_are_read_from_its_sheets(name):
    """With the unchanged filing as the base, what the workbook gives back
    changed came from the sheet: every field the layout's editor shows."""
    original = document_for(name)
    framework = framework_for(original["layout"])
    changed = _with_every_field_changed(original, skip={"indicator.period", "filing.layout"})
    _slots(original)  # the same optional parts, unchanged
    read = read_workbook(workbook_bytes(changed), base=original).document
    from_sheet = {(part, key) for (part, holder), (_, read_holder) in zip(_slots(changed), _slots(read))
                  for key in catalogue.keys(part) if read_holder.get(key) == holder.get(key)}
    shown = {("project", key) for key in framework.project_fields}
    shown |= {("project.budget", key) for key in framework.project_budget_fields}
    shown |= {("indicator", key) for key in framework.indicator_columns}
    shown |= {("department", key) for key in framework.department_fields if key in catalogue.keys("department")}
    assert shown <= from_sheet, shown - from_sheet


@pytest.mark.parametrize("field", ALL_FIELDS, ids=lambda f: f"{f.part}.{f.key}")
def test_every_field_appears_in_the_diff_under_its_label(field):
    old = document_for(HEBEI)
    list(_slots(old))
    new = copy.deepcopy(old)
    holder = dict(_slots(new))[field.part]
    holder[field.key] = _other_value(field, holder.get(field.key))
    changes = diff_documents(old, new)
    if field.part == "plan":
        # The plan is compared as one text: 3月底 25%，6月底 50%…
        assert [(c.kind, c.location) for c in changes] == [(CHANGED, "projects[0].spending_plan")]
        return
    # Named as the document's layout (Hebei here) prints it: 绩效目标.
    assert [(c.kind, c.location.rsplit(".", 1)[-1], c.field) for c in changes] == [
        (CHANGED, field.key, field.label_for(old["layout"]))]


def test_labels_follow_the_layout():
    assert catalogue.label("project", "annual_goal") == "年度目标"
    assert catalogue.label("project", "annual_goal", "hebei") == "绩效目标"
    assert catalogue.label("project.budget", "fiscal", "hunan") == "年度本级预算金额"
    assert catalogue.field_at("projects[3].indicators[2].basis").label == "指标值确定依据"
    assert catalogue.field_at("projects[0].indicators") is None

