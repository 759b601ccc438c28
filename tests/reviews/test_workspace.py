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
    return re.findall(r'<td data-label="预算单位"><a href="/reviews/filings/(\d+)/">', html)


def test_queue_lists_the_jurisdiction_with_counts(world, jurisdiction):
    response = client_for(world.home.reviewer).get("/reviews/?status=")
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


def test_a_reviewers_queue_opens_on_what_waits_for_them(world, jurisdiction):
    response = client_for(world.home.reviewer).get("/reviews/")
    html = response.content.decode()
    assert rows_of(html) == [str(world.home.filing.pk)]
    assert response.context["form"]["status"].value() == "submitted"
    assert 'href="?status=">全部' in html
    assert 'class="nav-link active" href="?status=submitted" data-status="submitted"' in html
    # The admin, who decides on none, sees everything in reach.
    assert len(rows_of(client_for(world.admin).get("/reviews/").content.decode())) == Filing.objects.count() == 4


def test_queue_counts_ignore_the_status_filter_but_keep_the_others(world, jurisdiction):
    response = client_for(world.home.reviewer).get("/reviews/?year=2024&status=approved")
    assert response.context["counts"]["rows"] == [
        ("draft", "草稿", 1), ("submitted", "已提交", 1), ("returned", "已退回", 0), ("approved", "已通过", 0)]


