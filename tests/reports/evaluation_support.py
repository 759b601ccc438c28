"""Self-evaluation reports of the three example filings, filled the way a
unit fills one after the year: the money spent, each indicator's actual
value (the first positive quantitative one at half its target), qualitative
rows graded at the top of their band, the texts; the computed 得分 filled
in by the rules (fill_scores), as a document read back holds them."""
from decimal import Decimal

from reports.evaluation_documents import evaluation_document, fill_scores, is_qualitative
from reports.rules.explain import is_blank_value, read_target
from reports.rules.scoring import band_points
from targets.money import parse_amount, plain

from ..conftest import EXAMPLE_NAMES, load_example


def half_of(value):
    """An actual value at half the target's number, in its unit."""
    target = read_target(value)
    return f"{plain(target.number / 2)}{target.unit}"


def filled(name, reviewed=False):
    document = evaluation_document(load_example(name))
    for p, project in enumerate(document["projects"]):
        project["goal_outcome"] = f"全年完成年度目标的{90 + p}%，各项工作按计划推进。"
        project["problems"] = "部分会议因故延期。"
        project["improvements"] = "提前谋划，按季度安排。"
        for key, row in project["budget"].items():
            if row["initial"] is None:
                continue
            initial = parse_amount(row["initial"])
            row["full_year"] = row["initial"]
            row["executed"] = plain((initial * Decimal("0.95")).quantize(Decimal("0.01")))
        lagging = True
        for item in project["indicators"]:
            if is_blank_value(item["value"]):
                continue
            if is_qualitative(item):
                item["actual"] = "已完成"
                item["achievement"] = "达成年度指标"
                item["score"] = str(band_points(item["weight"], "达成年度指标")[1])
            elif lagging and read_target(item["value"]).operator in ("≥", ">", ""):
                item["actual"] = half_of(item["value"])
                item["deviation"] = "资金拨付滞后，部分工作延至次年。下一步提前安排。"
                lagging = False
            else:
                item["actual"] = item["value"]
            if reviewed and item is project["indicators"][0]:
                item["review_score"] = plain(parse_amount(item["weight"]) / 2)
                item["review_reason"] = "佐证材料不足。"
    return fill_scores(document)


def all_filled():
    return {name: filled(name) for name in EXAMPLE_NAMES}
