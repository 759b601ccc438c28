"""The filing editor through the pages: start, copy, edit every part,
nothing lost on errors or conflicts, permissions."""
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from targets.interchange import export_document, load_filing
from targets.models import Filing, Indicator, Project

from .. import factories
from ..formdata import form_data


@pytest.fixture
def place(db):
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, code="224001", name="中共怀来县委网络安全和信息化委员会办公室")
    staff = factories.person("staff", unit)
    client = Client()
    client.force_login(staff)
    return {"region": region, "unit": unit, "staff": staff, "client": client}


def start(client, year=2025, layout="hebei", source="empty"):
    return client.post(reverse("targets:start"), {"year": year, "layout": layout, "amount_unit": "万元",
                                                  "source": source})


@pytest.mark.parametrize("layout, has_budget, has_contact", [
    ("hebei", False, False), ("hunan", True, True), ("anhui", False, False)])
def test_start_an_empty_filing_in_each_layout(place, layout, has_budget, has_contact):
    place["unit"].layout = layout  # set by admins: the staff do not choose it
    place["unit"].save()
    response = start(place["client"], layout="hebei")
    filing = Filing.objects.get(unit=place["unit"], year=2025)
    assert response.status_code == 302 and response.url == reverse("targets:filing", args=[filing.pk])
    assert (filing.layout, filing.status, filing.has_budget, filing.has_contact) == (
        layout, "draft", has_budget, has_contact)
    assert filing.has_department == (layout != "anhui")
    for url in (reverse("targets:filing", args=[filing.pk]), reverse("targets:department", args=[filing.pk]),
                reverse("targets:project_new", args=[filing.pk])):
        assert place["client"].get(url).status_code == 200


def test_copy_from_last_year_leaves_last_year_untouched(place):
    last = factories.filing(place["unit"], year=2024)
    before = export_document(load_filing(last.pk))
    start(place["client"], year=2025, source="copy")
    copy = Filing.objects.get(unit=place["unit"], year=2025)
    copied = export_document(load_filing(copy.pk))
    assert copy.status == "draft" and copy.pk != last.pk
    assert copied["projects"] == before["projects"]
    assert copied["department"] == before["department"]
    # Editing the copy does not touch last year's filing.
    Project.objects.filter(filing=copy).update(name="改过的名称")
    assert export_document(load_filing(last.pk)) == before


def test_the_start_page_fills_in_the_year_and_names_what_it_copies(place):
    factories.filing(place["unit"], year=2022)
    older = factories.filing(place["unit"], year=2021, example="hebei-huailai-2022")
    page = place["client"].get(reverse("targets:start") + "?year=2027")
    content = page.content.decode()
    assert 'value="2027"' in content
    assert "2022 年度（草稿）" in content and "2021 年度（草稿）" in content
    assert 'name="layout"' not in content and "河北省" in content  # the unit's layout, not a choice
    assert page.context["form"].fields["copy_from"].initial == Filing.objects.get(year=2022).pk
    # The older one chosen is the one copied, and the message says so.
    response = place["client"].post(reverse("targets:start"), {
        "year": 2027, "amount_unit": "万元", "source": "copy", "copy_from": older.pk, "layout": "anhui"},
        follow=True)
    copy = Filing.objects.get(year=2027)
    assert "已复制 2021 年度申报，创建 2027 年度申报" in response.content.decode()
    assert copy.layout == "hebei"
    assert copy.log_entries.filter(summary__contains="复制 2021 年度申报").exists()
    # A source from the same or a later year is refused.
    response = place["client"].post(reverse("targets:start"), {
        "year": 2020, "amount_unit": "万元", "source": "copy", "copy_from": older.pk})
    assert "只能复制 2020 年之前的申报" in response.content.decode()


def test_copy_without_an_earlier_filing_is_explained(place):
    response = start(place["client"], year=2025, source="copy")
    assert response.status_code == 200
    assert "没有申报，无法复制" in response.content.decode()
    assert not Filing.objects.exists()


def test_second_filing_for_the_same_year_is_refused(place):
    factories.filing(place["unit"], year=2025)
    response = start(place["client"], year=2025)
    assert "2025 年度的申报已存在" in response.content.decode()
    assert Filing.objects.count() == 1


def _project_page(client, filing, project=None):
    url = (reverse("targets:project", args=[filing.pk, project.pk]) if project
           else reverse("targets:project_new", args=[filing.pk]))
    return url, client.get(url)


