"""The API's documentation page renders the OpenAPI description with the
vendored viewer, offline: every request the page makes goes to our own
server, the Content-Security-Policy is not broken, and axe finds no serious
violation."""
import pytest
from django.urls import reverse

from .. import factories
from .conftest import serious_accessibility_violations
from .conftest import sign_in
from .test_csp_in_browser import RECORD_VIOLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_renders_offline(live_server, browser_page):
    page = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    reviewer = factories.person("reviewer", jurisdiction=[factories.region()])
    sign_in(page, live_server, reviewer)
    page.click("text=接口文档")
    page.wait_for_selector(".opblock-summary-path")
    page.wait_for_load_state("networkidle")

    assert page.url == live_server.url + reverse("api:docs")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/filings/" in paths and "/api/filings/{id}/export.json" in paths
    assert page.locator(".opblock-summary-method", has_text="POST").count() >= 5  # the import and each action
    page.locator(".opblock-summary-path", has_text="/api/filings/{id}/submit/").first.click()
    page.wait_for_selector(".opblock-body")
    assert page.locator(".try-out__btn").count() == 0  # reading only
    assert serious_accessibility_violations(page) == []
    page.screenshot(path="/tmp/hardening/api_docs.png", full_page=False)
    assert [url for url in requests if not url.startswith(live_server.url)] == []
    assert page.evaluate("window.__csp") == []
