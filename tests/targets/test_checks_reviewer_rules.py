"""Tests of the rules a finance reviewer applies beyond the arithmetic: text
quality, value grammar, the 二级 产出 must cover, the spending plan's blanks
and amounts, years copied from another filing, Anhui's 年度 within 中期.
Each rule fails on an example changed in one place and passes on the
example or a right way to write the same thing."""
import pytest

from targets.checks import ERROR, WARNING

from .checks_support import ANHUI, HEBEI, HUNAN, added, doc, found, messages, plan

HEBEI_PROJECT = "项目“怀财字【2022】7号 专项经费(会议费)”"


# --- text quality ---------------------------------------------------------------


@pytest.mark.parametrize(
    "description, copied",
    [
        ("会议数量", True),  # as 怀来 wrote it
        ("会议 数量。", True),
        ("会议数量情况", True),  # adds a word, says nothing
        ("会议", True),  # less than the name
        ("全年召开的网信工作会议次数，以会议纪要为准", False),
        (None, False),
    ],
)
def test_description_copies_the_name(description, copied):
    document = doc(HEBEI)
    document["projects"][0]["indicators"][3]["description"] = description
    reported = found(document, "indicators.description_copies_name")
    assert ((WARNING, "indicators.description_copies_name", "projects[0].indicators[3].description") in reported) \
        == copied
    assert len(reported) == (6 if copied else 5)  # the other five rows are copies


def test_description_copies_the_name_message():
    assert messages(doc(HEBEI), "indicators.description_copies_name")[3] == (
        f"{HEBEI_PROJECT}第4行指标“会议数量”的绩效指标描述只重复了三级指标：请写明指标的含义、口径或计算方法"
    )


def test_html_left_in_a_goal_as_the_published_table_prints_it():
    document = doc(ANHUI)
    goal = document["projects"][1]["annual_goal"]
    document["projects"][1]["annual_goal"] = "".join(f"<p>{line}</p> " for line in goal.split("\n"))
    assert added(document, ANHUI) == [(WARNING, "text.html", "projects[1].annual_goal")]
    assert messages(document, "text.html") == [
        "项目“网络安全和信息化工作经费”的年度目标中有网页标记“<p>”：表格会原样印出，请删去"
    ]


@pytest.mark.parametrize(
    "value, marked",
    [("≥95%&nbsp;", True), ("&#8805;95%", True), ("≥95%<br/>", True), ("<5次", False), ("≤5次 & ≥1次", False)],
)
def test_html_in_an_indicator_value(value, marked):
    document = doc(HUNAN)
    document["projects"][0]["indicators"][0]["value"] = value
    expected = [(WARNING, "text.html", "projects[0].indicators[0].value")] if marked else []
    assert found(document, "text.html") == expected


@pytest.mark.parametrize(
    "goal, repeats",
    [
        ("网评员培训经费", True),
        ("1.网评员培训。", True),
        ("B网评员培训经费", True),
        ("通过培训全面提升全市网评员业务能力。", False),
    ],
)
def test_goal_that_repeats_the_project_name(goal, repeats):
    document = doc(HUNAN)
    document["projects"][6]["annual_goal"] = goal
    expected = [(WARNING, "project.goal_repeats_name", "projects[6].annual_goal")] if repeats else []
    assert added(document, HUNAN) == expected
    if repeats:
        assert messages(document, "project.goal_repeats_name")[0].startswith(
            f"项目“B网评员培训经费”的本年度绩效目标“{goal}”只重复了项目名称"
        )


# --- value grammar --------------------------------------------------------------


@pytest.mark.parametrize(
    "value, warned",
    [
        ("1%", True),
        ("12次", True),
        ("≥1%", False),
        ("1%以上", False),
        ("不少于12次", False),
        ("100%", False),  # a rate of 100% is neither floor nor ceiling
        ("10月底前完成", False),  # a date, not a count
        ("较高", False),
    ],
)
def test_quantitative_value_without_operator(value, warned):
    document = doc(HUNAN)
    document["projects"][0]["indicators"][0]["value"] = value
    expected = [(WARNING, "indicators.operator_missing", "projects[0].indicators[0].value")] if warned else []
    assert added(document, HUNAN) == expected


def test_operator_missing_message_names_the_row_and_field():
    document = doc(HUNAN)
    document["projects"][0]["indicators"][0]["value"] = "1%"
    assert messages(document, "indicators.operator_missing") == [
        "项目“B“沅江市网络安全应急指挥中心”运行专项工作经费”第1行指标“开展应急值班”的指标值及单位“1%”"
        "没有写比较关系：请写明 ≥、≤ 或 =（如“≥1%”）"
    ]


