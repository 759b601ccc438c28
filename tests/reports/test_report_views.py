"""The monitoring report page and the reviewer's overview of a round:
who sees what (404 outside), read-only for reviewers and after submission,
saving with the version guard, problems at their field, the live lights,
the overview's counts and filters."""
import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from reports.documents import monitoring_document
from reports.models import Exercise, Report, ReportStatus
from reports.saving import light_counts
from tests.conftest import load_example
from tests.reviews.conftest import FOREIGN_MARKER, make_world

# In the Hebei example's only project: indicator 5 is 参会单位满意度（%）≥60.
SATISFACTION = "p0-i5"


def make_report(exercise, side, **changes):
    document = monitoring_document(load_example("hebei-huailai-2022"), exercise.months)
    document["unit"]["name"] = side.unit.name
    report = Report.objects.create(exercise=exercise, filing=side.filing, unit=side.unit, document=document,
                                   **light_counts(document), **changes)
    return report


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def exercise(world):
    return Exercise.objects.create(year=2024, months=7, deadline=datetime.date(2099, 8, 15),
                                   region=world.home.province, opened_by=world.home.reviewer)


@pytest.fixture
def report(world, exercise):
    return make_report(exercise, world.home)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(report):
    return reverse("reports:report", args=[report.pk])


def form_data(report, **values):
    """What the page posts: every field as it stands, then `values`."""
    data = {"version_seen": str(report.version)}
    data.update(values)
    return data


# --- who sees the report ------------------------------------------------------

def test_another_units_staff_and_reviewer_get_404(world, exercise, report):
    for user in (world.foreign.staff, world.foreign.reviewer):
        client = client_for(user)
        assert client.get(url(report)).status_code == 404
        assert client.post(url(report), form_data(report, **{f"{SATISFACTION}-actual": "1"})).status_code == 404
        assert client.post(reverse("reports:lights", args=[report.pk]), {}).status_code == 404
    report.refresh_from_db()
    assert report.version == 1


def test_staff_see_their_report_with_approved_values_read_only(world, report):
    page = client_for(world.home.staff).get(url(report))
    assert page.status_code == 200
    html = page.content.decode()
    assert "怀财字【2022】7号 专项经费(会议费)" in html
    assert "≥60全年所有会议" in html  # 年度指标值, shown
    assert 'name="p0-i5-value"' not in html  # ... and not an input
    assert 'name="p0-b-total-annual"' not in html
    for name in ("p0-b-total-executed", "p0-b-total-expected", "p0-i5-actual", "p0-i5-forecast",
                 "p0-i5-reasons", "p0-i5-reason_text", "p0-i5-likelihood", "p0-i5-measures", "p0-i5-note"):
        assert f'name="{name}"' in html
    assert "1–7月执行数" in html and "全年预计执行数" in html and "1–7月实际完成值" in html
    assert "经费保障" in html and "硬件条件保障" in html and "完全不可能" in html
    assert "<fieldset class=\"card-body\" disabled" not in html


def test_reviewer_sees_it_read_only_and_cannot_save(world, report):
    client = client_for(world.home.reviewer)
    html = client.get(url(report)).content.decode()
    assert "审核人只能查看单位填写的内容" in html
    assert 'fieldset class="card-body" disabled' in html
    assert ">保存</button>" not in html
    response = client.post(url(report), form_data(report, **{"p0-b-total-executed": "0.1"}))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 1 and report.document["projects"][0]["budget"]["total"]["executed"] is None


def test_submitted_report_is_read_only_for_its_staff(world, report):
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    client = client_for(world.home.staff)
    html = client.get(url(report)).content.decode()
    assert "此报告已提交，不能修改" in html
    client.post(url(report), form_data(report, **{"p0-b-total-executed": "0.1"}))
    report.refresh_from_db()
    assert report.document["projects"][0]["budget"]["total"]["executed"] is None


# --- saving -----------------------------------------------------------------