def test_edit_project_fields_plan_and_rows(place):
    filing = factories.filing(place["unit"], year=2022)
    project = filing.projects.get()
    url, page = _project_page(place["client"], filing, project)
    data = form_data(page)
    data["name"] = "会议费"
    data["budget_other"] = "0.06"
    data["plan-month_12"] = "90%"
    data["ind-2-value"] = "≤10 分"
    # Remove the first row and move the last row to the top.
    data["ind-0-DELETE"] = "on"
    data["ind-5-position"] = "-1"
    response = place["client"].post(url, data)
    assert response.status_code == 302
    saved = export_document(load_filing(filing.pk))["projects"][0]
    assert saved["name"] == "会议费"
    assert saved["budget"]["other"] == "0.06"
    assert saved["spending_plan"][-1] == {"month": 12, "percent": "90"}
    assert [row["name"] for row in saved["indicators"]] == [
        "参会单位满意度（%）", "计划完成率", "延误率", "会议数量", "网络安全保障"]
    row = Indicator.objects.get(project=project, name="延误率")
    assert (row.value, row.value_operator, row.value_number, row.value_unit) == ("≤10 分", "≤", Decimal("10"), "分")


def test_add_rows_and_keep_texts_exact(place):
    filing = factories.filing(place["unit"], year=2022)
    project = filing.projects.get()
    url, page = _project_page(place["client"], filing, project)
    data = form_data(page)
    data.update({"ind-TOTAL_FORMS": "8",
                 "ind-6-level1": "效益指标", "ind-6-level2": "可持续影响指标", "ind-6-name": "  长效机制　",
                 "ind-6-value": "持续提升", "ind-6-position": "6",
                 # A row left empty is dropped, not refused.
                 "ind-7-level1": "", "ind-7-level2": "", "ind-7-name": "", "ind-7-position": "7"})
    data["purpose"] = "第一行\r\n第二行"
    assert place["client"].post(url, data).status_code == 302
    saved = export_document(load_filing(filing.pk))["projects"][0]
    assert saved["indicators"][-1]["name"] == "  长效机制　"
    assert len(saved["indicators"]) == 7
    assert saved["purpose"] == "第一行\n第二行"


