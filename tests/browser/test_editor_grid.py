"""The project editor at work (issue 13): checks marking their field while
typing, the indicator grid filled from the keyboard and fitting a 1366 × 768
screen. Debian's chromium driven by Playwright."""
import pytest
from django.urls import reverse

from targets.models import Project

from .. import factories
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def settle(page):
    """Let the live checks typing started answer before the test ends and
    its database is emptied."""
    page.wait_for_timeout(700)
    page.wait_for_load_state("networkidle")


def test_a_spending_plan_of_120_is_marked_at_its_field_before_saving(live_server, browser_page, hebei):
    page = browser_page
    sign_in(page, live_server, hebei["staff"])
    page.goto(live_server.url + hebei["url"])
    page.wait_for_load_state("networkidle")
    page.fill("#id_plan-month_10", "120")
    field = page.locator("#id_plan-month_10")
    page.locator("#id_plan-month_10-finding", has_text="不在 0 至 100 之间").wait_for()
    assert "is-invalid" in field.get_attribute("class")
    assert field.get_attribute("aria-describedby") == "id_plan-month_10-finding"
    # The panel lists it; a click there puts the cursor in the field.
    page.locator("#id_plan-month_12").focus()
    page.locator("#checks a", has_text="10月底累计支出比例").click()
    assert page.evaluate("() => document.activeElement.id") == "id_plan-month_10"
    # Nothing was saved; putting it right removes the mark.
    assert [p.percent for p in Project.objects.get(pk=hebei["project"].pk).spending_plan.all()][2] == 75
    page.fill("#id_plan-month_10", "75")
    page.locator("#id_plan-month_10-finding").wait_for(state="detached")
    assert "is-invalid" not in field.get_attribute("class")


def test_enter_in_the_last_cell_adds_a_row_and_the_keyboard_fills_it(live_server, browser_page, hebei):
    page = browser_page
    sign_in(page, live_server, hebei["staff"])
    page.goto(live_server.url + hebei["url"])
    rows = page.locator("tbody.rows tr.indicator-row")
    assert rows.count() == 6
    page.locator("#id_ind-5-basis").focus()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    assert rows.count() == 7
    # The new row's first field has the focus, its cells their names.
    assert page.evaluate("() => document.activeElement.id") == "id_ind-6-name"
    assert page.get_attribute("#id_ind-6-name", "aria-label") == "绩效指标第7行 三级指标"
    page.keyboard.type("会议材料印制")
    page.keyboard.press("Tab")
    page.keyboard.type("按时印发")
    page.keyboard.press("Tab")
    page.keyboard.type("≥2份")
    page.keyboard.press("Enter")  # one line: no line break, no save
    assert rows.count() == 7 and page.input_value("#id_ind-6-value") == "≥2份"
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("已保存项目").wait_for()
    page.wait_for_load_state("networkidle")
    last = Project.objects.get(pk=hebei["project"].pk).indicators.order_by("order").last()
    # The new row starts in the 一级/二级 of the row above.
    assert (last.level1, last.level2, last.name, last.description, last.value) == (
        "满意度指标", "服务对象满意度指标", "会议材料印制", "按时印发", "≥2份")


@pytest.mark.parametrize("example, layout, code", [
    ("hebei-huailai-2022", "hebei", "130730"), ("hunan-yuanjiang-2024", "hunan", "430981")])
def test_fifteen_rows_fit_a_1366_screen_without_sideways_scrolling(live_server, browser_page, example, layout, code):
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    unit = factories.unit(factories.region(code=code, layout=layout))
    filing = factories.filing(unit, example=example)
    project = filing.projects.order_by("order").first()
    sign_in(page, live_server, factories.person("staff", unit))
    page.goto(live_server.url + reverse("targets:project", args=[filing.pk, project.pk]))
    while page.locator("tbody.rows tr.indicator-row").count() < 15:
        page.get_by_role("button", name="＋ 添加指标行").click()
    # The longest texts the tables hold, in every text cell of one row.
    for cell in page.locator("tbody.rows tr.indicator-row").last.locator("textarea").all():
        cell.fill("社会公众或服务对象满意度指标" * 3)
    widths = page.evaluate("""() => [...document.querySelectorAll('.indicator-table .table-responsive')]
        .map(box => [box.scrollWidth, box.clientWidth])""")
    assert widths and all(scroll <= client for scroll, client in widths), widths
    page_width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert page_width[0] <= page_width[1]
    # No select cut off: each shows its longest choice whole.
    cut = page.evaluate("""() => [...document.querySelectorAll('tr.indicator-row select')].filter(select => {
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(select).font;
        probe.textContent = [...select.options].map(o => o.text).reduce((a, b) => a.length >= b.length ? a : b);
        document.body.append(probe);
        const wide = probe.getBoundingClientRect().width;
        probe.remove();
        const style = getComputedStyle(select);
        return wide > select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) + 1;
    }).map(s => s.id)""")
    assert cut == []
    settle(page)
