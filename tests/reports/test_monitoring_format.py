"""docs/monitoring.schema.json, checked with the jsonschema library, and our
validator (reports/interchange.py) decide alike on filled reports of the
three examples and on mutations of them at every key the schema describes.

Ours is stricter only where docs/monitoring-format.md says so ("Stricter
than the schema"): NUL, unpaired surrogates, amounts the database could not
keep, 7.0 for an integer, texts beyond their length, a final line break
Python's jsonschema lets through a pattern."""
import re

import pytest

from reports import fields
from reports.interchange import validate_monitoring

from ..conftest import REPO
from ..format_probes import Draft202012Validator, FormatProbes, everywhere, never, put, without
from .monitoring_support import all_filled, filled

DOCUMENTS = all_filled()
FORMAT = FormatProbes(REPO / "docs" / "monitoring.schema.json", validate_monitoring, DOCUMENTS.values())
SCHEMA, SCHEMA_VALIDATOR, PLACES, verdicts = FORMAT.schema, FORMAT.schema_validator, FORMAT.places, FORMAT.verdicts
FORMAT_PAGE = (REPO / "docs" / "monitoring-format.md").read_text(encoding="utf-8")
AMOUNT = FORMAT.amount
COLUMN_LENGTHS = {"unit.code": 50, "unit.name": 200, "unit.region.name": 100}


PROBES = {
    "null": (None, never),
    "true": (True, never),
    "zero": (0, never),
    "month of the period": (7, never),
    "month outside": (9, never),
    "year": (2024, never),
    "fraction": (1.5, never),
    "empty text": ("", never),
    "text": ("x", never),
    "layout": ("hebei", never),
    "amount unit": ("万元", never),
    "format": ("monitoring/1", never),
    "format of a filing": ("filing/1", never),
    "amount": ("12.50", never),
    "amount with comma": ("1,000", never),
    "amount with a percent sign": ("50%", never),
    "reason": ("经费保障", never),
    "likelihood": ("有可能", never),
    "grade": ("未达到", never),
    "region code": ("130730", never),
    "empty array": ([], never),
    "one reason": (["其他"], never),
    "two reasons": (["经费保障", "人员保障"], never),
    "a reason twice": (["其他", "其他"], never),
    "a reason not listed": (["资金不足"], never),
    "six reasons": (list(fields.REASONS) + ["其他"], never),
    "array of text": (["x"], never),
    "empty object": ({}, never),
    "object": ({"x": 1}, never),
    "budget row": ({"annual": "1", "executed": "0.5", "expected": "1"}, never),
    # Stricter than the schema.
    "NUL in text": ("a\x00b", everywhere),
    "unpaired surrogate": ("\ud800", everywhere),
    "integer written 7.0": (7.0, everywhere),
    "integer written 2024.0": (2024.0, everywhere),
    "amount, seven decimals": ("0.0000001", lambda where, s: s is AMOUNT),
    "amount, 15 whole digits": ("999999999999999", lambda where, s: s is AMOUNT),
    "amount, final line break": ("12.50\n", lambda where, s: "pattern" in s),
    "201 characters": ("字" * 201, lambda where, s: where in COLUMN_LENGTHS),
    "10001 characters": ("字" * 10_001, lambda where, s: where in TEXT_KEYS or where in COLUMN_LENGTHS),
}

# Places holding a text of kind `text` (10,000 characters at most).
TEXT_KEYS = {
    f"projects.{f.key}" for f in fields.fields_of("monitoring.project") if f.kind == "text"
} | {f"projects.indicators.{f.key}" for f in fields.fields_of("monitoring.indicator") if f.kind == "text"}


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_filled_reports_are_valid_under_the_schema_and_our_validator(name):
    assert list(SCHEMA_VALIDATOR.iter_errors(DOCUMENTS[name])) == []
    assert validate_monitoring(DOCUMENTS[name]) == []


def test_the_mutations_reach_every_key_of_the_schema():
    assert sorted(PLACES) == sorted(FORMAT.schema_keys())


@pytest.mark.parametrize("probe", PROBES)
def test_schema_and_validator_agree_on_a_value_put_at_every_key(probe):
    assert FORMAT.disagreements_at_every_key(*PROBES[probe]) == []


def test_schema_and_validator_agree_on_missing_and_unknown_keys():
    assert FORMAT.disagreements_on_missing_and_unknown_keys() == []


@pytest.mark.parametrize("value", [None, [], "monitoring/1", 2024])
def test_a_document_that_is_not_an_object_is_refused_by_both(value):
    assert verdicts(value) == (False, False)


def test_the_required_keys_are_refused_when_missing():
    for where in ["format", "months", "unit.name", "projects.name", "projects.budget", "projects.indicators",
                  "projects.indicators.name"]:
        document, path, _ = PLACES[where]
        assert verdicts(without(document, path)) == (False, False), where


def test_a_computed_rate_is_not_part_of_the_document():
    document = put(DOCUMENTS["hebei-huailai-2022"], ("projects", 0, "budget", "total", "executed_rate"), "55")
    assert verdicts(document) == (False, False)


def test_problems_name_the_path_in_chinese():
    document = filled("hebei-huailai-2022")
    document["projects"][0]["budget"]["fiscal"]["executed"] = "abc"
    document["projects"][0]["indicators"][3]["reasons"] = ["其他", "其他"]
    document["projects"][0]["indicators"][4]["likelihood"] = "可能"
    document["months"] = 9
    assert [str(p) for p in validate_monitoring(document)] == [
        "months：监控期间（月数）应在 6 至 8 之间，实际是 9",
        "projects[0].budget.fiscal.executed：金额格式不正确：“abc”，应为数字，如 \"12.50\"",
        "projects[0].indicators[3].reasons：同一项不能选两次",
        "projects[0].indicators[4].likelihood：应为 “确定能”、“有可能”、“完全不可能” 之一，实际是“可能”",
    ]


def test_the_format_page_names_every_key():
    keys = {key for place in PLACES for key in place.split(".")}
    undocumented = sorted(key for key in keys if not re.search(rf"\b{key}\b", FORMAT_PAGE))
    assert undocumented == []