@pytest.mark.parametrize("query, expected", [
    ("status=", 3), ("status=submitted", 1), ("status=returned", 0), ("year=2024&status=approved", 0),
    ("year=2024", 2), ("region=-1", 3),  # an invalid filter is ignored: everything in reach
])
def test_queue_pages_count_what_the_filters_leave(world, jurisdiction, query, expected):
    page = client_for(world.home.reviewer).get(f"/reviews/?{query}").context["page"]
    assert page.paginator.count == expected == len(page.object_list)


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
    # One comment from the start: loading comments (and their replies) is
    # then measured at both sizes.
    add_comment(filing.pk, world.home.reviewer, "意见", project_id=filing.projects.get().pk, indicator_index=0)
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
    # More rows in the first project too, one of them commented on.
    first = filing.projects.order_by("order", "id").first()
    for row in range(10):
        Indicator.objects.create(filing=filing, project=first, order=100 + row, level1="效益指标",
                                 level2="社会效益指标", name=f"追加指标{row}", value="显著提升")
    add_comment(filing.pk, world.home.reviewer, "追加行的意见", project_id=first.pk,
                indicator_index=first.indicators.count() - 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert "意见4" in html and "指标4-3" in html and "追加指标9" in html and "追加行的意见" in html


# --- the overview drilled down by region, and its unit list ---------------------

@pytest.fixture
def city(world, jurisdiction):
    """A city of the home province with two units of its own (市本级), one
    approved and one not started, and a district below it with a returned
    filing; the foreign province keeps its draft filing."""
    province = world.home.province
    city = factories.region(name="home市", code="130100", parent=province)
    district = factories.region(name="home市区", code="130102", parent=city)
    own_done = factories.unit(city, code="310001", name="市本级单位甲")
    factories.unit(city, code="310002", name="市本级单位乙")
    district_unit = factories.unit(district, code="320001", name="市辖区单位")
    for unit, status in ((own_done, FilingStatus.APPROVED), (district_unit, FilingStatus.RETURNED)):
        Filing.objects.create(unit=unit, unit_name=unit.name, year=2024, layout="hebei", status=status)
    return {"city": city, "district": district}


def overview_rows(response):
    return [(row.label, row.count_list) for row in response.context["rows"]]


def unit_names(response):
    return [unit.name for unit in response.context["page"].object_list]


def test_overview_counts_each_region_with_everything_below_it(world, city):
    response = client_for(world.home.reviewer).get("/reviews/overview/?year=2024")
    # Columns: 未开始, 草稿, 已提交, 已退回, 已通过.
    assert overview_rows(response) == [
        ("home县", [0, 0, 1, 0, 0]), ("第二县", [1, 1, 0, 0, 0]), ("home市", [1, 0, 0, 1, 1])]
    assert response.context["total"].count_list == [2, 1, 1, 1, 1]
    assert response.context["region"] == world.home.province
    html = response.content.decode()
    assert FOREIGN_MARKER not in html
    assert f'href="?year=2024&amp;region={city["city"].pk}"' in html


def test_overview_opens_a_region_with_its_own_units_as_a_row(world, city):
    client = client_for(world.home.reviewer)
    response = client.get(f"/reviews/overview/?year=2024&region={city['city'].pk}")
    assert overview_rows(response) == [("home市本级", [1, 0, 0, 0, 1]), ("home市区", [0, 0, 0, 1, 0])]
    assert response.context["total"].count_list == [1, 0, 0, 1, 1]
    assert [r.name for r in response.context["breadcrumb"]] == ["home省", "home市"]
    assert unit_names(response) == ["市本级单位甲", "市本级单位乙", "市辖区单位"]
    svg = re.search(r'<svg[^>]*id="overview-chart".*?</svg>', response.content.decode(), re.S).group(0)
    assert re.findall(r'<text x="142"[^>]*>([^<]+)</text>', svg) == ["合计", "home市本级", "home市区"]

    leaf = client.get(f"/reviews/overview/?year=2024&region={city['district'].pk}")
    assert overview_rows(leaf) == [("home市区本级", [0, 0, 0, 1, 0])]
    assert [r.name for r in leaf.context["breadcrumb"]] == ["home省", "home市", "home市区"]
    assert unit_names(leaf) == ["市辖区单位"]


def test_overview_unit_list_by_status(world, city, jurisdiction):
    client = client_for(world.home.reviewer)
    response = client.get("/reviews/overview/?year=2024&status=none")
    assert unit_names(response) == ["第二县未开始单位", "市本级单位乙"]
    assert "href=\"/reviews/filings/" not in response.content.decode().split('id="overview-units"')[1]
    response = client.get(f"/reviews/overview/?year=2024&region={city['city'].pk}&status=approved")
    assert unit_names(response) == ["市本级单位甲"]
    filing = Filing.objects.get(unit__name="市本级单位甲")
    assert f'<a href="/reviews/filings/{filing.pk}/">市本级单位甲</a>' in response.content.decode()
    # An unknown status lists every unit.
    assert len(unit_names(client.get("/reviews/overview/?year=2024&status=bogus"))) == 6


def test_overview_unit_list_pages(world, city, monkeypatch):
    monkeypatch.setattr("reviews.views.OVERVIEW_UNITS_PER_PAGE", 2)
    client = client_for(world.home.reviewer)
    pages = [client.get(f"/reviews/overview/?year=2024&page={n}") for n in (1, 2, 3)]
    assert [unit_names(page) for page in pages] == [
        ["本地测试单位", "第二县甲单位"], ["第二县未开始单位", "市本级单位甲"], ["市本级单位乙", "市辖区单位"]]
    # The pager keeps the year, the region and the status.
    region = city["city"].pk
    response = client.get(f"/reviews/overview/?year=2024&region={region}")
    assert unit_names(response) == ["市本级单位甲", "市本级单位乙"]
    assert f'href="?year=2024&amp;region={region}&amp;page=2">下一页' in response.content.decode()
    response = client.get(f"/reviews/overview/?year=2024&region={region}&status=returned")
    assert unit_names(response) == ["市辖区单位"] and "下一页" not in response.content.decode()
    response = client.get("/reviews/overview/?year=2024&status=none")
    assert unit_names(response) == ["第二县未开始单位", "市本级单位乙"]
    assert "下一页" not in response.content.decode()


def test_overview_of_a_foreign_region_is_not_found(world, city):
    client = client_for(world.home.reviewer)
    for region in (world.foreign.province.pk, world.foreign.county.pk, 987654, "x"):
        response = client.get(f"/reviews/overview/?region={region}")
        assert response.status_code == 404
        assert FOREIGN_MARKER not in response.content.decode()


def test_overview_for_an_admin_starts_from_every_province(world, city):
    client = client_for(world.admin)
    response = client.get("/reviews/overview/?year=2024")
    assert overview_rows(response) == [("home省", [2, 1, 1, 1, 1]), ("foreign省", [0, 1, 0, 0, 0])]
    assert response.context["region"] is None and response.context["several_tops"]
    response = client.get(f"/reviews/overview/?year=2024&region={world.foreign.province.pk}")
    assert overview_rows(response) == [("foreign县", [0, 1, 0, 0, 0])]
    assert unit_names(response) == [FOREIGN_MARKER]


def test_overview_of_a_city_reviewer_starts_from_the_city(world, city):
    from units.models import User

    reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[city["city"]], username="reviewer_city")
    response = client_for(reviewer).get("/reviews/overview/?year=2024")
    assert response.context["region"] == city["city"]
    assert overview_rows(response) == [("home市本级", [1, 0, 0, 0, 1]), ("home市区", [0, 0, 0, 1, 0])]
    assert [r.name for r in response.context["breadcrumb"]] == ["home市"]
    # The province above the jurisdiction is outside it.
    assert client_for(reviewer).get(f"/reviews/overview/?region={world.home.province.pk}").status_code == 404
    html = client_for(reviewer).get("/reviews/overview/?year=2024").content.decode()
    assert "本地测试单位" not in html and FOREIGN_MARKER not in html


