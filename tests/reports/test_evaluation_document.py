"""A self-evaluation report starts from the final approved filing: the
approved targets copied and read-only, 分值 proposed by spread_weights, the
rest blank; the computed 得分 are the rules' (fill_scores), and
score_evaluation works out 执行率, points, total and grade from a filled
report."""
import copy
from decimal import Decimal

from reports import fields
from reports.evaluation_documents import evaluation_document, fill_scores, score_evaluation
from reports.evaluation_interchange import validate_evaluation
from reports.rules.scoring import spread_weights

from ..conftest import load_example
from .evaluation_support import filled

HUAILAI = "hebei-huailai-2022"


def test_huailai_project_copies_the_approved_filing_and_proposes_weights():
    filing = load_example(HUAILAI)
    document = evaluation_document(filing)
    assert {k: document[k] for k in ("format", "year", "layout", "amount_unit")} == {
        "format": "evaluation/1", "year": 2022, "layout": "hebei", "amount_unit": "万元"}
    assert "months" not in document
    project = document["projects"][0]
    assert project["name"] == "怀财字【2022】7号 专项经费(会议费)"
    assert project["department"] == "中共怀来县委网络安全和信息化委员会办公室（224001）"
    assert project["implementing_unit"] == "中共怀来县委网络安全和信息化委员会办公室"
    assert project["annual_goal"] == "1.目标内容1"
    assert (project["goal_outcome"], project["problems"], project["improvements"]) == (None, None, None)
    assert project["budget"] == {
        "total": {"initial": "0.14", "full_year": None, "executed": None},
        "fiscal": {"initial": "0.14", "full_year": None, "executed": None},
        "carryover": {"initial": None, "full_year": None, "executed": None},
        "other": {"initial": None, "full_year": None, "executed": None},
    }
    assert project["indicators"][0] == {
        "level1": "产出指标", "level2": "成本指标", "name": "资金成本", "value": "严格按照有关会议文件精神执行",
        "actual": None, "weight": "12.50", "achievement": None, "score": None, "deviation": None,
        "review_score": None, "review_reason": None,
    }
    # 产出 50 over four rows, 效益 30 and 满意度 10 over one each.
    assert [i["weight"] for i in project["indicators"]] == ["12.50"] * 4 + ["30.00", "10.00"]


def test_every_indicator_key_of_the_catalogue_in_its_order(example):
    keys = [f.key for f in fields.fields_of("evaluation.indicator")]
    for project in evaluation_document(example)["projects"]:
        for item in project["indicators"]:
            assert list(item) == keys


def test_weights_are_spread_weights_and_sum_to_90(example):
    document = evaluation_document(example)
    for filed, project in zip(example["projects"], document["projects"]):
        annual = [i for i in filed["indicators"] if i.get("period", "annual") == "annual"]
        assert [(i["level1"], i["level2"], i["name"], i["value"]) for i in project["indicators"]] == [
            (i["level1"], i["level2"], i["name"], i["value"]) for i in annual]
        proposed = spread_weights([i["level1"] for i in annual], level2s=[i["level2"] for i in annual],
                                  values=[i.get("value") for i in annual])
        assert [i["weight"] for i in project["indicators"]] == [str(w) for w in proposed]
        assert sum(Decimal(i["weight"]) for i in project["indicators"]) == Decimal(90)


def test_hunan_placeholder_rows_take_no_weight_and_score_zero():
    project = evaluation_document(load_example("hunan-yuanjiang-2024"))["projects"][0]
    rows = {item["level2"]: (item["weight"], item["score"]) for item in project["indicators"]}
    assert rows["经济效益指标"] == ("0.00", "0.00")  # "……": Hunan prints every 二级
    assert rows["社会效益指标"] == ("30.00", None)
    # 社会公众或服务对象满意度 is filed under 效益 and weighs as 满意度.
    assert rows["社会公众或服务对象满意度指标"] == ("10.00", None)
    assert project["budget"]["total"]["initial"] == "9.6"  # 本级 + 上级, no total filed


def test_a_fresh_report_of_each_example_is_valid_and_not_yet_scored(example):
    document = evaluation_document(example)
    assert validate_evaluation(document) == []
    for scores in score_evaluation(document)["projects"]:
        assert scores["total"] is None and scores["grade"] == ""
        assert scores["budget"]["explanation"] == "未填写全年执行数，无法计算执行率"


def test_the_filing_document_is_not_changed():
    filing = load_example(HUAILAI)
    before = copy.deepcopy(filing)
    evaluation_document(filing)["unit"]["name"] = "changed"
    assert filing == before


