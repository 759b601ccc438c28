"""Rules on indicator values (指标值) as targets/values.py reads them: a
comparison written out, a cost target as "≤ amount" within the budget,
percentages at most 100 unless a growth rate, the unit the 三级 name gives,
deadlines not written as a number of months, 年度 counts within 中期."""
import re
import unicodedata
from decimal import Decimal

from targets import field_catalogue as catalogue
from targets.frameworks import canonical
from targets.values import MONEY_UNITS, is_date, parse_value

from .common import (
    amount,
    indicator_rows,
    is_real_row,
    normal_name,
    owners,
    project_label,
    projects,
    row_labels,
    short,
    show,
    text_of,
)
from .money import annual_amount, midterm_amount
from .problems import error, warning

COST = "成本"
# How many 元 one of each written money unit is.
HUNDRED = Decimal(100)
# A percentage above 100 is normal for a growth rate or a ratio to a base
# year ("收入增长率≥120%"); the 三级 name says which it is.
GROWTH_WORDS = ("增长", "增幅", "增速", "增加", "提高", "提升", "同比", "环比", "倍")


def _is_cost(row):
    # Classic tables put 成本 under 产出; the 2021 framework makes it a 一级
    # (成本指标 → 经济成本 …).
    return canonical(row.get("level2")) == COST or canonical(row.get("level1")) == COST


def _budgets(prefix, owner):
    """{period: (amount, label)} the cost rows of an owner are held against."""
    if prefix == "department":
        total = amount((owner.get("budget") or {}).get("total"))
        return {"annual": (total, "部门资金总额"), "midterm": (total, "部门资金总额")}
    budget = owner.get("budget") or {}
    return {"annual": (annual_amount(budget), "年度预算"), "midterm": (midterm_amount(budget), "中期资金")}


def check_cost_within_budget(document, framework):
    unit = document.get("amount_unit")
    if unit not in MONEY_UNITS:
        return
    for prefix, label, owner, rows in owners(document):
        budgets = _budgets(prefix, owner)
        labels = row_labels(label, rows, framework)
        for index, row in rows:
            if not (_is_cost(row) and is_real_row(row)):
                continue
            parsed = parse_value(row.get("value"))
            if not parsed.is_quantitative or parsed.unit not in MONEY_UNITS:
                continue  # prose such as "严格执行培训费相关规定" states no amount
            # Tables without a 中期 column file every row as annual.
            period = "midterm" if framework.has_midterm and row.get("period") == "midterm" else "annual"
            limit, limit_label = budgets[period]
            if limit is None:
                continue
            cost = parsed.number * MONEY_UNITS[parsed.unit] / MONEY_UNITS[unit]
            if cost > limit:
                yield error(
                    "indicators.cost_above_budget",
                    f"{prefix}.indicators[{index}].value",
                    f"{labels[index]}的成本指标值“{row.get('value')}”（{show(cost)} {unit}）"
                    f"超过{limit_label} {show(limit)} {unit}",
                )


def check_percentages(document, framework):
    for prefix, label, _, rows in owners(document):
        labels = row_labels(label, rows, framework)
        for index, row in rows:
            parsed = parse_value(row.get("value"))
            if not parsed.is_quantitative or parsed.unit != "%" or parsed.number <= HUNDRED:
                continue
            if any(word in (row.get("name") or "") for word in GROWTH_WORDS):
                continue
            yield warning(
                "indicators.percent_above_100",
                f"{prefix}.indicators[{index}].value",
                f"{labels[index]}的指标值“{row.get('value')}”超过 100%（增长率类指标除外）",
            )


# A value without a comparison ("1%") leaves open whether it is a floor or a
# ceiling. 100% and 0% cannot be: nothing is above all or below none.
UNAMBIGUOUS = (Decimal(0), HUNDRED)


def _value_label(framework):
    return catalogue.label("indicator", "value", framework.key)


def check_operators(document, framework):
    label = _value_label(framework)
    for prefix, owner, _, rows in owners(document):
        labels = row_labels(owner, rows, framework)
        for index, row in rows:
            value = row.get("value")
            parsed = parse_value(value)
            if not parsed.is_quantitative or parsed.operator_written or not is_real_row(row):
                continue
            if _is_cost(row) or (parsed.unit == "%" and parsed.number in UNAMBIGUOUS):
                continue  # a cost value has its own rule (cost_not_amount)
            if is_date(value):
                continue
            yield warning(
                "indicators.operator_missing",
                f"{prefix}.indicators[{index}].value",
                f"{labels[index]}的{label}“{value}”没有写比较关系：请写明 ≥、≤ 或 =（如“≥{value.strip()}”）",
            )


# "≤全年预算数", "≤年度预算": the ceiling is the budget itself, which
# cost_above_budget would hold it to anyway.
WITHIN_BUDGET = re.compile(r"^(?:≤|<|<=|不超过|不高于|控制在)\s*\S*预算")