def test_invalid_input_shows_the_form_again_with_everything_typed(place):
    filing = factories.filing(place["unit"], year=2022)
    project = filing.projects.get()
    url, page = _project_page(place["client"], filing, project)
    data = form_data(page)
    data["budget_total"] = "一百万"
    data["annual_goal"] = "刚刚输入的年度目标"
    data["ind-1-name"] = ""
    response = place["client"].post(url, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "“一百万”不是有效的数字" in content
    assert "请填写三级指标" in content
    assert "刚刚输入的年度目标" in content and 'value="一百万"' in content
    assert Project.objects.get(pk=project.pk).annual_goal == "1.目标内容1"


def test_a_draft_saves_whatever_its_problems(place):
    filing = factories.filing(place["unit"], year=2022)
    project = filing.projects.get()
    url, page = _project_page(place["client"], filing, project)
    data = form_data(page)
    data["plan-month_12"] = "75"
    response = place["client"].post(url, data, follow=True)
    content = response.content.decode()
    assert "已保存项目" in content
    assert "12月底" in content and "100" in content  # the spending-plan problem is listed
    assert 'href="/filings/%d/projects/%d/#spending-plan"' % (filing.pk, project.pk) in content


def test_second_save_of_the_same_project_is_resolved_field_by_field(place):
    filing = factories.filing(place["unit"], year=2022)
    project = filing.projects.get()
    colleague = Client()
    colleague.force_login(factories.person("staff", place["unit"]))
    url, page = _project_page(place["client"], filing, project)
    _, other_page = _project_page(colleague, filing, project)
    mine, theirs = form_data(page), form_data(other_page)
    mine["name"] = "我的名称"
    mine["ind-0-value"] = "≤0.2万元"
    theirs["name"] = "同事的名称"
    theirs["purpose"] = "同事写的资金用途"
    theirs["plan-month_12"] = "90"
    assert place["client"].post(url, mine).status_code == 302
    response = colleague.post(url, theirs)
    assert response.status_code == 409
    content = response.content.decode()
    assert "在您编辑期间已被他人保存" in content
    # Only the differing fields, under the editor's labels, never a key.
    labels = [d.label for d in response.context["differences"]]
    assert labels == ["项目名称", "资金用途", "12月底", "绩效指标"]
    assert "budget_total" not in content.split("<table")[1].split("</table>")[0].replace('name="', "")
    names = {d.label: (d.mine, d.theirs) for d in response.context["differences"]}
    assert names["项目名称"] == ("同事的名称", "我的名称")
    assert Project.objects.get(pk=project.pk).name == "我的名称"

    # The colleague keeps their name and plan, takes the rows saved by the other.
    resolution = form_data(response, "conflict-form")
    resolution["conflict-choice-rows:ind"] = "theirs"
    assert resolution["conflict-choice-name"] == "mine"
    assert colleague.post(url, resolution).status_code == 302
    saved = Project.objects.get(pk=project.pk)
    assert (saved.name, saved.purpose) == ("同事的名称", "同事写的资金用途")
    assert [p.percent for p in saved.spending_plan.all()][-1] == Decimal("90")
    assert saved.indicators.order_by("order").first().value == "≤0.2万元"


def test_a_department_conflict_names_its_fields_as_the_editor_does(place):
    filing = factories.filing(place["unit"], year=2022)
    url = reverse("targets:department", args=[filing.pk])
    colleague = Client()
    colleague.force_login(factories.person("staff", place["unit"]))
    mine, theirs = form_data(place["client"].get(url)), form_data(colleague.get(url))
    mine["overall_goal"] = "我的目标"
    theirs["overall_goal"] = "同事的目标"
    assert place["client"].post(url, mine).status_code == 302
    response = colleague.post(url, theirs)
    assert response.status_code == 409
    assert [(d.label, d.mine, d.theirs) for d in response.context["differences"]] == [
        ("总体绩效目标", "同事的目标", "我的目标")]
    resolution = form_data(response, "conflict-form")
    resolution["conflict-choice-overall_goal"] = "theirs"
    assert colleague.post(url, resolution).status_code == 302
    assert load_filing(filing.pk).overall_goal == "我的目标"


def test_new_project_and_anhui_rows_side_by_side(place):
    place["unit"].layout = "anhui"
    place["unit"].save()
    start(place["client"], layout="anhui")
    filing = Filing.objects.get()
    url, page = _project_page(place["client"], filing)
    data = form_data(page)
    data.update({
        "name": "网络媒体协会运行经费", "annual_goal": "年度目标", "midterm_goal": "中期目标",
        "budget_midterm_total": "15", "budget_total": "5",
        "mid-TOTAL_FORMS": "1", "mid-0-level1": "产出指标", "mid-0-level2": "数量指标",
        "mid-0-name": "举办活动", "mid-0-value": "≥6次", "mid-0-position": "0",
        "ann-TOTAL_FORMS": "1", "ann-0-level1": "产出指标", "ann-0-level2": "数量指标",
        "ann-0-name": "举办活动", "ann-0-value": "≥2次", "ann-0-position": "0",
    })
    response = place["client"].post(url, data)
    assert response.status_code == 302
    saved = export_document(load_filing(filing.pk))["projects"][0]
    assert [(r["period"], r["value"]) for r in saved["indicators"]] == [("midterm", "≥6次"), ("annual", "≥2次")]
    assert saved["budget"]["midterm_total"] == "15"


def test_department_part_of_hunan(place):
    filing = factories.filing(place["unit"], example="hunan-yuanjiang-2024")
    url = reverse("targets:department", args=[filing.pk])
    data = form_data(place["client"].get(url))
    data["budget_basic"] = "64.76"
    data["dep-0-value"] = "≥320次"
    assert place["client"].post(url, data).status_code == 302
    saved = export_document(load_filing(filing.pk))["department"]
    assert saved["budget"]["basic"] == "64.76"
    assert saved["indicators"][0]["value"] == "≥320次"
    assert len(saved["indicators"]) == 13


def test_project_reorder_and_delete(place):
    filing = factories.filing(place["unit"], example="hunan-yuanjiang-2024")
    first, second = list(filing.projects.order_by("order"))[:2]
    client = place["client"]
    client.post(reverse("targets:project_move", args=[filing.pk, second.pk, "up"]))
    assert list(filing.projects.order_by("order").values_list("pk", flat=True))[:2] == [second.pk, first.pk]
    confirm = client.get(reverse("targets:project_delete", args=[filing.pk, first.pk]))
    assert "确认删除" in confirm.content.decode()
    client.post(reverse("targets:project_delete", args=[filing.pk, first.pk]))
    assert not Project.objects.filter(pk=first.pk).exists()
    assert list(filing.projects.order_by("order").values_list("order", flat=True)) == list(range(6))


def test_others_cannot_edit(place):
    filing = factories.filing(place["unit"], year=2022)
    project = filing.projects.get()
    url = reverse("targets:project", args=[filing.pk, project.pk])
    data = form_data(place["client"].get(url))
    data["name"] = "篡改"
    outsider = Client()
    outsider.force_login(factories.person("staff", factories.unit()))
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, data).status_code == 404
    reviewer = Client()
    reviewer.force_login(factories.person("reviewer", jurisdiction=[place["region"]]))
    page = reviewer.get(url)
    assert page.status_code == 200 and "<fieldset class=\"card mb-3\" disabled>" in page.content.decode()
    reviewer.post(url, data)
    assert Project.objects.get(pk=project.pk).name != "篡改"
    Filing.objects.filter(pk=filing.pk).update(status="submitted")
    place["client"].post(url, data)
    assert Project.objects.get(pk=project.pk).name != "篡改"


