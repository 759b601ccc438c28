"""With the Content-Security-Policy on (the default), every kind of page
loads its vendored scripts, styles and fonts and breaks no directive: the
browser reports no violation."""
import pytest
from django.urls import reverse

from .. import factories
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def violations(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, url
    assert response.headers["content-security-policy"].startswith("default-src 'self'"), url
    return page.evaluate("window.__csp")


def test_pages_of_every_role_break_no_directive(live_server, browser_page):
    page = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region)
    filing = factories.filing(unit)
    project = filing.projects.order_by("order").first()
    pages = {
        factories.person("staff", unit): [
            reverse("home"), reverse("targets:filing", args=[filing.pk]),
            reverse("targets:department", args=[filing.pk]),
            reverse("targets:project", args=[filing.pk, project.pk]),
            reverse("targets:preview", args=[filing.pk]), reverse("password_change"),
        ],
        factories.person("reviewer", jurisdiction=[region]): [
            reverse("reviews:queue"), reverse("reviews:overview"),
            reverse("reviews:filing", args=[filing.pk]), reverse("reviews:history", args=[filing.pk]),
        ],
        factories.person("admin"): [
            reverse("targets:bulk_exports"), reverse("roster"), reverse("reviews:notices"),
            reverse("admin:index"), reverse("admin:units_user_changelist"), reverse("admin:units_user_add"),
        ],
    }
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.evaluate("window.__csp") == []
    for person, urls in pages.items():
        sign_in(page, live_server, person)
        for url in urls:
            assert violations(page, live_server.url + url) == [], url
    assert [text for text in console if "Content Security Policy" in text] == []
