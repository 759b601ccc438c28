"""Bounded requests: the API counts a document's problems and lists the
first hundred, refuses a body over the limit and lists beyond their limit
unread; texts have a length per kind (the field catalogue); a project of 300
indicator rows saves in the editor; and a staff member's document cannot
rename the unit that the admin's roster names."""
import copy
import json
import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from targets import field_catalogue as catalogue
from targets.interchange import export_document, import_document, load_filing, validate_document
from targets.interchange.schema import MAX_LISTED_PROBLEMS
from targets.models import Filing, Indicator

from . import factories
from .conftest import load_example
from .formdata import form_data
from .hardening_inputs import problems_array


@pytest.fixture
def place(db):
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, code="224001", name="中共怀来县委网络安全和信息化委员会办公室")
    client = Client()
    client.force_login(factories.person("staff", unit))
    return {"region": region, "unit": unit, "client": client}


def document_for(place, year=2025):
    document = copy.deepcopy(load_example("hebei-huailai-2022"))
    document["year"] = year
    document["unit"] = {"code": place["unit"].code, "name": place["unit"].name,
                        "region": {"code": place["region"].code, "name": place["region"].name}}
    return document


def post_json(client, body):
    if not isinstance(body, bytes):
        body = json.dumps(body, ensure_ascii=False).encode()
    return client.post("/api/filings/", body, content_type="application/json")


def test_a_two_megabyte_array_is_refused_in_one_short_answer(place):
    started = time.monotonic()
    response = post_json(place["client"], problems_array(2.3))
    assert time.monotonic() - started < 20
    assert response.status_code == 400
    assert len(response.content) < 10_000
    answer = response.json()
    assert answer["problem_count"] == 1
    assert answer["problems"][0]["path"] == "projects"
    assert answer["problems"][0]["message"].startswith("最多 300 项，实际有 803,")


def test_the_api_counts_every_problem_and_lists_the_first_hundred(place):
    document = document_for(place)
    document["projects"][0]["indicators"] = [{"level1": None, "level2": None, "name": None}] * 400
    answer = post_json(place["client"], document).json()
    assert answer["problem_count"] == 1200
    assert len(answer["problems"]) == MAX_LISTED_PROBLEMS == 100
    assert answer["detail"] == "申报文档有 1200 处问题。（共 1200 处，列出前 100 处）"
    assert answer["problems"][0] == {"path": "projects[0].indicators[0].level1", "message": "不能为空（null）"}


def test_a_body_over_the_limit_is_refused_in_chinese(place, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = post_json(place["client"], b"[" + b"0," * 600_000 + b"0]")
    assert response.status_code == 413
    assert response.json() == {"detail": "请求内容超过 1 MB 的上限。"}


def test_a_filing_of_thirty_projects_with_300_rows_fits_the_body_limit(place):
    document = document_for(place)
    project = document["projects"][0]
    project["indicators"] = (project["indicators"] * 60)[:300]
    document["projects"] = [copy.deepcopy(project) for _ in range(30)]
    response = post_json(place["client"], document)
    assert response.status_code == 201, response.content[:300]
    assert Indicator.objects.filter(filing_id=response.json()["id"]).count() == 9000


def test_staff_cannot_rename_their_unit_through_the_api(place):
    document = document_for(place)
    document["unit"]["name"] = '=HYPERLINK("http://evil.example/","点此查看")'
    response = post_json(place["client"], document)
    assert response.status_code == 201
    filing = Filing.objects.get(pk=response.json()["id"])
    assert filing.unit_name == "中共怀来县委网络安全和信息化委员会办公室"
    assert filing.unit.name == "中共怀来县委网络安全和信息化委员会办公室"


@pytest.mark.parametrize("kind, limit", [(catalogue.TEXT, 10_000), (catalogue.LONG_TEXT, 20_000)])
def test_each_kind_of_text_has_a_generous_limit(kind, limit):
    assert catalogue.MAX_LENGTH[kind] == limit
    assert catalogue.get("project", "annual_goal").max_length == 20_000
    assert catalogue.get("indicator", "description").max_length == 10_000


def test_a_document_text_over_its_limit_is_refused_naming_the_field():
    document = load_example("hebei-huailai-2022")
    document["projects"][0]["annual_goal"] = "目" * 20_000
    document["projects"][0]["indicators"][0]["description"] = "描" * 10_000
    assert validate_document(document) == []
    document["projects"][0]["annual_goal"] = "目" * 20_001
    document["projects"][0]["indicators"][0]["description"] = "描" * 10_001
    assert [str(p) for p in validate_document(document)] == [
        "projects[0].annual_goal：不能超过 20000 个字符",
        "projects[0].indicators[0].description：不能超过 10000 个字符",
    ]


def test_the_editor_refuses_a_text_over_its_limit_in_chinese(place):
    filing = factories.filing(place["unit"], year=2022)
    project = filing.projects.get()
    url = reverse("targets:project", args=[filing.pk, project.pk])
    data = form_data(place["client"].get(url))
    page = place["client"].get(url).content.decode()
    box = re.search(r'<textarea name="annual_goal"[^>]*>', page)[0]
    assert "maxlength" not in box  # a browser would cut a longer paste without a word
    data["annual_goal"] = "目" * 20_001
    response = place["client"].post(url, data)
    assert response.status_code == 200
    assert "不能超过 20000 个字符（现有 20001 个）。" in response.content.decode()
    assert "目" * 20_001 in response.content.decode()  # kept as typed
    assert load_filing(filing.pk).projects.get().annual_goal == "1.目标内容1"


def test_a_project_with_300_indicator_rows_saves_in_the_editor(place):
    document = document_for(place, 2022)
    project = document["projects"][0]
    project["indicators"] = [dict(project["indicators"][n % len(project["indicators"])], name=f"指标{n}")
                             for n in range(300)]
    filing = import_document(document, unit=place["unit"])
    project_row = filing.projects.get()
    url = reverse("targets:project", args=[filing.pk, project_row.pk])
    data = form_data(place["client"].get(url))
    data["ind-299-value"] = "≥300次"
    response = place["client"].post(url, data)
    assert response.status_code == 302
    saved = export_document(load_filing(filing.pk))["projects"][0]["indicators"]
    assert len(saved) == 300
    assert saved[-1]["name"] == "指标299" and saved[-1]["value"] == "≥300次"
