"""The 绩效自评 part of the JSON API: self-evaluation rounds on their own
path with the monitoring rounds' views (listed, opened, their progress by
grade), self-evaluation reports on /api/reports/ with the evaluation/1
document and its scores (score_evaluation), replaced under If-Match, the
review actions, and a reviewer's 复核 score. Seen as on the pages: another
unit's staff and a reviewer outside the jurisdiction get 404, staff cannot
set 复核. Problems are named by JSON path, in Chinese."""
import copy
import json

import pytest

from reports.models import Exercise, ReportStatus
from reports.opening import open_evaluation, open_monitoring
from reports.rules.scoring import band_points
from reviews.models import LogEntry

from .core_support import DEADLINE, make_world
from .evaluation_support import is_qualitative
from .test_report_api import client_for, post_json, put

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def exercise(world):
    """The province's 2024 self-evaluation round: 甲县's and 乙县's approved filings."""
    return open_evaluation(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)


@pytest.fixture
def report(world, exercise):
    return exercise.reports.get(unit=world.places["a_approved"].unit)


def staff_of(world):
    return client_for(world.places["a_approved"].staff)


def filled(document):
    """Every field the unit fills: the money spent, each target met,
    qualitative rows 达成年度指标 at the top of their band."""
    for project in document["projects"]:
        project["goal_outcome"] = "全年目标全部完成。"
        total = project["budget"]["total"]
        total["full_year"], total["executed"] = total["initial"], total["initial"]
        for item in project["indicators"]:
            if is_qualitative(item):
                item.update(actual="已完成", achievement="达成年度指标",
                            score=str(band_points(item["weight"], "达成年度指标")[1]))
            else:
                item["actual"] = item["value"]
    return document


def first_qualitative(document):
    return next(i for i, item in enumerate(document["projects"][0]["indicators"]) if is_qualitative(item))


def submitted(world, report):
    client = staff_of(world)
    assert put(client, report.pk, filled(copy.deepcopy(report.document)), report.version).status_code == 200
    assert post_json(client, f"/api/reports/{report.pk}/submit/").json() == {"status": "submitted"}
    report.refresh_from_db()
    return report


# --- rounds ---------------------------------------------------------------------------


def test_evaluation_rounds_are_listed_apart_from_monitoring_rounds(world, exercise):
    monitoring = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)
    other = open_evaluation(world.other_reviewer, year=2024, deadline=DEADLINE, region=world.other_province)
    expected = {
        world.reviewer: [exercise.pk],
        world.other_reviewer: [other.pk],
        world.admin: [other.pk, exercise.pk],
        world.places["a_approved"].staff: [exercise.pk],
        world.places["a_draft"].staff: [],
    }
    for user, ids in expected.items():
        answer = client_for(user).get("/api/evaluation-rounds/").json()
        assert [item["id"] for item in answer["results"]] == ids, user.username
    assert [i["id"] for i in client_for(world.reviewer).get("/api/monitoring-rounds/").json()["results"]] \
        == [monitoring.pk]
    item = client_for(world.reviewer).get("/api/evaluation-rounds/?year=2024").json()["results"][0]
    assert (item["title"], item["months"], item["period"]) == ("2024年度绩效自评", None, "")
    # Each path holds its own kind: a round of the other kind is not found there.
    reviewer = client_for(world.reviewer)
    assert reviewer.get(f"/api/evaluation-rounds/{monitoring.pk}/").json() == {"detail": "找不到这个自评任务。"}
    assert reviewer.get(f"/api/monitoring-rounds/{exercise.pk}/").status_code == 404
    assert client_for(world.other_reviewer).get(f"/api/evaluation-rounds/{exercise.pk}/").status_code == 404


