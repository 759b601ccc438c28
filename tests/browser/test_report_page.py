"""The monitoring report page in chromium: staff type a lagging actual and
see the red light and the required reason appear without saving; the
reviewer's overview lists the round, red first. axe on both pages.

With REPORT_SCREENSHOTS=DIR the pages are also saved as
DIR/monitoring-report.png and DIR/monitoring-overview.png."""
import datetime
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports.documents import monitoring_document
from reports.models import Exercise, Report, ReportStatus
from reports.saving import light_counts
from tests import factories
from tests.conftest import load_example
from tests.reports.monitoring_support import filled
from units.models import User

from .conftest import serious_accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SATISFACTION = "p0-i5"  # 参会单位满意度（%） ≥60, in the Hebei example's project


@pytest.fixture
def round_(db):
    county = factories.region("怀来县", code="130730", layout="hebei")
    reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[county])
    exercise = Exercise.objects.create(year=2022, months=7, deadline=datetime.date(2099, 8, 15), region=county,
                                       opened_by=reviewer)
    unit = factories.unit(county, name="中共怀来县委网络安全和信息化委员会办公室")
    staff = factories.person(User.Role.STAFF, unit)
    document = monitoring_document(load_example("hebei-huailai-2022"), 7)
    report = Report.objects.create(exercise=exercise, filing=factories.filing(unit), unit=unit,
                                   document=document, **light_counts(document))
    # Two more units: one submitted with its figures in, one not started.
    others = []
    for name, status in (("怀来县财政局", ReportStatus.SUBMITTED), ("怀来县统计局", ReportStatus.DRAFT)):
        other_unit = factories.unit(county, name=name)
        other = filled("hebei-huailai-2022", 7) if status == ReportStatus.SUBMITTED else \
            monitoring_document(load_example("hebei-huailai-2022"), 7)
        others.append(Report.objects.create(exercise=exercise, filing=factories.filing(other_unit), unit=other_unit,
                                            document=other, status=status, touched=status != ReportStatus.DRAFT,
                                            **light_counts(other)))
    return {"exercise": exercise, "report": report, "staff": staff, "reviewer": reviewer}


def _screenshot(page, name):
    folder = os.environ.get("REPORT_SCREENSHOTS")
    if folder:
        # The whole page in the viewport: the sticky save bar sits at its end.
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"],
                                "height": page.evaluate("document.documentElement.scrollHeight")})
        page.screenshot(path=str(Path(folder) / name))
        page.set_viewport_size(size)


