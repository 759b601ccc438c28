"""Rules on indicator values (指标值) as targets/values.py reads them: a cost
target within the budget, percentages at most 100 unless a growth rate."""
from decimal import Decimal

from targets.frameworks import canonical
from targets.values import parse_value

from .common import amount, is_real_row, owners, row_labels, show
from .money import annual_amount, midterm_amount
from .problems import error, warning

COST = "成本"
# How many 元 one of each written money unit is.
MONEY_UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}
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
