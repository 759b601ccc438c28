"""The lights of a report's document (reports.rules applied to every
project's budget and indicator) and the counts the overview lists."""
from dataclasses import dataclass, field

from .rules.lights import Judgement, Light, judge_budget, judge_indicator, worst


@dataclass
class ProjectLights:
    budget: Judgement
    indicators: list = field(default_factory=list)

    @property
    def light(self):
        return worst([self.budget.light] + [j.light for j in self.indicators])


def project_lights(project, months, amount_unit=""):
    total = (project.get("budget") or {}).get("total") or {}
    budget = judge_budget(annual=total.get("annual"), executed=total.get("executed"),
                          planned_percent=project.get("planned_percent"), months=months,
                          amount_unit=amount_unit or "")
    indicators = [
        judge_indicator(level1=item.get("level1") or "", level2=item.get("level2") or "",
                        value=item.get("value"), actual=item.get("actual"), months=months,
                        grade=item.get("grade") or "")
        for item in project.get("indicators") or []
    ]
    return ProjectLights(budget, indicators)


def document_lights(document):
    months = document.get("months")
    return [project_lights(p, months, document.get("amount_unit")) for p in document.get("projects") or []]


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
