"""The lights of a report's document (reports.rules applied to every
project's budget and indicator) and the counts the overview lists."""
from dataclasses import dataclass, field

from .rules.config import monitoring_rules
from .rules.lights import Judgement, Light, judge_budget, judge_indicator, worst

# Judgements of indicators kept per process: a page view, its live lights
# and the next view judge the same 150 indicators of a 10 × 15 report
# again (twice a view: for the problems and for the page), and judging
# parses both values each time. Keyed by every argument, their types and
# the rules in force (frozen, so a changed REPORT_RULES is a new key).
JUDGED_INDICATORS = 20_000


@dataclass
class ProjectLights:
    budget: Judgement
    indicators: list = field(default_factory=list)

    @property
    def light(self):
        return worst([self.budget.light] + [j.light for j in self.indicators])


def project_lights(project, months, amount_unit="", rules=None):
    rules = rules or monitoring_rules()
    total = (project.get("budget") or {}).get("total") or {}
    budget = judge_budget(annual=total.get("annual"), executed=total.get("executed"),
                          planned_percent=project.get("planned_percent"), months=months,
                          amount_unit=amount_unit or "", rules=rules)
    indicators = [
        _judge(item.get("level1") or "", item.get("level2") or "", item.get("value"), item.get("actual"), months,
               item.get("grade") or "", rules)
        for item in project.get("indicators") or []
    ]
    return ProjectLights(budget, indicators)


def _judge(level1, level2, value, actual, months, grade, rules):
    key = (*(_key(a) for a in (level1, level2, value, actual, months, grade)), rules)
    judged = _JUDGED.get(key)
    if judged is None:
        judged = judge_indicator(level1=level1, level2=level2, value=value, actual=actual, months=months,
                                 grade=grade, rules=rules)
        if len(_JUDGED) >= JUDGED_INDICATORS:
            _JUDGED.clear()
        _JUDGED[key] = judged
    return judged


def _key(value):
    """Text as it is; anything else by its type and repr (True is not 1,
    Decimal("1.0") is not Decimal("1"), a list is hashable so)."""
    return value if value is None or type(value) is str else (type(value).__name__, repr(value))


_JUDGED = {}


def document_lights(document):
    months = document.get("months")
    rules = monitoring_rules()
    return [project_lights(p, months, document.get("amount_unit"), rules) for p in document.get("projects") or []]


def counts(lights):
    """{"red": n, "yellow": n, "green": n, "blue": n, "unjudged": n, "worst": light}
    over every budget and indicator of the report."""
    all_lights = [light for p in lights for light in [p.budget.light] + [j.light for j in p.indicators]]
    result = {name: sum(1 for light in all_lights if light == Light(value))
              for name, value in (("red", "red"), ("yellow", "yellow"), ("green", "green"), ("blue", "blue"))}
    result["unjudged"] = sum(1 for light in all_lights if light == Light.NONE)
    result["worst"] = worst(all_lights).value
    return result


def as_json(lights):
    """The lights for the page's script: per project its light, budget and
    indicators, each {light, label, explanation, needs_reason}."""
    def one(judgement):
        return {"light": judgement.light.value, "label": judgement.light.label,
                "explanation": judgement.explanation,
                "needs_reason": judgement.light in (Light.RED, Light.YELLOW)}

    return [{"light": p.light.value, "label": p.light.label, "budget": one(p.budget),
             "indicators": [one(j) for j in p.indicators]} for p in lights]
