"""Browser tests: Debian's chromium driven by Playwright, and axe-core
(vendored in vendor/) to check each page a person uses."""
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from .. import factories
from django.db import connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def browser_page():
    if not shutil.which("chromium"):
        pytest.skip("未安装 chromium（Debian 软件包 chromium），跳过浏览器测试")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(15000)
        yield page
        browser.close()
        # Playwright leaves its event loop set as running in this thread, so
        # Django kept the test's database connection per async context, where
        # the test database's teardown does not look: closed here, or
        # PostgreSQL refuses to drop the database still in use.
        connections.close_all()


def serious_accessibility_violations(page):
    """axe-core's serious and critical violations on the page as it stands:
    [(rule id, help, [target selectors])]."""
    # Evaluated, not added as a <script>: the page's CSP refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def sign_in(page, live_server, user):
    """Sign in as `user` (password factories.PASSWORD), starting signed out."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def hebei(db):
    """The Hebei example filed by 怀来's office, its first project and a
    member of its staff; "url" is the project's editor."""
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, name="中共怀来县委网络安全和信息化委员会办公室")
    filing = factories.filing(unit)
    project = filing.projects.order_by("order").first()
    return {"unit": unit, "filing": filing, "project": project, "staff": factories.person("staff", unit),
            "url": reverse("targets:project", args=[filing.pk, project.pk])}
