"""A self-evaluation report's document (evaluation/1) made from the final
approved filing's document (filing/1), and the scores worked out from it.

    evaluation_document(filing_document) -> dict
    fill_scores(document) -> dict     (a copy, each computed 得分 written)
    score_evaluation(document) -> {"projects": [scores of each project]}

A document's one computed key is the 得分 of an indicator row whose
年度指标值 has a number (or is blank: 0 points): fill_scores writes it
from the rules, so a document read from a form, a workbook or a file says
what the rules say; a qualitative row's 得分 is the unit's (inside the band
of its 达成情况) and kept as typed. 执行率, the budget's points, the total
and the grade are never written: score_evaluation works them out.

Both work on documents only: the report page, the official table
(reports/evaluation_tables.py) and the API show the same computed scores,
by the rules of reports/rules/scoring.py (docs/evaluation-rules.md).
"""
import copy

from . import fields
from .documents import _annual_amounts, department_of
from .rules.explain import is_blank_value, points, read_target, to_decimal
from .rules.scoring import (
    budget_score,
    execution_rate,
    grade,
    score_indicator,
    spread_weights,
    total_score,
    weights_problem,
)

FORMAT = "evaluation/1"
APPROVED_INDICATOR_KEYS = ("level1", "level2", "name", "value")


def evaluation_document(filing_document):
    """A fresh evaluation/1 document for the final approved filing/1
    document: the approved fields copied, 分值 proposed, the rest null."""
    unit = copy.deepcopy(filing_document.get("unit") or {})
    return fill_scores({
        "format": FORMAT,
        "year": filing_document.get("year"),
        "layout": filing_document.get("layout"),
        "amount_unit": filing_document.get("amount_unit"),
        "unit": unit,
        "projects": [_project(project, unit) for project in filing_document.get("projects") or []],
    })


def _project(project, unit):
    budget = project.get("budget") or {}
    indicators = [item for item in project.get("indicators") or []
                  if (item.get("period") or "annual") == "annual"]
    weights = spread_weights([i.get("level1") for i in indicators],
                             level2s=[i.get("level2") for i in indicators],
                             values=[i.get("value") for i in indicators])
    return {
        "code": project.get("code"),
        "name": project.get("name"),
        "department": department_of(unit),
        # As in monitoring: a blank 实施单位 means the unit carries it out.
        "implementing_unit": project.get("implementing_unit") or unit.get("name"),
        "annual_goal": project.get("annual_goal"),
        "goal_outcome": None,
        "problems": None,
        "improvements": None,
        # The 年初预算数 of each row is monitoring's 年初预算数 (the approved budget).
        "budget": {key: {"initial": initial, "full_year": None, "executed": None}
                   for key, initial in _annual_amounts(budget).items()},
        "indicators": [_indicator(item, weight) for item, weight in zip(indicators, weights, strict=True)],
    }


def _indicator(item, weight):
    entry = {f.key: None for f in fields.fields_of("evaluation.indicator")}
    entry.update({key: item.get(key) for key in APPROVED_INDICATOR_KEYS})
    entry["weight"] = str(weight)
    return entry


# --- scores ------------------------------------------------------------------


def is_qualitative(item):
    """Whether a row's 得分 is the unit's (inside the band of its 达成情况):
    a 年度指标值 that states a target but no number ("按时完成", deadlines)."""
    value = item.get("value")
    return not is_blank_value(value) and not read_target(value).is_quantitative


def _shown(number):
    """A score or rate as printed: two decimals, None while not worked out."""
    return None if number is None else points(number)


def _budget_scores(budget):
    """执行率 of each money row and the 10 points of 年度资金总额. A blank
    全年预算数 counts as the 年初预算数 (no adjustment during the year)."""
    rates = {}
    for key, _ in fields.BUDGET_ROWS:
        row = budget.get(key) or {}
        base = row.get("full_year") if row.get("full_year") is not None else row.get("initial")
        try:
            rates[key] = _shown(execution_rate(budget=base, executed=row.get("executed")))
        except (ValueError, ArithmeticError):
            rates[key] = None
    total = budget.get("total") or {}
    full_year = total.get("full_year")
    if full_year is None and total.get("initial") is not None:
        score = budget_score(budget=total.get("initial"), executed=total.get("executed"))
        explanation = score.explanation
        if score.points is not None:
            explanation = f"全年预算数未填写，按年初预算数计；{explanation}"
        return rates, score.points, explanation, score.warning
    score = budget_score(budget=full_year, executed=total.get("executed"))
    return rates, score.points, score.explanation, score.warning


