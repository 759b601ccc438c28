"""The monitoring part of the JSON API: rounds and reports seen as on the
pages (404 outside a unit or a jurisdiction), a round opened through
reports.opening, the document replaced under If-Match (412 when someone
saved since, problems by JSON path in Chinese, the approved part
untouchable), the review actions through the filings' transition."""
import copy
import json

import pytest
from django.test import Client

from reports.models import Exercise, Report, ReportStatus
from reports.opening import open_monitoring
from reviews.models import LogEntry, Round

from .core_support import DEADLINE, lagging, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def exercise(world):
    """The province's 1–7月 round: reports of 甲县 and 乙县's approved filings."""
    return open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.province)


@pytest.fixture
def report(world, exercise):
    return exercise.reports.get(unit=world.places["a_approved"].unit)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def post_json(client, url, data=None):
    body = "" if data is None else json.dumps(data, ensure_ascii=False)
    return client.post(url, body, content_type="application/json")


def put(client, report_pk, document, version):
    headers = {} if version is None else {"HTTP_IF_MATCH": f'"{version}"'}
    return client.put(f"/api/reports/{report_pk}/", json.dumps(document, ensure_ascii=False),
                      content_type="application/json", **headers)


def explained(document, p, i):
    item = document["projects"][p]["indicators"][i]
    item["reasons"] = ["经费保障"]
    item["reason_text"] = "资金拨付滞后"
    item["measures"] = "下半年加快执行"
    return document


# --- rounds ---------------------------------------------------------------------------


def test_rounds_list_what_each_role_may_see(world, exercise):
    other = open_monitoring(world.other_reviewer, year=2024, deadline=DEADLINE, region=world.other_province)
    expected = {
        world.reviewer: [exercise.pk],
        world.county_reviewer: [exercise.pk],  # it holds 甲县's report
        world.other_reviewer: [other.pk],
        world.admin: [other.pk, exercise.pk],
        world.places["a_approved"].staff: [exercise.pk],
        world.places["a_draft"].staff: [],  # no approved filing: no report in the round
    }
    for user, ids in expected.items():
        answer = client_for(user).get("/api/monitoring-rounds/").json()
        assert [item["id"] for item in answer["results"]] == ids, user.username
        assert answer["count"] == len(ids)
    item = client_for(world.reviewer).get("/api/monitoring-rounds/").json()["results"][0]
    assert item == {"id": exercise.pk, "title": "2024年度绩效运行监控（1–7月）", "year": 2024, "months": 7,
                    "period": "1–7月", "deadline": "2024-08-20", "region": {"code": "130000", "name": "监控省"},
                    "opened_at": exercise.opened_at.isoformat()}
    assert client_for(world.admin).get("/api/monitoring-rounds/?year=2023").json()["count"] == 0
    assert client_for(world.admin).get("/api/monitoring-rounds/?year=abc").status_code == 400


def test_a_round_counts_only_the_reports_in_reach(world, exercise):
    answer = client_for(world.county_reviewer).get(f"/api/monitoring-rounds/{exercise.pk}/").json()
    assert answer["reports"] == {"total": 1, "not_started": 1, "draft": 0, "returned": 0, "submitted": 0,
                                 "approved": 0, "with_red": 0, "with_yellow": 0}
    assert client_for(world.reviewer).get(f"/api/monitoring-rounds/{exercise.pk}/").json()["reports"]["total"] == 2
    assert client_for(world.other_reviewer).get(f"/api/monitoring-rounds/{exercise.pk}/").status_code == 404
    assert client_for(world.places["b_approved"].staff).get(f"/api/monitoring-rounds/{exercise.pk}/") \
        .json()["reports"]["total"] == 1
    assert client_for(world.places["a_draft"].staff).get(f"/api/monitoring-rounds/{exercise.pk}/").status_code == 404


def test_a_reviewer_opens_a_round_for_their_county(world):
    response = post_json(client_for(world.county_reviewer), "/api/monitoring-rounds/",
                         {"year": 2024, "months": 6, "deadline": "2024-07-15", "region": "130731"})
    assert response.status_code == 201
    exercise = Exercise.objects.get(pk=response.json()["id"])
    assert response.json() == {"id": exercise.pk, "report_count": 1}
    assert (exercise.months, exercise.deadline.isoformat(), exercise.region) == (6, "2024-07-15", world.county_a)
    assert [r.filing for r in exercise.reports.all()] == [world.places["a_approved"].filing]


