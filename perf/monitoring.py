"""Monitoring data for generate_scale --monitoring: a 1–7月 round over the
generated province, opened by reports.opening as a reviewer opens it, and
a share of its reports filled in by their units, written in bulk to the
state reports.saving.save_report leaves (document, light counts, version,
touched, a history entry with the changes).

What is typed is made so that the lights vary: of every project's
indicators most are on track (green, some blue), and about one in eight
lags a little (yellow) or a lot (red); those get a reason, a likelihood
and a measure, as the submission's check asks. Budgets lag likewise."""
import copy
import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from reports.fields import LIKELIHOODS, MONITORING_GRADES, REASONS
from reports.judging import counts, document_lights, project_lights
from reports.models import Report
from reports.opening import open_monitoring
from reports.rules.explain import read_target
from reports.rules.lights import Light, judge_indicator
from reports.saving import document_changes
from reviews.log import change_as_dict
from reviews.models import LogEntry
from targets.money import parse_amount, plain

MONTHS = 7
FILLED_SHARE = 0.7  # reports the unit has saved; the others are untouched drafts
CHUNK = 200  # reports whose documents are in memory at once
# (factor of the pro-rata target, weight): red below 60 %, yellow 60–80 %.
PACES = ((Decimal("0.45"), 6), (Decimal("0.7"), 7), (Decimal("0.95"), 60), (Decimal("1.05"), 20),
         (Decimal("1.3"), 7))


def open_round(reviewer, region, year):
    """The round as a reviewer opens it (reports.opening), deadline 10 August."""
    return open_monitoring(reviewer, year=year, deadline=date(year, 8, 10), months=MONTHS, region=region)


def fill_round(exercise, staff_by_unit, seed=1):
    """Fill FILLED_SHARE of the round's reports; returns how many. staff_by_unit:
    {unit pk: User} (the one who saves it)."""
    rng = random.Random(f"monitoring:{seed}:{exercise.pk}")
    ids = list(Report.objects.filter(exercise=exercise).order_by("pk").values_list("pk", flat=True))
    chosen = [pk for pk in ids if rng.random() < FILLED_SHARE]
    for start in range(0, len(chosen), CHUNK):
        with transaction.atomic():
            reports = list(Report.objects.filter(pk__in=chosen[start:start + CHUNK]).order_by("pk"))
            logs = []
            for report in reports:
                old = report.document
                report.document = filled_document(old, random.Random(f"report:{seed}:{report.pk}"))
                for key, value in counts(document_lights(report.document)).items():
                    setattr(report, key, value)
                report.version += 1
                report.touched = True
                changes = document_changes(old, report.document)
                logs.append(LogEntry(report_id=report.pk, user=staff_by_unit.get(report.unit_id), action="edit",
                                     summary=f"保存监控报告（{len(changes)} 处修改）",
                                     changes=[change_as_dict(c) for c in changes]))
            Report.objects.bulk_update(reports, ["document", "version", "touched", "red", "yellow", "green",
                                                 "blue", "unjudged", "worst"])
            LogEntry.objects.bulk_create(logs)
    return len(chosen)


def filled_document(document, rng):
    """The document with what a unit types: money executed and expected,
    each indicator's actual, forecast (or grade), and for a red or yellow
    light a reason, likelihood and measure."""
    document = copy.deepcopy(document)
    months = document.get("months") or MONTHS
    for project in document.get("projects") or []:
        pace = _pace(rng)
        share = Decimal(str(project.get("planned_percent") or "")) / 100 if project.get("planned_percent") \
            else Decimal(months) / 12
        for row in (project.get("budget") or {}).values():
            annual = _amount(row.get("annual"))
            if annual is None:
                continue
            row["executed"] = plain((annual * share * pace).quantize(Decimal("0.01")))
            row["expected"] = plain(annual.quantize(Decimal("0.01")))
        project["goal_progress"] = "按计划推进，已完成阶段性任务。" if pace >= 1 else "部分工作进度滞后，正在加快推进。"
        for item in project.get("indicators") or []:
            target = read_target(item.get("value") or "")
            factor = _pace(rng)
            if target.is_quantitative and target.number:
                if target.operator in ("≤", "<"):
                    # Reverse: inside the range unless lagging (then over it).
                    actual = target.number * (Decimal("0.9") if factor >= Decimal("0.8") else Decimal("1.2"))
                    forecast = target.number
                else:
                    actual = target.number * months / 12 * factor
                    forecast = target.number * min(factor, Decimal(1)) if factor < Decimal("0.6") else target.number
                item["actual"] = f"{_number(actual)}{target.unit}"
                item["forecast"] = f"{_number(forecast)}{target.unit}"
                if factor >= Decimal("0.8") and _light(item, months) == Light.RED:
                    # Judged on reaching the target (质量, 时效, 成本, rates): on track is reaching it.
                    item["actual"] = item["forecast"] = f"{_number(target.number)}{target.unit}"
            else:
                item["grade"] = (MONITORING_GRADES[0] if factor >= Decimal("0.8") else
                                 MONITORING_GRADES[1] if factor >= Decimal("0.6") else MONITORING_GRADES[2])
                item["forecast"] = "达到"
        lights = project_lights(project, months, document.get("amount_unit"))
        for item, judged in zip(project.get("indicators") or [], lights.indicators):
            if judged.light in (Light.RED, Light.YELLOW):
                item["reasons"] = [rng.choice(REASONS[:4])]
                item["reason_text"] = "受季节和资金拨付进度影响，进度滞后。"
                item["likelihood"] = LIKELIHOODS[1] if judged.light == Light.YELLOW else LIKELIHOODS[2]
                item["measures"] = "加快资金拨付，按月调度进度。"
            else:
                item["likelihood"] = LIKELIHOODS[0]
    return document


def _light(item, months):
    return judge_indicator(level1=item.get("level1") or "", level2=item.get("level2") or "",
                           value=item.get("value"), actual=item.get("actual"), months=months).light


def _pace(rng):
    return rng.choices([p for p, _ in PACES], weights=[w for _, w in PACES])[0]


def _amount(text):
    if text in (None, ""):
        return None
    try:
        return parse_amount(str(text))
    except Exception:  # a money cell the filing left odd: not typed over
        return None


def _number(value):
    value = Decimal(value)
    return plain(value.quantize(Decimal(1)) if abs(value) >= 10 else value.quantize(Decimal("0.01")))

