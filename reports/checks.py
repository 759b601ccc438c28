"""审核规则 of a report, in the filings' engine and style (the same Problem
type, JSON-path locations, the same panel), by the report's kind (its
document's format):

- 运行监控 (monitoring/1): a red or yellow indicator needs a 偏差原因 and a
  纠偏措施 before submission;
- 绩效自评 (evaluation/1): every row and the budget must be scored by the
  rules (reports.rules.scoring): a 实际完成值 for each indicator, a 达成情况
  and a score inside its band for a qualitative one, 分值 summing to 90, a
  全年执行数; the errors carry the rules' Chinese messages, at the field;

and for both an open 整改 needs its answer."""
from targets.checks.problems import ERROR, error, warning

from .evaluation_documents import FORMAT as EVALUATION_FORMAT
from .evaluation_documents import score_evaluation
from .judging import document_lights
from .rules.explain import is_blank, is_blank_value, to_decimal
from .rules.lights import needs_explanation


def check_explanations(document, lights):
    for p_index, (project, judged) in enumerate(zip(document.get("projects") or [], lights)):
        for i_index, (item, judgement) in enumerate(zip(project.get("indicators") or [], judged.indicators)):
            where = f"projects[{p_index}].indicators[{i_index}]"
            name = item.get("name") or f"第{i_index + 1}个指标"
            if needs_explanation(judgement.light):
                if not item.get("reasons") and not (item.get("reason_text") or "").strip():
                    yield error("report.reason_required", f"{where}.reasons",
                                f"“{name}”为{judgement.light.label}，请选择或填写偏差原因。")
                if not (item.get("measures") or "").strip():
                    yield error("report.measures_required", f"{where}.measures",
                                f"“{name}”为{judgement.light.label}，请填写纠偏措施。")
            elif (item.get("actual") or "").strip() and judgement.light.value == "" and "请选择" not in judgement.explanation:
                yield warning("report.actual_unreadable", f"{where}.actual",
                              f"“{name}”的1–{document.get('months')}月实际完成值：{judgement.explanation}")


RULES = (check_explanations,)


def _row_problem(where, name, item, scored):
    """The error of an indicator row the rules could not score, at its field."""
    explanation = scored["explanation"]
    if scored["problem"]:
        field = "achievement" if "不是可选项" in scored["problem"] else "score"
        return error(f"evaluation.{field}_refused", f"{where}.{field}", f"“{name}”：{scored['problem']}")
    weight = to_decimal(item.get("weight"))
    if is_blank_value(item.get("value")) or weight is None or weight < 0:
        return error("evaluation.weight", f"{where}.weight", f"“{name}”：{explanation}")
    if scored["qualitative"]:
        field = "score" if (item.get("achievement") or "").strip() else "achievement"
        return error(f"evaluation.{field}_required", f"{where}.{field}", f"“{name}”：{explanation}")
    if is_blank(item.get("actual")):
        return error("evaluation.actual_required", f"{where}.actual", f"“{name}”：请填写实际完成值。")
    return error("evaluation.actual_unreadable", f"{where}.actual", f"“{name}”的得分无法计算：{explanation}")


def evaluation_problems(document):
    """Every problem of an evaluation/1 document, in document order: a row
    or budget the rules cannot score is an error at its field; 分值 not
    summing to 90 an error at the project's indicators; the rules' warnings
    (执行率 below 90 %, a target that looks too low) warnings."""
    problems = []
    scores = score_evaluation(document)["projects"]
    for p_index, (project, scored) in enumerate(zip(document.get("projects") or [], scores)):
        total = (project.get("budget") or {}).get("total") or {}
        at = f"projects[{p_index}].budget.total"
        budget = scored["budget"]
        if budget["points"] is None:
            if is_blank(total.get("executed")):
                problems.append(error("evaluation.executed_required", f"{at}.executed",
                                      "请填写年度资金总额的全年执行数。"))
            else:
                problems.append(error("evaluation.budget_unscored", f"{at}.full_year", budget["explanation"]))
        elif budget["warning"]:
            problems.append(warning("evaluation.execution_low", f"{at}.executed",
                                    f"年度资金总额：{budget['warning']}"))
        if scored["weights_problem"]:
            problems.append(error("evaluation.weights", f"projects[{p_index}].indicators", scored["weights_problem"]))
        for i_index, (item, row) in enumerate(zip(project.get("indicators") or [], scored["indicators"])):
            where = f"projects[{p_index}].indicators[{i_index}]"
            name = item.get("name") or f"第{i_index + 1}个指标"
            refused = _row_problem(where, name, item, row) if row["points"] is None else None
            if refused:
                problems.append(refused)
            if (not is_blank_value(item.get("value")) and is_blank(item.get("actual"))
                    and not (refused and refused.location == f"{where}.actual")):
                problems.append(error("evaluation.actual_required", f"{where}.actual",
                                      f"“{name}”：请填写实际完成值。"))
            if row["points"] is not None and row["warning"]:
                problems.append(warning("evaluation.over_target", f"{where}.actual", f"“{name}”：{row['warning']}"))
    return problems


def report_problems(document, open_rectifications=()):
    """Every problem of a report's document (monitoring/1 or evaluation/1,
    by its format), in document order, and the open 整改 unanswered."""
    if (document or {}).get("format") == EVALUATION_FORMAT:
        problems = evaluation_problems(document)
    else:
        lights = document_lights(document)
        problems = [problem for rule in RULES for problem in rule(document, lights)]
    for rectification in open_rectifications:
        if not (rectification.answer or "").strip():
            problems.append(error("report.rectification_unanswered", f"rectifications[{rectification.pk}]",
                                  "请填写对整改要求的整改情况后再提交。"))
    return problems


def errors(problems):
    return [p for p in problems if p.severity == ERROR]
