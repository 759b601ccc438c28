"""docs/filing.schema.json, checked with the jsonschema library, and our
validator (targets/interchange/schema.py) decide alike: on the examples, and
on mutations of them at every key the schema describes.

Our validator is stricter in the ways docs/filing-format.md lists under
"Stricter than the schema" (NUL, unpaired surrogates, amounts the columns
cannot keep, column lengths, 2024.0 for an integer, and a final line break
that Python's jsonschema lets through a pattern). The probes that exercise
those say where ours refuses what the schema accepts; never the other way.
"""
import copy
import json
import re

import pytest
from jsonschema import Draft202012Validator

from targets.interchange import validate_document

from ..conftest import EXAMPLE_NAMES, REPO, load_example

SCHEMA = json.loads((REPO / "docs" / "filing.schema.json").read_text(encoding="utf-8"))
SCHEMA_VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
FORMAT_PAGE = (REPO / "docs" / "filing-format.md").read_text(encoding="utf-8")

AMOUNT = SCHEMA["$defs"]["amount"]
# Column lengths our validator keeps (the schema has none).
COLUMN_LENGTHS = {"unit.code": 50, "unit.name": 200, "unit.region.name": 100}


def never(location, subschema):
    return False


def everywhere(location, subschema):
    return True


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


def resolve(subschema):
    while "$ref" in subschema:
        subschema = SCHEMA["$defs"][subschema["$ref"].rsplit("/", 1)[1]]
    return subschema


def places(node, subschema, path=()):
    """(path, subschema) of every key the schema describes on the objects
    present in the document, whether the document has that key or not."""
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
    """A path with its indices left out: projects.indicators.weight."""
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
    """Each place the schema describes once (its first occurrence in the
    examples), with the example it occurs in."""
    seen = {}
    for name in EXAMPLE_NAMES:
        document = load_example(name)
        for path, subschema in places(document, SCHEMA):
            seen.setdefault(location(path), (document, path, subschema))
    return seen


PLACES = first_places()


def verdicts(document):
    schema_accepts = SCHEMA_VALIDATOR.is_valid(document)
    ours_accepts = validate_document(document) == []
    return schema_accepts, ours_accepts


def disagreement(where, schema_accepts, ours_accepts):
    verdict = {True: "accepts", False: "refuses"}
    return f"{where}: the schema {verdict[schema_accepts]}, ours {verdict[ours_accepts]}"


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


def test_the_examples_are_valid_under_the_schema_and_our_validator(example):
    assert list(SCHEMA_VALIDATOR.iter_errors(example)) == []
    assert validate_document(example) == []


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