@pytest.mark.parametrize(
    "value, warned",
    [
        ("≤9.6万元", False),
        ("≤96000元", False),
        ("不超过9.6万元", False),
        ("≤全年预算数", False),
        ("9.6万元", True),  # no comparison: a cost value's rule, not operator_missing
        ("≥9.6万元", True),
        ("≤10次", True),
        ("严格执行培训费相关规定", True),
    ],
)
def test_cost_value_is_at_most_an_amount(value, warned):
    document = doc(HUNAN)
    document["projects"][0]["indicators"][3]["value"] = value  # 成本指标, budget 9.6 万元
    expected = [(WARNING, "indicators.cost_not_amount", "projects[0].indicators[3].value")] if warned else []
    assert added(document, HUNAN) == expected


def test_cost_above_budget_is_still_an_error():
    document = doc(HUNAN)
    document["projects"][0]["indicators"][3]["value"] = "≤10万元"
    assert added(document, HUNAN) == [(ERROR, "indicators.cost_above_budget", "projects[0].indicators[3].value")]


@pytest.mark.parametrize(
    "name, value, warned",
    [
        ("参会单位满意度（%）", "≥60全年所有会议", False),  # 怀来: the unit is in the name only
        ("参会单位满意度（%）", "≥95%", False),
        ("参会单位满意度（%）", "≥3次", True),
        ("参会单位满意度(%)", "≥3家", True),
        ("会议数量（次数）", "≥3次", False),
        ("会议数量（次）", "≥3场", True),
        ("会议数量（含县级）", "≥3次", False),  # not a unit
    ],
)
def test_unit_in_the_name_and_in_the_value(name, value, warned):
    document = doc(HEBEI)
    document["projects"][0]["indicators"][5].update(name=name, value=value)
    expected = [(WARNING, "indicators.unit_mismatch", "projects[0].indicators[5].value")] if warned else []
    assert found(document, "indicators.unit_mismatch") == expected


def test_unit_mismatch_message():
    document = doc(HEBEI)
    document["projects"][0]["indicators"][5]["value"] = "≥3次"
    assert messages(document, "indicators.unit_mismatch") == [
        f"{HEBEI_PROJECT}第6行指标“参会单位满意度（%）”的三级指标以“%”为单位，指标值“≥3次”却以“次”为单位"
    ]


@pytest.mark.parametrize(
    "value, warned",
    [
        ("≤10 月", True),
        ("≤10月", True),
        ("<12月31日", True),
        ("≤2024年10月", True),
        ("≤2024.10", True),
        ("10月底前完成", False),
        ("≤10个月", False),
        ("≤24小时", False),
        ("按时完成≥95%", False),
    ],
)
def test_deadline_written_as_a_number(value, warned):
    document = doc(HUNAN)
    document["projects"][0]["indicators"][2]["value"] = value  # 时效指标
    expected = [(WARNING, "indicators.deadline_as_number", "projects[0].indicators[2].value")] if warned else []
    assert found(document, "indicators.deadline_as_number") == expected


def test_deadline_rule_is_for_timeliness_rows_only():
    document = doc(HUNAN)
    document["projects"][0]["indicators"][0]["value"] = "≤10月"  # 数量指标
    assert found(document, "indicators.deadline_as_number") == []


def test_deadline_message():
    document = doc(HUNAN)
    document["projects"][0]["indicators"][2]["value"] = "≤10 月"
    assert messages(document, "indicators.deadline_as_number")[0].endswith(
        "第3行指标“按时完成应急任务”是时效指标，指标值及单位“≤10 月”把月份或日期写成了数量："
        "截止时间请写“10月底前完成”，时长请写“≤10个月”"
    )


# --- structure ------------------------------------------------------------------


def test_output_without_a_timeliness_row():
    document = doc(HEBEI)
    del document["projects"][0]["indicators"][2]  # the 时效 row
    assert added(document, HEBEI) == [(ERROR, "indicators.missing_level2", "projects[0].indicators")]
    assert messages(document, "indicators.missing_level2") == [
        f"{HEBEI_PROJECT}产出指标缺少时效指标：请补充，确不适用的写一行“不适用”"
    ]


@pytest.mark.parametrize(
    "name, value, accepted",
    [("不适用", None, True), ("会议时效", "不适用", True), ("无", None, True), ("……", None, False)],
)
def test_a_not_applicable_row_answers_for_its_level2(name, value, accepted):
    document = doc(HEBEI)
    document["projects"][0]["indicators"][2].update(name=name, description=None, value=value)
    assert found(document, "indicators.missing_level2") == (
        [] if accepted else [(ERROR, "indicators.missing_level2", "projects[0].indicators")]
    )