def _indicator_scores(item):
    qualitative = is_qualitative(item)
    score = score_indicator(level1=item.get("level1"), level2=item.get("level2"), value=item.get("value"),
                            actual=item.get("actual"), weight=item.get("weight"),
                            achievement=item.get("achievement") or "",
                            entered=item.get("score") if qualitative else None)
    return qualitative, score


def _review_scores(item, points_):
    """(复核 points, whether set, problem): the reviewer's score where set,
    between 0 and the row's 分值, else the unit's."""
    typed = item.get("review_score")
    if typed is None or not str(typed).strip():
        return points_, False, ""
    number = to_decimal(typed)
    weight = to_decimal(item.get("weight"))
    if number is None:
        return None, True, f"复核得分“{str(typed).strip()[:20]}”不是数字"
    if number < 0 or (weight is not None and number > weight):
        top = points(weight) if weight is not None else "分值"
        return None, True, f"复核得分应在 0–{top} 分之间"
    return number, True, ""


def fill_scores(document):
    """A copy of an evaluation/1 document with the 得分 of each row that is
    not qualitative set by the rules ("12.50", or None while it cannot be
    scored: no 实际完成值 yet, a 分值 missing); qualitative rows keep the
    score the unit typed, checked by score_evaluation, not changed here."""
    document = copy.deepcopy(document)
    for project in document.get("projects") or []:
        for item in project.get("indicators") or []:
            qualitative, score = _indicator_scores(item)
            if not qualitative:
                item["score"] = _shown(score.points)
    return document


def score_project(project):
    """The computed values of one project of an evaluation/1 document, JSON
    ready (numbers as two-decimal strings, None while not worked out)."""
    rates, budget_points, budget_explanation, budget_warning = _budget_scores(project.get("budget") or {})
    indicators = []
    review_points = []
    reviewed = False
    for item in project.get("indicators") or []:
        qualitative, score = _indicator_scores(item)
        indicators.append({
            "qualitative": qualitative,
            "points": _shown(score.points),
            "explanation": score.explanation,
            "problem": score.problem,
            "warning": score.warning,
        })
        review, has_review, review_problem = _review_scores(item, score.points)
        indicators[-1].update({"review_points": _shown(review) if has_review else None,
                               "review_problem": review_problem})
        review_points.append(review)
        reviewed = reviewed or has_review
    total = total_score(budget_points, [s["points"] for s in indicators], rates.get("total"))
    result = {
        "budget": {
            "rates": rates,
            "points": _shown(budget_points),
            "explanation": budget_explanation,
            "warning": budget_warning,
        },
        "indicators": indicators,
        "weights_problem": weights_problem([item.get("weight") for item in project.get("indicators") or []]),
        "total": _shown(total.points),
        "total_explanation": total.explanation,
        "grade": grade(total.points),
        "reviewed": reviewed,
        "review_total": None,
        "review_total_explanation": "",
        "review_grade": "",
    }
    if reviewed:
        review_total = total_score(budget_points, review_points, rates.get("total"))
        result.update({"review_total": _shown(review_total.points),
                       "review_total_explanation": review_total.explanation,
                       "review_grade": grade(review_total.points)})
    return result


def score_evaluation(document):
    """{"projects": [score_project(project) for each project]}: per project
    the money rows' 执行率, the budget points, each indicator's points with
    explanation and problem, the total and the grade (and the 复核 total and
    grade where a reviewer set a score)."""
    return {"projects": [score_project(project) for project in document.get("projects") or []]}


__all__ = ["FORMAT", "evaluation_document", "fill_scores", "is_qualitative", "score_evaluation", "score_project"]
