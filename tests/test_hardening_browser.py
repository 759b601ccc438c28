"""A project of 300 indicator rows saves in the editor in a real browser
(Django's default limit of 1,000 form fields once answered HTTP 400 from
about 120 rows, and the edits were lost)."""
import copy

import pytest

from targets.interchange import export_document, import_document, load_filing

from . import factories
from .browser.conftest import browser_page  # noqa: F401 (a fixture)
from .conftest import load_example

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_project_of_300_indicator_rows_saves_in_the_browser(live_server, browser_page):  # noqa: F811
    page = browser_page
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, code="224001", name="中共怀来县委网络安全和信息化委员会办公室")
    staff = factories.person("staff", unit)
    document = copy.deepcopy(load_example("hebei-huailai-2022"))
    document["unit"] = {"code": unit.code, "name": unit.name, "region": {"code": region.code, "name": region.name}}
    rows = document["projects"][0]["indicators"]
    document["projects"][0]["indicators"] = [dict(rows[n % len(rows)], name=f"指标{n}") for n in range(300)]
    filing = import_document(document, unit=unit)
    project = filing.projects.get()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/filings/{filing.pk}/projects/{project.pk}/")
    assert page.locator("tr.indicator-row").count() == 300
    page.fill("#id_ind-299-value", "≥300次")
    page.fill("#id_annual_goal", "三百行指标的年度目标")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存项目").wait_for()

    saved = export_document(load_filing(filing.pk))["projects"][0]
    assert saved["annual_goal"] == "三百行指标的年度目标"
    assert len(saved["indicators"]) == 300
    assert saved["indicators"][-1]["name"] == "指标299" and saved["indicators"][-1]["value"] == "≥300次"
