"""The self-evaluation report page in chromium: staff type the year's
figures and see each 得分 with its explanation, the budget score, the total
and the grade appear without saving; the reviewer's overview lists the
round by score with the grade distribution. axe on both pages.

With REPORT_SCREENSHOTS=DIR the pages are also saved as
DIR/evaluation-report.png and DIR/evaluation-overview.png."""
import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports.evaluation_documents import evaluation_document
from reports.models import Exercise, Report, ReportStatus
from reports.saving import evaluation_figures
from tests import factories
from tests.conftest import load_example
from tests.reports.evaluation_support import filled
from units.models import User

from .conftest import serious_accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = "hebei-huailai-2022"
SATISFACTION = "p0-i5"  # 参会单位满意度（%） ≥60, 分值 10
QUALITATIVE = {"p0-i0": "12.5", "p0-i1": "12.5", "p0-i3": "12.5", "p0-i4": "30"}  # their 分值: full marks


@pytest.fixture
def round_(db):
    county = factories.region("怀来县", code="130730", layout="hebei")
    reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[county])
    exercise = Exercise.objects.create(kind=Exercise.Kind.EVALUATION, months=None, year=2022,
                                       deadline=datetime.date(2099, 3, 31), region=county, opened_by=reviewer)
    reports = []
    for name, document, status in (
            ("中共怀来县委网络安全和信息化委员会办公室", None, ReportStatus.DRAFT),
            ("怀来县财政局", filled(EXAMPLE), ReportStatus.SUBMITTED),
            ("怀来县统计局", filled(EXAMPLE, reviewed=True), ReportStatus.SUBMITTED)):
        unit = factories.unit(county, name=name)
        document = document or evaluation_document(load_example(EXAMPLE))
        reports.append(Report.objects.create(exercise=exercise, filing=factories.filing(unit), unit=unit,
                                             document=document, status=status, touched=status != ReportStatus.DRAFT,
                                             **evaluation_figures(document)))
    staff = factories.person(User.Role.STAFF, reports[0].unit)
    return {"exercise": exercise, "report": reports[0], "staff": staff, "reviewer": reviewer}


def _screenshot(page, name):
    folder = os.environ.get("REPORT_SCREENSHOTS")
    if folder:
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"],
                                "height": page.evaluate("document.documentElement.scrollHeight")})
        page.screenshot(path=str(Path(folder) / name))
        page.set_viewport_size(size)


