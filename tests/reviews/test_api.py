"""The JSON API: same permissions as the pages, answers exactly as the
issue and /api/openapi.json describe them."""
import copy
import json
import re

import pytest
from django.test import Client
from django.urls import get_resolver

from reviews.models import LogEntry
from reviews.openapi import openapi_document
from reviews.transitions import transition
from targets.interchange import export_document, load_filing
from targets.models import Filing, FilingStatus
from units.models import BudgetUnit
from tests.conftest import EXAMPLE_NAMES, load_example

from .conftest import FOREIGN_MARKER, client_for


def post_json(client, url, data=None, **extra):
    body = "" if data is None else json.dumps(data, ensure_ascii=False)
    return client.post(url, body, content_type="application/json", **extra)


def summary(filing):
    region = filing.unit.region
    return {"id": filing.pk, "year": filing.year, "status": filing.status,
            "unit": {"code": filing.unit.code, "name": filing.unit.name,
                     "region": {"code": region.code, "name": region.name}}}


def document_for(side, year):
    document = copy.deepcopy(load_example("hebei-huailai-2022"))
    document["year"] = year
    document["unit"] = {"code": side.unit.code, "name": side.unit.name,
                        "region": {"code": side.county.code, "name": side.county.name}}
    return document


def one_page(*filings):
    return {"count": len(filings), "next": None, "previous": None, "results": [summary(f) for f in filings]}


def test_list_shows_what_each_role_may_see(world):
    home, foreign = world.home, world.foreign
    assert client_for(home.staff).get("/api/filings/").json() == one_page(home.filing)
    assert client_for(home.reviewer).get("/api/filings/").json() == one_page(home.filing)
    results = client_for(world.admin).get("/api/filings/").json()["results"]
    assert sorted(r["id"] for r in results) == sorted([home.filing.pk, foreign.filing.pk])
    assert FOREIGN_MARKER not in client_for(home.reviewer).get("/api/filings/").content.decode()


def test_list_filters(world):
    client = client_for(world.admin)
    transition(world.home.filing.pk, world.home.staff, "submit")
    assert [r["id"] for r in client.get("/api/filings/?status=submitted").json()["results"]] == [world.home.filing.pk]
    assert client.get("/api/filings/?year=2023").json() == one_page()
    assert len(client.get("/api/filings/?year=2024&status=&page=&page_size=").json()["results"]) == 2
    for bad in ("year=abc", "year=²", "year=0", "status=done", "page=0", "page=-1", "page=1.5", "page=²",
                "page=99999999999999999999", "page_size=0", "page_size=1001", "page_size=x"):
        response = client.get(f"/api/filings/?{bad}")
        assert response.status_code == 400, bad
        assert set(response.json()) == {"detail"}


@pytest.fixture
def many_filings(world):
    """Eleven more filings: nine of 2024 and two of 2023 in the home county,
    beside the home and foreign filings of the world."""
    units = [BudgetUnit(region=world.home.county, code=f"5000{n:02d}", name=f"分页单位{n:02d}") for n in range(11)]
    BudgetUnit.objects.bulk_create(units)
    Filing.objects.bulk_create([
        Filing(unit=unit, unit_name=unit.name, year=2024 if n < 9 else 2023, layout="hebei")
        for n, unit in enumerate(units)
    ])
    return units


def test_list_pages_through_what_the_user_may_see(world, many_filings):
    client = client_for(world.home.reviewer)
    whole = client.get("/api/filings/?page_size=1000").json()
    assert whole["count"] == 12 and (whole["next"], whole["previous"]) == (None, None)
    assert FOREIGN_MARKER not in json.dumps(whole, ensure_ascii=False)
    # Newest year first, then by unit name.
    assert [r["unit"]["name"] for r in whole["results"]] == sorted(
        [f"分页单位{n:02d}" for n in range(9)] + ["本地测试单位"]) + ["分页单位09", "分页单位10"]

    first = client.get("/api/filings/?page_size=5").json()
    assert first["count"] == 12
    assert first["next"] == "http://testserver/api/filings/?page_size=5&page=2"
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert (second["next"], second["previous"]) == (
        "http://testserver/api/filings/?page_size=5&page=3", "http://testserver/api/filings/?page_size=5&page=1")
    third = client.get(second["next"]).json()
    assert third["next"] is None and len(third["results"]) == 2
    assert first["results"] + second["results"] + third["results"] == whole["results"]

    response = client.get("/api/filings/?page_size=5&page=4")
    assert response.status_code == 404
    assert response.json() == {"detail": "没有第 4 页（共 12 份申报，每页 5 份）。"}