def test_opening_a_round_is_refused_outside_reach_and_for_staff(world):
    body = {"year": 2024, "deadline": "2024-08-20", "region": "130732"}  # 乙县
    response = post_json(client_for(world.county_reviewer), "/api/monitoring-rounds/", body)
    assert (response.status_code, response.json()) == (400, {"detail": "“乙县”不在您的审核辖区内。"})
    response = post_json(client_for(world.places["a_approved"].staff), "/api/monitoring-rounds/", body)
    assert (response.status_code, response.json()) == (403, {"detail": "只有审核人和管理员可以发起运行监控。"})
    response = post_json(client_for(world.admin), "/api/monitoring-rounds/",
                         {"year": "2024", "months": 9, "deadline": "20.8.2024", "units": [999999]})
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"path": "year", "message": "应为 2000 到 2100 之间的年度"},
        {"path": "months", "message": "监控期间应为 6、7、8 之一（1–N月）"},
        {"path": "deadline", "message": "截止日期应为 YYYY-MM-DD 格式的日期"},
        {"path": "units[0]", "message": "找不到编号为 999999 的预算单位"},
    ]
    assert not Exercise.objects.exists()


# --- reports ---------------------------------------------------------------------------


def test_reports_list_per_round_within_reach(world, exercise):
    a, b = (exercise.reports.get(unit=world.places[name].unit) for name in ("a_approved", "b_approved"))
    answer = client_for(world.reviewer).get(f"/api/reports/?round={exercise.pk}").json()
    assert [item["id"] for item in answer["results"]] == [a.pk, b.pk]
    assert answer["results"][0] == {
        "id": a.pk, "round": exercise.pk, "filing": a.filing_id,
        "unit": {"code": "224001", "name": "甲县已通过单位", "region": {"code": "130731", "name": "甲县"}},
        "status": "draft", "status_label": "草稿", "version": 1,
        "lights": {"red": a.red, "yellow": a.yellow, "green": a.green, "blue": a.blue,
                   "unjudged": a.unjudged, "worst": a.worst},
    }
    assert [i["id"] for i in client_for(world.county_reviewer).get("/api/reports/").json()["results"]] == [a.pk]
    assert [i["id"] for i in client_for(world.places["b_approved"].staff).get("/api/reports/").json()["results"]] \
        == [b.pk]
    assert client_for(world.other_reviewer).get(f"/api/reports/?round={exercise.pk}").json()["count"] == 0
    assert client_for(world.admin).get("/api/reports/?round=x").status_code == 400
    assert client_for(world.admin).get("/api/reports/?status=draft").json()["count"] == 2


