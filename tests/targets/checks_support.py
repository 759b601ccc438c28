"""Helpers shared by the checks tests (tests/targets/test_checks_*.py): filing/1
example documents to copy and change, and what run_checks finds in them."""
import copy

from targets.checks import ERROR, run_checks
from tests.conftest import load_example

HEBEI, HUNAN, ANHUI = "hebei-huailai-2022", "hunan-yuanjiang-2024", "anhui-suzhou-2023"


def doc(name):
    return copy.deepcopy(load_example(name))


def found(document, code=None):
    """(severity, code, location) of every problem, or of one code."""
    return [
        (p.severity, p.code, p.location)
        for p in run_checks(document)
        if code is None or p.code == code
    ]


def added(document, name):
    """found(document) less what the example `name` has of its own: the
    problems a change brought."""
    before = found(doc(name))
    result = []
    for item in found(document):
        if item in before:
            before.remove(item)
        else:
            result.append(item)
    return result


def errors(document):
    return [item for item in found(document) if item[0] == ERROR]


def messages(document, code):
    return [p.message for p in run_checks(document) if p.code == code]


def row(name, level1="产出指标", level2="数量指标", value="≥1次", period="annual"):
    return {
        "period": period, "level1": level1, "level2": level2, "name": name, "description": None,
        "value": value, "basis": None, "standard": None, "weight": None,
    }


def plan(*percents, months=(3, 6, 10, 12)):
    return [{"month": m, "percent": p} for m, p in zip(months, percents)]
