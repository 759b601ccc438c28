"""docs/monitoring.schema.json, checked with the jsonschema library, and our
validator (reports/interchange.py) decide alike on filled reports of the
three examples and on mutations of them at every key the schema describes.

Ours is stricter only where docs/monitoring-format.md says so ("Stricter
than the schema"): NUL, unpaired surrogates, amounts the database could not
keep, 7.0 for an integer, texts beyond their length, a final line break
Python's jsonschema lets through a pattern."""
import copy
import json
import re

import pytest

from reports import fields
from reports.interchange import validate_monitoring

from ..conftest import REPO
from .monitoring_support import all_filled, filled

jsonschema = pytest.importorskip("jsonschema")
Draft202012Validator = jsonschema.Draft202012Validator

SCHEMA = json.loads((REPO / "docs" / "monitoring.schema.json").read_text(encoding="utf-8"))
SCHEMA_VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
FORMAT_PAGE = (REPO / "docs" / "monitoring-format.md").read_text(encoding="utf-8")
AMOUNT = SCHEMA["$defs"]["amount"]
COLUMN_LENGTHS = {"unit.code": 50, "unit.name": 200, "unit.region.name": 100}
DOCUMENTS = all_filled()


def never(where, subschema):
    return False


def everywhere(where, subschema):
    return True


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


def resolve(subschema):
    while "$ref" in subschema:
        subschema = SCHEMA["$defs"][subschema["$ref"].rsplit("/", 1)[1]]
    return subschema


def places(node, subschema, path=()):
    subschema = resolve(subschema)
    if isinstance(node, dict) and "properties" in subschema:
        for key, child in subschema["properties"].items():
            yield path + (key,), resolve(child)
            if key in node:
                yield from places(node[key], child, path + (key,))
    elif isinstance(node, list) and "items" in subschema:
        for index, item in enumerate(node):
            yield from places(item, subschema["items"], path + (index,))


def location(path):
    return ".".join(str(step) for step in path if isinstance(step, str))


def put(document, path, value):
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


def without(document, path):
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return changed


def first_places():
    seen = {}
    for document in DOCUMENTS.values():
        for path, subschema in places(document, SCHEMA):
            seen.setdefault(location(path), (document, path, subschema))
    return seen


PLACES = first_places()


def verdicts(document):
    return SCHEMA_VALIDATOR.is_valid(document), validate_monitoring(document) == []


def disagreement(where, schema_accepts, ours_accepts):
    verdict = {True: "accepts", False: "refuses"}
    return f"{where}: the schema {verdict[schema_accepts]}, ours {verdict[ours_accepts]}"


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_filled_reports_are_valid_under_the_schema_and_our_validator(name):
    assert list(SCHEMA_VALIDATOR.iter_errors(DOCUMENTS[name])) == []
    assert validate_monitoring(DOCUMENTS[name]) == []


def test_the_mutations_reach_every_key_of_the_schema():
    def keys(subschema, prefix=""):
        subschema = resolve(subschema)
        subschema = resolve(subschema.get("items", subschema))
        for key, child in subschema.get("properties", {}).items():
            yield prefix + key
            yield from keys(child, prefix + key + ".")

    assert sorted(PLACES) == sorted(keys(SCHEMA))


@pytest.mark.parametrize("probe", PROBES)
def test_schema_and_validator_agree_on_a_value_put_at_every_key(probe):
    value, stricter_at = PROBES[probe]
    disagreements = []
    for where, (document, path, subschema) in PLACES.items():
        schema_accepts, ours_accepts = verdicts(put(document, path, value))
        expected = schema_accepts and not stricter_at(where, subschema)
        if ours_accepts != expected:
            disagreements.append(disagreement(where, schema_accepts, ours_accepts))
    assert disagreements == []


def test_schema_and_validator_agree_on_missing_and_unknown_keys():
    disagreements = []
    for where, (document, path, _) in PLACES.items():
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        mutations = {"unknown key beside it": put(document, path[:-1] + ("unknown",), "x")}
        if path[-1] in parent:
            mutations["left out"] = without(document, path)
        for mutation, changed in mutations.items():
            schema_accepts, ours_accepts = verdicts(changed)
            if schema_accepts != ours_accepts:
                disagreements.append(disagreement(f"{where} {mutation}", schema_accepts, ours_accepts))
    assert disagreements == []


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