def test_a_reviewer_opens_a_round_and_its_progress_counts_grades(world, report):
    reviewer = client_for(world.reviewer)
    # 2023 (甲县's filing of that year): 2024's filings have their report in the province's round.
    response = post_json(reviewer, "/api/evaluation-rounds/",
                         {"year": 2023, "deadline": "2024-03-31", "region": world.county_a.code})
    assert response.status_code == 201, response.json()
    opened = Exercise.objects.get(pk=response.json()["id"])
    assert (opened.kind, opened.months, response.json()["report_count"]) == (Exercise.Kind.EVALUATION, None, 1)
    assert opened.reports.get().document["format"] == "evaluation/1"

    refused = post_json(reviewer, "/api/evaluation-rounds/", {"year": 2024, "deadline": "31.3.2025"})
    assert refused.json() == {"detail": "发起绩效自评的请求有 1 处问题。", "problem_count": 1,
                              "problems": [{"path": "deadline", "message": "截止日期应为 YYYY-MM-DD 格式的日期"}]}
    staff = post_json(staff_of(world), "/api/evaluation-rounds/",
                      {"year": 2024, "deadline": "2025-03-31", "region": world.county_a.code})
    assert staff.status_code == 403

    submitted(world, report)
    progress = reviewer.get(f"/api/evaluation-rounds/{report.exercise_id}/").json()["reports"]
    assert progress == {"total": 2, "not_started": 1, "draft": 0, "returned": 0, "submitted": 1, "approved": 0,
                        "scored": 1, "reviewed": 0, "grades": {"优": 1, "良": 0, "中": 0, "差": 0}}


# --- reports ---------------------------------------------------------------------------


def test_the_report_is_its_evaluation_document_with_its_scores(world, exercise, report):
    response = staff_of(world).get(f"/api/reports/{report.pk}/")
    assert (response.status_code, response["ETag"]) == (200, '"1"')
    answer = response.json()
    assert answer["document"] == report.document and answer["document"]["format"] == "evaluation/1"
    assert (answer["round_title"], answer["status"], answer["version"]) == ("2024年度绩效自评", "draft", 1)
    assert "lights" not in answer
    scores = answer["scores"]["projects"][0]
    assert scores["total"] is None and scores["indicators"][2]["explanation"] == "未填写实际完成值"
    name = report.document["projects"][0]["indicators"][2]["name"]
    assert ("projects[0].indicators[2].actual", "error", f"“{name}”：请填写实际完成值。") in [
        (p["path"], p["severity"], p["message"]) for p in answer["scores"]["problems"]]
    # A self-evaluation report has no lights: its scores are in the report.
    assert staff_of(world).get(f"/api/reports/{report.pk}/lights/").status_code == 404

    monitoring = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    listed = client_for(world.reviewer).get("/api/reports/?kind=evaluation").json()["results"]
    assert [item["id"] for item in listed] == list(exercise.reports.order_by("unit__code").values_list("pk", flat=True))
    assert listed[0]["figures"] == {"total": None, "grade": "", "review_total": None, "review_grade": "",
                                    "final_grade": "", "execution_rate": None}
    both = client_for(world.reviewer).get("/api/reports/").json()["count"]
    assert both == 2 + monitoring.reports.count()
    assert client_for(world.reviewer).get("/api/reports/?kind=filing").status_code == 400


@pytest.mark.parametrize("who", ["other_staff", "other_unit_same_county", "outside_reviewer"])
def test_reports_outside_reach_are_not_found(world, report, who):
    user = {"other_staff": world.places["b_approved"].staff, "other_unit_same_county": world.places["a_draft"].staff,
            "outside_reviewer": world.other_reviewer}[who]
    client = client_for(user)
    document = filled(copy.deepcopy(report.document))
    for response in (client.get(f"/api/reports/{report.pk}/"), put(client, report.pk, document, 1),
                     post_json(client, f"/api/reports/{report.pk}/submit/"),
                     post_json(client, f"/api/reports/{report.pk}/review-scores/",
                               {"project": 0, "indicator": 0, "score": 1, "reason": "外单位"})):
        assert response.status_code == 404
    assert client.get(f"/api/reports/?kind=evaluation&round={report.exercise_id}").json()["count"] == (
        1 if who == "other_staff" else 0)  # 乙县's staff see their own report only
    report.refresh_from_db()
    assert (report.version, report.status) == (1, ReportStatus.DRAFT)


