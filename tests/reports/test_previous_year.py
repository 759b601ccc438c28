"""Into next year (issue 18 item 6): 2023 copied from the approved 怀来 2022
filing shows, beside each continuing indicator, last year's target and the
actual value of the unit's 2022 self-evaluation, in the editor and on the
review page; the checks warn about targets below last year's actual and
targets last year beat by more than 30 %; another unit's report never shows."""
import datetime

import pytest
from django.urls import reverse

from reports.evaluation_documents import evaluation_document
from reports.models import Exercise, Report, ReportStatus
from reports.previous_year import last_year_results, prime_last_year_results
from targets.checks.last_year import indicator_key
from targets.interchange import export_document, load_filing
from targets.models import Filing, FilingStatus, Indicator
from targets.services.checking import filing_problems
from targets.services.editing import start_filing
from tests import factories
from tests.formdata import form_data
from tests.reviews.conftest import client_for, make_side, submitted
from units.models import User

pytestmark = pytest.mark.django_db

PROJECT = "怀财字【2022】7号 专项经费(会议费)"
# The 怀来 example's rows with the actual values its 2022 self-evaluation gives them.
ACTUALS = {
    "资金成本": "严格按照有关会议文件精神执行",
    "计划完成率": "全部如期举行",
    "延误率": "10",  # ≤50: a reverse indicator, last year far below its ceiling
    "会议数量": "12次",
    "网络安全保障": "已贯彻实施",
    "参会单位满意度（%）": "85%",  # ≥60: beaten by 41.7 %
}


def approved_2022(side):
    filing = factories.filing(side.unit, year=2022, unit={
        "code": side.unit.code, "name": side.unit.name,
        "region": {"code": side.county.code, "name": side.county.name}})
    Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.APPROVED)
    return load_filing(filing.pk)


def evaluation_report(side, filing, actuals=ACTUALS, status=ReportStatus.APPROVED, year=2022):
    exercise = Exercise.objects.create(kind=Exercise.Kind.EVALUATION, months=None, year=year,
                                       deadline=datetime.date(year + 1, 3, 31), region=side.province,
                                       opened_by=side.reviewer)
    document = evaluation_document(export_document(filing))
    for project in document["projects"]:
        for item in project["indicators"]:
            item["actual"] = actuals.get(item["name"])
    return Report.objects.create(exercise=exercise, filing=filing, unit=side.unit, document=document,
                                 status=status)


def copied_2023(side, filing_2022):
    return start_filing(side.unit, 2023, "hebei", filing_2022.amount_unit, filing_2022, side.staff)


@pytest.fixture
def home():
    return make_side("home", "130000", "130730", "本地测试单位")


@pytest.fixture
def foreign():
    # The same unit code in another province: only the unit itself counts.
    return make_side("foreign", "430000", "430981", "泄露检测单位")


def editor_url(filing):
    return reverse("targets:project", args=[filing.pk, filing.projects.get().pk])


def last_year_lines(html):
    return html.count('class="small text-muted last-year"')


def test_the_copy_shows_last_years_target_and_actual_beside_each_continuing_indicator(home):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022)
    filing_2023 = copied_2023(home, filing_2022)

    html = client_for(home.staff).get(editor_url(filing_2023)).content.decode()

    assert last_year_lines(html) == 6
    assert "上年：目标 ≥60全年所有会议，实际 85%" in html
    assert "上年：目标 ≤50会员是否延误，实际 10" in html
    assert "上年：目标 顺利如期举行各项会议，实际 全部如期举行" in html
    # The checks panel names last year's figures.
    assert "偏低：上年实际完成值超出它 41.7%" in html


def test_the_review_page_shows_the_same_lines(home):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022)
    filing_2023 = submitted(copied_2023(home, filing_2022), home.staff)

    html = client_for(home.reviewer).get(reverse("reviews:filing", args=[filing_2023.pk])).content.decode()

    assert last_year_lines(html) == 6
    assert "上年：目标 ≥60全年所有会议，实际 85%" in html
    assert "上年：目标 会议数量和经费相匹配，实际 12次" in html


