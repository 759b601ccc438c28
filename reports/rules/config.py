"""The thresholds of the warning lights (运行监控) and of the scoring
(绩效自评), as data in one place: a province changes them with the
REPORT_RULES setting, never in the code that applies them.

    REPORT_RULES = {
        "monitoring": {"red_below": 50, "yellow_below": 75},
        "evaluation": {"flag_over_target_percent": 30,
                       "cap_by_execution": EXECUTION_CAPS},
    }

Category names (一级, 二级) are compared after targets.frameworks.canonical:
"质量指标" and "质量" are the same, 效果 = 效益, 进度 = 时效.
"""
from dataclasses import dataclass, fields, replace
from decimal import Decimal

# Light values as lights.Light spells them (kept as text here so the
# configuration does not depend on the module that applies it).
RED, YELLOW, GREEN, BLUE = "red", "yellow", "green", "blue"

# The cap of the total by budget execution rate seen in provincial manuals:
# execution below 80 % → at most 89 points, below 70 % → 79, below 60 % → 69,
# below 50 % → 59. Off unless a province sets cap_by_execution to it.
EXECUTION_CAPS = ((80, 89), (70, 79), (60, 69), (50, 59))


def _decimal(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _pairs(value):
    """A mapping or a sequence of pairs as a tuple of pairs (hashable, so the
    rules stay frozen)."""
    items = value.items() if isinstance(value, dict) else value
    return tuple(tuple(item) for item in items)


@dataclass(frozen=True)
class MonitoringRules:
    """Warning lights of a monitoring report. Percentages are of the
    pro-rata target (positive indicators) or of the budget planned to be
    spent by the end of the period."""

    red_below: Decimal = Decimal(60)
    yellow_below: Decimal = Decimal(80)
    blue_from: Decimal = Decimal(120)
    # 二级 judged inside/outside the target, never pro-rata.
    inside_outside_level2: tuple = ("质量", "时效", "成本")
    # 一级 judged so too (成本指标 is a 一级 in the 2021 central framework).
    inside_outside_level1: tuple = ("成本",)
    # Rates (%, ‰, "次/月") do not accumulate over the months: they are
    # compared with the whole target, with the same thresholds. False
    # pro-rates them like counts.
    rates_not_prorated: bool = True
    # A qualitative indicator's grade (MONITORING_GRADES) → light.
    grade_lights: tuple = (("达到", GREEN), ("部分达到", YELLOW), ("未达到", RED))

    def __post_init__(self):
        for name in ("red_below", "yellow_below", "blue_from"):
            object.__setattr__(self, name, _decimal(getattr(self, name)))
        object.__setattr__(self, "inside_outside_level2", tuple(self.inside_outside_level2))
        object.__setattr__(self, "inside_outside_level1", tuple(self.inside_outside_level1))
        object.__setattr__(self, "grade_lights", _pairs(self.grade_lights))
        if not self.red_below <= self.yellow_below <= self.blue_from:
            raise ValueError("REPORT_RULES: monitoring 需满足 red_below ≤ yellow_below ≤ blue_from")

    def light_for_grade(self, grade):
        return dict(self.grade_lights).get(grade)


@dataclass(frozen=True)
class EvaluationRules:
    """Scoring of a self-evaluation report: 10 points for budget execution,
    90 shared by the 一级 indicators, grades by total."""

    budget_points: Decimal = Decimal(10)
    # 一级 (canonical) → its share of the indicator points. Their sum is the
    # indicator total (90 by default).
    weights: tuple = (("产出", Decimal(50)), ("效益", Decimal(30)), ("满意度", Decimal(10)))
    # A 一级 not in weights whose rows count under another one: a 一级
    # 成本指标 (2021 central framework) shares 产出's weight.
    level1_aliases: tuple = (("成本", "产出"),)
    # 二级 whose rows count under another 一级 whatever 一级 they are filed
    # under: Hunan files 社会公众或服务对象满意度 under 效益.
    level2_groups: tuple = (("服务对象满意度", "满意度"),)
    # Below this execution rate (%) a reason is expected.
    execution_reason_below: Decimal = Decimal(90)
    # ACHIEVEMENTS entry → (lowest %, highest %) of the row's 分值, both
    # inclusive.
    achievement_bands: tuple = (
        ("达成年度指标", Decimal(80), Decimal(100)),
        ("部分达成并具有一定效果", Decimal(60), Decimal(80)),
        ("未达成且效果较差", Decimal(0), Decimal(60)),
    )
    # (grade, lowest total), best first; the last one takes everything below.
    grades: tuple = (("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0)))
    # Province rules, off by default. A positive indicator completed more
    # than this % above its target is flagged "目标可能设置偏低" (e.g. 30).
    flag_over_target_percent: Decimal | None = None
    # ((execution rate below %, highest total), ...), e.g. EXECUTION_CAPS.
    cap_by_execution: tuple | None = None

    def __post_init__(self):
        set_ = object.__setattr__
        set_(self, "budget_points", _decimal(self.budget_points))
        set_(self, "weights", tuple((k, _decimal(v)) for k, v in _pairs(self.weights)))
        set_(self, "level1_aliases", _pairs(self.level1_aliases))
        set_(self, "level2_groups", _pairs(self.level2_groups))
        set_(self, "execution_reason_below", _decimal(self.execution_reason_below))
        set_(
            self,
            "achievement_bands",
            tuple((name, _decimal(lo), _decimal(hi)) for name, lo, hi in self.achievement_bands),
        )
        set_(self, "grades", tuple((name, _decimal(low)) for name, low in _pairs(self.grades)))
        if self.flag_over_target_percent is not None:
            set_(self, "flag_over_target_percent", _decimal(self.flag_over_target_percent))
        if self.cap_by_execution is not None:
            set_(
                self,
                "cap_by_execution",
                tuple((_decimal(below), _decimal(cap)) for below, cap in _pairs(self.cap_by_execution)),
            )

    @property
    def indicator_points(self):
        return sum((points for _, points in self.weights), Decimal(0))

    @property
    def total_points(self):
        return self.budget_points + self.indicator_points

    def band(self, achievement):
        """(lowest %, highest %) of 分值 for an achievement, or None."""
        for name, low, high in self.achievement_bands:
            if name == achievement:
                return low, high
        return None


_DEFAULTS = {"monitoring": MonitoringRules(), "evaluation": EvaluationRules()}
# (the REPORT_RULES object read last, the rules made from it): the rules are
# asked for once per indicator, and building them each time would cost more
# than the judgement; a changed setting (override_settings) is a new object.
_cache = {"setting": None, "rules": dict(_DEFAULTS)}


def _setting():
    """REPORT_RULES, or None where Django is absent or not configured."""
    try:
        from django.conf import settings
        from django.core.exceptions import ImproperlyConfigured
    except ImportError:
        return None
    try:
        return getattr(settings, "REPORT_RULES", None)
    except ImproperlyConfigured:
        return None


def _rules(kind):
    setting = _setting()
    if setting is not _cache["setting"]:
        rules = dict(_DEFAULTS)
        for key, overrides in (setting or {}).items():
            if key not in _DEFAULTS:
                raise ValueError(f"REPORT_RULES: 未知的规则类别“{key}”（应为 monitoring 或 evaluation）")
            known = {f.name for f in fields(_DEFAULTS[key])}
            unknown = sorted(set(overrides) - known)
            if unknown:
                raise ValueError(f"REPORT_RULES[{key!r}]: 未知的设置 {', '.join(unknown)}")
            rules[key] = replace(_DEFAULTS[key], **overrides)
        _cache["setting"], _cache["rules"] = setting, rules
    return _cache["rules"][kind]


def monitoring_rules():
    """The defaults, overridden by REPORT_RULES["monitoring"]."""
    return _rules("monitoring")


def evaluation_rules():
    """The defaults, overridden by REPORT_RULES["evaluation"]."""
    return _rules("evaluation")