def test_staff_replace_the_document_under_if_match_and_get_the_scores(world, report):
    client = staff_of(world)
    document = filled(client.get(f"/api/reports/{report.pk}/").json()["document"])
    document["projects"][0]["indicators"][0]["review_score"] = "0"  # the reviewer's key: not the unit's

    missing = put(client, report.pk, document, None)
    assert missing.status_code == 428
    response = put(client, report.pk, document, 1)
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"'
    answer = response.json()
    assert answer["document"]["projects"][0]["indicators"][0]["review_score"] is None
    assert all(item["score"] is not None for item in answer["document"]["projects"][0]["indicators"])
    assert (answer["scores"]["projects"][0]["total"], answer["scores"]["projects"][0]["grade"]) == ("100.00", "优")
    assert answer["figures"] == {"total": "100.00", "grade": "优", "review_total": None, "review_grade": "",
                                 "final_grade": "优", "execution_rate": "100.00"}
    assert LogEntry.objects.filter(report_id=report.pk, action="edit").get().summary.startswith("保存自评报告（")

    stale = put(client, report.pk, document, 1)
    assert (stale.status_code, stale.json()["version"], stale["ETag"]) == (412, 2, '"2"')
    wrong = copy.deepcopy(document)
    wrong["projects"][0]["indicators"][0]["weight"] = "很多"
    refused = put(client, report.pk, wrong, 2)
    assert refused.status_code == 400
    assert refused.json()["detail"] == "自评报告文档有 1 处问题，未保存。"
    assert [p["path"] for p in refused.json()["problems"]] == ["projects[0].indicators[0].weight"]
    report.refresh_from_db()
    assert report.version == 2


def test_a_qualitative_score_outside_its_band_is_named_at_its_path(world, report):
    client = staff_of(world)
    document = filled(copy.deepcopy(report.document))
    q = first_qualitative(document)
    item = document["projects"][0]["indicators"][q]
    item["achievement"] = "部分达成并具有一定效果"  # 60–80 % of the 分值
    low, high = band_points(item["weight"], item["achievement"])
    item["score"] = str(item["weight"])
    message = f"“{item['name']}”：定性指标“部分达成并具有一定效果”的得分应在 {low}–{high} 分之间"

    saved = put(client, report.pk, document, 1)  # kept as typed, as on the page
    assert saved.status_code == 200
    assert saved.json()["scores"]["projects"][0]["indicators"][q]["problem"]
    assert {"path": f"projects[0].indicators[{q}].score", "message": message} in [
        {"path": p["path"], "message": p["message"]} for p in saved.json()["scores"]["problems"]]

    refused = post_json(client, f"/api/reports/{report.pk}/submit/")
    assert refused.status_code == 400
    assert [(p["path"], p["message"]) for p in refused.json()["problems"]] == [
        (f"projects[0].indicators[{q}].score", message)]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_submit_is_blocked_by_a_missing_actual_value_at_its_path(world, report):
    client = staff_of(world)
    document = filled(copy.deepcopy(report.document))
    document["projects"][0]["indicators"][2]["actual"] = None
    assert put(client, report.pk, document, 1).status_code == 200

    refused = post_json(client, f"/api/reports/{report.pk}/submit/")
    assert refused.status_code == 400
    name = document["projects"][0]["indicators"][2]["name"]
    assert {(p["path"], p["message"]) for p in refused.json()["problems"]} == {
        ("projects[0].indicators[2].actual", f"“{name}”：请填写实际完成值。")}
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_reviewer_sets_a_review_score_and_accepts(world, report):
    staff = staff_of(world)
    url = f"/api/reports/{report.pk}/review-scores/"
    reviewer = client_for(world.reviewer)
    early = post_json(reviewer, url, {"project": 0, "indicator": 0, "score": "5", "reason": "佐证不足"})
    assert early.status_code == 409  # a draft is not reviewed
    report = submitted(world, report)

    refused = post_json(staff, url, {"project": 0, "indicator": 0, "score": "5", "reason": "自己打分"})
    assert (refused.status_code, refused.json()) == (403, {"detail": "只有辖区审核人可以设置复核得分。"})
    weight = report.document["projects"][0]["indicators"][0]["weight"]
    too_high = post_json(reviewer, url, {"project": 0, "indicator": 0, "score": "99", "reason": "过高"})
    assert (too_high.status_code, too_high.json()["detail"]) == (400, f"复核得分应在 0–{weight} 分之间。")
    no_reason = post_json(reviewer, url, {"project": 0, "indicator": 0, "score": "5", "reason": ""})
    assert no_reason.json()["detail"] == "请填写复核理由。"
    no_row = post_json(reviewer, url, {"project": 0, "indicator": 99, "score": "5", "reason": "x"})
    assert no_row.json()["detail"] == "报告中没有这个指标。"
    malformed = post_json(reviewer, url, {"project": "第一个", "indicator": 0, "score": [5]})
    assert [p["path"] for p in malformed.json()["problems"]] == ["project", "score"]

    response = post_json(reviewer, url, {"project": 0, "indicator": 0, "score": 0, "reason": "佐证材料不足。"})
    assert response.status_code == 200, response.json()
    assert response["ETag"] == f'"{report.version + 1}"'
    answer = response.json()
    row = answer["document"]["projects"][0]["indicators"][0]
    assert (row["review_score"], row["review_reason"]) == ("0.00", "佐证材料不足。")
    project = answer["scores"]["projects"][0]
    assert (project["indicators"][0]["review_points"], project["reviewed"]) == ("0.00", True)
    assert answer["figures"]["review_total"] == f"{100 - float(weight):.2f}"
    assert answer["figures"]["final_grade"] == answer["figures"]["review_grade"]
    assert LogEntry.objects.filter(report_id=report.pk, action="review_score").count() == 1

    assert post_json(reviewer, f"/api/reports/{report.pk}/approve/").json() == {"status": "approved"}
    late = post_json(reviewer, url, {"project": 0, "indicator": 0, "score": None})
    assert late.status_code == 409


