"""A self-evaluation report's 自评表 out and back in, in chromium: the unit's
staff find the download links and 导入填好的 XLSX on the report page, upload
a 自评表 filled in Excel, see the changes with their Chinese labels, confirm,
and the page shows the typed value and its new 得分. axe on the report and
the preview.

With REPORT_SCREENSHOTS=DIR the pages are also saved as
DIR/evaluation-files.png and DIR/evaluation-upload-preview.png."""
import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports.evaluation_documents import evaluation_document
from reports.models import Exercise, Report
from reports.saving import evaluation_figures
from tests import factories
from tests.conftest import load_example
from tests.reports.test_evaluation_workbook import edited
from units.models import User

from .conftest import serious_accessibility_violations, sign_in
from .test_evaluation_page import _screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SATISFACTION = 5  # 参会单位满意度（%） ≥60, 分值 10


@pytest.fixture
def report(db):
    county = factories.region("怀来县", code="130730", layout="hebei")
    reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[county])
    exercise = Exercise.objects.create(kind=Exercise.Kind.EVALUATION, months=None, year=2022,
                                       deadline=datetime.date(2099, 3, 31), region=county, opened_by=reviewer)
    unit = factories.unit(county, name="中共怀来县委网络安全和信息化委员会办公室")
    document = evaluation_document(load_example("hebei-huailai-2022"))
    return Report.objects.create(exercise=exercise, filing=factories.filing(unit), unit=unit, document=document,
                                 **evaluation_figures(document))


def test_staff_upload_a_filled_table_and_see_the_new_score(live_server, browser_page, report, tmp_path):
    page = browser_page
    sign_in(page, live_server, factories.person(User.Role.STAFF, report.unit))
    page.goto(live_server.url + reverse("reports:report", args=[report.pk]))
    files = page.locator("#report-files")
    expect(files.get_by_role("link", name="下载 XLSX")).to_be_visible()
    expect(files.get_by_role("link", name="下载 PDF")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    _screenshot(page, "evaluation-files.png")

    path = tmp_path / "自评表.xlsx"
    path.write_bytes(edited(report.document, {("evaluation.indicator.actual", SATISFACTION): "30%"}))
    files.get_by_role("link", name="导入填好的 XLSX").click()
    expect(page.get_by_role("heading", name="从项目支出绩效自评表（XLSX）导入")).to_be_visible()
    page.set_input_files("#id_workbook", str(path))
    page.get_by_role("button", name="上传并预览修改").click()
    expect(page.locator("#change-count")).to_have_text("2")  # 实际完成值 and the 得分 it gives
    expect(page.get_by_text("实际完成值").first).to_be_visible()
    assert serious_accessibility_violations(page) == []
    _screenshot(page, "evaluation-upload-preview.png")

    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已从工作簿“自评表.xlsx”导入，共 2 处修改。")).to_be_visible()
    expect(page.locator("[data-points='p0-i5']")).to_have_text("5.00")
    assert page.input_value("#id_p0-i5-actual") == "30%"
