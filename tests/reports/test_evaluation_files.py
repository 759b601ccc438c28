"""The files of a self-evaluation report and round (reports/views_files.py
through reports.kinds): the 项目支出绩效自评表 downloaded by whoever sees
the report (404 outside), a filled 自评表 uploaded back by the unit's staff
(preview with the fields' Chinese labels, confirm; exactly the typed cells
change and the scores follow; a bad or an approved cell is named and
nothing is written; a preview made before another save is refused; the
reviewer's 复核 kept), and the round's ZIP (summary of scores, each
project's 自评表) built by the same task and command as a monitoring
round's."""
import copy
import datetime
import io
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from reports.bundle import SUMMARY
from reports.evaluation_documents import evaluation_document, fill_scores, score_evaluation
from reports.evaluation_tables import evaluation_workbook_bytes
from reports.models import Exercise, Report, RoundExport
from reports.replacement import DocumentRefused, replace_document
from reports.saving import evaluation_figures, save_report
from reports.tasks import run_round_export
from reviews.models import LogEntry
from tests.conftest import load_example
from tests.reviews.conftest import FOREIGN_MARKER, make_world

from .evaluation_support import filled
from .test_evaluation_workbook import edited, ref

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXAMPLE = "hebei-huailai-2022"
# In the Hebei example's only project: indicator 5 is 参会单位满意度（%）≥60 (分值 10.00).
SATISFACTION = 5


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def exercise(world):
    return Exercise.objects.create(kind=Exercise.Kind.EVALUATION, months=None, year=2024,
                                   deadline=datetime.date(2099, 3, 31), region=world.home.province,
                                   opened_by=world.home.reviewer)


def make_report(exercise, side, document=None):
    document = document or evaluation_document(load_example(EXAMPLE))
    document["unit"]["name"] = side.unit.name
    return Report.objects.create(exercise=exercise, filing=side.filing, unit=side.unit, document=document,
                                 **evaluation_figures(document))


@pytest.fixture
def report(world, exercise):
    return make_report(exercise, world.home)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def download_urls(report):
    return [reverse("reports:download", args=[report.pk, fmt]) for fmt in ("xlsx", "pdf")] + [
        reverse("reports:download_project", args=[report.pk, 1, fmt]) for fmt in ("xlsx", "pdf")]


def cell_values(data):
    workbook = load_workbook(BytesIO(data))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in workbook.worksheets}


# --- downloads -----------------------------------------------------------------------

def test_the_unit_and_its_reviewer_download_the_tables_another_units_staff_gets_404(world, report):
    for user in (world.home.staff, world.home.reviewer, world.admin):
        client = client_for(user)
        for url in download_urls(report):
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            assert response["Cache-Control"] == "private, no-store"
            assert "%E7%BB%A9%E6%95%88%E8%87%AA%E8%AF%84." in response["Content-Disposition"]  # …-绩效自评.xlsx
            if url.endswith("xlsx"):
                assert response["Content-Type"] == XLSX
                assert cell_values(response.content) == cell_values(evaluation_workbook_bytes(report.document))
                assert load_workbook(BytesIO(response.content)).worksheets[0]["A1"].value == "2022年度项目支出绩效自评表"
            else:
                assert response["Content-Type"] == "application/pdf"
                assert response.content.startswith(b"%PDF")
    for user in (world.foreign.staff, world.foreign.reviewer):
        for url in download_urls(report):
            assert client_for(user).get(url).status_code == 404, (user, url)
    assert client_for(world.home.staff).get(
        reverse("reports:download_project", args=[report.pk, 2, "pdf"])).status_code == 404


def test_the_evaluation_page_offers_downloads_to_all_and_the_upload_to_its_staff(world, report):
    html = client_for(world.home.staff).get(reverse("reports:report", args=[report.pk])).content.decode()
    for url in download_urls(report)[:2]:
        assert url in html
    assert reverse("reports:upload", args=[report.pk]) in html
    reviewer = client_for(world.home.reviewer).get(reverse("reports:report", args=[report.pk])).content.decode()
    assert reverse("reports:download", args=[report.pk, "pdf"]) in reviewer
    assert reverse("reports:upload", args=[report.pk]) not in reviewer


# --- upload ------------------------------------------------------------------------------

def upload(client, report, data, name="自评表.xlsx"):
    return client.post(reverse("reports:upload", args=[report.pk]),
                       {"workbook": SimpleUploadedFile(name, data, content_type=XLSX)})


def confirm(client, report, token, **kwargs):
    return client.post(reverse("reports:upload_confirm", args=[report.pk]), {"token": token}, **kwargs)


