"""Property: any mutation of an example either imports (and exports a valid
document) or is refused with Chinese messages naming JSON paths — never a
traceback, never a partial write."""
import copy

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from targets.interchange import DocumentRefused, export_document, import_document, load_filing, validate_document
from targets.models import Filing, Indicator, Project, SpendingCheckpoint
from units.models import BudgetUnit, Region

from ..conftest import EXAMPLE_NAMES, load_example

EXAMPLES = {name: load_example(name) for name in EXAMPLE_NAMES}

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "12.50", "1e5", "99999999999999999999.1", "≥5次", "……", "\x00",
                     "\ud800", "2024-02-30", "新增项目", "annual", "midterm", "hunan", "元", "万元"]),
)
json_value = st.recursive(
    json_leaf,
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.text(max_size=8), children, max_size=3)),
    max_leaves=6,
)


def paths(node, prefix=()):
    """Every location in a document: (path tuple) for dict keys and list items."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, prefix + (index,))


@st.composite
def mutated_documents(draw):
    document = copy.deepcopy(EXAMPLES[draw(st.sampled_from(EXAMPLE_NAMES))])
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        locations = [p for p in paths(document) if p]
        location = draw(st.sampled_from(locations))
        parent = document
        for step in location[:-1]:
            parent = parent[step]
        key = location[-1]
        action = draw(st.sampled_from(["replace", "delete", "add_key"]))
        if action == "replace":
            parent[key] = draw(json_value)
        elif action == "delete":
            if isinstance(parent, dict):
                del parent[key]
            else:
                parent.pop(key)
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(json_value)
    return document


def counts():
    return tuple(m.objects.count() for m in (Region, BudgetUnit, Filing, Project, SpendingCheckpoint, Indicator))


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(document=mutated_documents())
def test_mutations_import_whole_or_not_at_all(document):
    # Each example runs in a savepoint rolled back at the end, so examples
    # do not see each other's filings.
    with transaction.atomic():
        before = counts()
        try:
            filing = import_document(document)
        except DocumentRefused as refused:
            assert refused.problems
            for problem in refused.problems:
                assert problem.message and any("\u4e00" <= c <= "\u9fff" for c in problem.message)
            assert counts() == before
        else:
            exported = export_document(load_filing(filing.pk))
            assert validate_document(exported) == []
        transaction.set_rollback(True)
