"""Pages run the same number of SQL queries for 1 project with 1 row as for
20 projects with 15 rows each."""
import copy

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.interchange import import_document

from .. import factories
from ..conftest import load_example


def sized_document(projects, rows, layout_example="hebei-huailai-2022"):
    document = copy.deepcopy(load_example(layout_example))
    template = document["projects"][0]
    document["projects"] = []
    for p in range(projects):
        project = copy.deepcopy(template)
        project["name"] = f"项目{p + 1}"
        project["code"] = f"P{p:03d}"
        base = template["indicators"]
        project["indicators"] = [dict(base[r % len(base)], name=f"指标{r + 1}") for r in range(rows)]
        document["projects"].append(project)
    return document


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("example", ["hebei-huailai-2022", "hunan-yuanjiang-2024", "anhui-suzhou-2023"])
def test_editor_pages_do_not_grow_with_the_filing(example):
    unit = factories.unit()
    staff = factories.person("staff", unit)
    client = Client()
    client.force_login(staff)
    small = import_document(dict(sized_document(1, 1, example), year=2030), unit=unit)
    large = import_document(dict(sized_document(20, 15, example), year=2031), unit=unit)
    pages = [
        lambda f: reverse("targets:filing", args=[f.pk]),
        lambda f: reverse("targets:project", args=[f.pk, f.projects.order_by("-order").first().pk]),
        lambda f: reverse("targets:department", args=[f.pk]),
        lambda f: reverse("home"),
    ]
    for page in pages:
        assert count_queries(client, page(large)) == count_queries(client, page(small)), page(large)


@pytest.mark.django_db
def test_the_staff_home_does_not_grow_with_the_years_filed():
    """Each year's checks read the year before's self-evaluation: for all
    the unit's filings at once."""
    unit = factories.unit()
    client = Client()
    client.force_login(factories.person("staff", unit))
    import_document(dict(sized_document(1, 1), year=2030), unit=unit)
    one_year = count_queries(client, reverse("home"))
    for year in (2031, 2032, 2033):
        import_document(dict(sized_document(1, 1), year=year), unit=unit)
    assert count_queries(client, reverse("home")) == one_year