def test_the_checks_fire_on_the_copied_targets(home):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022)
    filing_2023 = copied_2023(home, filing_2022)

    problems = [p for p in filing_problems(filing_2023, export_document(load_filing(filing_2023.pk)))
                if p.code in ("indicators.below_last_year_actual", "indicators.target_too_modest")]

    assert [(p.code, p.location) for p in problems] == [
        ("indicators.below_last_year_actual", "projects[0].indicators[2].value"),  # 延误率 ≤50, last year 10
        ("indicators.target_too_modest", "projects[0].indicators[5].value"),  # 满意度 ≥60, last year 85%
    ]
    assert problems[0].message == (
        f"项目“{PROJECT}”第3行指标“延误率”的指标值“≤50会员是否延误”宽于上年实际"
        "（上年目标“≤50会员是否延误”，上年实际完成“10”）：反向指标的目标一般不高于上年实际完成值")
    assert problems[1].message == (
        f"项目“{PROJECT}”第6行指标“参会单位满意度（%）”的指标值“≥60全年所有会议”偏低：上年实际完成值超出它 41.7%"
        "（超过 30%；上年目标“≥60全年所有会议”，上年实际完成“85%”），目标可能设置偏低")


def test_the_live_checks_follow_what_is_typed(home):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022)
    filing_2023 = copied_2023(home, filing_2022)
    client = client_for(home.staff)
    url = editor_url(filing_2023)
    data = form_data(client.get(url))
    data["live_checks"] = "1"

    def findings():
        """(field, what) of the live findings about last year."""
        found = []
        for problem in client.post(url, data).json()["problems"]:
            message = problem["message"]
            if "上年目标" in message:
                found.append((problem["field"], "偏低" if "目标可能设置偏低" in message else "不及上年实际"))
        return found

    assert findings() == [("id_ind-2-value", "不及上年实际"), ("id_ind-5-value", "偏低")]
    data["ind-5-value"] = "≥80%"  # raised, still below last year's 85%
    data["ind-2-value"] = "≤10"
    assert findings() == [("id_ind-5-value", "不及上年实际")]
    data["ind-5-value"] = "≥85%"
    assert findings() == []


def test_targets_raised_to_last_years_results_pass(home):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022)
    filing_2023 = copied_2023(home, filing_2022)
    Indicator.objects.filter(filing=filing_2023, name="延误率").update(value="≤10")
    Indicator.objects.filter(filing=filing_2023, name="参会单位满意度（%）").update(value="≥85%")

    codes = {p.code for p in filing_problems(filing_2023, export_document(load_filing(filing_2023.pk)))}

    assert not codes & {"indicators.below_last_year_actual", "indicators.target_too_modest"}


def test_a_change_to_last_years_report_is_not_hidden_by_the_cache(home):
    filing_2022 = approved_2022(home)
    report = evaluation_report(home, filing_2022)
    filing_2023 = copied_2023(home, filing_2022)
    document = export_document(load_filing(filing_2023.pk))
    assert "indicators.target_too_modest" in {p.code for p in filing_problems(filing_2023, document)}

    report.document["projects"][0]["indicators"][5]["actual"] = "60%"
    report.save()

    fresh = Filing.objects.get(pk=filing_2023.pk)  # a new request's filing
    assert "indicators.target_too_modest" not in {p.code for p in filing_problems(fresh, document)}


def test_the_accepted_report_counts_over_a_later_submitted_one(home):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022, status=ReportStatus.APPROVED)
    evaluation_report(home, filing_2022, {"延误率": "20"}, status=ReportStatus.SUBMITTED)
    evaluation_report(home, filing_2022, {"延误率": "30"}, status=ReportStatus.DRAFT)
    filing_2023 = copied_2023(home, filing_2022)

    found = last_year_results(filing_2023)[indicator_key(PROJECT, "延误率")]

    assert (found.target, found.actual, found.status) == ("≤50会员是否延误", "10", ReportStatus.APPROVED)


