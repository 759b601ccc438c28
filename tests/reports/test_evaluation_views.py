"""The self-evaluation report page (绩效自评) and a round's overview: who
sees what (404 outside), the live scores while typing (score_evaluation's
points with their explanation), a qualitative score outside its band named
at its field, saving with the version guard, the reviewer's 复核 beside the
unit's score with the grade from it, the overview sorted by score and its
XLSX with numbers as numbers."""
import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from reports.evaluation_documents import evaluation_document
from reports.models import Exercise, Report, ReportStatus
from reports.saving import evaluation_figures
from tests import factories
from tests.conftest import load_example
from tests.reports.evaluation_support import filled
from tests.reviews.conftest import make_world
from units.models import User

EXAMPLE = "hebei-huailai-2022"
# In the Hebei example's only project: indicator 0 is qualitative (分值 12.50),
# indicator 5 参会单位满意度（%）≥60 (分值 10.00).
QUALITATIVE = "p0-i0"
SATISFACTION = "p0-i5"


def make_report(exercise, side, document=None, **changes):
    document = document or evaluation_document(load_example(EXAMPLE))
    document["unit"]["name"] = side.unit.name
    return Report.objects.create(exercise=exercise, filing=side.filing, unit=side.unit, document=document,
                                 **evaluation_figures(document), **changes)


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def exercise(world):
    return Exercise.objects.create(kind=Exercise.Kind.EVALUATION, months=None, year=2024,
                                   deadline=datetime.date(2099, 3, 31), region=world.home.province,
                                   opened_by=world.home.reviewer)


@pytest.fixture
def report(world, exercise):
    return make_report(exercise, world.home)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(report):
    return reverse("reports:report", args=[report.pk])


def scores_url(report):
    return reverse("reports:evaluation_scores", args=[report.pk])