def test_list_pages_keep_the_filters(world, many_filings):
    client = client_for(world.admin)
    body = client.get("/api/filings/?year=2024&page_size=4&page=2").json()
    # Admin: nine of 2024 here, the home and the foreign filing.
    assert body["count"] == 11
    assert body["next"] == "http://testserver/api/filings/?year=2024&page_size=4&page=3"
    assert body["previous"] == "http://testserver/api/filings/?year=2024&page_size=4&page=1"
    assert all(r["year"] == 2024 for r in body["results"]) and len(body["results"]) == 4
    empty = client.get("/api/filings/?year=2022").json()
    assert empty == one_page()
    assert client.get("/api/filings/?year=2022&page=2").status_code == 404


def test_list_default_page_size_is_100(world):
    units = BudgetUnit.objects.bulk_create(
        [BudgetUnit(region=world.home.county, code=f"6{n:05d}", name=f"百份单位{n:03d}") for n in range(100)])
    Filing.objects.bulk_create([Filing(unit=u, unit_name=u.name, year=2024, layout="hebei") for u in units])
    client = client_for(world.home.reviewer)
    body = client.get("/api/filings/").json()
    assert (body["count"], len(body["results"])) == (101, 100)
    assert body["next"] == "http://testserver/api/filings/?page=2"
    last = client.get(body["next"]).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert len(client.get("/api/filings/?page_size=1000").json()["results"]) == 101


