"""审核规则 of a report, in the filings' engine and style (the same Problem
type, JSON-path locations, the same panel): a red or yellow indicator needs
a 偏差原因 and a 纠偏措施 before submission; an open 整改 needs its answer."""
from targets.checks.problems import ERROR, error, warning

from .judging import document_lights
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


def report_problems(document, open_rectifications=()):
    """Every problem of a monitoring/1 document, in document order."""
    lights = document_lights(document)
    problems = [problem for rule in RULES for problem in rule(document, lights)]
    for rectification in open_rectifications:
        if not (rectification.answer or "").strip():
            problems.append(error("report.rectification_unanswered", f"rectifications[{rectification.pk}]",
                                  "请填写对整改要求的整改情况后再提交。"))
    return problems


def errors(problems):
    return [p for p in problems if p.severity == ERROR]
