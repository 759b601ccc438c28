"""docs/filing.schema.json, checked with the jsonschema library, and our
validator (targets/interchange/schema.py) decide alike: on the examples, and
on mutations of them at every key the schema describes.

Our validator is stricter in the ways docs/filing-format.md lists under
"Stricter than the schema" (NUL, unpaired surrogates, amounts the columns
cannot keep, column lengths, 2024.0 for an integer, and a final line break
that Python's jsonschema lets through a pattern). The probes that exercise
those say where ours refuses what the schema accepts; never the other way.
"""
import re

import pytest

from targets.interchange import validate_document

from ..conftest import EXAMPLE_NAMES, REPO, load_example
from ..format_probes import Draft202012Validator, FormatProbes, everywhere, never, without

# Each place the schema describes once (its first occurrence in the
# examples), with the example it occurs in.
FORMAT = FormatProbes(REPO / "docs" / "filing.schema.json", validate_document,
                      (load_example(name) for name in EXAMPLE_NAMES))
SCHEMA, SCHEMA_VALIDATOR, PLACES, verdicts = FORMAT.schema, FORMAT.schema_validator, FORMAT.places, FORMAT.verdicts
FORMAT_PAGE = (REPO / "docs" / "filing-format.md").read_text(encoding="utf-8")

AMOUNT = FORMAT.amount
# Column lengths our validator keeps (the schema has none).
COLUMN_LENGTHS = {"unit.code": 50, "unit.name": 200, "unit.region.name": 100}


# Values put at every key. Each says where our validator refuses although
# the schema accepts (the documented strictness); elsewhere the two agree.
PROBES = {
    "null": (None, never),
    "true": (True, never),
    "zero": (0, never),
    "small integer": (3, never),
    "year": (2024, never),
    "negative integer": (-1, never),
    "year too small": (1999, never),
    "month too big": (13, never),
    "fraction": (1.5, never),
    "empty text": ("", never),
    "text": ("x", never),
    "spaces": ("  ", never),
    "layout": ("hebei", never),
    "layout, capitalised": ("Hebei", never),
    "amount unit": ("万元", never),
    "amount unit, other": ("万", never),
    "attribute": ("新增项目", never),
    "period": ("midterm", never),
    "format": ("filing/1", never),
    "amount": ("12.50", never),
    "negative amount": ("-3", never),
    "amount with exponent": ("1.5e3", never),
    "amount with comma": ("1,000", never),
    "amount without whole part": (".5", never),
    "amount ending in a point": ("12.", never),
    "amount in full-width digits": ("１２", never),
    "amount with a plus sign": ("+3", never),
    "amount with a space": (" 12.50", never),
    "date": ("2024-06-20", never),
    "date that does not exist": ("2024-02-30", never),
    "date without dashes": ("20240620", never),
    "date with a time": ("2024-06-20T08:00:00", never),
    "date, one-digit month": ("2024-6-20", never),
    "region code": ("130730", never),
    "region code, five digits": ("13073", never),
    "empty array": ([], never),
    "array": (["x"], never),
    "empty object": ({}, never),
    "object": ({"x": 1}, never),
    # Stricter than the schema.
    "NUL in text": ("a\x00b", everywhere),
    "unpaired surrogate": ("\ud800", everywhere),
    "integer written 2024.0": (2024.0, everywhere),
    "integer written 3.0": (3.0, everywhere),
    "amount, seven decimals": ("0.0000001", lambda location, subschema: subschema is AMOUNT),
    "amount, 16 significant digits": ("1234567890.123456", lambda location, subschema: subschema is AMOUNT),
    "amount, 15 whole digits": ("999999999999999", lambda location, subschema: subschema is AMOUNT),
    "amount, final line break": ("12.50\n", lambda location, subschema: "pattern" in subschema),
    "region code, final line break": ("130730\n", lambda location, subschema: "pattern" in subschema),
    "201 characters": ("字" * 201, lambda location, subschema: location in COLUMN_LENGTHS),
}


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


def test_the_examples_are_valid_under_the_schema_and_our_validator(example):
    assert list(SCHEMA_VALIDATOR.iter_errors(example)) == []
    assert validate_document(example) == []


def test_the_mutations_reach_every_key_of_the_schema():
    assert sorted(PLACES) == sorted(FORMAT.schema_keys())


@pytest.mark.parametrize("probe", PROBES)
def test_schema_and_validator_agree_on_a_value_put_at_every_key(probe):
    assert FORMAT.disagreements_at_every_key(*PROBES[probe]) == []


def test_schema_and_validator_agree_on_missing_and_unknown_keys():
    assert FORMAT.disagreements_on_missing_and_unknown_keys() == []


@pytest.mark.parametrize("value", [None, [], "filing/1", 2024])
def test_a_document_that_is_not_an_object_is_refused_by_both(value):
    assert verdicts(value) == (False, False)


def test_the_required_keys_are_refused_when_missing():
    """The agreement above could hold with both accepting everything."""
    for where in ["format", "unit.name", "projects.name", "projects.indicators",
                  "department.indicators.level2", "projects.spending_plan.percent"]:
        document, path, _ = PLACES[where]
        assert verdicts(without(document, path)) == (False, False), where


def test_the_format_page_names_every_key_and_the_examples():
    keys = {key for place in PLACES for key in place.split(".")}
    undocumented = sorted(key for key in keys if not re.search(rf"\b{key}\b", FORMAT_PAGE))
    assert undocumented == []
    documented = set(re.findall(r"fixtures/examples/([a-z0-9-]+)\.json", FORMAT_PAGE))
    on_disk = {path.stem for path in (REPO / "fixtures" / "examples").glob("*.json")}
    assert documented == on_disk == set(EXAMPLE_NAMES)
