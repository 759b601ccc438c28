"""docs/evaluation.schema.json, checked with the jsonschema library, and our
validator (reports/evaluation_interchange.py) decide alike on filled
self-evaluation reports of the three examples (with and without 复核 scores)
and on mutations of them at every key the schema describes.

Ours is stricter only where docs/evaluation-format.md says so ("Stricter
than the schema"): NUL, unpaired surrogates, amounts the database could not
keep, 2024.0 for an integer, texts beyond their length, a final line break
Python's jsonschema lets through a pattern."""
import re

import pytest

from reports import fields
from reports.evaluation_interchange import validate_evaluation

from ..conftest import EXAMPLE_NAMES, REPO
from ..format_probes import Draft202012Validator, FormatProbes, everywhere, never, put, without
from .evaluation_support import all_filled, filled

DOCUMENTS = all_filled() | {f"{name} reviewed": filled(name, reviewed=True) for name in EXAMPLE_NAMES}
FORMAT = FormatProbes(REPO / "docs" / "evaluation.schema.json", validate_evaluation, DOCUMENTS.values())
SCHEMA, SCHEMA_VALIDATOR, PLACES, verdicts = FORMAT.schema, FORMAT.schema_validator, FORMAT.places, FORMAT.verdicts
FORMAT_PAGE = (REPO / "docs" / "evaluation-format.md").read_text(encoding="utf-8")
AMOUNT = FORMAT.amount
COLUMN_LENGTHS = {"unit.code": 50, "unit.name": 200, "unit.region.name": 100}


PROBES = {
    "null": (None, never),
    "true": (True, never),
    "zero": (0, never),
    "year": (2024, never),
    "fraction": (1.5, never),
    "empty text": ("", never),
    "text": ("x", never),
    "layout": ("hebei", never),
    "amount unit": ("万元", never),
    "format": ("evaluation/1", never),
    "format of a monitoring report": ("monitoring/1", never),
    "format of a filing": ("filing/1", never),
    "amount": ("12.50", never),
    "score": ("9.29", never),
    "negative amount": ("-1", never),
    "amount with comma": ("1,000", never),
    "amount with a percent sign": ("50%", never),
    "achievement": ("部分达成并具有一定效果", never),
    "a monitoring grade": ("部分达到", never),
    "region code": ("130730", never),
    "empty array": ([], never),
    "array of text": (["x"], never),
    "empty object": ({}, never),
    "object": ({"x": 1}, never),
    "budget row": ({"initial": "1", "full_year": "1.2", "executed": "1"}, never),
    "monitoring's budget row": ({"annual": "1", "executed": "0.5", "expected": "1"}, never),
    # Stricter than the schema.
    "NUL in text": ("a\x00b", everywhere),
    "unpaired surrogate": ("\ud800", everywhere),
    "integer written 2024.0": (2024.0, everywhere),
    "amount, seven decimals": ("0.0000001", lambda where, s: s is AMOUNT),
    "amount, 15 whole digits": ("999999999999999", lambda where, s: s is AMOUNT),
    "amount, final line break": ("12.50\n", lambda where, s: "pattern" in s),
    "201 characters": ("字" * 201, lambda where, s: where in COLUMN_LENGTHS),
    "10001 characters": ("字" * 10_001, lambda where, s: where in TEXT_KEYS or where in COLUMN_LENGTHS),
}

# Places holding a text of kind `text` (10,000 characters at most).
TEXT_KEYS = {
    f"projects.{f.key}" for f in fields.fields_of("evaluation.project") if f.kind == "text"
} | {f"projects.indicators.{f.key}" for f in fields.fields_of("evaluation.indicator") if f.kind == "text"}


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_filled_reports_are_valid_under_the_schema_and_our_validator(name):
    assert list(SCHEMA_VALIDATOR.iter_errors(DOCUMENTS[name])) == []
    assert validate_evaluation(DOCUMENTS[name]) == []


def test_the_mutations_reach_every_key_of_the_schema():
    assert sorted(PLACES) == sorted(FORMAT.schema_keys())


@pytest.mark.parametrize("probe", PROBES)
def test_schema_and_validator_agree_on_a_value_put_at_every_key(probe):
    assert FORMAT.disagreements_at_every_key(*PROBES[probe]) == []


def test_schema_and_validator_agree_on_missing_and_unknown_keys():
    assert FORMAT.disagreements_on_missing_and_unknown_keys() == []


@pytest.mark.parametrize("value", [None, [], "evaluation/1", 2024])
def test_a_document_that_is_not_an_object_is_refused_by_both(value):
    assert verdicts(value) == (False, False)


def test_the_required_keys_are_refused_when_missing():
    for where in ["format", "year", "unit.name", "projects.name", "projects.budget", "projects.indicators",
                  "projects.indicators.name"]:
        document, path, _ = PLACES[where]
        assert verdicts(without(document, path)) == (False, False), where


@pytest.mark.parametrize("key", ["rate", "score"])
def test_the_computed_budget_values_are_not_part_of_the_document(key):
    document = put(DOCUMENTS["hebei-huailai-2022"], ("projects", 0, "budget", "total", key), "92.86")
    assert verdicts(document) == (False, False)


def test_a_monitoring_report_is_not_an_evaluation_report():
    from .monitoring_support import filled as monitoring_filled

    assert verdicts(monitoring_filled("hebei-huailai-2022")) == (False, False)


def test_problems_name_the_path_in_chinese():
    document = filled("hebei-huailai-2022")
    document["projects"][0]["budget"]["fiscal"]["executed"] = "abc"
    document["projects"][0]["indicators"][3]["achievement"] = "达成"
    document["projects"][0]["indicators"][4]["weight"] = 30
    document["year"] = 1999
    assert [str(p) for p in validate_evaluation(document)] == [
        "year：年度应在 2000 至 2100 之间，实际是 1999",
        "projects[0].budget.fiscal.executed：金额格式不正确：“abc”，应为数字，如 \"12.50\"",
        "projects[0].indicators[3].achievement：应为 “达成年度指标”、“部分达成并具有一定效果”、“未达成且效果较差” 之一，实际是“达成”",
        "projects[0].indicators[4].weight：金额应写成文本（如 \"12.50\"），实际是整数",
    ]


def test_the_format_page_names_every_key():
    keys = {key for place in PLACES for key in place.split(".")}
    undocumented = sorted(key for key in keys if not re.search(rf"\b{key}\b", FORMAT_PAGE))
    assert undocumented == []
