"""Monitoring reports of the three example filings, filled the way a unit
fills one in August: money spent so far and expected, progress per
indicator, a lagging indicator with its reasons and measures."""
from decimal import Decimal

from reports.documents import monitoring_document
from targets.money import parse_amount, plain

from ..conftest import EXAMPLE_NAMES, load_example

MONTHS = {"hebei-huailai-2022": 7, "hunan-yuanjiang-2024": 6, "anhui-suzhou-2023": 8}


def filled(name, months=None):
    """The example filing's monitoring report with every entered field set
    on its first project and most fields on the others."""
    document = monitoring_document(load_example(name), months or MONTHS[name])
    for p, project in enumerate(document["projects"]):
        project["goal_progress"] = f"截至{document['months']}月底，已完成年度目标的{50 + p}%，各项工作按计划推进。"
        for key, row in project["budget"].items():
            annual = parse_amount(row["annual"]) if row["annual"] is not None else None
            if annual is None:
                continue
            row["executed"] = plain((annual * Decimal("0.55")).quantize(Decimal("0.01")))
            row["expected"] = plain(annual)
        for i, item in enumerate(project["indicators"]):
            item["actual"] = f"完成{i + 1}项"
            item["forecast"] = item["value"]
            item["likelihood"] = "确定能"
            if i == 1:  # the lagging one
                item["likelihood"] = "有可能"
                item["reasons"] = ["经费保障", "其他"]
                item["reason_text"] = "资金拨付滞后，部分会议延期召开。"
                item["measures"] = "加快资金拨付，下半年集中组织。"
                item["note"] = "已报主管部门"
            if i == 2:
                item["grade"] = "部分达到"
    return document


def all_filled():
    return {name: filled(name) for name in EXAMPLE_NAMES}
