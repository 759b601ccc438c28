"""The list of rules and run_checks(), which applies them to a filing/1
document and returns the problems in document order."""
import re

from targets.frameworks import FRAMEWORKS

from . import indicator_values, indicators, last_year, money, spending, texts, years
from .problems import error

# Each rule is rule(document, framework) -> iterable of Problem. Order here
# only decides between problems at the same location.
RULES = (
    texts.check_required_texts,
    texts.check_placeholders,
    texts.check_html,
    texts.check_goals_repeat_name,
    years.check_text_years,
    years.check_code_years,
    money.check_negative_amounts,
    money.check_project_budgets,
    money.check_department_budget,
    spending.check_spending_plans,
    indicators.check_membership,
    indicators.check_completeness,
    indicators.check_output_coverage,
    indicators.check_rows,
    indicators.check_duplicates,
    texts.check_copied_descriptions,
    indicator_values.check_operators,
    indicator_values.check_cost_values,
    indicator_values.check_cost_within_budget,
    indicator_values.check_percentages,
    indicator_values.check_units,
    indicator_values.check_deadlines,
    indicator_values.check_annual_within_midterm,
)

# Rules that read more than the document: rule(document, framework, context),
# run only when the caller passes a context (targets.services.checking does:
# "last_year", the unit's results of the year before, reports.previous_year).
CONTEXT_RULES = (
    last_year.check_below_last_year_actual,
    last_year.check_target_too_modest,
)

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def run_checks(document, context=None):
    """Every problem the rules find in a document (a dict as export_document
    returns it or as read from a filing/1 file), sorted in document order.
    The document is expected to pass validate_document(); only an unknown
    layout is reported here, since no rule can run without a framework.
    With a context, CONTEXT_RULES run as well."""
    framework = FRAMEWORKS.get(document.get("layout"))
    if framework is None:
        return [error("document.unknown_layout", "layout", f"未知的版式“{document.get('layout')}”")]
    problems = [problem for rule in RULES for problem in rule(document, framework)]
    if context:
        problems += context_problems(document, context, framework)
    # sorted() is stable: problems at one location keep the rules' order.
    return sorted(problems, key=lambda p: document_position(document, p.location))


def context_problems(document, context, framework=None):
    """The problems of CONTEXT_RULES alone, in the rules' order."""
    framework = framework or FRAMEWORKS.get(document.get("layout"))
    if framework is None or not context:
        return []
    return [problem for rule in CONTEXT_RULES for problem in rule(document, framework, context)]


def document_position(document, location):
    """A sort key placing a JSON path where it stands in the document: keys
    by their order in the object (as the spec and export write them), list
    items by index; a path to a missing key sorts after its siblings."""
    key = []
    node = document
    for name, index in _SEGMENT.findall(location):
        if index:
            position = int(index)
            node = node[position] if isinstance(node, list) and position < len(node) else None
        else:
            keys = list(node) if isinstance(node, dict) else []
            position = keys.index(name) if name in keys else len(keys)
            node = node.get(name) if isinstance(node, dict) else None
        key.append(position)
    return key
