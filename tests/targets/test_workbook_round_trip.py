"""A filing's workbook brought back unchanged changes nothing: its JSON
export after the import is the one before, blanks included, and no Python
value (None, True, Decimal(…)) shows in a cell or a message."""
import json
import re

import pytest

from targets.interchange import export_document, load_filing
from targets.interchange.diff import diff_documents
from targets.services.filing_import import replace_content
from targets.tables import workbook_bytes
from targets.workbook_reader import read_workbook

from .. import factories
from ..conftest import load_example
from .test_tables_support import ANHUI, HEBEI, HUNAN
from .workbook_editing import open_workbook

PYTHON_VALUES = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|Decimal\(")


def exported(filing):
    return json.dumps(export_document(load_filing(filing.pk)), ensure_ascii=False, indent=2)


def round_trip(filing):
    """Import the filing's own workbook into it; the changes logged."""
    before = export_document(load_filing(filing.pk))
    reading = read_workbook(workbook_bytes(before), base=before)
    return replace_content(filing.pk, reading.document, factories.person("admin"), "导入 XLSX")


@pytest.fixture
def unit(db):
    return factories.unit(factories.region(code="130730", layout="hebei"), code="224001")


@pytest.mark.parametrize("example", [HEBEI, HUNAN, ANHUI])
def test_every_example_comes_back_as_it_was(unit, example):
    filing = factories.filing(unit, example=example)
    before = exported(filing)
    assert round_trip(filing) == []
    assert exported(filing) == before


def test_blank_checkpoint_and_blank_amounts_come_back(unit):
    projects = load_example(HEBEI)["projects"]
    projects[0]["spending_plan"][0]["percent"] = None  # 3月底 left blank
    projects[0]["budget"]["fiscal"] = None
    projects[0]["code"] = None
    filing = factories.filing(unit, projects=projects)
    before = exported(filing)
    assert [p["percent"] for p in json.loads(before)["projects"][0]["spending_plan"]] == [None, "50", "75", "100"]
    assert round_trip(filing) == []
    assert exported(filing) == before


def test_a_plan_filled_in_excel_keeps_its_blank_checkpoint_and_says_so(unit):
    filing = factories.filing(unit)
    document = export_document(load_filing(filing.pk))
    document["projects"][0]["spending_plan"][0]["percent"] = None
    workbook = workbook_bytes(document)
    changes = diff_documents(export_document(load_filing(filing.pk)),
                             read_workbook(workbook, base=document).document)
    shown = " ".join(str(value) for change in changes for value in vars(change).values())
    assert "3月底 （空）" in shown
    assert not PYTHON_VALUES.search(shown)


def test_no_python_value_in_a_cell():
    """A filing with every field blank prints blanks, not "None"."""
    from targets.workbook_reader.table_maps import _blank_document

    for layout in ("hebei", "hunan", "anhui"):
        document = _blank_document(layout)
        document["projects"][0]["spending_plan"] = [{"month": 3, "percent": None}]
        document["projects"][0]["indicators"] = [{"period": "annual", "level1": "产出指标", "level2": None,
                                                  "name": None, "value": None}]
        for ws in open_workbook(workbook_bytes(document)).worksheets:
            texts = [f"{cell.number_format} {cell.value}" for row in ws.iter_rows() for cell in row
                     if cell.value is not None]
            assert texts and not any(PYTHON_VALUES.search(text) for text in texts), layout