def test_review_scores_are_for_self_evaluation_reports_only(world):
    monitoring = open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.county_a)
    response = post_json(client_for(world.reviewer), f"/api/reports/{monitoring.reports.get().pk}/review-scores/",
                         {"project": 0, "indicator": 0, "score": "1", "reason": "x"})
    assert (response.status_code, response.json()) == (400, {"detail": "只有绩效自评报告可以设置复核得分。"})


def test_the_answers_keep_the_description(world, exercise, report):
    """The schemas /api/openapi.json gives hold the answers (the demo data
    schemathesis runs on has no self-evaluation round)."""
    import jsonschema_rs

    from reviews.openapi import openapi_document

    document_ = openapi_document()
    components = document_["components"]

    def valid(name, answer):
        validator = jsonschema_rs.validator_for({"$ref": f"#/components/schemas/{name}", "components": components})
        assert [str(e) for e in validator.iter_errors(answer)] == [], name

    assert {"/api/evaluation-rounds/", "/api/evaluation-rounds/{id}/", "/api/reports/{id}/review-scores/"} \
        <= set(document_["paths"])
    valid("Evaluation1", report.document)
    valid("EvaluationReport", client_for(world.reviewer).get(f"/api/reports/{report.pk}/").json())
    report = submitted(world, report)
    reviewed = post_json(client_for(world.reviewer), f"/api/reports/{report.pk}/review-scores/",
                         {"project": 0, "indicator": 0, "score": "1.5", "reason": "佐证材料不足。"})
    valid("EvaluationReport", reviewed.json())
    for item in client_for(world.admin).get("/api/reports/").json()["results"]:
        valid("AnyReportSummary", item)
        valid("EvaluationReportSummary", item)
    valid("MonitoringRound", client_for(world.reviewer).get("/api/evaluation-rounds/").json()["results"][0])
    valid("EvaluationRoundProgress", client_for(world.reviewer).get(f"/api/evaluation-rounds/{exercise.pk}/").json())
    body = json.loads(json.dumps(filled(copy.deepcopy(report.document))))
    valid("Evaluation1", body)
