"""Indicator table rules: 一级/二级 belong to the layout's framework, every
required 一级 has a real row (产出 and 效益 above all) and 产出 each of its
二级, no leftover "……" rows, no 三级 twice in a project (nor in both 产出 and
效益), no real row without a value or, where the table prints it, a basis."""
from targets import field_catalogue as catalogue
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
    """Placeholder rows where the layout has none, and real rows without a
    value, or without a 指标值确定依据 where the table prints that column."""
    basis_printed = "basis" in framework.indicator_columns
    basis_label = catalogue.label("indicator", "basis", framework.key)
    value_label = catalogue.label("indicator", "value", framework.key)
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
                continue
            if not is_real_row(row):
                continue
            if not text_of(row.get("value")):
                yield warning("indicators.value_missing", f"{where}.value", f"{labels[index]}未填写{value_label}")
            if basis_printed and not text_of(row.get("basis")):
                yield warning(
                    "indicators.basis_missing",
                    f"{where}.basis",
                    f"{labels[index]}未填写{basis_label}（计划标准、历史标准、行业标准等，或所依据的文件）",
                )


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
    """The same 三级 twice in one project (per period where the table has
    中期 and 年度): under 产出 and under 效益, one of the two is misplaced;
    otherwise one of them is a copy."""
    name_label = catalogue.label("indicator", "name", framework.key)
    for prefix, owner, _, rows in owners(document):
        labels = row_labels(owner, rows, framework)
        for _, group in period_groups(rows, framework):
            seen = {}  # normal name -> category of its first real row
            for row_index, row in group:
                if not is_real_row(row):
                    continue
                name = normal_name(row.get("name"))
                category = row_category(framework, row)
                if name not in seen:
                    seen[name] = category
                    continue
                where = f"{prefix}.indicators[{row_index}].name"
                if {seen[name], category} == {OUTPUT_KEY, BENEFIT_KEY}:
                    yield warning(
                        "indicators.duplicate_output_benefit",
                        where,
                        f"{labels[row_index]}同时出现在产出指标和效益指标中"
                        f"（“{short(text_of(row.get('name')))}”只应归入其一）",
                    )
                else:
                    yield warning(
                        "indicators.duplicate_name",
                        where,
                        f"{labels[row_index]}与前面一行的{name_label}相同"
                        f"（“{short(text_of(row.get('name')))}”出现了两次）",
                    )


STATED_NOT_APPLICABLE = ("不适用", "无")


def _says_not_applicable(row):
    """A row that answers for its 二级 with 不适用 (or 无), in its name or value."""
    return any(text_of(row.get(key)) in STATED_NOT_APPLICABLE for key in ("name", "value"))


def check_output_coverage(document, framework):
    """产出 covers each of its 二级 (数量, 质量, 时效, 成本 in the classic
    frameworks): with a real row, or a row stating 不适用. A missing one is a
    common reason a table is returned. "……" is not an answer."""
    output = framework.find_level1(OUTPUT)
    if output is None:
        return
    for index, project in projects(document):
        who = project_label(index, project)
        for period, rows in period_groups(indicator_rows(project), framework):
            output_rows = [row for _, row in rows if row_category(framework, row) == OUTPUT_KEY]
            if not any(is_real_row(row) for row in output_rows):
                continue  # indicators.missing_output says it
            covered = {canonical(row.get("level2")) for row in output_rows
                       if is_real_row(row) or _says_not_applicable(row)}
            missing = [name for name in output.level2 if canonical(name) not in covered]
            if missing:
                yield error(
                    "indicators.missing_level2",
                    f"projects[{index}].indicators",
                    f"{who}{period_phrase(period)}产出指标缺少{'、'.join(missing)}：请补充，确不适用的写一行“不适用”",
                )