def test_xlsx_round_trip_changes_exactly_the_typed_cells_and_scores_again(world, report):
    before = report.document
    client = client_for(world.home.staff)
    downloaded = client.get(reverse("reports:download", args=[report.pk, "xlsx"])).content
    assert cell_values(downloaded) == cell_values(evaluation_workbook_bytes(before))
    data = edited(before, {("evaluation.budget.full_year", 0): 0.14, ("evaluation.budget.executed", 0): 0.07,
                           ("evaluation.indicator.actual", SATISFACTION): "30%"})

    page = client.get(reverse("reports:upload", args=[report.pk])).content.decode()
    assert "从项目支出绩效自评表（XLSX）导入" in page
    preview = upload(client, report, data)
    assert preview.status_code == 200
    assert [(c.field, c.old, c.new) for c in preview.context["changes"]] == [
        ("年度资金总额全年预算数", None, "0.14"), ("年度资金总额全年执行数", None, "0.07"),
        ("实际完成值", None, "30%"), ("得分", None, "5.00")]
    html = preview.content.decode()
    assert '<span class="badge text-bg-secondary" id="change-count">4</span>' in html
    assert "年度资金总额全年执行数" in html and "审核人的复核得分保持不变" in html
    report.refresh_from_db()
    assert report.version == 1  # a preview writes nothing

    response = confirm(client, report, preview.context["token"])
    assert response.status_code == 302 and response["Location"] == reverse("reports:report", args=[report.pk])
    report.refresh_from_db()
    expected = before
    expected["projects"][0]["budget"]["total"].update(full_year="0.14", executed="0.07")
    expected["projects"][0]["indicators"][SATISFACTION]["actual"] = "30%"
    assert report.document == fill_scores(expected)
    assert report.document["projects"][0]["indicators"][SATISFACTION]["score"] == "5.00"  # 30 ÷ 60 × 10
    assert report.version == 2 and report.touched
    assert report.execution_rate == Decimal("50.00")
    assert score_evaluation(report.document)["projects"][0]["budget"]["points"] == "5.00"
    assert report.total_score is None  # the other indicators have no actual value yet
    entry = LogEntry.objects.filter(report=report).latest("pk")
    assert [c["location"] for c in entry.changes] == [
        "projects[0].budget.total.full_year", "projects[0].budget.total.executed",
        f"projects[0].indicators[{SATISFACTION}].actual", f"projects[0].indicators[{SATISFACTION}].score"]


def test_the_reviewers_review_scores_are_kept_through_an_upload(world, exercise):
    report = make_report(exercise, world.home, filled(EXAMPLE, reviewed=True))
    review = {k: report.document["projects"][0]["indicators"][0][k] for k in ("review_score", "review_reason")}
    assert review["review_score"] is not None
    client = client_for(world.home.staff)
    data = edited(report.document, {("evaluation.project.problems", 0): "会议延期两次。"})
    preview = upload(client, report, data)
    assert [(c.field, c.new) for c in preview.context["changes"]] == [("存在问题", "会议延期两次。")]
    confirm(client, report, preview.context["token"])
    report.refresh_from_db()
    assert report.version == 2 and report.document["projects"][0]["problems"] == "会议延期两次。"
    assert {k: report.document["projects"][0]["indicators"][0][k] for k in review} == review
    assert report.review_grade


def test_a_bad_cell_is_named_and_nothing_is_saved(world, report):
    before = report.document
    client = client_for(world.home.staff)
    data = edited(before, {("evaluation.budget.executed", 0): "abc",
                           ("evaluation.indicator.actual", SATISFACTION): "30%"})
    response = upload(client, report, data)
    assert response.status_code == 200 and "token" not in response.context
    assert response.context["problems"] == [f"{ref(before, 'evaluation.budget.executed')}：全年执行数“abc”不是金额"]
    assert "工作簿未导入，报告内容没有改变" in response.content.decode()
    report.refresh_from_db()
    assert (report.version, report.document) == (1, before)


def test_an_approved_cell_edited_in_the_sheet_is_refused(world, report):
    before = report.document
    data = edited(before, {("evaluation.indicator.value", SATISFACTION): "≥50全年所有会议",
                           ("evaluation.indicator.actual", SATISFACTION): "30%"})
    response = upload(client_for(world.home.staff), report, data)
    assert "token" not in response.context
    where = ref(before, "evaluation.indicator.value", SATISFACTION)
    assert response.context["problems"] == [
        f"{where}：年度指标值应为“≥60全年所有会议”，表格中是“≥50全年所有会议”：批复的内容不能在表格中修改"]
    report.refresh_from_db()
    assert (report.version, report.document) == (1, before)


def test_a_whole_document_changing_the_approved_part_is_refused_by_the_replacement(world, report):
    """reports.replacement, which the confirm step (and the API, the
    import_report command) goes through, keeps the approved part of an
    evaluation/1 report."""
    document = copy.deepcopy(report.document)
    document["projects"][0]["indicators"][SATISFACTION]["value"] = "≥50"
    document["projects"][0]["budget"]["total"]["initial"] = "1"
    with pytest.raises(DocumentRefused) as refused:
        replace_document(report, document, report.version, world.home.staff)
    assert [(p.path, p.message) for p in refused.value.problems] == [
        ("projects[0].budget.total.initial", "年初预算数是审核通过的内容，不能修改（应为“0.14”）"),
        (f"projects[0].indicators[{SATISFACTION}].value",
         "年度指标值是审核通过的内容，不能修改（应为“≥60全年所有会议”）")]
    report.refresh_from_db()
    assert report.version == 1


