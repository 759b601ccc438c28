"""Schema-vs-validator agreement probes, shared by the format tests of
filing/1 (tests/targets/test_format_schema.py), monitoring/1
(tests/reports/test_monitoring_format.py) and evaluation/1
(tests/reports/test_evaluation_format.py): a JSON schema checked with the
jsonschema library and our validator must decide alike on documents and on
mutations of them at every key the schema describes.

    probes = FormatProbes(schema_path, validate, documents)
    probes.disagreements_at_every_key(value, stricter_at) -> [str]
    probes.disagreements_on_missing_and_unknown_keys() -> [str]

Each test file keeps its own values (PROBES) and cases; a probe's
`stricter_at(where, subschema)` says where ours refuses although the schema
accepts (the documented strictness; never the other way).
"""
import copy
import json

import pytest

jsonschema = pytest.importorskip("jsonschema")
Draft202012Validator = jsonschema.Draft202012Validator


def never(where, subschema):
    return False


def everywhere(where, subschema):
    return True


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


def disagreement(where, schema_accepts, ours_accepts):
    verdict = {True: "accepts", False: "refuses"}
    return f"{where}: the schema {verdict[schema_accepts]}, ours {verdict[ours_accepts]}"


class FormatProbes:
    """The schema at `schema_path`, the validator `validate(document) ->
    [Problem]`, and each place the schema describes once (its first
    occurrence in `documents`), with the document it occurs in: PLACES,
    {location: (document, path, subschema)}."""

    def __init__(self, schema_path, validate, documents):
        self.schema = json.loads(schema_path.read_text(encoding="utf-8"))
        self.schema_validator = Draft202012Validator(self.schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        self.validate = validate
        self.amount = self.schema["$defs"]["amount"]
        self.places = {}
        for document in documents:
            for path, subschema in self.walk(document, self.schema):
                self.places.setdefault(location(path), (document, path, subschema))

    def resolve(self, subschema):
        while "$ref" in subschema:
            subschema = self.schema["$defs"][subschema["$ref"].rsplit("/", 1)[1]]
        return subschema

    def walk(self, node, subschema, path=()):
        """(path, subschema) of every key the schema describes on the objects
        present in the document, whether the document has that key or not."""
        subschema = self.resolve(subschema)
        if isinstance(node, dict) and "properties" in subschema:
            for key, child in subschema["properties"].items():
                yield path + (key,), self.resolve(child)
                if key in node:
                    yield from self.walk(node[key], child, path + (key,))
        elif isinstance(node, list) and "items" in subschema:
            for index, item in enumerate(node):
                yield from self.walk(item, subschema["items"], path + (index,))

    def schema_keys(self, subschema=None, prefix=""):
        """Every key the schema describes, as a location."""
        subschema = self.resolve(self.schema if subschema is None else subschema)
        subschema = self.resolve(subschema.get("items", subschema))
        for key, child in subschema.get("properties", {}).items():
            yield prefix + key
            yield from self.schema_keys(child, prefix + key + ".")

    def verdicts(self, document):
        """(the schema accepts, ours accepts)."""
        return self.schema_validator.is_valid(document), self.validate(document) == []

    def disagreements_at_every_key(self, value, stricter_at):
        """Where `value` put at a key is decided otherwise than expected."""
        disagreements = []
        for where, (document, path, subschema) in self.places.items():
            schema_accepts, ours_accepts = self.verdicts(put(document, path, value))
            expected = schema_accepts and not stricter_at(where, subschema)
            if ours_accepts != expected:
                disagreements.append(disagreement(where, schema_accepts, ours_accepts))
        return disagreements

    def disagreements_on_missing_and_unknown_keys(self):
        """Where a key left out, or an unknown key beside it, is decided
        differently by the two."""
        disagreements = []
        for where, (document, path, _) in self.places.items():
            parent = document
            for step in path[:-1]:
                parent = parent[step]
            mutations = {"unknown key beside it": put(document, path[:-1] + ("unknown",), "x")}
            if path[-1] in parent:
                mutations["left out"] = without(document, path)
            for mutation, changed in mutations.items():
                schema_accepts, ours_accepts = self.verdicts(changed)
                if schema_accepts != ours_accepts:
                    disagreements.append(disagreement(f"{where} {mutation}", schema_accepts, ours_accepts))
        return disagreements