def test_without_an_accepted_report_the_last_submitted_counts_and_says_so(home):
    filing_2022 = approved_2022(home)
    earlier = evaluation_report(home, filing_2022, {"延误率": "20"}, status=ReportStatus.SUBMITTED)
    evaluation_report(home, filing_2022, {"延误率": "30"}, status=ReportStatus.SUBMITTED)
    earlier.save()  # changed last
    evaluation_report(home, filing_2022, {"延误率": "40"}, status=ReportStatus.RETURNED)
    filing_2023 = copied_2023(home, filing_2022)

    found = last_year_results(filing_2023)[indicator_key(PROJECT, "延误率")]

    assert found.actual == "20"
    assert found.line == "上年：目标 ≤50会员是否延误，实际 20（上年自评尚未接受）"


def test_drafts_and_other_years_give_nothing(home):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022, status=ReportStatus.DRAFT)
    evaluation_report(home, filing_2022, year=2021)
    filing_2023 = copied_2023(home, filing_2022)

    assert last_year_results(filing_2023) == {}
    assert last_year_lines(client_for(home.staff).get(editor_url(filing_2023)).content.decode()) == 0


def test_a_renamed_project_or_indicator_does_not_continue_but_spacing_and_width_do(home):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022)
    filing_2023 = copied_2023(home, filing_2022)
    project = filing_2023.projects.get()
    project.name = " 怀财字【2022】7号　专项经费（会议费）"
    project.save()
    Indicator.objects.filter(filing=filing_2023, name="延误率").update(name="会议延误率")

    html = client_for(home.staff).get(editor_url(filing_2023)).content.decode()

    assert last_year_lines(html) == 5
    assert "实际 10" not in html


def test_another_units_report_never_shows(home, foreign):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022)
    foreign_2022 = approved_2022(foreign)
    foreign_2023 = copied_2023(foreign, foreign_2022)  # the same project and indicators, no report

    staff_page = client_for(foreign.staff).get(editor_url(foreign_2023)).content.decode()
    reviewer_page = client_for(foreign.reviewer).get(
        reverse("reviews:filing", args=[submitted(foreign_2023, foreign.staff).pk])).content.decode()

    for html in (staff_page, reviewer_page):
        assert last_year_lines(html) == 0
        assert "85%" not in html
    assert last_year_results(foreign_2023) == {}
    # And the home unit's 2023 editor is still a 404 for the foreign staff.
    home_2023 = copied_2023(home, filing_2022)
    assert client_for(foreign.staff).get(editor_url(home_2023)).status_code == 404


def test_the_editor_and_review_page_read_last_year_once(home, django_assert_max_num_queries):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022)
    filing_2023 = copied_2023(home, filing_2022)
    staff = client_for(home.staff)
    with django_assert_max_num_queries(100) as captured:
        staff.get(editor_url(filing_2023))
    reads = [q["sql"] for q in captured.captured_queries if "reports_report" in q["sql"]]
    assert len(reads) == 1


def test_a_reviewer_sees_last_year_of_a_unit_in_reach_only(home):
    other_reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[factories.region()])
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022)
    filing_2023 = submitted(copied_2023(home, filing_2022), home.staff)

    assert client_for(other_reviewer).get(reverse("reviews:filing", args=[filing_2023.pk])).status_code == 404


def test_many_filings_read_their_last_years_in_one_query(home, foreign, django_assert_num_queries):
    filing_2022 = approved_2022(home)
    evaluation_report(home, filing_2022, status=ReportStatus.SUBMITTED)
    evaluation_report(home, filing_2022, {"延误率": "20"})
    foreign_2022 = approved_2022(foreign)
    evaluation_report(foreign, foreign_2022, {"延误率": "30"})
    filings = [copied_2023(home, filing_2022), copied_2023(foreign, foreign_2022), filing_2022]
    one_by_one = [last_year_results(Filing.objects.get(pk=f.pk)) for f in filings]
    fresh = [Filing.objects.get(pk=f.pk) for f in filings]  # as a new request reads them

    with django_assert_num_queries(1):
        prime_last_year_results(fresh)
        primed = [last_year_results(f) for f in fresh]

    assert primed == one_by_one
    assert [results.get(indicator_key(PROJECT, "延误率"), (None, None))[1] for results in primed] == ["20", "30", None]