def test_parse_value_reading(place):
    response = place["client"].get(reverse("targets:parse_value"), {"value": "≥3600条"})
    assert response.json() == {"kind": "quantitative", "reading": "≥ 3600 条"}
    assert place["client"].get(reverse("targets:parse_value"), {"value": "较高"}).json()["reading"] == "定性"


def test_staff_home_lists_filings_with_problems_and_deadline(place):
    from datetime import date

    from targets.models import Deadline

    factories.filing(place["unit"], year=2022)
    Deadline.objects.create(region=place["region"], year=2022, due_date=date(2022, 3, 31))
    content = place["client"].get(reverse("home")).content.decode()
    assert "2022 年" in content and "草稿" in content
    assert "8 个警告" in content  # the example's placeholder goal, copied descriptions, prose cost
    assert "2022年3月31日" in content


def test_each_page_lists_its_own_problems_and_counts_the_rest(place):
    filing = factories.filing(place["unit"], example="hunan-yuanjiang-2024")
    department = place["client"].get(reverse("targets:department", args=[filing.pk])).content.decode()
    assert "66.16 + 项目支出 44.28 = 110.44" in department
    first = filing.projects.order_by("order").first()
    # Changed behind the editor's back (as in the Django admin): the panel
    # still shows the problem, the checks are cached by content.
    Project.objects.filter(pk=first.pk).update(annual_goal="目标内容1")
    project_page = place["client"].get(reverse("targets:project", args=[filing.pk, first.pk])).content.decode()
    assert "目标内容1" in project_page and "模板占位" in project_page
    assert "66.16 + 项目支出 44.28" not in project_page
    assert "本页之外还有" in project_page and "2 个问题" in project_page
    overview = place["client"].get(reverse("targets:filing", args=[filing.pk])).content.decode()
    assert "66.16 + 项目支出 44.28" in overview and "模板占位" in overview


def test_history_of_a_project_save_is_what_the_whole_filing_diff_finds(place):
    """Saving a project logs the changes of that project only (it is all a
    save can change), the same as comparing the whole filing before and
    after; rows left as they were are not written again."""
    from reviews.log import change_as_dict
    from reviews.models import LogEntry
    from targets.interchange.diff import diff_documents

    filing = factories.filing(place["unit"], year=2022)
    project = filing.projects.get()
    before = export_document(load_filing(filing.pk))
    untouched = {row.pk: row.value_number for row in Indicator.objects.filter(project=project)}
    Indicator.objects.filter(project=project).update(value_number=None)  # as a stale parse would leave it
    url, page = _project_page(place["client"], filing, project)
    data = form_data(page)
    data["annual_goal"] = "新的年度目标"
    data["ind-1-value"] = "≥3次"
    data["ind-5-DELETE"] = "on"  # the last row: no other row changes its place
    assert place["client"].post(url, data).status_code == 302

    after = export_document(load_filing(filing.pk))
    entry = LogEntry.objects.filter(filing=filing, action="edit").latest("created_at")
    assert entry.changes == [change_as_dict(c) for c in diff_documents(before, after)]
    assert {c["field"] for c in entry.changes if c["kind"] == "changed"} == {"绩效目标", "指标值"}
    written = {row.pk for row in Indicator.objects.filter(project=project, value_number__isnull=False)}
    edited = Indicator.objects.get(project=project, value="≥3次")
    assert written == {edited.pk}  # only the edited row was written (and parsed) again
    assert len(untouched) - 1 == project.indicators.count()


