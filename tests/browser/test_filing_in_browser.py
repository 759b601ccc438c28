"""A unit's staff member fills in the Hebei example project in a real
browser (Debian's chromium driven by Playwright), from an empty filing."""
import pytest

from targets.interchange import export_document, load_filing
from targets.models import Filing

from .. import factories
from ..conftest import load_example
from ..targets.test_interchange import comparable

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_type_the_hebei_project_from_scratch(live_server, browser_page):
    page = browser_page
    expected = load_example("hebei-huailai-2022")["projects"][0]
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, code="224001", name="中共怀来县委网络安全和信息化委员会办公室")
    staff = factories.person("staff", unit)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.get_by_role("link", name="新建申报").click()
    page.fill("#id_year", "2022")  # the layout is the unit's (Hebei)
    page.get_by_role("button", name="创建").click()
    page.get_by_role("link", name="添加项目").click()

    page.fill("#id_code", expected["code"])
    page.fill("#id_name", expected["name"])
    page.fill("#id_budget_total", expected["budget"]["total"])
    page.fill("#id_budget_fiscal", expected["budget"]["fiscal"])
    page.fill("#id_purpose", expected["purpose"])
    for point in expected["spending_plan"]:
        page.fill(f"#id_plan-month_{point['month']}", point["percent"])
    # A spending plan that stops at 75 at the year's end.
    page.fill("#id_plan-month_12", "75")
    page.fill("#id_annual_goal", expected["annual_goal"])

    for index, row in enumerate(expected["indicators"]):
        page.get_by_role("button", name="＋ 添加指标行").click()
        prefix = f"#id_ind-{index}-"
        page.select_option(prefix + "level1", row["level1"])
        page.select_option(prefix + "level2", row["level2"])
        page.fill(prefix + "name", row["name"])
        page.fill(prefix + "description", row["description"])
        page.fill(prefix + "value", row["value"])
        page.fill(prefix + "basis", row["basis"])
    # The value's reading appears beside it while typing.
    page.locator("tr.indicator-row").nth(2).locator(".value-reading", has_text="≤ 50").wait_for()

    page.get_by_role("button", name="保存").click()
    panel = page.locator("#checks")
    panel.get_by_text("12月底累计支出比例为 75%").wait_for()

    page.fill("#id_plan-month_12", "100")
    with page.expect_navigation():  # the page first asks whether its session still holds
        page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存项目").wait_for()
    assert panel.get_by_text("12月底累计支出比例").count() == 0

    filing = Filing.objects.get(unit=unit, year=2022)
    exported = export_document(load_filing(filing.pk))["projects"][0]
    assert comparable(exported) == comparable(expected)


def test_two_level_choices_follow_the_first(live_server, browser_page):
    page = browser_page
    region = factories.region("沅江市", code="430981", layout="hunan")
    unit = factories.unit(region)
    staff = factories.person("staff", unit)
    filing = factories.filing(unit, example="hunan-yuanjiang-2024")
    project = filing.projects.order_by("order").first()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", staff.username)
    page.fill("#id_password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/filings/{filing.pk}/projects/{project.pk}/")
    page.select_option("#id_ind-0-level1", "效益指标")
    enabled = page.eval_on_selector_all(
        "#id_ind-0-level2 option:not([disabled])", "options => options.map(o => o.value).filter(Boolean)")
    assert enabled == ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "社会公众或服务对象满意度指标"]
