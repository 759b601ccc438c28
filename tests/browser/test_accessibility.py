"""axe-core on the pages as their users see them: no serious or critical
violation. The editor and review pages join this list as their issues
(13, 14) make them pass."""
import pytest
from django.urls import reverse

from .. import factories
from .conftest import serious_accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_home_department_editor_and_queue(live_server, browser_page):
    page = browser_page
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, name="中共怀来县委网络安全和信息化委员会办公室")
    filing = factories.filing(unit)
    staff = factories.person("staff", unit)
    reviewer = factories.person("reviewer", jurisdiction=[region])

    page.goto(f"{live_server.url}/accounts/login/")
    assert serious_accessibility_violations(page) == []
    sign_in(page, live_server, staff)
    assert serious_accessibility_violations(page) == []  # the staff home, with the navigation bar
    page.goto(f"{live_server.url}/filings/{filing.pk}/department/")
    assert serious_accessibility_violations(page) == []
    sign_in(page, live_server, reviewer)
    response = page.goto(live_server.url + reverse("reviews:queue"))
    assert response.status == 200 and "怀来" in page.content()
    assert serious_accessibility_violations(page) == []


EXAMPLES = {"hebei": "hebei-huailai-2022", "hunan": "hunan-yuanjiang-2024", "anhui": "anhui-suzhou-2023"}


@pytest.mark.parametrize("layout", sorted(EXAMPLES))
def test_filing_page_and_each_layouts_editors(live_server, browser_page, layout):
    page = browser_page
    region = factories.region(code={"hebei": "130730", "hunan": "430981", "anhui": "341300"}[layout], layout=layout)
    unit = factories.unit(region)
    filing = factories.filing(unit, example=EXAMPLES[layout])
    project = filing.projects.order_by("order").first()
    sign_in(page, live_server, factories.person("staff", unit))
    for url in (reverse("targets:start") + "?year=2030", reverse("targets:filing", args=[filing.pk]),
                reverse("targets:department", args=[filing.pk]),
                reverse("targets:project", args=[filing.pk, project.pk]),
                reverse("targets:project_new", args=[filing.pk])):
        page.goto(live_server.url + url)
        assert serious_accessibility_violations(page) == [], url


@pytest.mark.parametrize("layout", sorted(EXAMPLES))
def test_each_layouts_review_page_and_history(live_server, browser_page, layout):
    """The diff pages are looked at in test_review_workflow.py."""
    page = browser_page
    region = factories.region(code={"hebei": "130730", "hunan": "430981", "anhui": "341300"}[layout], layout=layout)
    unit = factories.unit(region)
    filing = factories.filing(unit, example=EXAMPLES[layout])
    # Set as submitted: one example's rule error would refuse a submission.
    type(filing).objects.filter(pk=filing.pk).update(status="submitted")
    sign_in(page, live_server, factories.person("reviewer", jurisdiction=[region]))
    for url in (reverse("reviews:queue"), reverse("reviews:filing", args=[filing.pk]),
                reverse("reviews:history", args=[filing.pk])):
        assert page.goto(live_server.url + url).status == 200, url
        assert serious_accessibility_violations(page) == [], url
