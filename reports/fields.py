"""Every field of a monitoring report (运行监控, document format monitoring/1)
and of a self-evaluation report (绩效自评, evaluation/1), declared once, as
targets.field_catalogue declares a filing's.

A report is made from the approved filing: fields marked `approved` are
copied from it when the report is created and are read-only for the unit;
the others are the unit's to fill (or, for `computed`, derived by the rules
in reports/rules/ and never typed). The document, the schema and validator,
the report page's inputs, the official tables (their Cell.field marks, as
"part.key") and the workbook reader take their lists from here.

Labels may hold "N", the period's last month: label_for(..., months=7)
turns "1–N月执行数" into "1–7月执行数".

monitoring/1, the shape (amounts are strings in the filing's amount unit,
as in filing/1; null where not filled):

    {"format": "monitoring/1", "year": 2022, "months": 7, "layout": "hebei",
     "amount_unit": "万元", "unit": {"name": …},
     "projects": [{
        "code", "name", "department", "implementing_unit",     # approved
        "annual_goal",                                          # approved
        "goal_progress",
        "planned_percent",        # approved plan's cumulative % at month N
        "budget": {"total": {"annual", "executed", "expected"},
                   "fiscal": {…}, "carryover": {…}, "other": {…}},
        "indicators": [{
            "level1", "level2", "name", "value",                # approved
            "actual", "forecast", "grade",
            "reasons": ["经费保障", …], "reason_text",
            "likelihood", "measures", "note"}]}]}

evaluation/1 follows the same outer shape with "format": "evaluation/1"
and no "months"; per project "budget" rows hold {"initial", "full_year",
"executed"}, the project adds "goal_outcome", "problems", "improvements",
and each indicator "actual", "weight", "achievement", "score",
"deviation", and the reviewer's "review_score", "review_reason".
"""
from dataclasses import dataclass

from targets.field_catalogue import AMOUNT, CHOICE, LONG_TEXT, MONTH, TEXT, YEAR

# A list of choices (偏差原因: one or more ticked).
CHOICES = "choices"

MONTH_CHOICES = (6, 7, 8)
DEFAULT_MONTHS = 7

REASONS = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
LIKELIHOODS = ("确定能", "有可能", "完全不可能")
# A qualitative indicator's grade in monitoring, and its achievement at year end.
MONITORING_GRADES = ("达到", "部分达到", "未达到")
ACHIEVEMENTS = ("达成年度指标", "部分达成并具有一定效果", "未达成且效果较差")