def test_save_writes_the_document_counts_and_version(world, report):
    client = client_for(world.home.staff)
    response = client.post(url(report), form_data(report, **{
        "p0-b-total-executed": "0.07", "p0-b-total-expected": "0.14",
        f"{SATISFACTION}-actual": "10", f"{SATISFACTION}-reasons": ["经费保障", "其他"],
        f"{SATISFACTION}-reason_text": "会议推迟", f"{SATISFACTION}-likelihood": "有可能",
        "p0-goal_progress": "按计划推进",
    }))
    assert response.status_code == 302
    report.refresh_from_db()
    project = report.document["projects"][0]
    assert project["budget"]["total"] == {"annual": "0.14", "executed": "0.07", "expected": "0.14"}
    item = project["indicators"][5]
    assert item["actual"] == "10" and item["reasons"] == ["经费保障", "其他"] and item["likelihood"] == "有可能"
    assert item["value"] == "≥60全年所有会议"  # approved value untouched
    assert project["goal_progress"] == "按计划推进"
    assert report.version == 2 and report.touched
    assert report.red == 1 and report.worst == "red"  # 10 of 35 expected by July
    assert report.green == 1  # the budget: 0.07 of 0.07 planned
    html = client.get(url(report)).content.decode()
    assert "100.00%" in html and "50.00%" in html  # 执行率: expected and executed