def test_fill_scores_writes_the_rules_score_of_quantitative_rows_only():
    document = filled(HUAILAI)
    item = document["projects"][0]["indicators"][5]  # 参会单位满意度 ≥60, actual 30, 分值 10
    assert (item["value"], item["actual"], item["score"]) == ("≥60全年所有会议", "30", "5.00")
    item["actual"] = "45"
    item["score"] = "99"  # typed over a computed score: the rules' wins
    qualitative = document["projects"][0]["indicators"][0]
    qualitative["score"] = "11"  # the unit's, inside 达成年度指标's band 10.00–12.50
    before = copy.deepcopy(document)
    result = fill_scores(document)
    assert document == before  # a copy
    assert result["projects"][0]["indicators"][5]["score"] == "7.50"
    assert result["projects"][0]["indicators"][0]["score"] == "11"
    result["projects"][0]["indicators"][5]["actual"] = None
    assert fill_scores(result)["projects"][0]["indicators"][5]["score"] is None


def test_huailai_filled_scores_total_and_grade():
    [scores] = score_evaluation(filled(HUAILAI))["projects"]
    assert scores["budget"]["rates"] == {"total": "92.86", "fiscal": "92.86", "carryover": None, "other": None}
    assert scores["budget"]["points"] == "9.29"
    assert [i["points"] for i in scores["indicators"]] == ["12.50", "12.50", "12.50", "12.50", "30.00", "5.00"]
    assert scores["indicators"][5]["explanation"] == (
        "实际完成 30，目标 ≥60，完成 50%，得分 = 30 ÷ 60 × 10.00 = 5.00 分")
    assert scores["weights_problem"] == ""
    assert (scores["total"], scores["grade"]) == ("94.29", "优")
    assert scores["total_explanation"] == "预算执行 9.29 分 + 绩效指标 85.00 分 = 94.29 分"
    assert scores["reviewed"] is False and scores["review_total"] is None


def test_a_blank_full_year_budget_counts_as_the_initial_one():
    document = filled(HUAILAI)
    document["projects"][0]["budget"]["total"]["full_year"] = None
    [scores] = score_evaluation(document)["projects"]
    assert scores["budget"]["points"] == "9.29"
    assert scores["budget"]["explanation"].startswith("全年预算数未填写，按年初预算数计；执行率 92.86%")


def test_a_review_score_gives_the_review_total_and_grade():
    [scores] = score_evaluation(filled(HUAILAI, reviewed=True))["projects"]
    # The reviewer halves the first row's 12.50.
    assert scores["indicators"][0]["review_points"] == "6.25"
    assert scores["reviewed"] is True
    assert (scores["total"], scores["grade"]) == ("94.29", "优")
    assert (scores["review_total"], scores["review_grade"]) == ("88.04", "良")


def test_a_qualitative_score_outside_its_band_is_named_and_not_counted():
    document = filled(HUAILAI)
    document["projects"][0]["indicators"][0]["score"] = "9"
    [scores] = score_evaluation(document)["projects"]
    assert scores["indicators"][0]["problem"] == "定性指标“达成年度指标”的得分应在 10.00–12.50 分之间"
    assert scores["indicators"][0]["points"] is None
    assert scores["total"] is None and scores["total_explanation"] == "1 项指标尚未得分，总分待定"


def test_a_review_score_above_the_weight_is_refused():
    document = filled(HUAILAI, reviewed=True)
    document["projects"][0]["indicators"][0]["review_score"] = "13"
    [scores] = score_evaluation(document)["projects"]
    assert scores["indicators"][0]["review_problem"] == "复核得分应在 0–12.50 分之间"
    assert scores["review_total"] is None


def test_weights_not_adding_up_are_named():
    document = filled(HUAILAI)
    document["projects"][0]["indicators"][0]["weight"] = "12"
    [scores] = score_evaluation(document)["projects"]
    assert scores["weights_problem"] == "各指标分值合计应为 90 分，现为 89.5 分"


def test_hostile_entries_never_make_the_scores_raise():
    for typed in ["abc", "-5", "1e999999", "0", "", "１２", "NaN", "Infinity", "12.5分", "=SUM(A1)", "\x00", None,
                  "99999999999999999999"]:
        document = filled("anhui-suzhou-2023", reviewed=True)
        for project in document["projects"]:
            for row in project["budget"].values():
                row["full_year"] = row["executed"] = typed
            for item in project["indicators"]:
                item.update(actual=typed, weight=typed, score=typed, review_score=typed, achievement=typed)
        for scores in score_evaluation(fill_scores(document))["projects"]:
            assert scores["total"] is None or Decimal(scores["total"]) >= 0, typed