def test_output_coverage_per_period_and_several_missing():
    document = doc(ANHUI)
    rows = document["projects"][2]["indicators"]
    rows[:] = [r for r in rows if not (r["period"] == "annual" and r["level2"] in ("质量指标", "成本指标"))]
    assert found(document, "indicators.missing_level2") == [
        (ERROR, "indicators.missing_level2", "projects[2].indicators")
    ]
    assert messages(document, "indicators.missing_level2") == [
        "项目“网络媒体协会运行经费”年度指标中产出指标缺少质量指标、成本指标：请补充，确不适用的写一行“不适用”"
    ]


def test_no_output_at_all_is_reported_once():
    document = doc(HEBEI)
    document["projects"][0]["indicators"] = document["projects"][0]["indicators"][4:]
    assert found(document, "indicators.missing_output") != []
    assert found(document, "indicators.missing_level2") == []


def test_basis_missing_where_the_table_prints_it():
    document = doc(HEBEI)
    document["projects"][0]["indicators"][1]["basis"] = " "
    assert added(document, HEBEI) == [(WARNING, "indicators.basis_missing", "projects[0].indicators[1].basis")]
    assert messages(document, "indicators.basis_missing") == [
        f"{HEBEI_PROJECT}第2行指标“计划完成率”未填写指标值确定依据（计划标准、历史标准、行业标准等，或所依据的文件）"
    ]
    # Hunan and Anhui tables have no such column: their empty bases are fine.
    assert found(doc(HUNAN), "indicators.basis_missing") == found(doc(ANHUI), "indicators.basis_missing") == []


def test_same_name_twice_in_a_project():
    document = doc(HUNAN)
    document["projects"][0]["indicators"][1]["name"] = "开展 应急值班"
    assert added(document, HUNAN) == [(WARNING, "indicators.duplicate_name", "projects[0].indicators[1].name")]
    assert messages(document, "indicators.duplicate_name") == [
        "项目“B“沅江市网络安全应急指挥中心”运行专项工作经费”第2行指标“开展 应急值班”与前面一行的三级指标相同"
        "（“开展 应急值班”出现了两次）"
    ]


def test_same_name_in_another_project_or_period_or_as_placeholder_is_fine():
    # Every Hunan project has 群众满意度 and four "……" rows; Anhui repeats
    # each name in 中期 and 年度; Anhui's 不适用 rows repeat too.
    assert found(doc(HUNAN), "indicators.duplicate_name") == []
    assert found(doc(ANHUI), "indicators.duplicate_name") == []


def test_same_name_in_output_and_benefit_is_reported_once():
    document = doc(HEBEI)
    document["projects"][0]["indicators"][4]["name"] = "会议数量"
    assert [code for _, code, _ in added(document, HEBEI)] == ["indicators.duplicate_output_benefit"]


# --- spending plan --------------------------------------------------------------


@pytest.mark.parametrize("blank", [None, "", " "])
def test_blank_checkpoint_is_named_as_blank(blank):
    document = doc(HEBEI)
    document["projects"][0]["spending_plan"] = plan(blank, "50", "75", "100")
    assert added(document, HEBEI) == [(ERROR, "spending_plan.blank", "projects[0].spending_plan[0].percent")]
    assert messages(document, "spending_plan.blank") == [
        f"{HEBEI_PROJECT}3月底的累计支出比例空白：请填写到该月底累计支出的百分比（尚未支出填 0）"
    ]


def test_blank_year_end_is_not_reported_as_an_earlier_month_below_100():
    document = doc(HEBEI)
    document["projects"][0]["spending_plan"] = plan("25", "50", "75", None)
    assert added(document, HEBEI) == [(ERROR, "spending_plan.blank", "projects[0].spending_plan[3].percent")]


@pytest.mark.parametrize(
    "percents, amounts",
    [
        (("0.14", "0.14", "0.14", "0.14"), True),  # each the budget
        (("0.03", "0.04", "0.03", "0.04"), True),  # spent per period, adding up to the budget
        (("0.03", "0.07", "0.10", "0.14"), True),  # cumulative amounts
        (("25", "50", "75", "100"), False),
        (("0", "0", "0", "100"), False),
    ],
)
def test_amounts_written_in_place_of_percentages(percents, amounts):
    document = doc(HEBEI)  # 预算数 0.14 万元
    document["projects"][0]["spending_plan"] = plan(*percents)
    expected = [(ERROR, "spending_plan.amounts", "projects[0].spending_plan")] if amounts else []
    assert added(document, HEBEI) == expected