def test_another_units_staff_and_reviewer_get_404(world, report):
    for user in (world.foreign.staff, world.foreign.reviewer):
        client = client_for(user)
        assert client.get(url(report)).status_code == 404
        assert client.post(url(report), {"version_seen": "1", f"{SATISFACTION}-actual": "1"}).status_code == 404
        assert client.post(scores_url(report), {}).status_code == 404
        assert client.post(reverse("reports:evaluation_review_score", args=[report.pk]),
                           {"project": "0", "indicator": "0", "score": "1", "reason": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.version == 1


def test_staff_page_shows_the_approved_values_read_only_and_the_unit_fields(world, report):
    html = client_for(world.home.staff).get(url(report)).content.decode()
    assert "年度项目支出绩效自评" in html
    assert "≥60全年所有会议" in html and 'name="p0-i5-value"' not in html
    assert 'name="p0-b-total-initial"' not in html and "0.14" in html  # 年初预算数, shown
    for name in ("p0-b-total-full_year", "p0-b-total-executed", "p0-i5-actual", "p0-i5-weight",
                 "p0-i5-deviation", "p0-i0-achievement", "p0-i0-score", "p0-goal_outcome", "p0-problems",
                 "p0-improvements"):
        assert f'name="{name}"' in html
    # A quantitative row's 得分 is the rules', never typed.
    assert 'name="p0-i5-score"' not in html
    assert 'data-weight-sum="p0" class="">90.00</strong>' in html
    assert "js/evaluation.js" in html and "<script>" not in html


def test_live_scores_for_a_typed_actual(world, report):
    response = client_for(world.home.staff).post(scores_url(report), {
        f"{SATISFACTION}-actual": "30", "p0-b-total-full_year": "0.14", "p0-b-total-executed": "0.13"})
    assert response.status_code == 200
    project = response.json()["projects"][0]
    row = project["indicators"][5]
    assert row["points"] == "5.00"
    assert row["explanation"] == "实际完成 30，目标 ≥60，完成 50%，得分 = 30 ÷ 60 × 10.00 = 5.00 分"
    assert project["budget"]["points"] == "9.29" and project["budget"]["rates"]["total"] == "92.86"
    assert project["weight_sum"] == "90.00"
    report.refresh_from_db()
    assert report.version == 1 and report.document["projects"][0]["indicators"][5]["actual"] is None


def test_qualitative_score_outside_its_band_is_named_at_the_field(world, report):
    typed = {f"{QUALITATIVE}-actual": "部分完成", f"{QUALITATIVE}-achievement": "部分达成并具有一定效果",
             f"{QUALITATIVE}-score": "12.5"}
    live = client_for(world.home.staff).post(scores_url(report), typed).json()
    assert live["projects"][0]["indicators"][0]["band"] == "7.50–10.00 分"
    at_field = [p for p in live["problems"] if p["field"] == f"{QUALITATIVE}-score"]
    assert at_field and at_field[0]["severity"] == "error"
    # Saved, the page shows it at the same field.
    client = client_for(world.home.staff)
    client.post(url(report), {"version_seen": "1", **typed})
    html = client.get(url(report)).content.decode()
    box = html.split(f'data-problems-for="{QUALITATIVE}-score"')[1].split("</div></div>")[0]
    assert at_field[0]["message"] in box


def test_save_writes_the_document_and_refuses_a_stale_version(world, report):
    client = client_for(world.home.staff)
    response = client.post(url(report), {"version_seen": "1", f"{SATISFACTION}-actual": "30",
                                         "p0-b-total-full_year": "0.14", "p0-b-total-executed": "0.13"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 2
    row = report.document["projects"][0]["indicators"][5]
    assert row["actual"] == "30" and row["score"] == "5.00"  # the computed 得分, stored
    assert report.execution_rate == Decimal("92.86")
    # A page opened at version 1 saves over nothing: refused, what was typed kept.
    stale = client.post(url(report), {"version_seen": "1", f"{SATISFACTION}-actual": "60"})
    assert stale.status_code == 200
    html = stale.content.decode()
    assert "已被他人保存" in html and 'value="60"' in html
    report.refresh_from_db()
    assert report.version == 2 and report.document["projects"][0]["indicators"][5]["actual"] == "30"


def test_submitted_report_is_read_only_for_staff_and_reviewer(world, report):
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    staff = client_for(world.home.staff)
    assert "此报告已提交，不能修改" in staff.get(url(report)).content.decode()
    staff.post(url(report), {"version_seen": "1", f"{SATISFACTION}-actual": "30"})
    reviewer_html = client_for(world.home.reviewer).get(url(report)).content.decode()
    assert ">保存</button>" not in reviewer_html and 'fieldset class="border-0 p-0 m-0" disabled' in reviewer_html
    report.refresh_from_db()
    assert report.version == 1


def test_reviewer_review_score_is_shown_beside_and_the_grade_follows_it(world, exercise):
    report = make_report(exercise, world.home, filled(EXAMPLE), status=ReportStatus.SUBMITTED, touched=True)
    assert (report.total_score, report.grade) == (Decimal("94.29"), "优")
    staff_html = client_for(world.home.staff).get(url(report)).content.decode()
    assert "复核得分（0–" not in staff_html  # no 复核 inputs for the unit
    reviewer = client_for(world.home.reviewer)
    html = reviewer.get(url(report)).content.decode()
    assert 'id="p0-i0-review-score"' in html and 'form="review-p0-i0"' in html
    response = reviewer.post(reverse("reports:evaluation_review_score", args=[report.pk]),
                             {"project": "0", "indicator": "0", "score": "6.25", "reason": "佐证材料不足。"})
    assert response.status_code == 302 and response.url.endswith("#p0-i0")
    report.refresh_from_db()
    assert (report.review_total, report.review_grade, report.final_grade) == (Decimal("88.04"), "良", "良")
    html = reviewer.get(url(report)).content.decode()
    assert "复核 <strong>6.25</strong> 分" in html and "得分：<strong data-points=\"p0-i0\">12.50</strong>" in html
    assert "复核总分 <strong>88.04</strong> · 复核等级 <strong>良</strong>" in html
    # The staff see the 复核 with its reason, read-only.
    staff_html = client_for(world.home.staff).get(url(report)).content.decode()
    assert "复核得分 <strong>6.25</strong> 分（自评 12.50 分）。复核理由：佐证材料不足。" in staff_html
    # Outside 0–分值: refused with the reason, nothing changes.
    reviewer.post(reverse("reports:evaluation_review_score", args=[report.pk]),
                  {"project": "0", "indicator": "0", "score": "20", "reason": "x"})
    report.refresh_from_db()
    assert report.document["projects"][0]["indicators"][0]["review_score"] == "6.25"


def _round_of_three(world, exercise):
    """Three reports: scored 94.29 (优), 复核 88.04 (良), and not scored yet."""
    reports = {}
    for name, document in (("高分", filled(EXAMPLE)), ("复核", filled(EXAMPLE, reviewed=True)), ("未填", None)):
        unit = factories.unit(world.home.county, name=f"单位{name}")
        factories.person(User.Role.STAFF, unit_=unit)
        side = type(world.home)(world.home.province, world.home.county, unit, None, None,
                                factories.filing(unit, year=2024))
        reports[name] = make_report(exercise, side, document)
    return reports


def test_overview_sorted_by_score_with_the_grade_distribution(world, exercise):
    _round_of_three(world, exercise)
    overview = reverse("reports:overview", args=[exercise.pk])
    assert client_for(world.home.staff).get(overview).status_code in (403, 404)  # reviewers only
    client = client_for(world.home.reviewer)
    html = client.get(overview).content.decode()
    order = [html.index(f"单位{name}") for name in ("高分", "复核", "未填")]
    assert order == sorted(order)
    # The score as shown, two decimals; a reviewed report shows both, 复核 first.
    assert ">94.29<" in html
    reviewed = html[html.index("单位复核"):html.index("</tr>", html.index("单位复核"))]
    assert "复核 88.04" in reviewed and "自评 94.29" in reviewed
    assert "复核 良" in reviewed and "自评 优" in reviewed
    assert 'data-grade-count="优">1（50.0%）' in html and 'data-grade-count="良">1（50.0%）' in html
    assert '<strong id="unscored">1</strong>' in html
    html = client.get(overview + "?sort=score_asc").content.decode()
    assert html.index("单位复核") < html.index("单位高分") < html.index("单位未填")  # unscored last either way
    assert "绩效自评任务" in client.get(reverse("reports:evaluations")).content.decode()


def test_overview_xlsx_holds_numbers(world, exercise):
    _round_of_three(world, exercise)
    response = client_for(world.home.reviewer).get(reverse("reports:evaluation_xlsx", args=[exercise.pk]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("预算单位", "地区", "进度", "项目名称", "执行率（%）", "自评得分")
    assert [r[0] for r in rows[1:]] == ["单位高分", "单位复核", "单位未填"]
    first, reviewed, empty = rows[1:]
    assert first[4] == pytest.approx(92.86) and first[5] == pytest.approx(94.29) and first[6] == "优"
    assert isinstance(first[5], (int, float))
    assert reviewed[7] == pytest.approx(88.04) and reviewed[8] == "良" and reviewed[10] == "良"
    assert empty[5] is None
    xlsx = reverse("reports:evaluation_xlsx", args=[exercise.pk])
    assert client_for(world.home.staff).get(xlsx).status_code in (403, 404)  # reviewers only


def test_monitoring_report_is_not_scored_here(world, report):
    monitoring = Exercise.objects.create(year=2024, months=7, deadline=datetime.date(2099, 8, 15),
                                         region=world.home.province, opened_by=world.home.reviewer)
    Report.objects.filter(pk=report.pk).update(exercise=monitoring)
    assert client_for(world.home.staff).post(scores_url(report), {}).status_code == 400


def test_a_reviewer_opens_an_evaluation_round_from_the_form(db):
    from tests.reports.core_support import make_world as monitoring_world

    world = monitoring_world()
    client = client_for(world.reviewer)
    page = client.get(reverse("reports:evaluation_open")).content.decode()
    assert 'name="months"' not in page  # no period
    response = client.post(reverse("reports:evaluation_open"),
                           {"year": "2024", "deadline": "2099-03-31", "region": str(world.province.pk)})
    exercise = Exercise.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:overview", args=[exercise.pk])
    assert (exercise.kind, exercise.months, exercise.year) == (Exercise.Kind.EVALUATION, None, 2024)
    # The province's approved 2024 filings, each a fresh evaluation/1 report.
    assert sorted(exercise.reports.values_list("unit__name", flat=True)) == ["乙县已通过单位", "甲县已通过单位"]
    assert {r.document["format"] for r in exercise.reports.all()} == {"evaluation/1"}
    assert "2024年度绩效自评" in client.get(response.url).content.decode()
    # Outside the reviewer's jurisdiction: refused with the reason, nothing opened.
    refused = client_for(world.county_reviewer).post(
        reverse("reports:evaluation_open"),
        {"year": "2024", "deadline": "2099-03-31", "region": str(world.province.pk)})
    assert refused.status_code == 200 and Exercise.objects.count() == 1
    assert client_for(world.places["a_approved"].staff).get(reverse("reports:evaluation_open")).status_code == 403


def test_staff_submit_a_complete_report_from_the_page(world, exercise):
    report = make_report(exercise, world.home, filled(EXAMPLE), touched=True)
    client = client_for(world.home.staff)
    response = client.post(reverse("reports:submit", args=[report.pk]), follow=True)
    assert "已提交：本地测试单位的绩效自评报告。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_staff_home_lists_an_open_self_evaluation_with_its_score(world, report):
    html = client_for(world.home.staff).get(reverse("home")).content.decode()
    assert "2024年度绩效自评" in html and url(report) in html and "2099年3月31日" in html
    assert "尚未评分" in html and "无红黄灯" not in html  # lights are the monitoring's
