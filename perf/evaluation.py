"""Self-evaluation data for generate_scale --evaluation: a 绩效自评 round
over the generated province, opened by reports.opening as a reviewer opens
it, and a share of its reports filled in by their units, written in bulk to
the state reports.saving.save_report leaves (the document with its computed
得分 filled in, the overview's figures: total, grade, execution rate;
version, touched, a history entry with the changes).

What is typed is made so that the scores and grades vary: money mostly
spent, most targets met, about one indicator in five short of its target
(with the reason the form asks for), qualitative rows graded in each band
with a score inside it."""
import copy
import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from reports.evaluation_documents import fill_scores, is_qualitative
from reports.fields import ACHIEVEMENTS
from reports.models import Report
from reports.opening import open_evaluation
from reports.rules.explain import is_blank_value, points, read_target
from reports.rules.scoring import band_points
from reports.saving import document_changes, evaluation_figures
from reviews.log import change_as_dict
from reviews.models import LogEntry

from .monitoring import CHUNK, FILLED_SHARE, _amount, _number

# (share of the target reached, weight): most met, some short, a few far short.
PACES = ((Decimal("0.5"), 5), (Decimal("0.8"), 15), (Decimal("1"), 60), (Decimal("1.1"), 20))
SPENT = ((Decimal("0.6"), 5), (Decimal("0.85"), 20), (Decimal("0.97"), 45), (Decimal("1"), 30))
FIGURES = ("total_score", "grade", "execution_rate", "review_total", "review_grade")


def open_round(reviewer, region, year):
    """The round as a reviewer opens it (reports.opening), deadline 31 March of the next year."""
    return open_evaluation(reviewer, year=year, deadline=date(year + 1, 3, 31), region=region)


def fill_round(exercise, staff_by_unit, seed=1):
    """Fill FILLED_SHARE of the round's reports; returns how many. staff_by_unit:
    {unit pk: User} (the one who saves it)."""
    rng = random.Random(f"evaluation:{seed}:{exercise.pk}")
    ids = list(Report.objects.filter(exercise=exercise).order_by("pk").values_list("pk", flat=True))
    chosen = [pk for pk in ids if rng.random() < FILLED_SHARE]
    for start in range(0, len(chosen), CHUNK):
        with transaction.atomic():
            reports = list(Report.objects.filter(pk__in=chosen[start:start + CHUNK]).order_by("pk"))
            logs = []
            for report in reports:
                old = report.document
                report.document = filled_document(old, random.Random(f"report:{seed}:{report.pk}"))
                for key, value in evaluation_figures(report.document).items():
                    setattr(report, key, value)
                report.version += 1
                report.touched = True
                changes = document_changes(old, report.document)
                logs.append(LogEntry(report_id=report.pk, user=staff_by_unit.get(report.unit_id), action="edit",
                                     summary=f"保存自评报告（{len(changes)} 处修改）",
                                     changes=[change_as_dict(c) for c in changes]))
            Report.objects.bulk_update(reports, ["document", "version", "touched", *FIGURES])
            LogEntry.objects.bulk_create(logs)
    return len(chosen)


def filled_document(document, rng):
    """The document with what a unit types after the year: 全年预算数 and
    全年执行数, each indicator's 实际完成值 (a qualitative row's 达成情况 and a
    score in its band), the reason where a target was missed, the texts; the
    computed 得分 filled in (fill_scores) as a save fills them."""
    document = copy.deepcopy(document)
    for project in document.get("projects") or []:
        spent = _pick(rng, SPENT)
        for row in (project.get("budget") or {}).values():
            initial = _amount(row.get("initial"))
            if initial is None:
                continue
            row["full_year"] = row["initial"]
            row["executed"] = _number(initial * spent)
        project["goal_outcome"] = "全年目标基本完成，各项工作按计划推进。"
        project["problems"] = "个别指标因资金拨付滞后未完全达成。" if spent < 1 else "无。"
        project["improvements"] = "加强预算执行调度，按季度跟踪指标进度。"
        for item in project.get("indicators") or []:
            if is_blank_value(item.get("value")):
                continue
            pace = _pick(rng, PACES)
            if is_qualitative(item):
                achievement = (ACHIEVEMENTS[0] if pace >= 1 else ACHIEVEMENTS[1] if pace >= Decimal("0.8")
                               else ACHIEVEMENTS[2])
                low, high = band_points(item["weight"], achievement)
                item.update(actual="已完成" if pace >= 1 else "部分完成", achievement=achievement,
                            score=points(high if pace > 1 else low + (high - low) / 2))
            else:
                target = read_target(item["value"])
                if target.number is None:
                    item["actual"] = item["value"]
                elif target.operator in ("≤", "<"):
                    actual = target.number * (Decimal("0.9") if pace >= 1 else Decimal("1") + (1 - pace))
                    item["actual"] = f"{_number(actual)}{target.unit}"
                else:
                    item["actual"] = f"{_number(target.number * pace)}{target.unit}"
            if pace < 1:
                item["deviation"] = "受资金拨付进度影响未完全达成；下一步提前安排、按月调度。"
    return fill_scores(document)


def _pick(rng, choices):
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]