def check_cost_values(document, framework):
    """A cost target reads "≤ amount 元/万元" (怀来 writes "严格按照有关会议文件
    精神执行", 宿州 "严格执行培训费相关规定": no amount a cost can be held to)."""
    label = _value_label(framework)
    for prefix, owner, _, rows in owners(document):
        labels = row_labels(owner, rows, framework)
        for index, row in rows:
            if not (_is_cost(row) and is_real_row(row)):
                continue
            value = text_of(row.get("value"))
            if not value:
                continue  # indicators.value_missing says it
            parsed = parse_value(value)
            if parsed.is_quantitative and parsed.operator in ("≤", "<") and parsed.unit in MONEY_UNITS:
                continue
            if WITHIN_BUDGET.match(unicodedata.normalize("NFKC", value)):
                continue
            yield warning(
                "indicators.cost_not_amount",
                f"{prefix}.indicators[{index}].value",
                f"{labels[index]}是成本指标，{label}“{short(value)}”不是“≤ 金额”："
                "请写成“≤ 金额 + 元或万元”（如“≤9.6万元”），金额不超过预算",
            )


# The unit a 三级 name gives in brackets: "参会单位满意度（%）", "培训（人次）".
# Two characters at most (or "/" for a rate), so that "（含县级）" is not a unit.
NAME_UNIT = re.compile(r"\(\s*(%|‰|[^\W\d_]{1,2}(?:/[^\W\d_]{1,2})?)\s*\)\s*$")


def check_units(document, framework):
    label = _value_label(framework)
    name_label = catalogue.label("indicator", "name", framework.key)
    for prefix, owner, _, rows in owners(document):
        labels = row_labels(owner, rows, framework)
        for index, row in rows:
            match = NAME_UNIT.search(unicodedata.normalize("NFKC", text_of(row.get("name"))))
            parsed = parse_value(row.get("value"))
            if match is None or not parsed.is_quantitative or not parsed.unit:
                continue  # a value without a unit takes the name's
            named = match.group(1)
            # "（次数）" and "≥5次" agree.
            if named.startswith(parsed.unit):
                continue
            yield warning(
                "indicators.unit_mismatch",
                f"{prefix}.indicators[{index}].value",
                f"{labels[index]}的{name_label}以“{named}”为单位，{label}“{row.get('value')}”"
                f"却以“{parsed.unit}”为单位",
            )


TIMELINESS = "时效"
# A month or a date after a comparison: "≤10月", "<12月31日", "≤2023年10月",
# "≤2023.10". "≤10个月" is a duration and does not match.
_MONTH = r"(?:0?[1-9]|1[0-2])"
CALENDAR_TARGET = re.compile(
    rf"(?:≥|≤|<|>|=|不晚于|不迟于|早于)\s*(?:(?:19|20)\d{{2}}\s*(?:年|[./-])\s*{_MONTH}(?!\d)|{_MONTH}\s*月)"
)


def check_deadlines(document, framework):
    """A 时效 target written as a quantity of months ("≤10 月") reads as
    "at most 10 months", not "by the end of October"."""
    label = _value_label(framework)
    for prefix, owner, _, rows in owners(document):
        labels = row_labels(owner, rows, framework)
        for index, row in rows:
            value = text_of(row.get("value"))
            if canonical(row.get("level2")) != TIMELINESS or not value:
                continue
            if CALENDAR_TARGET.search(unicodedata.normalize("NFKC", value)):
                yield warning(
                    "indicators.deadline_as_number",
                    f"{prefix}.indicators[{index}].value",
                    f"{labels[index]}是时效指标，{label}“{value}”把月份或日期写成了数量："
                    "截止时间请写“10月底前完成”，时长请写“≤10个月”",
                )


# Units of a count that accumulates over the years: not a rate ("%", "次/月").
def _is_count(parsed):
    return (parsed.is_quantitative and parsed.operator in ("≥", ">", "=")
            and parsed.unit not in ("%", "‰") and "/" not in parsed.unit)


def check_annual_within_midterm(document, framework):
    """Where the table has 中期 and 年度 columns (Anhui), a count the year is
    to reach is not above the whole period's ("≥5次" 年度 with "≥3次" 中期:
    the two were swapped or one is wrong)."""
    if not framework.has_midterm:
        return
    label = _value_label(framework)
    for index, project in projects(document):
        rows = indicator_rows(project)
        labels = row_labels(project_label(index, project), rows, framework)
        midterm = {}
        for _, row in rows:
            if row.get("period") == "midterm" and is_real_row(row):
                midterm.setdefault(normal_name(row.get("name")), row)
        for row_index, row in rows:
            if row.get("period") == "midterm" or not is_real_row(row):
                continue
            other = midterm.get(normal_name(row.get("name")))
            if other is None:
                continue
            annual, whole = parse_value(row.get("value")), parse_value(other.get("value"))
            if _is_count(annual) and _is_count(whole) and annual.unit == whole.unit and annual.number > whole.number:
                yield warning(
                    "indicators.annual_above_midterm",
                    f"projects[{index}].indicators[{row_index}].value",
                    f"{labels[row_index]}的{label}“{row.get('value')}”高于中期指标值“{other.get('value')}”："
                    "中期目标应涵盖年度目标",
                )