def test_typed_figures_show_scores_explanations_total_and_grade(live_server, browser_page, round_):
    page, report = browser_page, round_["report"]
    sign_in(page, live_server, round_["staff"])
    page.goto(live_server.url + reverse("reports:report", args=[report.pk]))
    points = page.locator(f"[data-points='{SATISFACTION}']")
    assert points.inner_text() == "—"

    page.fill(f"#id_{SATISFACTION}-actual", "30")
    expect(points).to_have_text("5.00")
    assert page.locator(f"[data-explanation='{SATISFACTION}']").inner_text() == \
        "实际完成 30，目标 ≥60，完成 50%，得分 = 30 ÷ 60 × 10.00 = 5.00 分"

    page.fill("#id_p0-b-total-full_year", "0.14")
    page.fill("#id_p0-b-total-executed", "0.13")
    expect(page.locator("[data-budget-points='p0']")).to_have_text("9.29")
    assert page.locator("[data-rate='p0-b-total-rate']").inner_text() == "92.86%"
    page.fill("#id_p0-i2-actual", "50")
    for row, weight in QUALITATIVE.items():
        page.fill(f"#id_{row}-actual", "已完成")
        page.select_option(f"#id_{row}-achievement", "达成年度指标")
        page.fill(f"#id_{row}-score", weight)
    # A qualitative score above its band is named at its field.
    page.select_option("#id_p0-i4-achievement", "部分达成并具有一定效果")
    expect(page.locator("[data-band='p0-i4']")).to_have_text("得分范围 18.00–24.00 分")
    expect(page.locator("[data-problems-for='p0-i4-score']")).not_to_have_text("")
    page.fill("#id_p0-i4-score", "24")
    expect(page.locator("[data-problems-for='p0-i4-score']")).to_have_text("")
    total = page.locator("#p0-total [data-total='p0']")
    expect(total).to_have_text("88.29")
    assert page.locator("#p0-total [data-grade='p0']").inner_text() == "良"
    assert page.locator("[data-weight-sum='p0']").inner_text() == "90.00"
    page.fill("#id_p0-goal_outcome", "全年会议按计划召开。")
    report.refresh_from_db()
    assert report.version == 1  # nothing saved while typing
    assert serious_accessibility_violations(page) == []
    _screenshot(page, "evaluation-report.png")

    page.click("#report-form button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_text("已保存绩效自评报告。").is_visible()
    report.refresh_from_db()
    assert (report.version, str(report.total_score), report.grade) == (2, "88.29", "良")


def test_the_overview_lists_the_round_by_score(live_server, browser_page, round_):
    page = browser_page
    sign_in(page, live_server, round_["reviewer"])
    page.goto(live_server.url + reverse("reports:evaluations"))
    page.click(f"a[href='{reverse('reports:overview', args=[round_['exercise'].pk])}']")
    page.wait_for_load_state()
    rows = page.locator("#overview-table tbody tr")
    assert rows.count() == 3
    assert [rows.nth(n).get_attribute("data-unit") for n in range(3)] == [
        "怀来县财政局", "怀来县统计局", "中共怀来县委网络安全和信息化委员会办公室"]
    assert page.locator("[data-grade-count='优']").inner_text() == "1（50.0%）"
    assert page.locator("[data-grade-count='良']").inner_text() == "1（50.0%）"
    assert serious_accessibility_violations(page) == []
    _screenshot(page, "evaluation-overview.png")


def test_the_reviewer_sets_a_review_score_and_the_grade_follows_it(live_server, browser_page, round_):
    page = browser_page
    report = Report.objects.get(exercise=round_["exercise"], unit__name="怀来县财政局")
    sign_in(page, live_server, round_["reviewer"])
    page.goto(live_server.url + reverse("reports:report", args=[report.pk]))
    assert page.locator("#report-form fieldset[disabled]").count() > 0
    page.fill("#p0-i4-review-score", "18")
    page.fill("#p0-i4-review-reason", "佐证材料只说明部分完成。")
    page.click("#p0-i4-review button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_text("已保存复核得分。").is_visible()
    assert "复核 18.00 分" in page.locator("#p0-i4").inner_text()
    assert "复核总分 82.29 · 复核等级 良" in page.locator("#p0-total").inner_text()
    assert serious_accessibility_violations(page) == []
    _screenshot(page, "evaluation-review.png")


def test_a_self_evaluation_round_from_opening_to_acceptance(live_server, browser_page):
    """Issue 18's walk: the reviewer opens the 2022 round for 怀来县, the
    staff fill the approved project's actual values and see each score and
    the grade with its explanation as they type, and submit; the reviewer
    sets a 复核 score with a reason and accepts; the overview shows both."""
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
    page.goto(live_server.url + reverse("reports:evaluation_open"))
    page.fill("#id_year", "2022")
    page.fill("#id_deadline", "2099-03-31")
    page.select_option("#id_region", str(county.pk))
    assert serious_accessibility_violations(page) == []
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_text("已发起2022年度绩效自评，共 1 份报告。").is_visible()
    exercise = Exercise.objects.get()

    sign_in(page, live_server, staff)
    page.locator("#open-reports a", has_text="填写").click()
    page.wait_for_load_state()
    page.fill("#id_p0-b-total-full_year", "0.14")
    page.fill("#id_p0-b-total-executed", "0.13")
    expect(page.locator("[data-budget-points='p0']")).to_have_text("9.29")
    page.fill(f"#id_{SATISFACTION}-actual", "95")
    expect(page.locator(f"[data-points='{SATISFACTION}']")).to_have_text("10.00")
    assert page.locator(f"[data-explanation='{SATISFACTION}']").inner_text() == \
        "实际完成 95，达到目标 ≥60，得满分 10.00 分"
    page.fill("#id_p0-i2-actual", "50")
    for row, weight in QUALITATIVE.items():
        page.fill(f"#id_{row}-actual", "已完成")
        page.select_option(f"#id_{row}-achievement", "达成年度指标")
        page.fill(f"#id_{row}-score", weight)
    expect(page.locator("#p0-total [data-total='p0']")).to_have_text("99.29")
    assert page.locator("#p0-total [data-grade='p0']").inner_text() == "优"
    page.fill("#id_p0-goal_outcome", "全年会议按计划召开。")
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_text("已保存绩效自评报告。").is_visible()
    page.click("#report-actions button:has-text('提交')")
    page.wait_for_load_state()
    report = exercise.reports.get()
    assert report.status == ReportStatus.SUBMITTED

    sign_in(page, live_server, reviewer)
    page.goto(live_server.url + reverse("reports:report", args=[report.pk]))
    page.fill("#p0-i4-review-score", "18")
    page.fill("#p0-i4-review-reason", "佐证材料只说明部分完成。")
    page.click("#p0-i4-review button[type=submit]")
    page.wait_for_load_state()
    assert "复核 18.00 分" in page.locator("#p0-i4").inner_text()
    page.click("#report-actions button:has-text('接受')")
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    page.goto(live_server.url + reverse("reports:overview", args=[exercise.pk]))
    row = page.locator("#overview-table tbody tr").nth(0)
    assert "复核 87.29" in row.inner_text() and "自评 99.29" in row.inner_text()
    assert "复核 良" in row.inner_text() and "自评 优" in row.inner_text()
    assert serious_accessibility_violations(page) == []
