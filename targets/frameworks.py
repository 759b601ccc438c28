"""The indicator framework of each official table layout, as data.

Forms, checks and table layouts all read these definitions; nothing else in
the code base may hard-code which 一级 and 二级 indicators a layout has.
"""
from dataclasses import dataclass, field

# Names seen in real tables that mean the same category (the indicator
# framework of the budget performance rules).
# Keys and values are compared after the optional suffix 指标 is removed.
SYNONYMS = {
    "效果": "效益",
    "环境效益": "生态效益",
    "进度": "时效",
    "社会公众或服务对象满意度": "服务对象满意度",
}

# The placeholder a table prints for an unused row, and other ways of writing
# "not applicable".
PLACEHOLDER_NAMES = ("……", "...", "…")
NOT_APPLICABLE_VALUES = ("……", "不适用", "无", "")


def canonical(name):
    """The category a written 一级/二级 name stands for: 效果指标 -> 效益."""
    if name is None:
        return ""
    key = name.strip()
    if key.endswith("指标"):
        key = key[: -len("指标")]
    return SYNONYMS.get(key, key)


@dataclass(frozen=True)
class Level1:
    name: str  # as printed on this layout's table
    level2: tuple  # the 二级 names, in table order, as printed
    required: bool = True  # a project must have at least one real row


@dataclass(frozen=True)
class Framework:
    key: str
    title: str
    level1: tuple
    # Every 二级 row is printed, an unused one as a "……" row (Hunan tables).
    prints_every_level2: bool = False
    # "……" rows are a normal part of the table rather than a leftover.
    placeholder_rows_allowed: bool = False
    # Month ends at which the spending plan is given, empty if the table has
    # no spending plan.
    spending_checkpoints: tuple = ()
    # The table has 中期 and 年度 indicator columns side by side.
    has_midterm: bool = False
    # Which project budget fields the table shows.
    project_budget_fields: tuple = ("total", "fiscal", "other")
    has_department_table: bool = False
    # The filing has a department-level part with an 总体/整体绩效目标
    # (Hebei's 单位整体绩效目标, Hunan's 部门整体支出绩效目标表); Anhui's
    # project tables stand alone.
    has_department_goals: bool = False
    # What the browser editor shows for this layout (fields it does not
    # show are kept as they are). Field names are the filing/1 keys.
    department_fields: tuple = ()
    project_fields: tuple = ("code", "name", "purpose", "annual_goal")
    indicator_columns: tuple = ("level1", "level2", "name", "value")
    extra: dict = field(default_factory=dict)

    def level1_names(self):
        return [l1.name for l1 in self.level1]

    def find_level1(self, name):
        """The framework's 一级 a written name belongs to, or None."""
        key = canonical(name)
        for l1 in self.level1:
            if canonical(l1.name) == key:
                return l1
        return None

    def level2_belongs(self, level1_name, level2_name):
        l1 = self.find_level1(level1_name)
        if l1 is None:
            return False
        key = canonical(level2_name)
        return any(canonical(l2) == key for l2 in l1.level2)

    def level1_of_level2(self, level2_name):
        key = canonical(level2_name)
        for l1 in self.level1:
            if any(canonical(l2) == key for l2 in l1.level2):
                return l1
        return None

    def choices(self):
        """{一级: [二级, ...]} in table order, for forms."""
        return {l1.name: list(l1.level2) for l1 in self.level1}


OUTPUT = "产出指标"
BENEFIT = "效益指标"
SATISFACTION = "满意度指标"

_CLASSIC_OUTPUT = Level1(OUTPUT, ("数量指标", "质量指标", "时效指标", "成本指标"))
_CLASSIC_BENEFIT = Level1(
    BENEFIT, ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
)
_CLASSIC_SATISFACTION = Level1(SATISFACTION, ("服务对象满意度指标",))

FRAMEWORKS = {
    "hebei": Framework(
        key="hebei",
        title="河北省项目绩效目标表",
        level1=(_CLASSIC_OUTPUT, _CLASSIC_BENEFIT, _CLASSIC_SATISFACTION),
        spending_checkpoints=(3, 6, 10, 12),
        project_budget_fields=("total", "fiscal", "other"),
        has_department_goals=True,
        # The part's headings as the unit writes them (filing/1 "Headings";
        # blank prints the layout's own), each section's title over its text.
        department_fields=("part_heading", "heading", "overall_goal_title", "overall_goal",
                           "sub_goals_title", "sub_goals", "safeguards_title", "safeguards"),
        project_fields=("code", "name", "purpose", "annual_goal"),
        indicator_columns=("level1", "level2", "name", "description", "value", "basis"),
    ),
    "hunan": Framework(
        key="hunan",
        title="湖南省项目支出绩效目标表",
        level1=(
            _CLASSIC_OUTPUT,
            # Hunan puts satisfaction under 效益 as its fifth 二级.
            Level1(
                BENEFIT,
                (
                    "经济效益指标",
                    "社会效益指标",
                    "生态效益指标",
                    "可持续影响指标",
                    "社会公众或服务对象满意度指标",
                ),
            ),
        ),
        prints_every_level2=True,
        placeholder_rows_allowed=True,
        project_budget_fields=("fiscal", "superior"),
        has_department_table=True,
        has_department_goals=True,
        # The table prints no section titles (its texts sit in labelled
        # cells): the part's heading and title only.
        department_fields=("part_heading", "heading", "functions", "overall_goal", "budget", "indicators",
                           "contact"),
        project_fields=("name", "implementing_unit", "period", "midterm_goal", "annual_goal"),
        indicator_columns=("level1", "level2", "name", "value", "standard"),
    ),
    "anhui": Framework(
        key="anhui",
        title="安徽省项目支出绩效目标申报表",
        level1=(_CLASSIC_OUTPUT, _CLASSIC_BENEFIT, _CLASSIC_SATISFACTION),
        has_midterm=True,
        project_budget_fields=(
            "midterm_total",
            "midterm_fiscal",
            "midterm_other",
            "total",
            "fiscal",
            "other",
        ),
        project_fields=(
            "name", "implementing_unit", "attribute", "period", "midterm_goal", "annual_goal"
        ),
        indicator_columns=("level1", "level2", "name", "value"),
    ),
}

LAYOUT_CHOICES = [
    ("hebei", "河北版式"),
    ("hunan", "湖南版式"),
    ("anhui", "安徽版式"),
]


def framework_for(layout):
    return FRAMEWORKS[layout]