def test_export_is_the_filing_document(world):
    response = client_for(world.home.staff).get(f"/api/filings/{world.home.filing.pk}/export.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == export_document(load_filing(world.home.filing.pk))
    for user in (world.home.staff, world.home.reviewer):
        response = client_for(user).get(f"/api/filings/{world.foreign.filing.pk}/export.json")
        assert response.status_code == 404
        assert response.json() == {"detail": "找不到这份申报。"}


def test_staff_create_a_draft_for_their_unit(world):
    client = client_for(world.home.staff)
    response = post_json(client, "/api/filings/", document_for(world.home, 2025))
    assert response.status_code == 201
    filing = Filing.objects.get(pk=response.json()["id"])
    assert response.json() == {"id": filing.pk}
    assert (filing.unit, filing.year, filing.status, filing.created_by) == (
        world.home.unit, 2025, FilingStatus.DRAFT, world.home.staff)
    assert [(e.action, e.user) for e in LogEntry.objects.filter(filing_id=filing.pk)] == [("import", world.home.staff)]

    again = post_json(client, "/api/filings/", document_for(world.home, 2025))
    assert again.status_code == 409
    assert again.json() == {"detail": "本地测试单位 2025 年度的申报已存在。", "id": filing.pk}


def test_staff_may_not_file_for_another_unit_and_reviewers_not_at_all(world):
    response = post_json(client_for(world.home.staff), "/api/filings/", document_for(world.foreign, 2025))
    assert response.status_code == 403
    assert response.json() == {"detail": "填报人只能为本单位新建申报。"}
    response = post_json(client_for(world.home.reviewer), "/api/filings/", document_for(world.home, 2025))
    assert response.status_code == 403
    assert not Filing.objects.filter(year=2025).exists()


def test_admin_files_for_any_unit(world):
    response = post_json(client_for(world.admin), "/api/filings/", document_for(world.foreign, 2025))
    assert response.status_code == 201
    assert Filing.objects.get(pk=response.json()["id"]).unit == world.foreign.unit


def test_a_malformed_document_lists_each_problem_with_its_path(world):
    document = document_for(world.home, 2025)
    document["year"] = "2025"
    document["projects"][0]["budget"]["total"] = 12.5
    del document["projects"][0]["indicators"][0]["level1"]
    response = post_json(client_for(world.home.staff), "/api/filings/", document)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "申报文档有 3 处问题。"
    assert [p["path"] for p in body["problems"]] == [
        "year", "projects[0].budget.total", "projects[0].indicators[0].level1"]
    assert all(p["message"] for p in body["problems"])
    response = client_for(world.home.staff).post("/api/filings/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["problems"] == [{"path": "", "message": "不是有效的 JSON"}]


def test_transitions_through_the_api(world):
    home = world.home
    staff, reviewer = client_for(home.staff), client_for(home.reviewer)
    url = f"/api/filings/{home.filing.pk}"
    assert post_json(staff, f"{url}/approve/", {"comment": "自己通过"}).status_code == 403
    response = post_json(staff, f"{url}/submit/")
    assert (response.status_code, response.json()) == (200, {"status": "submitted"})
    response = post_json(staff, f"{url}/submit/")
    assert response.status_code == 409
    assert response.json() == {"detail": "这份申报当前状态为“已提交”，不能提交。"}
    response = post_json(reviewer, f"{url}/return/", {"comment": ""})
    assert (response.status_code, response.json()) == (400, {"detail": "退回时必须填写审核意见。"})
    response = post_json(reviewer, f"{url}/return/", {"comment": "请补充指标", "conclusion": "中"})
    assert (response.status_code, response.json()) == (200, {"status": "returned"})
    assert post_json(staff, f"{url}/submit/").json() == {"status": "submitted"}
    response = post_json(reviewer, f"{url}/approve/", {"comment": "同意", "conclusion": "优"})
    assert (response.status_code, response.json()) == (200, {"status": "approved"})
    assert post_json(reviewer, f"{url}/reopen/", {"reason": "调整"}).status_code == 403
    response = post_json(client_for(world.admin), f"{url}/reopen/", {"reason": "预算调整"})
    assert (response.status_code, response.json()) == (200, {"status": "draft"})
    assert [r.comment for r in home.filing.rounds.order_by("number")] == [
        "", "请补充指标", "", "同意", "预算调整"]


def test_transitions_outside_the_jurisdiction_are_not_found(world):
    transition(world.foreign.filing.pk, world.foreign.staff, "submit")
    for action in ("submit", "return", "approve", "reopen"):
        for user in (world.home.staff, world.home.reviewer):
            response = post_json(client_for(user), f"/api/filings/{world.foreign.filing.pk}/{action}/",
                                 {"comment": "x"})
            assert response.status_code == 404
    assert Filing.objects.get(pk=world.foreign.filing.pk).status == FilingStatus.SUBMITTED


def test_submit_with_check_errors_answers_400_with_the_errors(world):
    home = world.home
    document = copy.deepcopy(load_example("hunan-yuanjiang-2024"))
    document["year"] = 2030
    document["unit"] = {"code": home.unit.code, "name": home.unit.name,
                        "region": {"code": home.county.code, "name": home.county.name}}
    created = post_json(client_for(home.staff), "/api/filings/", document)
    assert created.status_code == 201
    created = created.json()
    response = post_json(client_for(home.staff), f"/api/filings/{created['id']}/submit/")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "审核规则发现 1 处错误，修改后才能提交。"
    assert [(p["path"], p["code"], p["severity"]) for p in body["problems"]] == [
        ("department.budget.total", "department_budget.use_mismatch", "error")]


def test_posts_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.home.staff)
    url = f"/api/filings/{world.home.filing.pk}/submit/"
    response = post_json(client, url)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "CSRF" in response.json()["detail"]
    # A signed-in user gets the token from any page with a form.
    client.get(f"/reviews/filings/{world.home.filing.pk}/")
    token = client.cookies["csrftoken"]
    response = post_json(client, url, HTTP_X_CSRFTOKEN=token.value)
    assert (response.status_code, response.json()) == (200, {"status": "submitted"})


def test_methods_and_login(world):
    assert Client().get("/api/filings/").status_code == 401
    response = client_for(world.home.staff).delete("/api/filings/")
    assert response.status_code == 405 and response["Allow"] == "GET, POST"


def openapi_path(route):
    return "/" + re.sub(r"<int:pk>", "{id}", route)


def test_the_description_covers_every_api_url():
    document = openapi_document()
    resolver = get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        if getattr(entry, "namespace", None) == "api":
            routes += [str(entry.pattern) + str(p.pattern) for p in entry.url_patterns]
    # The description itself and its HTML page (/api/docs/) are not operations.
    described = {openapi_path(r) for r in routes if not r.endswith(("openapi.json", "docs/"))}
    assert described == set(document["paths"])
    assert document["openapi"].startswith("3.")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_described_filing_schema_accepts_the_examples(name):
    import jsonschema_rs

    schema = {**openapi_document()["components"]["schemas"]["Filing1"]}
    validator = jsonschema_rs.validator_for(schema)
    assert validator.is_valid(load_example(name))
    broken = load_example(name)
    broken["amount_unit"] = "美元"
    assert not validator.is_valid(broken)


def test_openapi_is_served(world):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(openapi_document()))