# The money block's rows, as both tables print them.
BUDGET_ROWS = (
    ("total", "年度资金总额"),
    ("fiscal", "其中：财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)


@dataclass(frozen=True)
class ReportField:
    part: str
    key: str
    kind: str
    label: str
    approved: bool = False  # copied from the approved filing; read-only
    computed: bool = False  # derived by the rules; never typed
    choices: tuple = ()
    required: bool = False

    def label_for(self, months=None):
        return self.label.replace("N", str(months)) if months else self.label


def _fields(part, *entries):
    return tuple(ReportField(part, *entry[:3], **(entry[3] if len(entry) > 3 else {})) for entry in entries)


# --- 运行监控 (monitoring/1) -------------------------------------------------

MONITORING = _fields(
    "monitoring",
    ("year", YEAR, "年度", {"approved": True, "required": True}),
    ("months", MONTH, "监控期间（1–N月）", {"choices": MONTH_CHOICES, "required": True}),
    ("layout", CHOICE, "版式", {"approved": True, "choices": ("hebei", "hunan", "anhui")}),
    ("amount_unit", CHOICE, "金额单位", {"approved": True, "choices": ("元", "万元")}),
)

MONITORING_PROJECT = _fields(
    "monitoring.project",
    ("code", TEXT, "项目编码", {"approved": True}),
    ("name", TEXT, "项目名称", {"approved": True, "required": True}),
    ("department", TEXT, "主管部门及代码", {"approved": True}),
    ("implementing_unit", TEXT, "实施单位", {"approved": True}),
    ("annual_goal", LONG_TEXT, "全年预期目标", {"approved": True}),
    ("goal_progress", LONG_TEXT, "1–N月目标实际完成情况"),
    ("planned_percent", AMOUNT, "按支出计划1–N月应支出比例（%）", {"approved": True}),
)

MONITORING_BUDGET = _fields(
    "monitoring.budget",
    ("annual", AMOUNT, "年初预算数", {"approved": True}),
    ("executed", AMOUNT, "1–N月执行数"),
    ("executed_rate", AMOUNT, "1–N月执行率", {"computed": True}),
    ("expected", AMOUNT, "全年预计执行数"),
    ("expected_rate", AMOUNT, "全年预计执行率", {"computed": True}),
)

MONITORING_INDICATOR = _fields(
    "monitoring.indicator",
    ("level1", TEXT, "一级指标", {"approved": True}),
    ("level2", TEXT, "二级指标", {"approved": True}),
    ("name", TEXT, "三级指标", {"approved": True}),
    ("value", TEXT, "年度指标值", {"approved": True}),
    ("actual", TEXT, "1–N月实际完成值"),
    ("forecast", TEXT, "全年预计完成值"),
    ("grade", CHOICE, "完成程度（定性指标）", {"choices": MONITORING_GRADES}),
    ("reasons", CHOICES, "偏差原因", {"choices": REASONS}),
    ("reason_text", LONG_TEXT, "偏差原因说明"),
    ("likelihood", CHOICE, "完成目标可能性", {"choices": LIKELIHOODS}),
    ("measures", LONG_TEXT, "纠偏措施"),
    ("note", TEXT, "备注"),
)

# --- 绩效自评 (evaluation/1) -------------------------------------------------

EVALUATION = _fields(
    "evaluation",
    ("year", YEAR, "年度", {"approved": True, "required": True}),
    ("layout", CHOICE, "版式", {"approved": True, "choices": ("hebei", "hunan", "anhui")}),
    ("amount_unit", CHOICE, "金额单位", {"approved": True, "choices": ("元", "万元")}),
)

EVALUATION_PROJECT = _fields(
    "evaluation.project",
    ("code", TEXT, "项目编码", {"approved": True}),
    ("name", TEXT, "项目名称", {"approved": True, "required": True}),
    ("department", TEXT, "主管部门", {"approved": True}),
    ("implementing_unit", TEXT, "实施单位", {"approved": True}),
    ("annual_goal", LONG_TEXT, "预期目标", {"approved": True}),
    ("goal_outcome", LONG_TEXT, "实际完成情况"),
    ("problems", LONG_TEXT, "存在问题"),
    ("improvements", LONG_TEXT, "改进措施"),
)

EVALUATION_BUDGET = _fields(
    "evaluation.budget",
    ("initial", AMOUNT, "年初预算数", {"approved": True}),
    ("full_year", AMOUNT, "全年预算数"),
    ("executed", AMOUNT, "全年执行数"),
    ("rate", AMOUNT, "执行率", {"computed": True}),
    ("score", AMOUNT, "得分", {"computed": True}),
)

EVALUATION_INDICATOR = _fields(
    "evaluation.indicator",
    ("level1", TEXT, "一级指标", {"approved": True}),
    ("level2", TEXT, "二级指标", {"approved": True}),
    ("name", TEXT, "三级指标", {"approved": True}),
    ("value", TEXT, "年度指标值", {"approved": True}),
    ("actual", TEXT, "实际完成值"),
    ("weight", AMOUNT, "分值"),
    ("achievement", CHOICE, "达成情况（定性指标）", {"choices": ACHIEVEMENTS}),
    ("score", AMOUNT, "得分"),  # typed for qualitative rows (inside the band), computed otherwise
    ("deviation", LONG_TEXT, "偏差原因分析及改进措施"),
    ("review_score", AMOUNT, "复核得分"),
    ("review_reason", LONG_TEXT, "复核理由"),
)

PARTS = {
    fields[0].part: fields
    for fields in (MONITORING, MONITORING_PROJECT, MONITORING_BUDGET, MONITORING_INDICATOR,
                   EVALUATION, EVALUATION_PROJECT, EVALUATION_BUDGET, EVALUATION_INDICATOR)
}


def fields_of(part):
    return PARTS[part]


def get(part, key):
    for entry in PARTS[part]:
        if entry.key == key:
            return entry
    raise KeyError(f"{part}.{key}")


def label(part, key, months=None):
    return get(part, key).label_for(months)


def entered(part):
    """The keys of a part the unit fills in (neither approved nor computed)."""
    return tuple(f.key for f in PARTS[part] if not f.approved and not f.computed)