def test_amounts_message_names_them_instead_of_the_year_end():
    document = doc(HEBEI)
    document["projects"][0]["spending_plan"] = plan("0.14", "0.14", "0.14", "0.14")
    assert messages(document, "spending_plan.amounts") == [
        f"{HEBEI_PROJECT}资金支出计划填写的是金额（3月底 0.14、6月底 0.14、10月底 0.14、12月底 0.14，"
        "预算数 0.14 万元）：应填写到各月底累计支出占预算的百分比，12月底为 100"
    ]
    assert found(document, "spending_plan.final_not_100") == []


def test_a_plan_of_100_throughout_is_valid_even_when_the_budget_is_100():
    document = doc(HEBEI)
    document["projects"][0]["budget"].update(total="100", fiscal="100")
    document["projects"][0]["spending_plan"] = plan("100", "100", "100", "100")
    assert added(document, HEBEI) == []


# --- years ----------------------------------------------------------------------


def test_a_filing_copied_to_the_next_year():
    document = doc(HEBEI)
    document["year"] = 2023
    assert added(document, HEBEI) == [
        (WARNING, "project.code_year", "projects[0].code"),
        (WARNING, "text.other_year", "projects[0].name"),
    ]
    assert messages(document, "text.other_year") == [
        f"{HEBEI_PROJECT}的项目名称中写有“【2022】”，与申报年度 2023 年不符：若是从上年申报复制而来，请改为本年度"
    ]
    assert messages(document, "project.code_year") == [
        f"{HEBEI_PROJECT}的项目编码“13073022P00850910001T”第 7–8 位年份为“22”，与申报年度 2023 年（23）不符"
    ]


@pytest.mark.parametrize(
    "text, other",
    [
        ("办好2022年网络安全宣传周活动", True),
        ("2022年度宣传周", True),
        ("宿财〔2021〕5号", True),
        ("2021-2022年持续推进", True),
        ("办好2023年网络安全宣传周活动", False),
        ("2023—2025年持续推进", False),
        ("较2023年增长", False),
        ("监测网站不少于2000家", False),
    ],
)
def test_texts_naming_another_year(text, other):
    document = doc(ANHUI)  # 2023
    document["projects"][2]["annual_goal"] = text
    expected = [(WARNING, "text.other_year", "projects[2].annual_goal")] if other else []
    assert found(document, "text.other_year") == expected


def test_years_in_indicator_rows_and_the_department():
    document = doc(HUNAN)  # 2024
    document["projects"][1]["indicators"][1]["value"] = "通过2023年网络安全演练"
    document["department"]["overall_goal"] = "2023年围绕中心服务大局"
    assert found(document, "text.other_year") == [
        (WARNING, "text.other_year", "department.overall_goal"),
        (WARNING, "text.other_year", "projects[1].indicators[1].value"),
    ]


@pytest.mark.parametrize("code", ["13073022P00850910001T", "224-0501-JBN-BOVO", "1307302P00850910001T"])
def test_codes_with_the_right_year_or_of_another_system(code):
    document = doc(HEBEI)
    document["projects"][0]["code"] = code
    assert found(document, "project.code_year") == []


# --- Anhui: 年度 within 中期 ----------------------------------------------------


def _anhui_row(document, period, name):
    rows = document["projects"][0]["indicators"]
    index = next(i for i, r in enumerate(rows) if r["period"] == period and r["name"] == name)
    return index, rows[index]


@pytest.mark.parametrize(
    "annual, midterm, warned",
    [
        ("≥5次", "≥3次", True),
        ("≥3次", "≥3次", False),
        ("≥1次", "≥3次", False),  # as 宿州 wrote it
        ("≥5场", "≥3次", False),  # not the same unit: not comparable
        ("≥98%", "≥95%", False),  # a rate, not a count
        ("较高", "≥3次", False),
    ],
)
def test_annual_count_above_midterm(annual, midterm, warned):
    document = doc(ANHUI)
    index, annual_row = _anhui_row(document, "annual", "开展网络公益活动")
    _, midterm_row = _anhui_row(document, "midterm", "开展网络公益活动")
    annual_row["value"], midterm_row["value"] = annual, midterm
    expected = [(WARNING, "indicators.annual_above_midterm", f"projects[0].indicators[{index}].value")]
    assert found(document, "indicators.annual_above_midterm") == (expected if warned else [])


def test_annual_above_midterm_message():
    document = doc(ANHUI)
    _, annual_row = _anhui_row(document, "annual", "开展网络公益活动")
    annual_row["value"] = "≥5次"
    assert messages(document, "indicators.annual_above_midterm") == [
        "项目“网络内容建设工作经费及网络综合治理”年度指标第3行“开展网络公益活动”的指标值“≥5次”"
        "高于中期指标值“≥3次”：中期目标应涵盖年度目标"
    ]
