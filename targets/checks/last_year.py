"""Rules holding this year's targets against last year's results (the
unit's self-evaluation of the year before, reports.previous_year): a target
below what was already achieved, and one last year's result beat by more
than 30 %. They read `context["last_year"]`, which only the application
passes (targets.services.checking); a document checked alone skips them."""
from decimal import Decimal

from reports.rules.explain import is_blank_value, percent, read_actual, read_target
from reports.rules.lights import REVERSE_OPERATORS
from reports.rules.scoring import over_target_percent

from .common import indicator_rows, normal_name, project_label, projects, row_labels
from .problems import warning

# Last year's actual this far (%) above this year's target: the target is
# too modest (issue 18: "a target met by more than 30 %").
TOO_MODEST_PERCENT = Decimal(30)


def indicator_key(project_name, indicator_name):
    """How a continuing indicator is recognised: the same 项目名称 and the
    same 三级指标, each compared after NFKC (full-width letters, digits and
    brackets as half-width) with all whitespace removed."""
    return normal_name(project_name), normal_name(indicator_name)


def continuing_rows(document, last_year, framework):
    """(location of the row's 指标值, row label, row, last year's result) of
    every 年度 project row whose indicator continues; 中期 rows and the
    department's rows are not evaluated, so they have no last year."""
    if not last_year:
        return
    for index, project in projects(document):
        rows = indicator_rows(project)
        labels = row_labels(project_label(index, project), rows, framework)
        for row_index, row in rows:
            if row.get("period") == "midterm":
                continue
            found = last_year.get(indicator_key(project.get("name"), row.get("name")))
            if found is not None:
                yield f"projects[{index}].indicators[{row_index}].value", labels[row_index], row, found


def _compared(value, actual_text):
    """(this year's target read, last year's actual as a number in its
    unit), or None where the two cannot be compared: a blank or qualitative
    target, an actual that is no number or in another unit."""
    if is_blank_value(value):
        return None
    target = read_target(value)
    if not target.is_quantitative:
        return None
    number, problem = read_actual(target, actual_text, "上年实际完成值")
    return None if problem else (target, number)


def _too_modest_by(value, last):
    over = over_target_percent(value=value, actual=last.actual)
    return over if over is not None and over > TOO_MODEST_PERCENT else None


def _last_figures(last):
    return f"上年目标“{last.target or '（空）'}”，上年实际完成“{last.actual}”"


def check_below_last_year_actual(document, framework, context=None):
    """A floor (≥ >) below last year's actual, or a ceiling (≤ <) above it.
    "=" (also a value written without an operator) is not compared; a floor
    more than 30 % below is target_too_modest's."""
    for location, label, row, last in continuing_rows(document, (context or {}).get("last_year"), framework):
        value = row.get("value")
        compared = _compared(value, last.actual)
        if compared is None:
            continue
        target, actual = compared
        if target.operator in REVERSE_OPERATORS:
            if target.number > actual:
                yield warning(
                    "indicators.below_last_year_actual", location,
                    f"{label}的指标值“{value}”宽于上年实际（{_last_figures(last)}）："
                    f"反向指标的目标一般不高于上年实际完成值")
        elif target.operator in (">", "≥") and target.number < actual and _too_modest_by(value, last) is None:
            yield warning(
                "indicators.below_last_year_actual", location,
                f"{label}的指标值“{value}”低于上年实际（{_last_figures(last)}）："
                f"目标一般不低于上年实际完成值")


def check_target_too_modest(document, framework, context=None):
    """A floor that last year's actual exceeded by more than 30 %: the same
    target as last year met that easily, or a lower one."""
    for location, label, row, last in continuing_rows(document, (context or {}).get("last_year"), framework):
        over = _too_modest_by(row.get("value"), last)
        if over is not None:
            yield warning(
                "indicators.target_too_modest", location,
                f"{label}的指标值“{row.get('value')}”偏低：上年实际完成值超出它 {percent(over)}"
                f"（超过 {TOO_MODEST_PERCENT}%；{_last_figures(last)}），目标可能设置偏低")