def test_the_report_is_its_document_with_status_version_and_lights(world, report):
    response = client_for(world.places["a_approved"].staff).get(f"/api/reports/{report.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    answer = response.json()
    assert answer["document"] == report.document
    assert answer["document"]["format"] == "monitoring/1"
    assert (answer["status"], answer["version"], answer["round_title"]) == ("draft", 1, "2024年度绩效运行监控（1–7月）")
    assert len(answer["lights"]["projects"]) == len(report.document["projects"])
    assert answer["lights"]["counts"]["worst"] == report.worst
    lights = client_for(world.reviewer).get(f"/api/reports/{report.pk}/lights/").json()
    assert lights == {"id": report.pk, "version": 1, **answer["lights"]}


@pytest.mark.parametrize("who", ["other_staff", "other_unit_same_county", "outside_reviewer", "county_b_reviewer"])
def test_reports_outside_reach_are_not_found(world, exercise, who):
    report = exercise.reports.get(unit=world.places["a_approved"].unit)
    user = {
        "other_staff": world.places["b_approved"].staff,
        "other_unit_same_county": world.places["a_draft"].staff,
        "outside_reviewer": world.other_reviewer,
        "county_b_reviewer": None,
    }[who]
    if user is None:  # a reviewer of 乙县 only, inside the same province
        from tests import factories
        from units.models import User

        user = factories.person(User.Role.REVIEWER, jurisdiction=[world.county_b])
    client = client_for(user)
    document = copy.deepcopy(report.document)
    document["projects"][0]["goal_progress"] = "外单位写入"
    for response in (client.get(f"/api/reports/{report.pk}/"), client.get(f"/api/reports/{report.pk}/lights/"),
                     put(client, report.pk, document, 1),
                     post_json(client, f"/api/reports/{report.pk}/submit/"),
                     post_json(client, f"/api/reports/{report.pk}/approve/")):
        assert (response.status_code, response.json()) == (404, {"detail": "找不到这份监控报告。"})
    report.refresh_from_db()
    assert (report.version, report.status) == (1, ReportStatus.DRAFT)


def test_staff_replace_the_document_with_the_version_they_read(world, report):
    staff = world.places["a_approved"].staff
    client = client_for(staff)
    document = client.get(f"/api/reports/{report.pk}/").json()["document"]
    document["projects"][0]["goal_progress"] = "已完成年度目标的60%。"
    document["projects"][0]["indicators"][0]["actual"] = "3"

    response = put(client, report.pk, document, 1)
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"'
    assert (response.json()["version"], response.json()["document"]) == (2, document)
    report.refresh_from_db()
    assert (report.document, report.version, report.touched) == (document, 2, True)
    entry = LogEntry.objects.filter(report_id=report.pk, action="edit").get()
    assert entry.user == staff
    assert {c["location"] for c in entry.changes} == {"projects[0].goal_progress",
                                                      "projects[0].indicators[0].actual"}

    # Another client still holding version 1: nothing is written.
    document["projects"][0]["goal_progress"] = "晚到的修改"
    stale = put(client, report.pk, document, 1)
    assert stale.status_code == 412
    assert stale.json() == {"detail": "报告已被他人修改（当前版本 2），请重新读取后再保存。", "version": 2}
    assert stale["ETag"] == '"2"'
    # A wrong document is refused for what it is, whatever version it was read at.
    wrong = copy.deepcopy(document)
    wrong["months"] = 8
    assert put(client, report.pk, wrong, 1).json()["problems"] == [
        {"path": "months", "message": "监控期间（月数）不能修改（应与报告一致）"}]
    odd = client.put(f"/api/reports/{report.pk}/", json.dumps(document, ensure_ascii=False),
                     content_type="application/json", HTTP_IF_MATCH='W/"2"')
    assert odd.status_code == 412
    missing = put(client, report.pk, document, None)
    assert (missing.status_code, missing.json()["detail"]) == (
        428, "请在 If-Match 请求头中给出所读取报告的版本（GET 答复的 ETag）。")
    report.refresh_from_db()
    assert (report.version, report.document["projects"][0]["goal_progress"]) == (2, "已完成年度目标的60%。")


def test_a_wrong_document_is_refused_with_each_json_path(world, report):
    client = client_for(world.places["a_approved"].staff)
    document = copy.deepcopy(report.document)
    document["projects"][0]["indicators"][1]["likelihood"] = "也许"
    document["projects"][0]["indicators"][2]["reasons"] = ["天气"]
    response = put(client, report.pk, document, 1)
    assert response.status_code == 400
    paths = [p["path"] for p in response.json()["problems"]]
    assert paths == ["projects[0].indicators[1].likelihood", "projects[0].indicators[2].reasons[0]"]
    assert response.json()["detail"] == "监控报告文档有 2 处问题，未保存。"

    document = copy.deepcopy(report.document)
    document["projects"][0]["indicators"][0]["value"] = "≥1000"
    document["projects"][0]["budget"]["total"]["annual"] = "1"
    response = put(client, report.pk, document, 1)
    assert response.status_code == 400
    old_value = report.document["projects"][0]["indicators"][0]["value"]
    old_annual = report.document["projects"][0]["budget"]["total"]["annual"]
    assert response.json()["problems"] == [
        {"path": "projects[0].budget.total.annual", "message": f"年初预算数是审核通过的内容，不能修改（应为“{old_annual}”）"},
        {"path": "projects[0].indicators[0].value", "message": f"年度指标值是审核通过的内容，不能修改（应为“{old_value}”）"},
    ]
    response = put(client, report.pk, copy.deepcopy(report.document) | {"projects": []}, 1)
    assert response.json()["problems"] == [{"path": "projects", "message": "应有 1 个项目（与审核通过的申报一致），实际是 0 个"}]
    report.refresh_from_db()
    assert report.version == 1
    assert not LogEntry.objects.filter(report_id=report.pk, action="edit").exists()


def test_only_the_units_staff_write_and_only_while_editable(world, report):
    document = copy.deepcopy(report.document)
    response = put(client_for(world.reviewer), report.pk, document, 1)
    assert (response.status_code, response.json()) == (403, {"detail": "只有本单位填报人可以修改这份报告。"})
    response = put(client_for(world.admin), report.pk, document, 1)
    assert response.status_code == 403
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    response = put(client_for(world.places["a_approved"].staff), report.pk, document, 1)
    assert (response.status_code, response.json()) == (409, {"detail": "这份报告当前状态为“已提交”，不能修改。"})


def test_submit_is_blocked_by_a_red_light_without_reason_then_returned_and_accepted(world, report):
    staff = world.places["a_approved"].staff
    client = client_for(staff)
    document = copy.deepcopy(report.document)
    p, i = lagging(document)
    assert put(client, report.pk, document, 1).status_code == 200
    name = document["projects"][p]["indicators"][i]["name"]

    refused = post_json(client, f"/api/reports/{report.pk}/submit/")
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "审核规则发现 2 处错误，修改后才能提交。", "problem_count": 2,
        "problems": [
            {"path": f"projects[{p}].indicators[{i}].reasons", "code": "report.reason_required",
             "severity": "error", "message": f"“{name}”为红灯，请选择或填写偏差原因。"},
            {"path": f"projects[{p}].indicators[{i}].measures", "code": "report.measures_required",
             "severity": "error", "message": f"“{name}”为红灯，请填写纠偏措施。"},
        ],
    }
    lights = client.get(f"/api/reports/{report.pk}/lights/").json()
    assert [x["path"] for x in lights["problems"] if x["severity"] == "error"] == [
        f"projects[{p}].indicators[{i}].reasons", f"projects[{p}].indicators[{i}].measures"]
    assert lights["projects"][p]["indicators"][i]["light"] == "red"

    assert put(client, report.pk, explained(document, p, i), 2).status_code == 200
    assert post_json(client, f"/api/reports/{report.pk}/submit/").json() == {"status": "submitted"}
    assert post_json(client, f"/api/reports/{report.pk}/submit/").status_code == 409
    # Staff cannot accept; the reviewer returns with a comment, then accepts.
    assert post_json(client, f"/api/reports/{report.pk}/approve/").status_code == 403
    reviewer = client_for(world.county_reviewer)
    assert post_json(reviewer, f"/api/reports/{report.pk}/return/").status_code == 400  # comment required
    assert post_json(reviewer, f"/api/reports/{report.pk}/return/", {"comment": "请补充纠偏措施的时间安排"}) \
        .json() == {"status": "returned"}
    assert put(client, report.pk, document, 3).status_code == 200
    assert post_json(client, f"/api/reports/{report.pk}/submit/").json() == {"status": "submitted"}
    assert post_json(reviewer, f"/api/reports/{report.pk}/approve/").json() == {"status": "approved"}
    rounds = Round.objects.filter(report=report).order_by("number")
    assert [(r.action, r.to_status) for r in rounds] == [
        ("submit", "submitted"), ("return", "returned"), ("submit", "submitted"), ("approve", "approved")]
    assert rounds[1].comment == "请补充纠偏措施的时间安排"
    assert client.get(f"/api/reports/{report.pk}/").json()["status_label"] == "已接受"


