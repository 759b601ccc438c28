"""Every page and API call reachable with a generated filing runs the same
number of SQL queries at 1 and at 20 items: projects and indicator rows per
filing (per layout and status), units in a reviewer's reach."""
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import Notice
from targets.management.commands.generate_scale import province_reviewer_username, staff_username
from targets.models import Filing
from tests.formdata import form_data
from units.models import Region, User

FEW, MANY = "370000", "410000"  # 3 units of 1 project × 1 row; 20 units of 20 × 20
ONE_UNIT = "360000"  # 1 unit, against MANY's 20 for the reviewer's lists
YEAR = 2030
# Generated unit index -> (layout, status) as perf.content assigns them.
UNITS = {0: ("hebei", "draft"), 1: ("hunan", "submitted"), 2: ("anhui", "approved"), 3: ("hebei", "returned")}


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker):
    """Three generated provinces, written once for the module and rolled
    back after it (each test runs in a savepoint inside)."""
    with django_db_blocker.unblock(), transaction.atomic():
        for province, units, size in ((FEW, 4, 1), (ONE_UNIT, 1, 1), (MANY, 20, 20)):
            call_command("generate_scale", units=units, projects=size, indicators=size, year=YEAR,
                         province=province, verbosity=0)
        yield
        transaction.set_rollback(True)


def staff(province, index):
    return User.objects.get(username=staff_username(province, index))


def reviewer(province):
    return User.objects.get(username=province_reviewer_username(province))


def city_reviewer(province):
    city = Region.objects.filter(level=Region.Level.CITY, code__startswith=province[:2]).order_by("code").first()
    return User.objects.get(role=User.Role.REVIEWER, jurisdiction=city)


def filing_of(province, index):
    return Filing.objects.get(unit=staff(province, index).unit, year=YEAR)


def last_project(filing):
    return filing.projects.order_by("-order").first()


def queries(user, url):
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200, url  # warm: first-request caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def compare_filing_page(who, url_for, indexes=UNITS):
    """{unit index: (queries with 1 item, with 20)} where they differ."""
    differ = {}
    for index in indexes:
        counts = []
        for province in (FEW, MANY):
            user = staff(province, index) if who == "staff" else reviewer(province)
            counts.append(queries(user, url_for(filing_of(province, index))))
        if counts[0] != counts[1]:
            differ[UNITS[index]] = tuple(counts)
    return differ


FILING_PAGES = {
    "staff filing page": ("staff", lambda f: reverse("targets:filing", args=[f.pk])),
    "staff project page": ("staff", lambda f: reverse("targets:project", args=[f.pk, last_project(f).pk])),
    "staff department page": ("staff", lambda f: reverse("targets:department", args=[f.pk])),
    "staff API export": ("staff", lambda f: reverse("api:export", args=[f.pk])),
    "reviewer filing page": ("reviewer", lambda f: reverse("targets:filing", args=[f.pk])),
    "reviewer project page": ("reviewer", lambda f: reverse("targets:project", args=[f.pk, last_project(f).pk])),
    "reviewer API export": ("reviewer", lambda f: reverse("api:export", args=[f.pk])),
    "review history": ("reviewer", lambda f: reverse("reviews:history", args=[f.pk])),
    "table preview": ("staff", lambda f: reverse("targets:preview", args=[f.pk])),
    "project table preview": ("reviewer", lambda f: reverse("targets:project_preview",
                                                            args=[f.pk, last_project(f).pk])),
    "download JSON": ("staff", lambda f: reverse("targets:download", args=[f.pk, "json"])),
    # The whole filing's PDF runs the queries of its XLSX (the same
    # visible_document()); one project's PDF stands for the renderer.
    "download XLSX": ("reviewer", lambda f: reverse("targets:download", args=[f.pk, "xlsx"])),
    "download project XLSX": ("staff", lambda f: reverse("targets:project_download",
                                                         args=[f.pk, last_project(f).pk, "xlsx"])),
    "download project PDF": ("reviewer", lambda f: reverse("targets:project_download",
                                                           args=[f.pk, last_project(f).pk, "pdf"])),
}


@pytest.mark.parametrize("page", sorted(FILING_PAGES))
def test_filing_pages(worlds, db, page):
    who, url_for = FILING_PAGES[page]
    assert compare_filing_page(who, url_for) == {}


def test_staff_home(worlds, db):
    assert compare_filing_page("staff", lambda f: reverse("home")) == {}


def test_review_page(worlds, db):
    assert compare_filing_page("reviewer", lambda f: reverse("reviews:filing", args=[f.pk])) == {}


def test_round_pages(worlds, db):
    with_rounds = [1, 2, 3]
    assert compare_filing_page("reviewer", lambda f: reverse("reviews:changes", args=[f.pk]), with_rounds) == {}
    assert compare_filing_page("reviewer", lambda f: reverse("reviews:round_diff", args=[f.pk, 1]),
                               with_rounds) == {}
    assert compare_filing_page("reviewer", lambda f: reverse("reviews:round_snapshot", args=[f.pk, 1]),
                               with_rounds) == {}




@pytest.mark.parametrize("url_name", ["reviews:queue", "reviews:overview", "api:filings"])
@pytest.mark.parametrize("who", ["province", "city"])
def test_lists_do_not_grow_with_units(worlds, db, url_name, who):
    pick = reviewer if who == "province" else city_reviewer
    one, many = pick(ONE_UNIT), pick(MANY)
    # The whole queue (a reviewer's opens on 已提交, none in the one unit's world).
    url = reverse(url_name) + ("?status=" if url_name == "reviews:queue" else "")
    assert Filing.objects.filter(unit__region__path__startswith=many.jurisdiction.get().path).count() >= 20
    assert queries(one, url) == queries(many, url)


@pytest.mark.parametrize("who", ["province", "city"])
def test_notices_do_not_grow(worlds, db, who):
    pick = reviewer if who == "province" else city_reviewer
    one, many = pick(ONE_UNIT), pick(MANY)
    # The one unit's filing is a draft: give its reviewer the one notice.
    Notice.objects.create(recipient=one, filing=filing_of(ONE_UNIT, 0), message="测试通知")
    # ... and the other reviewer twenty (14 of the 20 filings were submitted).
    filing = filing_of(MANY, 0)
    extra = 20 - Notice.objects.filter(recipient=many).count()
    Notice.objects.bulk_create([Notice(recipient=many, filing=filing, message="测试通知") for _ in range(extra)])
    url = reverse("reviews:notices")
    assert queries(one, url) == queries(many, url)


def save_queries(province, index):
    user = staff(province, index)
    filing = filing_of(province, index)
    url = reverse("targets:project", args=[filing.pk, last_project(filing).pk])
    client = Client()
    client.force_login(user)
    data = form_data(client.get(url))
    with CaptureQueriesContext(connection) as context:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return len(context.captured_queries)


def test_saving_a_project(worlds, db):
    assert save_queries(FEW, 0) == save_queries(MANY, 0)