def test_comments_with_their_threads_and_rounds_with_their_changes(world):
    from reviews.comments import add_comment, close_comment, reply
    from targets.models import Project

    home = world.home
    filing = home.filing
    transition(filing.pk, home.staff, "submit")
    project = filing.projects.get()
    on_row = add_comment(filing.pk, home.reviewer, "计划完成率应量化", project_id=project.pk, indicator_index=1)
    settled = add_comment(filing.pk, home.reviewer, "请核对预算数")
    reply(filing.pk, on_row.pk, home.staff, "已改为100%")
    close_comment(filing.pk, settled.pk, home.reviewer)
    transition(filing.pk, home.reviewer, "return", comment="请修改", conclusion="中")
    Project.objects.filter(pk=project.pk).update(annual_goal="保障全年会议按计划召开")
    transition(filing.pk, home.staff, "submit")

    client = client_for(home.reviewer)
    found = client.get(f"/api/filings/{filing.pk}/comments/").json()["results"]
    assert [(c["text"], c["state"], c["round_label"], c["closed_with_approval"]) for c in found] == [
        ("计划完成率应量化", "answered", "第1轮", False), ("请核对预算数", "closed", "第1轮", False),
        ("请修改", "open", "第1轮", False)]
    assert found[0]["indicator_id"] == on_row.indicator_id and found[0]["item_removed"] is False
    assert [(r["text"], r["author"]) for r in found[0]["replies"]] == [("已改为100%", home.staff.display_name())]

    transition(filing.pk, home.reviewer, "approve", conclusion="优")
    found = client.get(f"/api/filings/{filing.pk}/comments/").json()["results"]
    assert [(c["state"], c["closed_with_approval"]) for c in found] == [
        ("closed", True), ("closed", False), ("closed", True)]

    rounds = client.get(f"/api/filings/{filing.pk}/rounds/").json()["results"]
    assert [(r["number"], r["round_label"], r["action"]) for r in rounds] == [
        (1, "第1轮", "submit"), (2, "第1轮", "return"), (3, "第2轮", "submit"), (4, "第2轮", "approve")]
    assert [(c["field"], c["new"]) for c in rounds[2]["changes"]] == [("绩效目标", "保障全年会议按计划召开")]
    assert rounds[1]["changes"] == [] and rounds[1]["comment"] == "请修改"

    foreign = world.foreign.filing
    for path in ("comments", "rounds"):
        assert client.get(f"/api/filings/{foreign.pk}/{path}/").status_code == 404
        assert Client().get(f"/api/filings/{filing.pk}/{path}/").status_code == 401
        assert f"/api/filings/{{id}}/{path}/" in openapi_document()["paths"]
