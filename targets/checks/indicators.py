"""Indicator table rules: 一级/二级 belong to the layout's framework, every
required 一级 has a real row (产出 and 效益 above all), no leftover "……" rows,
no row copied into both 产出 and 效益, no real row without a value."""
from targets.frameworks import BENEFIT, OUTPUT, canonical

from .common import (
    indicator_rows,
    is_placeholder_name,
    is_real_row,
    normal_name,
    owners,
    period_groups,
    period_phrase,
    project_label,
    projects,
    row_labels,
    short,
    text_of,
)
from .problems import error, warning

OUTPUT_KEY = canonical(OUTPUT)
BENEFIT_KEY = canonical(BENEFIT)
MISSING_CODES = {OUTPUT_KEY: "indicators.missing_output", BENEFIT_KEY: "indicators.missing_benefit"}


def row_category(framework, row):
    """The canonical 一级 a row counts towards: its 一级's, except that a
    满意度 row filed under 效益 (as Hunan prints it) is satisfaction, not
    benefit: 满意度 may not stand in for 效益."""
    level1 = framework.find_level1(row.get("level1"))
    if level1 is None:
        return None
    key = canonical(level1.name)
    if key == BENEFIT_KEY and canonical(row.get("level2")).endswith("满意度"):
        return "满意度"
    return key


def check_membership(document, framework):
    expected = "、".join(framework.level1_names())
    for prefix, owner, _, rows in owners(document):
        labels = row_labels(owner, rows, framework)
        for index, row in rows:
            where = f"{prefix}.indicators[{index}]"
            level1, level2 = text_of(row.get("level1")), text_of(row.get("level2"))
            found = framework.find_level1(level1)
            if found is None:
                yield error(
                    "indicators.unknown_level1",
                    f"{where}.level1",
                    f"{labels[index]}的一级指标“{level1}”不在{framework.title}的指标体系中（应为{expected}）",
                )
            elif not framework.level2_belongs(level1, level2):
                home = framework.level1_of_level2(level2)
                hint = f"，它属于“{home.name}”" if home else ""
                yield error(
                    "indicators.level2_mismatch",
                    f"{where}.level2",
                    f"{labels[index]}的二级指标“{level2}”不属于一级指标“{level1}”"
                    f"（应为{'、'.join(found.level2)}{hint}）",
                )


def check_rows(document, framework):
    """Placeholder rows where the layout has none, and real rows without a value."""
    for prefix, owner, _, rows in owners(document):
        labels = row_labels(owner, rows, framework)
        for index, row in rows:
            where = f"{prefix}.indicators[{index}]"
            if is_placeholder_name(row.get("name")) and not framework.placeholder_rows_allowed:
                yield warning(
                    "indicators.placeholder_row",
                    f"{where}.name",
                    f"{labels[index]}是模板的占位行：请填写具体指标，确不适用的写“不适用”",
                )
            elif is_real_row(row) and not text_of(row.get("value")):
                yield warning("indicators.value_missing", f"{where}.value", f"{labels[index]}未填写指标值")


def check_completeness(document, framework):
    """Every required 一级 has a real row, per project and, where the table
    has both columns, for 中期 and 年度 apart."""
    required = [l1 for l1 in framework.level1 if l1.required]
    for index, project in projects(document):
        who = project_label(index, project)
        for period, rows in period_groups(indicator_rows(project), framework):
            present = {row_category(framework, row) for _, row in rows if is_real_row(row)}
            for level1 in required:
                key = canonical(level1.name)
                if key in present:
                    continue
                yield error(
                    MISSING_CODES.get(key, "indicators.missing_level1"),
                    f"projects[{index}].indicators",
                    f"{who}{period_phrase(period)}没有“{level1.name}”（“……”、不适用的行不计）",
                )


def check_duplicates(document, framework):
    """The same 三级 under 产出 and under 效益: one of the two is misplaced."""
    for index, project in projects(document):
        rows = indicator_rows(project)
        labels = row_labels(project_label(index, project), rows, framework)
        for _, group in period_groups(rows, framework):
            seen = {OUTPUT_KEY: {}, BENEFIT_KEY: {}}
            for row_index, row in group:
                category = row_category(framework, row)
                if category not in seen or not is_real_row(row):
                    continue
                name = normal_name(row.get("name"))
                other = BENEFIT_KEY if category == OUTPUT_KEY else OUTPUT_KEY
                if name in seen[other]:
                    yield warning(
                        "indicators.duplicate_output_benefit",
                        f"projects[{index}].indicators[{row_index}].name",
                        f"{labels[row_index]}同时出现在产出指标和效益指标中"
                        f"（“{short(text_of(row.get('name')))}”只应归入其一）",
                    )
                seen[category].setdefault(name, row_index)