def test_an_upload_previewed_before_another_save_is_refused(world, report):
    client = client_for(world.home.staff)
    token = upload(client, report, edited(report.document, {("evaluation.indicator.actual", SATISFACTION): "30%"})
                   ).context["token"]
    meanwhile = report.document
    meanwhile["projects"][0]["goal_outcome"] = "已完成。"
    save_report(report.pk, meanwhile, 1, world.home.staff)  # saved on the report page meanwhile

    response = confirm(client, report, token, follow=True)
    assert "预览之后报告已被修改，未导入" in response.content.decode()
    report.refresh_from_db()
    assert report.version == 2 and report.document["projects"][0]["indicators"][SATISFACTION]["actual"] is None


def test_only_the_units_staff_upload(world, report):
    data = edited(report.document, {("evaluation.indicator.actual", SATISFACTION): "30%"})
    assert upload(client_for(world.home.reviewer), report, data).status_code == 403
    assert upload(client_for(world.foreign.staff), report, data).status_code == 404
    report.refresh_from_db()
    assert report.version == 1


# --- the round's ZIP ---------------------------------------------------------------------------

@pytest.fixture
def scored_round(world, exercise):
    """The home unit's report filled and reviewed, and a foreign unit's
    report in the same round (a reviewer must not get it)."""
    report = make_report(exercise, world.home, filled(EXAMPLE, reviewed=True))
    foreign = make_report(exercise, world.foreign)
    foreign.document["unit"]["name"] = FOREIGN_MARKER
    foreign.save()
    return report


def members(content):
    return zipfile.ZipFile(io.BytesIO(content)).namelist()


def summary_rows(content):
    summary = load_workbook(io.BytesIO(zipfile.ZipFile(io.BytesIO(content)).read(SUMMARY)))
    return [[c.value for c in row] for row in summary.worksheets[0].iter_rows(min_row=4)]


def test_the_overview_button_queues_the_export_and_the_zip_holds_summary_and_tables(
        world, scored_round, django_capture_on_commit_callbacks):
    report, exercise = scored_round, scored_round.exercise
    client = client_for(world.home.reviewer)
    overview = client.get(reverse("reports:overview", args=[exercise.pk])).content.decode()
    assert f'action="{reverse("reports:exports", args=[exercise.pk])}"' in overview
    assert "项目支出绩效自评表（XLSX 和 PDF）" in client.get(reverse("reports:exports", args=[exercise.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("reports:exports", args=[exercise.pk])).status_code == 302
    export = RoundExport.objects.get()
    run_round_export(export.pk, workers=0)
    export.refresh_from_db()
    assert (export.state, export.total, export.error) == (RoundExport.State.DONE, 1, "")
    download = client.get(reverse("reports:export_download", args=[exercise.pk, export.pk]))
    content = b"".join(download.streaming_content)
    names = members(content)
    assert names[0] == SUMMARY
    assert sorted(names[1:]) == [f"{world.home.unit.name}/{report.document['projects'][0]['name']}.{ext}"
                                 for ext in ("pdf", "xlsx")]
    table = load_workbook(io.BytesIO(zipfile.ZipFile(io.BytesIO(content)).read(names[1])
                                     if names[1].endswith("xlsx") else
                                     zipfile.ZipFile(io.BytesIO(content)).read(names[2])))
    assert table.worksheets[0]["A1"].value == "2022年度项目支出绩效自评表"
    # 序号, 单位, 编码, 项目, 状态, 自评得分, 自评等级, 执行率, 复核得分, 复核等级: numbers as numbers.
    assert summary_rows(content) == [[1, world.home.unit.name, world.home.unit.code,
                                      report.document["projects"][0]["name"], "草稿",
                                      94.29, "优", 0.9286, 88.04, "良"]]
    assert FOREIGN_MARKER not in str(summary_rows(content))


def test_export_round_command_writes_an_evaluation_rounds_zip(world, scored_round, tmp_path, capsys):
    path = tmp_path / "round.zip"
    call_command("export_round", str(scored_round.exercise.pk), "-o", str(path), "--no-pdf", "--workers", "0")
    names = members(path.read_bytes())
    assert names[0] == SUMMARY and len(names) == 3  # the summary and each unit's one 自评表
    assert all(name.endswith(".xlsx") for name in names)
    assert {row[1] for row in summary_rows(path.read_bytes())} == {world.home.unit.name, FOREIGN_MARKER}
    assert "2 份报告" in capsys.readouterr().out
