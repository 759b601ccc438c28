"""The rules against last year's results (targets/checks/last_year.py):
indicators.below_last_year_actual and indicators.target_too_modest, each
edge of the table, what they do not compare, and that a document checked
without a context (a file, check_filing) is not held against anything."""
import pytest

from reports.previous_year import LastYear
from targets.checks import run_checks
from targets.checks.last_year import indicator_key

from .checks_support import ANHUI, HEBEI, doc, row

BELOW = "indicators.below_last_year_actual"
MODEST = "indicators.target_too_modest"
PROJECT = "怀财字【2022】7号 专项经费(会议费)"


def checked(value, last_target, last_actual, name="培训人数", period="annual", example=HEBEI):
    """The two rules' codes for one row (value) of the first project, last
    year's being (last_target, last_actual)."""
    document = doc(example)
    project = document["projects"][0]
    project["indicators"].append(row(name, value=value, period=period))
    last_year = {indicator_key(project["name"], name): LastYear(last_target, last_actual, "approved")}
    location = f"projects[0].indicators[{len(project['indicators']) - 1}].value"
    return [p.code for p in run_checks(document, {"last_year": last_year})
            if p.code in (BELOW, MODEST) and p.location == location]


@pytest.mark.parametrize(("value", "last_target", "last_actual", "codes"), [
    # Floors: below last year's actual; more than 30 % below is too modest.
    ("≥3600条", "≥3600条", "4100条", [BELOW]),  # beaten by 13.9 %
    ("≥3600条", "≥3600条", "4680条", [BELOW]),  # exactly 30 %: not more
    ("≥3600条", "≥3600条", "4681条", [MODEST]),  # 30.03 %
    ("≥3000条", "≥3600条", "4100条", [MODEST]),  # lowered below last year's result
    ("≥4100条", "≥3600条", "4100条", []),  # at last year's actual
    ("≥4500条", "≥3600条", "4100条", []),
    (">3600条", "≥3600条", "4000条", [BELOW]),
    ("3600条", "≥3600条", "4000条", []),  # no operator reads "=" (operator_missing asks which)
    ("不少于60%", "≥60%", "85%", [MODEST]),
    ("≥60", "≥60", "85%", [MODEST]),  # the actual's unit where the target writes none
    # Ceilings (reverse): above last year's actual is the mirror.
    ("≤50", "≤50", "10", [BELOW]),
    ("≤10", "≤50", "10", []),
    ("≤5%", "≤5%", "8%", []),  # last year missed the ceiling: keeping it is fine
    ("<20天", "<20天", "15天", [BELOW]),
    # Not compared.
    ("=12次", "=12次", "20次", []),  # an exact count
    ("≥3600条", "≥3600条", "", []),  # no actual entered
    ("≥3600条", "≥3600条", "大幅超额完成", []),  # a qualitative actual
    ("≥3600条", "≥3600条", "4100人", []),  # another unit
    ("按时完成", "按时完成", "已完成", []),  # qualitative
    ("10月底前完成", "10月底前完成", "9", []),  # a deadline
    ("不适用", "≥3600条", "4100条", []),
    ("≥0条", "≥0条", "10条", [BELOW]),  # a zero floor: below, never "by %"
])
def test_table(value, last_target, last_actual, codes):
    assert checked(value, last_target, last_actual) == codes


def test_amounts_convert_between_yuan_and_wan_yuan():
    assert checked("≤3万元", "≤3万元", "20000元", name="人均成本") == [BELOW]
    assert checked("≥2万元", "≥2万元", "30000元", name="收入") == [MODEST]


def test_a_midterm_row_has_no_last_year():
    assert checked("≥3600条", "≥3600条", "5000条", period="midterm", example=ANHUI) == []
    assert checked("≥3600条", "≥3600条", "5000条", period="annual", example=ANHUI) == [MODEST]


def test_names_match_across_spacing_and_full_width_forms():
    document = doc(HEBEI)
    last_year = {indicator_key(" 怀财字【2022】7号　专项经费（会议费）", "参会单位满意度 (%)"):
                 LastYear("≥60全年所有会议", "85%", "approved")}

    found = [(p.code, p.location) for p in run_checks(document, {"last_year": last_year})
             if p.code in (BELOW, MODEST)]

    assert found == [(MODEST, "projects[0].indicators[5].value")]


def test_another_project_of_the_same_indicator_name_does_not_continue():
    document = doc(HEBEI)
    last_year = {indicator_key("另一个项目", "参会单位满意度（%）"): LastYear("≥60", "85%", "approved")}

    assert not [p for p in run_checks(document, {"last_year": last_year}) if p.code in (BELOW, MODEST)]


def test_without_a_context_nothing_is_held_against_last_year():
    document = doc(HEBEI)

    assert run_checks(document) == run_checks(document, {"last_year": {}})
    assert not [p for p in run_checks(document) if p.code in (BELOW, MODEST)]


def test_the_warnings_name_last_years_figures_at_the_value():
    document = doc(HEBEI)
    last_year = {indicator_key(PROJECT, "参会单位满意度（%）"): LastYear("≥60全年所有会议", "70%", "approved"),
                 indicator_key(PROJECT, "延误率"): LastYear("≤50会员是否延误", "12", "submitted")}

    problems = [p for p in run_checks(document, {"last_year": last_year}) if p.code in (BELOW, MODEST)]

    assert [(p.severity, p.code, p.location, p.message) for p in problems] == [
        ("warning", BELOW, "projects[0].indicators[2].value",
         f"项目“{PROJECT}”第3行指标“延误率”的指标值“≤50会员是否延误”宽于上年实际"
         "（上年目标“≤50会员是否延误”，上年实际完成“12”）：反向指标的目标一般不高于上年实际完成值"),
        ("warning", BELOW, "projects[0].indicators[5].value",
         f"项目“{PROJECT}”第6行指标“参会单位满意度（%）”的指标值“≥60全年所有会议”低于上年实际"
         "（上年目标“≥60全年所有会议”，上年实际完成“70%”）：目标一般不低于上年实际完成值"),
    ]
