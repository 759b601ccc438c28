"""The reviewer workspace: queue with filters and counts per status, and the
year overview of every unit of the jurisdiction as a table and a chart."""
import re

import pytest

from reviews.transitions import transition
from targets.models import Filing, FilingStatus
from tests import factories

from .conftest import FOREIGN_MARKER, client_for


@pytest.fixture
def jurisdiction(world):
    """Home province: a second county with two units; filings of 2024 in
    every state, one unit that has not started, and a 2023 filing."""
    home = world.home
    county2 = factories.region(name="第二县", code="130731", parent=home.province)
    started = factories.unit(county2, code="300001", name="第二县甲单位")
    factories.unit(county2, code="300002", name="第二县未开始单位")
    other = factories.filing(started, year=2024, unit={"code": "300001", "name": "第二县甲单位",
                                                      "region": {"code": "130731", "name": "第二县"}})
    older = factories.filing(home.unit, year=2023, unit={"code": home.unit.code, "name": "本地测试单位",
                                                        "region": {"code": "130730", "name": "home县"}})
    transition(home.filing.pk, home.staff, "submit")
    Filing.objects.filter(pk=older.pk).update(status=FilingStatus.APPROVED)
    return {"county2": county2, "other": other, "older": older}


def rows_of(html):
    return re.findall(r'<td><a href="/reviews/filings/(\d+)/">', html)


def test_queue_lists_the_jurisdiction_with_counts(world, jurisdiction):
    response = client_for(world.home.reviewer).get("/reviews/")
    assert response.status_code == 200
    html = response.content.decode()
    assert FOREIGN_MARKER not in html
    assert sorted(map(int, rows_of(html))) == sorted(
        [world.home.filing.pk, jurisdiction["other"].pk, jurisdiction["older"].pk])
    assert response.context["counts"] == {
        "rows": [("draft", "草稿", 1), ("submitted", "已提交", 1), ("returned", "已退回", 0),
                 ("approved", "已通过", 1)],
        "total": 3,
    }


@pytest.mark.parametrize("query, expected", [
    ("year=2024", ["home", "other"]),
    ("status=submitted", ["home"]),
    ("year=2023&status=approved", ["older"]),
    ("region={county2}", ["other"]),
    ("unit={other_unit}", ["other"]),
    ("year=2024&status=returned", []),
])
def test_queue_filters(world, jurisdiction, query, expected):
    ids = {"home": world.home.filing.pk, "other": jurisdiction["other"].pk, "older": jurisdiction["older"].pk}
    query = query.format(county2=jurisdiction["county2"].pk, other_unit=jurisdiction["other"].unit_id)
    html = client_for(world.home.reviewer).get(f"/reviews/?{query}").content.decode()
    assert sorted(map(int, rows_of(html))) == sorted(ids[name] for name in expected)


def test_queue_counts_ignore_the_status_filter_but_keep_the_others(world, jurisdiction):
    response = client_for(world.home.reviewer).get("/reviews/?year=2024&status=approved")
    assert response.context["counts"]["rows"] == [
        ("draft", "草稿", 1), ("submitted", "已提交", 1), ("returned", "已退回", 0), ("approved", "已通过", 0)]


def test_queue_refuses_foreign_filter_values(world, jurisdiction):
    client = client_for(world.home.reviewer)
    response = client.get(f"/reviews/?region={world.foreign.county.pk}&unit={world.foreign.unit.pk}")
    html = response.content.decode()
    assert "筛选条件不正确，已忽略。" in html
    assert FOREIGN_MARKER not in html


def test_queue_is_for_reviewers_and_admins(world, jurisdiction):
    assert client_for(world.home.staff).get("/reviews/").status_code == 403
    html = client_for(world.admin).get("/reviews/").content.decode()
    assert FOREIGN_MARKER in html


def test_queue_query_count_does_not_grow(world, jurisdiction, django_assert_max_num_queries):
    client = client_for(world.home.reviewer)
    client.get("/reviews/")
    with django_assert_max_num_queries(14) as few:
        client.get("/reviews/")
    for number in range(10):
        unit = factories.unit(jurisdiction["county2"], code=f"40000{number}", name=f"批量单位{number}")
        factories.filing(unit, year=2024, unit={"code": unit.code, "name": unit.name,
                                                "region": {"code": "130731", "name": "第二县"}})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/reviews/")


def test_year_overview_table_and_chart(world, jurisdiction):
    response = client_for(world.home.reviewer).get("/reviews/overview/?year=2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert FOREIGN_MARKER not in html
    total = response.context["total"]
    # 本地测试单位 submitted, 第二县甲单位 draft, 第二县未开始单位 not started.
    assert total.count_list == [1, 1, 1, 0, 0]
    assert [(row.region.name, row.count_list) for row in response.context["rows"]] == [
        ("home县", [0, 0, 1, 0, 0]), ("第二县", [1, 1, 0, 0, 0])]
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    svg = re.search(r'<svg[^>]*id="overview-chart".*?</svg>', html, re.S).group(0)
    segments = re.findall(r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="18" fill="#[0-9a-f]+" '
                          r'data-status="(\w+)"', svg)
    # Rows: 合计 (3 units), home县 (1), 第二县 (2); bars 400 wide from x=150.
    assert [(int(x), int(y), int(w), status) for x, y, w, status in segments] == [
        (150, 1, 133, "none"), (283, 1, 134, "draft"), (417, 1, 133, "submitted"),
        (150, 27, 400, "submitted"),
        (150, 53, 200, "none"), (350, 53, 200, "draft"),
    ]


def test_year_overview_other_year_and_admin(world, jurisdiction):
    response = client_for(world.home.reviewer).get("/reviews/overview/?year=2023")
    assert response.context["total"].count_list == [2, 0, 0, 0, 1]
    response = client_for(world.admin).get("/reviews/overview/?year=2024")
    assert FOREIGN_MARKER in response.content.decode()
    assert client_for(world.home.staff).get("/reviews/overview/").status_code == 403


def test_review_page_query_count_does_not_grow_with_projects(world, django_assert_max_num_queries):
    from reviews.comments import add_comment
    from targets.models import Indicator, Project

    from .conftest import submitted

    filing = submitted(world.home.filing, world.home.staff)
    client = client_for(world.home.reviewer)
    url = f"/reviews/filings/{filing.pk}/"
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for number in range(5):
        project = Project.objects.create(filing=filing, order=10 + number, name=f"新增项目{number}")
        for row in range(4):
            Indicator.objects.create(filing=filing, project=project, order=row, level1="产出指标",
                                     level2="数量指标", name=f"指标{number}-{row}", value="≥1次")
        add_comment(filing.pk, world.home.reviewer, f"意见{number}", project_id=project.pk, indicator_index=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "意见4" in html and "指标4-3" in html