def test_overview_query_count_does_not_grow_with_regions(world, city, django_assert_max_num_queries):
    client = client_for(world.home.reviewer)
    url = f"/reviews/overview/?year=2024&region={city['city'].pk}"
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for number in range(5):
        district = factories.region(name=f"新区{number}", code=f"13011{number}", parent=city["city"])
        for index in range(3):
            unit = factories.unit(district, code=f"33{number}00{index}", name=f"新区{number}单位{index}")
            Filing.objects.create(unit=unit, unit_name=unit.name, year=2024, layout="hebei")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 7


# --- the queue's unit filter ------------------------------------------------------

def unit_options(html):
    select = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\d*)"', select)


def test_queue_lists_units_only_up_to_the_limit(world, jurisdiction, monkeypatch):
    monkeypatch.setattr("reviews.forms.UNIT_CHOICES_LIMIT", 2)
    client = client_for(world.home.reviewer)
    html = client.get("/reviews/").content.decode()
    # Three units in reach: none listed, and a hint says why.
    assert unit_options(html) == [""]
    assert 'id="unit-hint"' in html
    county2 = jurisdiction["county2"]
    html = client.get(f"/reviews/?region={county2.pk}").content.decode()
    assert unit_options(html) == [""] + [str(pk) for pk in county2.units.order_by("code").values_list("pk", flat=True)]
    assert 'id="unit-hint"' not in html
    # A unit chosen while the list is cut still shows as chosen, and filters.
    other = jurisdiction["other"]
    html = client.get(f"/reviews/?unit={other.unit_id}").content.decode()
    assert unit_options(html) == ["", str(other.unit_id)]
    assert f'<option value="{other.unit_id}" selected>' in html
    assert rows_of(html) == [str(other.pk)]


def test_queue_lists_every_unit_of_a_small_reach(world, jurisdiction):
    html = client_for(world.home.reviewer).get("/reviews/").content.decode()
    assert len(unit_options(html)) == 1 + 3
    assert FOREIGN_MARKER not in html


def test_queue_finds_units_by_name_or_code(world, jurisdiction):
    client = client_for(world.home.reviewer)
    assert rows_of(client.get("/reviews/?q=第二县").content.decode()) == [str(jurisdiction["other"].pk)]
    # 224001 is the code of the home unit and of the foreign one.
    found = rows_of(client.get("/reviews/?q=224001").content.decode())
    assert sorted(map(int, found)) == sorted([world.home.filing.pk, jurisdiction["older"].pk])
    html = client.get(f"/reviews/?q={FOREIGN_MARKER}").content.decode()
    assert rows_of(html) == [] and "没有符合条件的申报。" in html
    found = rows_of(client_for(world.admin).get("/reviews/?q=224001&year=2024").content.decode())
    assert sorted(map(int, found)) == sorted([world.home.filing.pk, world.foreign.filing.pk])


def test_queue_years_are_those_of_visible_filings(world, jurisdiction):
    from reviews.forms import QueueFilterForm

    Filing.objects.create(unit=world.foreign.unit, unit_name="外省", year=2019, layout="hebei")
    form = QueueFilterForm(world.home.reviewer)
    assert form.fields["year"].choices == [("", "全部年度"), (2024, "2024年"), (2023, "2023年")]