def test_login_methods_and_the_description(world, report):
    assert Client().get("/api/reports/").json() == {"detail": "请先登录（/accounts/login/）。"}
    client = client_for(world.admin)
    assert client.delete(f"/api/reports/{report.pk}/").status_code == 405
    assert client.get(f"/api/reports/{report.pk}/submit/").status_code == 405
    assert client.get("/api/reports/987654/").status_code == 404
    from reviews.openapi import openapi_document

    paths = openapi_document()["paths"]
    assert {"/api/monitoring-rounds/", "/api/monitoring-rounds/{id}/", "/api/reports/", "/api/reports/{id}/",
            "/api/reports/{id}/lights/", "/api/reports/{id}/submit/", "/api/reports/{id}/return/",
            "/api/reports/{id}/approve/"} <= set(paths)
    assert paths["/api/reports/{id}/approve/"]["post"]["summary"] == "接受监控报告"


def test_the_answers_keep_the_description(world, exercise, report):
    """The schemas /api/openapi.json gives hold the answers (schemathesis
    meets no report in the demo data)."""
    import jsonschema_rs

    from reviews.openapi import openapi_document

    components = openapi_document()["components"]

    def valid(name, answer):
        validator = jsonschema_rs.validator_for({"$ref": f"#/components/schemas/{name}", "components": components})
        errors = [str(e) for e in validator.iter_errors(answer)]
        assert errors == [], name

    client = client_for(world.places["a_approved"].staff)
    document = copy.deepcopy(report.document)
    lagging(document)
    put(client, report.pk, document, 1)
    valid("Report", client.get(f"/api/reports/{report.pk}/").json())
    valid("ReportLights", client.get(f"/api/reports/{report.pk}/lights/").json())
    valid("Stale", put(client, report.pk, document, 1).json())
    for item in client_for(world.admin).get("/api/reports/").json()["results"]:
        valid("ReportSummary", item)
    valid("MonitoringRound", client.get("/api/monitoring-rounds/").json()["results"][0])
    valid("MonitoringRoundProgress", client.get(f"/api/monitoring-rounds/{exercise.pk}/").json())
    valid("Monitoring1", report.document)


def test_the_lists_do_not_grow_in_queries_with_their_items(world, exercise):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .core_support import place

    client = client_for(world.reviewer)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = {url: queries(url) for url in ("/api/reports/", "/api/monitoring-rounds/")}
    for n in range(4):
        place(world.county_b, f"乙县新增单位{n}", f"22410{n}", reviewer=world.reviewer)
    open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, months=8, region=world.county_b)
    # The province's round picked the four up when they were approved; 乙县's 1–8月 round has five.
    assert client.get("/api/reports/").json()["count"] == 2 + 4 + 5
    assert {url: queries(url) for url in before} == before