def test_a_lagging_actual_turns_red_and_asks_for_a_reason_while_typing(live_server, browser_page, round_):
    page, report = browser_page, round_["report"]
    sign_in(page, live_server, round_["staff"])
    page.goto(live_server.url + reverse("home"))
    assert page.locator("#open-reports").get_by_text("2099年8月15日").is_visible()
    page.locator("#open-reports a", has_text="填写").click()
    page.wait_for_load_state()

    light = page.locator(f"[data-light='{SATISFACTION}']")
    hint = page.locator(f"[data-reason-needed='{SATISFACTION}']")
    assert "light-none" in light.get_attribute("class")
    assert hint.is_hidden()

    page.fill("#id_p0-b-total-executed", "0.05")
    page.fill(f"#id_{SATISFACTION}-actual", "10")
    expect(light).to_have_class(re.compile(r"\blight-red\b"))
    assert light.inner_text().strip() == "红灯"
    assert "完成 28.6%" in page.locator(f"[data-light-explanation='{SATISFACTION}']").inner_text()
    assert hint.is_visible() and hint.inner_text() == "需填写偏差原因/纠偏措施"
    assert "请选择或填写偏差原因" in page.locator(f"[data-problems-for='{SATISFACTION}-reasons']").inner_text()
    assert "请填写纠偏措施" in page.locator(f"[data-problems-for='{SATISFACTION}-measures']").inner_text()
    assert page.locator("[data-rate='p0-b-total-executed_rate']").inner_text() == "35.71%"
    assert page.locator("[data-light='p0-budget'] .light-label").inner_text() == "黄灯"  # 0.05 of 0.07: 71 %
    _screenshot(page, "monitoring-report.png")

    # A reason and a measure: the problems go, the light stays red.
    page.check(f"#id_{SATISFACTION}-reasons_0")  # 经费保障
    page.fill(f"#id_{SATISFACTION}-measures", "下半年集中召开")
    expect(page.locator(f"[data-problems-for='{SATISFACTION}-measures']")).to_have_text("")
    assert page.locator(f"[data-problems-for='{SATISFACTION}-reasons']").inner_text() == ""
    assert hint.inner_text() == "已填写偏差原因和纠偏措施"
    assert "light-red" in light.get_attribute("class")

    report.refresh_from_db()
    assert report.version == 1 and report.red == 0  # nothing saved while typing
    assert serious_accessibility_violations(page) == []

    page.click("#report-form button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_text("已保存监控报告。").is_visible()
    report.refresh_from_db()
    assert report.version == 2 and report.red == 1


def test_the_overview_lists_the_round_red_first(live_server, browser_page, round_):
    report = round_["report"]
    report.document["projects"][0]["indicators"][5]["actual"] = "10"
    Report.objects.filter(pk=report.pk).update(document=report.document, touched=True,
                                               **light_counts(report.document))
    page = browser_page
    sign_in(page, live_server, round_["reviewer"])
    page.goto(live_server.url + reverse("reports:exercises"))
    page.click(f"a[href='{reverse('reports:overview', args=[round_['exercise'].pk])}']")
    page.wait_for_load_state()
    rows = page.locator("#overview-table tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).get_attribute("data-worst") == "red"
    assert "中共怀来县委网络安全和信息化委员会办公室" in rows.nth(0).inner_text()
    assert page.locator("[data-progress='not_started']").inner_text() == "1"
    assert page.locator("[data-progress='submitted']").inner_text() == "1"
    assert serious_accessibility_violations(page) == []
    _screenshot(page, "monitoring-overview.png")
    page.select_option("#f-light", "red")
    page.click("text=筛选")
    page.wait_for_load_state()
    shown = page.locator("#overview-table tbody tr")
    assert shown.count() == 2  # the untouched report has no light yet
    assert "怀来县统计局" not in page.locator("#overview-table").inner_text()


def test_a_round_from_opening_to_acceptance(live_server, browser_page):
    """Issue 17's walk: the reviewer opens 1–7月 for 怀来县, the staff fill
    the project with a lagging indicator, see red and the required reason
    while typing, and submit; the reviewer sees red in the overview,
    returns with a comment, and accepts the resubmission."""
    from reviews.transitions import transition

    county = factories.region("怀来县", code="130730", layout="hebei")
    reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[county])
    unit = factories.unit(county, name="中共怀来县委网络安全和信息化委员会办公室")
    staff = factories.person(User.Role.STAFF, unit)
    filing = factories.filing(unit)
    transition(filing.pk, staff, "submit")
    transition(filing.pk, reviewer, "approve")
    page = browser_page

    sign_in(page, live_server, reviewer)
    page.goto(live_server.url + reverse("reports:exercise_open"))
    page.fill("#id_year", "2022")
    page.select_option("#id_months", "7")
    page.fill("#id_deadline", "2099-08-15")
    page.select_option("#id_region", str(county.pk))
    assert serious_accessibility_violations(page) == []
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_text("已发起2022年度绩效运行监控（1–7月），共 1 份报告。").is_visible()
    exercise = Exercise.objects.get()

    sign_in(page, live_server, staff)
    assert serious_accessibility_violations(page) == []  # the home page with its open reports
    page.locator("#open-reports a", has_text="填写").click()
    page.wait_for_load_state()
    page.fill("#id_p0-b-total-executed", "0.07")
    page.fill("#id_p0-b-total-expected", "0.14")
    page.fill(f"#id_{SATISFACTION}-actual", "10")
    expect(page.locator(f"[data-light='{SATISFACTION}']")).to_have_class(re.compile(r"\blight-red\b"))
    expect(page.locator(f"[data-reason-needed='{SATISFACTION}']")).to_have_text("需填写偏差原因/纠偏措施")
    page.check(f"#id_{SATISFACTION}-reasons_0")
    page.fill(f"#id_{SATISFACTION}-reason_text", "会议推迟到下半年")
    page.fill(f"#id_{SATISFACTION}-measures", "下半年集中召开")
    page.select_option(f"#id_{SATISFACTION}-likelihood", "有可能")
    expect(page.locator(f"[data-reason-needed='{SATISFACTION}']")).to_have_text("已填写偏差原因和纠偏措施")
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state()
    page.click("#report-actions button:has-text('提交')")
    page.wait_for_load_state()
    assert page.get_by_text("已提交：中共怀来县委网络安全和信息化委员会办公室的监控报告。").is_visible()

    sign_in(page, live_server, reviewer)
    page.goto(live_server.url + reverse("reports:overview", args=[exercise.pk]))
    first = page.locator("#overview-table tbody tr").nth(0)
    assert first.get_attribute("data-worst") == "red" and "已提交" in first.inner_text()
    first.locator("a", has_text="查看").click()
    page.wait_for_load_state()
    page.fill("#return-comment", "请补充满意度调查的安排。")
    page.click("#report-actions button:has-text('退回')")
    page.wait_for_load_state()
    assert page.locator("#report-rounds").get_by_text("请补充满意度调查的安排。").is_visible()

    sign_in(page, live_server, staff)
    page.goto(live_server.url + reverse("reports:report", args=[exercise.reports.get().pk]))
    assert page.locator("#report-rounds").get_by_text("请补充满意度调查的安排。").is_visible()
    page.fill(f"#id_{SATISFACTION}-note", "9月开展满意度调查")
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state()
    page.click("#report-actions button:has-text('提交')")
    page.wait_for_load_state()

    sign_in(page, live_server, reviewer)
    page.goto(live_server.url + reverse("reports:report", args=[exercise.reports.get().pk]))
    page.click("#report-actions button:has-text('接受')")
    page.wait_for_load_state()
    report = exercise.reports.get()
    assert report.status == ReportStatus.APPROVED and report.red == 1
    assert report.document["projects"][0]["indicators"][5]["note"] == "9月开展满意度调查"