def test_a_stale_version_is_refused_and_what_was_typed_is_kept(world, report):
    client = client_for(world.home.staff)
    stale = form_data(report)
    client.post(url(report), form_data(report, **{f"{SATISFACTION}-actual": "40"}))  # someone else first
    response = client.post(url(report), {**stale, f"{SATISFACTION}-actual": "12",
                                         f"{SATISFACTION}-measures": "下半年集中召开"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "未保存：在您打开此页后，报告已被他人保存（现为版本 2" in html
    assert "已保存为“40”，您填写“12”" in html
    assert 'value="12"' in html and "下半年集中召开" in html  # kept on the page
    assert 'name="version_seen" value="2"' in html  # saving again overwrites knowingly
    report.refresh_from_db()
    assert report.version == 2 and report.document["projects"][0]["indicators"][5]["actual"] == "40"


def test_an_invalid_amount_is_named_and_nothing_saved(world, report):
    response = client_for(world.home.staff).post(url(report), form_data(report, **{
        "p0-b-total-executed": "一万", f"{SATISFACTION}-actual": "10"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "“一万”不是有效的数字。" in html and 'value="10"' in html
    report.refresh_from_db()
    assert report.version == 1


def test_a_post_without_the_pages_version_saves_nothing(world, report):
    response = client_for(world.home.staff).post(url(report), {f"{SATISFACTION}-actual": "10"})
    assert response.status_code == 200
    assert "页面缺少版本信息，请重新打开此页后再保存。" in response.content.decode()
    report.refresh_from_db()
    assert report.version == 1 and report.document["projects"][0]["indicators"][5]["actual"] is None


def test_problems_are_shown_at_their_field(world, report):
    client = client_for(world.home.staff)
    client.post(url(report), form_data(report, **{f"{SATISFACTION}-actual": "10"}))
    html = client.get(url(report)).content.decode()
    reasons = html.index(f'data-problems-for="{SATISFACTION}-reasons"')
    assert "“参会单位满意度（%）”为红灯，请选择或填写偏差原因。" in html[reasons:reasons + 400]
    measures = html.index(f'data-problems-for="{SATISFACTION}-measures"')
    assert "“参会单位满意度（%）”为红灯，请填写纠偏措施。" in html[measures:measures + 400]
    hint = html.index(f'data-reason-needed="{SATISFACTION}"')
    assert "hidden" not in html[hint:hint + 60]
    assert "2 个问题需在提交前解决" in html


def test_live_lights_judge_what_is_typed_without_saving(world, report):
    response = client_for(world.home.staff).post(reverse("reports:lights", args=[report.pk]), {
        "p0-b-total-executed": "0.049", f"{SATISFACTION}-actual": "10"})
    result = json.loads(response.content)
    satisfaction = result["projects"][0]["indicators"][5]
    assert satisfaction["light"] == "red" and satisfaction["needs_reason"] is True
    assert "完成 28.6%" in satisfaction["explanation"]
    assert result["projects"][0]["budget"]["light"] == "yellow"  # 0.049 of 0.07 planned: 70 %
    assert result["projects"][0]["light"] == "red"
    assert result["rates"]["p0-b-total-executed_rate"] == "35.00"
    fields = {p["field"] for p in result["problems"] if p["severity"] == "error"}
    assert fields == {f"{SATISFACTION}-reasons", f"{SATISFACTION}-measures"}
    report.refresh_from_db()
    assert report.version == 1 and report.red == 0


# --- the staff home page --------------------------------------------------------

def test_staff_home_lists_open_reports_with_deadline(world, exercise, report):
    html = client_for(world.home.staff).get(reverse("home")).content.decode()
    assert "运行监控与绩效自评：待填报的报告" in html and "2099年8月15日" in html and url(report) in html
    foreign = make_report(exercise, world.foreign)
    assert url(foreign) not in client_for(world.home.staff).get(reverse("home")).content.decode()


# --- the reviewer's overview ------------------------------------------------------

@pytest.fixture
def round_of_three(world, exercise):
    """Three units of the home county: one red and submitted, one untouched,
    one accepted; plus a foreign unit's report that must not show."""
    from tests import factories
    from units.models import User

    reports = {"red": make_report(exercise, world.home)}
    for name in ("untouched", "accepted"):
        unit = factories.unit(world.home.county, name=f"单位{name}")
        factories.person(User.Role.STAFF, unit_=unit)
        side = type(world.home)(world.home.province, world.home.county, unit, None, None,
                                factories.filing(unit, year=2024))
        reports[name] = make_report(exercise, side)
    red = reports["red"]
    red.document["projects"][0]["indicators"][5]["actual"] = "10"
    Report.objects.filter(pk=red.pk).update(document=red.document, **light_counts(red.document),
                                            status=ReportStatus.SUBMITTED, touched=True)
    Report.objects.filter(pk=reports["accepted"].pk).update(status=ReportStatus.APPROVED, touched=True)
    make_report(exercise, world.foreign)
    return reports


def test_overview_counts_progress_and_lights_red_first(world, exercise, round_of_three):
    client = client_for(world.home.reviewer)
    html = client.get(reverse("reports:overview", args=[exercise.pk])).content.decode()
    assert FOREIGN_MARKER not in html
    assert "共 3 份报告" in html
    for key, n in (("not_started", 1), ("draft", 0), ("submitted", 1), ("approved", 1), ("late", 0)):
        assert f'data-progress="{key}">{n}<' in html or f'data-progress="{key}" >{n}<' in html
    assert 'data-total="red">1<' in html
    assert '<strong id="red-reports">1</strong>' in html
    rows = [line for line in html.splitlines() if "data-worst=" in line]
    assert 'data-worst="red"' in rows[0] and world.home.unit.name in rows[0]
    assert "参会单位满意度" not in html  # per project, not per indicator
    only_red = client.get(reverse("reports:overview", args=[exercise.pk]), {"light": "red"}).content.decode()
    assert only_red.count("data-worst=") == 1


def test_late_units_after_the_deadline(world, exercise, round_of_three):
    Exercise.objects.filter(pk=exercise.pk).update(deadline=datetime.date(2000, 1, 1))
    html = client_for(world.home.reviewer).get(reverse("reports:overview", args=[exercise.pk]),
                                               {"status": "late"}).content.decode()
    assert 'data-progress="late" class="text-danger fw-semibold">1<' in html
    assert html.count("data-worst=") == 1 and "单位untouched" in html and ">逾期</span>" in html


def test_overview_and_list_are_for_reviewers_of_the_round(world, exercise, round_of_three):
    assert client_for(world.home.staff).get(reverse("reports:overview", args=[exercise.pk])).status_code == 403
    assert client_for(world.home.staff).get(reverse("reports:exercises")).status_code == 403
    # The round holds one foreign report (a round may list units of any
    # region): the foreign reviewer sees that one only, a reviewer of a
    # third province not the round at all.
    foreign_view = client_for(world.foreign.reviewer).get(
        reverse("reports:overview", args=[exercise.pk])).content.decode()
    assert "共 1 份报告" in foreign_view and world.home.unit.name not in foreign_view
    from tests import factories
    from units.models import User

    elsewhere = factories.person(User.Role.REVIEWER, jurisdiction=[factories.region(name="第三省")])
    assert client_for(elsewhere).get(reverse("reports:overview", args=[exercise.pk])).status_code == 404
    assert "2024年度绩效运行监控" not in client_for(elsewhere).get(reverse("reports:exercises")).content.decode()
    listing = client_for(world.home.reviewer).get(reverse("reports:exercises")).content.decode()
    assert "2024年度绩效运行监控（1–7月）" in listing


def test_reviewers_find_the_rounds_in_the_menu_and_staff_do_not(world):
    for name, words in (("reports:exercises", "运行监控"), ("reports:evaluations", "绩效自评")):
        link = f'href="{reverse(name)}">{words}</a>'
        assert link in client_for(world.home.reviewer).get(reverse("reviews:queue")).content.decode()
        assert link not in client_for(world.home.staff).get(reverse("home")).content.decode()


# --- the review actions from the page ----------------------------------------------

def test_submit_return_and_accept_from_the_report_page(world, report):
    staff, reviewer = client_for(world.home.staff), client_for(world.home.reviewer)
    staff.post(url(report), form_data(report, **{f"{SATISFACTION}-actual": "10"}))
    assert "审核流程" in staff.get(url(report)).content.decode()
    refused = staff.post(reverse("reports:submit", args=[report.pk]), follow=True).content.decode()
    assert "“参会单位满意度（%）”为红灯，请填写纠偏措施。" in refused
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT

    staff.post(url(report), form_data(report, **{f"{SATISFACTION}-actual": "10", f"{SATISFACTION}-reasons": "其他",
                                                 f"{SATISFACTION}-measures": "下半年集中召开"}))
    staff.post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert reviewer.post(reverse("reports:approve", args=[report.pk])).status_code == 302
    assert client_for(world.foreign.reviewer).post(reverse("reports:return", args=[report.pk]),
                                                   {"comment": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    html = staff.get(url(report)).content.decode()
    assert "已接受" in html and "审核流程" not in html


# --- opening a round from the form ------------------------------------------------------

def test_a_reviewer_opens_a_round_for_their_region_from_the_form(world):
    from reviews.transitions import transition

    transition(world.home.filing.pk, world.home.staff, "submit")
    transition(world.home.filing.pk, world.home.reviewer, "approve")
    client = client_for(world.home.reviewer)
    assert "发起运行监控任务" in client.get(reverse("reports:exercise_open")).content.decode()
    response = client.post(reverse("reports:exercise_open"), {
        "year": "2024", "months": "7", "deadline": "2099-08-15", "region": str(world.home.county.pk)})
    exercise = Exercise.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:overview", args=[exercise.pk])
    assert [r.unit for r in exercise.reports.all()] == [world.home.unit]
    html = client.get(response.url).content.decode()
    assert "已发起2024年度绩效运行监控（1–7月），共 1 份报告。" in html and "共 1 份报告" in html

    # Outside the jurisdiction: refused at the form, nothing opened.
    refused = client.post(reverse("reports:exercise_open"), {
        "year": "2024", "months": "7", "deadline": "2099-08-15", "region": str(world.foreign.county.pk)})
    assert refused.status_code == 200 and Exercise.objects.count() == 1
    assert client_for(world.home.staff).get(reverse("reports:exercise_open")).status_code == 403


def test_overview_queries_do_not_grow_with_the_units(world, exercise, round_of_three,
                                                     django_assert_max_num_queries):
    from tests import factories

    client = client_for(world.home.reviewer)
    overview = reverse("reports:overview", args=[exercise.pk])
    client.get(overview)  # sessions, caches warmed alike for both counts
    with django_assert_max_num_queries(14) as few:
        client.get(overview)
    for n in range(12):
        unit = factories.unit(world.home.county, name=f"加测单位{n}")
        side = type(world.home)(world.home.province, world.home.county, unit, None, None,
                                factories.filing(unit, year=2024))
        make_report(exercise, side)
    with django_assert_max_num_queries(len(few.captured_queries) + 2):  # + the cache's write of the new rows
        assert "加测单位11" in client.get(overview).content.decode()


def test_an_admin_opens_an_adjustment_from_the_report(world, report):
    from reviews.transitions import transition

    transition(world.home.filing.pk, world.home.staff, "submit")
    transition(world.home.filing.pk, world.home.reviewer, "approve")
    assert "发起调整" not in client_for(world.home.reviewer).get(url(report)).content.decode()
    client = client_for(world.admin)
    assert "发起调整" in client.get(url(report)).content.decode()
    client.post(reverse("reports:adjust", args=[report.pk]), {"reason": "监控发现满意度指标需调整"})
    from reviews.actions import ACTIONS

    report.refresh_from_db()
    world.home.filing.refresh_from_db()
    assert report.adjustment_round.filing_id == world.home.filing.pk
    assert world.home.filing.status == ACTIONS["reopen"].target
    html = client.get(url(report)).content.decode()
    assert "已由此报告发起调整" in html and reverse("reviews:filing", args=[world.home.filing.pk]) in html
    refused = client_for(world.home.reviewer).post(reverse("reports:adjust", args=[report.pk]), {"reason": "x"})
    assert refused.status_code == 403


def test_a_rectification_is_answered_before_the_next_submission(world, report):
    from reviews.transitions import transition

    from reports.models import Rectification

    staff, reviewer = client_for(world.home.staff), client_for(world.home.reviewer)
    assert "提出整改要求" not in reviewer.get(url(report)).content.decode()  # a draft: nothing to review
    transition(report.pk, world.home.staff, "submit", kind="report")
    assert staff.post(reverse("reports:rectify", args=[report.pk]), {"requirement": "x"}).status_code == 403
    reviewer.post(reverse("reports:rectify", args=[report.pk]), {"requirement": "补充满意度调查方案"})
    transition(report.pk, world.home.reviewer, "return", comment="见整改要求", kind="report")
    rectification = Rectification.objects.get(report=report)

    report.refresh_from_db()
    html = staff.get(url(report)).content.decode()
    assert "补充满意度调查方案" in html and "尚未答复" in html
    assert "请填写对整改要求的整改情况后再提交。" in html  # at the answer field
    refused = staff.post(reverse("reports:submit", args=[report.pk]), follow=True).content.decode()
    assert "请填写对整改要求的整改情况后再提交。" in refused

    staff.post(url(report), form_data(report, **{f"rect-{rectification.pk}-answer": "已制定方案，9月实施"}))
    rectification.refresh_from_db()
    assert rectification.answer == "已制定方案，9月实施" and rectification.answered_at is not None
    staff.post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_what_was_typed_comes_back_escaped(world, report):
    client = client_for(world.home.staff)
    typed = '"><script>alert(1)</script>'
    client.post(url(report), form_data(report, **{f"{SATISFACTION}-note": typed, "p0-goal_progress": "\n首行空"}))
    html = client.get(url(report)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    report.refresh_from_db()
    assert report.document["projects"][0]["goal_progress"] == "\n首行空"
    assert '<textarea name="p0-goal_progress" id="id_p0-goal_progress" class="form-control form-control-sm" rows="2">\n\n首行空</textarea>' in html


def test_refresh_adds_the_reports_of_filings_approved_since(world, exercise):
    from reviews.transitions import transition

    client = client_for(world.home.reviewer)
    refresh = reverse("reports:refresh", args=[exercise.pk])
    assert "没有需要补充的报告" in client.post(refresh, follow=True).content.decode()
    transition(world.home.filing.pk, world.home.staff, "submit")
    transition(world.home.filing.pk, world.home.reviewer, "approve")
    Report.objects.filter(exercise=exercise).delete()  # as if approved while the round was being opened
    assert "已补充 1 份报告。" in client.post(refresh, follow=True).content.decode()
    assert [r.unit for r in exercise.reports.all()] == [world.home.unit]
    assert client_for(world.home.staff).post(refresh).status_code == 403
    assert client_for(world.foreign.reviewer).post(refresh).status_code == 404