def test_each_row_shows_its_reading_errors_and_the_reviewers_comments(place):
    """What a row of the editor shows beside its fields: how its value is
    read, its own errors, and the review comments on that row (as text,
    never as markup)."""
    import re

    from reviews.comments import add_comment
    from targets.models import FilingStatus

    filing = factories.filing(place["unit"], year=2022)
    project = filing.projects.get()
    Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.SUBMITTED)
    reviewer = factories.person("reviewer", jurisdiction=[place["region"]])
    add_comment(filing.pk, reviewer, "请量化<b>目标</b>", project_id=project.pk, indicator_index=2)
    Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.RETURNED)

    url, page = _project_page(place["client"], filing, project)
    rows = re.findall(r'<tr class="indicator-row[^"]*" id="row-(\d+)">(.*?)</tr>', page.content.decode(), re.S)
    assert [int(index) for index, _ in rows] == list(range(6))
    commented = [index for index, html in rows if "审核意见：请量化&lt;b&gt;目标&lt;/b&gt;" in html]
    assert commented == ["2"]
    assert all('class="small text-muted value-reading"' in html for _, html in rows)

    data = form_data(page)
    data["ind-3-name"] = ""
    data["ind-4-value"] = "≥9项"
    page = place["client"].post(url, data).content.decode()
    rows = re.findall(r'<tr class="indicator-row([^"]*)" id="row-(\d+)">(.*?)</tr>', page, re.S)
    flagged = [(index, "请填写三级指标" in html) for css, index, html in rows if "table-danger" in css]
    assert flagged == [("3", True)]
    assert '"polite">≥ 9 项</div>' in rows[4][2]  # how what was typed reads, shown again


def test_live_checks_judge_the_unsaved_form_and_keep_nothing(place):
    filing = factories.filing(place["unit"], year=2022)
    project = filing.projects.order_by("order").first()
    url, page = _project_page(place["client"], filing, project)
    before = export_document(load_filing(filing.pk))
    data = form_data(page)
    data["plan-month_10"] = "120"
    data["live_checks"] = "1"
    answer = place["client"].post(url, data).json()
    finding = next(p for p in answer["problems"] if "10月底" in p["message"])
    assert (finding["severity"], finding["label"], finding["field"]) == ("error", "错误", "id_plan-month_10")
    assert export_document(load_filing(filing.pk)) == before
    assert load_filing(filing.pk).version == filing.version

    # A row's problem names its cell; a value that cannot be read at all
    # is the form's own error, at its field.
    data["ind-1-value"] = ""
    answer = place["client"].post(url, data).json()
    assert any(p["field"] == "id_ind-1-value" for p in answer["problems"])
    data["budget_total"] = "十二"
    answer = place["client"].post(url, data).json()
    assert [p["field"] for p in answer["problems"]] == ["id_budget_total"]
    assert export_document(load_filing(filing.pk)) == before


def test_live_checks_of_the_department_part(place):
    filing = factories.filing(place["unit"], year=2022)
    url = reverse("targets:department", args=[filing.pk])
    data = form_data(place["client"].get(url))
    data["overall_goal"] = ""
    data["live_checks"] = "1"
    answer = place["client"].post(url, data).json()
    assert any(p["field"] == "id_overall_goal" for p in answer["problems"]), answer
    assert load_filing(filing.pk).overall_goal


def test_the_session_status_keeps_a_session_alive_and_tells_a_signed_out_page_only_that(place):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    answer = place["client"].get(reverse("targets:session_status")).json()
    assert answer["user"] == place["staff"].pk and answer["csrf"] and answer["seconds_left"] > 0
    session = Session.objects.get(session_key=place["client"].session.session_key)
    soon = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(pk=session.pk).update(expire_date=soon)
    place["client"].get(reverse("targets:session_status"))
    # Kept alive: the session now lasts its full age from now.
    assert Session.objects.get(pk=session.pk).expire_date > soon + timedelta(hours=1)
    signed_out = Client().get(reverse("targets:session_status")).json()
    assert (signed_out["user"], signed_out["seconds_left"]) == (None, 0) and signed_out["csrf"]
