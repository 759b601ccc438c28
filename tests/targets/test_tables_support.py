"""Shared documents for the test_tables_* modules (no tests here): the
examples written in 元, and filings with tables long enough to break pages."""
import copy
from decimal import Decimal

from tests.conftest import load_example

HEBEI = "hebei-huailai-2022"
HUNAN = "hunan-yuanjiang-2024"
ANHUI = "anhui-suzhou-2023"


def in_yuan(document):
    """The same filing written in 元: every amount times 10000."""
    document = copy.deepcopy(document)
    document["amount_unit"] = "元"

    def scale(budget):
        for key, value in (budget or {}).items():
            if value is not None:
                budget[key] = str(Decimal(value) * 10000)

    scale((document.get("department") or {}).get("budget"))
    for project in document["projects"]:
        scale(project.get("budget"))
    return document


def document_for(name, unit="万元"):
    document = load_example(name)
    return in_yuan(document) if unit == "元" else document


def with_many_indicators(name, count=40):
    """The first project with `count` more 数量指标 rows in front, so its
    产出指标 / 数量指标 group runs over a page break."""
    document = load_example(name)
    project = document["projects"][0]
    extra = [
        {"period": "annual", "level1": "产出指标", "level2": "数量指标",
         "name": f"补充数量指标第{i + 1}项，用于检查跨页时合并单元格的标签",
         "description": "说明" * 6, "value": f"≥{i + 1}次", "basis": "计划标准",
         "standard": None, "weight": None}
        for i in range(count)
    ]
    if name == ANHUI:
        extra += [dict(item, period="midterm") for item in extra]
    project["indicators"] = extra + project["indicators"]
    return document
