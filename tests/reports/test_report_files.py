"""The files of a monitoring report and round (reports/views_files.py):
the 执行监控表 downloaded by whoever sees the report (404 outside), a filled
XLSX uploaded back by the unit's staff (preview, confirm; exactly the typed
cells change; a bad cell is named and nothing is written; a preview made
before another save is refused), and the round's ZIP built in the
background for the reviewer who asks, over the reports they can see."""
import datetime
import io
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from reports.bundle import SUMMARY
from reports.documents import monitoring_document
from reports.downloads import report_cache
from reports.models import Exercise, Report, ReportStatus, RoundExport
from reports.saving import light_counts, save_report
from reports.tables import monitoring_workbook_bytes
from reports.tasks import run_round_export
from reviews.models import LogEntry
from tests import factories
from tests.conftest import load_example
from tests.reviews.conftest import FOREIGN_MARKER, make_world
from units.models import User

from .test_monitoring_workbook import edited, ref

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# In the Hebei example's only project, indicator 5 is 参会单位满意度（%）≥60.
SATISFACTION = 5


@pytest.fixture
def world(db):
    return make_world()


def make_exercise(world):
    return Exercise.objects.create(year=2024, months=7, deadline=datetime.date(2099, 8, 15),
                                   region=world.home.province, opened_by=world.home.reviewer)


def make_report(exercise, side):
    document = monitoring_document(load_example("hebei-huailai-2022"), exercise.months)
    document["unit"]["name"] = side.unit.name
    return Report.objects.create(exercise=exercise, filing=side.filing, unit=side.unit, document=document,
                                 **light_counts(document))


@pytest.fixture
def report(world):
    return make_report(make_exercise(world), world.home)


def make_reviewer(region):
    return factories.person(User.Role.REVIEWER, jurisdiction=[region], username="reviewer_colleague")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def download_urls(report):
    return [reverse("reports:download", args=[report.pk, fmt]) for fmt in ("xlsx", "pdf")] + [
        reverse("reports:download_project", args=[report.pk, 1, fmt]) for fmt in ("xlsx", "pdf")]


# --- downloads -----------------------------------------------------------------------

def test_the_unit_and_its_reviewer_download_the_tables_another_units_staff_gets_404(world, report):
    for user in (world.home.staff, world.home.reviewer, world.admin):
        client = client_for(user)
        for url in download_urls(report):
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            assert response["Cache-Control"] == "private, no-store"
            assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
            if url.endswith("xlsx"):
                assert response["Content-Type"] == XLSX
                workbook = load_workbook(BytesIO(response.content))
                assert len(workbook.sheetnames) == 1  # the example's one project
            else:
                assert response["Content-Type"] == "application/pdf"
                assert response.content.startswith(b"%PDF")
    for user in (world.foreign.staff, world.foreign.reviewer):
        for url in download_urls(report):
            assert client_for(user).get(url).status_code == 404, (user, url)


def test_a_project_the_report_has_not_and_another_format_are_404(world, report):
    client = client_for(world.home.staff)
    assert client.get(reverse("reports:download_project", args=[report.pk, 2, "xlsx"])).status_code == 404
    assert client.get(reverse("reports:download", args=[report.pk, "json"])).status_code == 404


def test_the_whole_reports_workbook_holds_what_was_saved_last(world, report):
    """Kept once rendered (reports.downloads' cache), rendered again after a save."""
    client = client_for(world.home.staff)
    url = reverse("reports:download", args=[report.pk, "xlsx"])
    title, _, cell = ref(report.document, "monitoring.budget.executed").partition("!")
    first = client.get(url).content
    assert load_workbook(BytesIO(first))[title][cell].value is None
    cache = report_cache()
    assert cache.get_file(cache.key(report.pk, report.version, report.document), "xlsx") == first
    assert client.get(url).content == first
    document = report.document
    document["projects"][0]["budget"]["total"]["executed"] = "0.07"
    save_report(report.pk, document, report.version, world.home.staff)
    assert load_workbook(BytesIO(client.get(url).content))[title][cell].value == 0.07


# --- upload ------------------------------------------------------------------------------

def cell_values(data):
    workbook = load_workbook(BytesIO(data))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in workbook.worksheets}


def upload(client, report, data, name="监控表.xlsx"):
    return client.post(reverse("reports:upload", args=[report.pk]),
                       {"workbook": SimpleUploadedFile(name, data, content_type=XLSX)})


def test_xlsx_round_trip_changes_exactly_the_typed_cells(world, report):
    before = report.document
    client = client_for(world.home.staff)
    downloaded = client.get(reverse("reports:download", args=[report.pk, "xlsx"])).content
    # The table the upload is read against (the files differ only in their saving time).
    assert cell_values(downloaded) == cell_values(monitoring_workbook_bytes(before))
    data = edited(before, {("monitoring.budget.executed", 0): 0.07,
                           ("monitoring.indicator.actual", SATISFACTION): "58%"})

    preview = upload(client, report, data)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert '<span class="badge text-bg-secondary" id="change-count">2</span>' in html
    assert "年度资金总额1–7月执行数" in html and "1–7月实际完成值" in html
    assert [(c.field, c.old, c.new) for c in preview.context["changes"]] == [
        ("年度资金总额1–7月执行数", None, "0.07"), ("1–7月实际完成值", None, "58%")]
    report.refresh_from_db()
    assert report.version == 1  # a preview writes nothing

    confirmed = client.post(reverse("reports:upload_confirm", args=[report.pk]),
                            {"token": preview.context["token"]})
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("reports:report", args=[report.pk])
    report.refresh_from_db()
    expected = before
    expected["projects"][0]["budget"]["total"]["executed"] = "0.07"
    expected["projects"][0]["indicators"][SATISFACTION]["actual"] = "58%"
    assert report.document == expected
    assert report.version == 2 and report.touched
    entry = LogEntry.objects.filter(report=report).latest("pk")
    assert [c["location"] for c in entry.changes] == [
        "projects[0].budget.total.executed", f"projects[0].indicators[{SATISFACTION}].actual"]


def test_a_bad_cell_is_named_and_nothing_is_saved(world, report):
    before = report.document
    client = client_for(world.home.staff)
    data = edited(before, {("monitoring.budget.executed", 0): "abc",
                           ("monitoring.indicator.actual", SATISFACTION): "58%"})
    response = upload(client, report, data)
    assert response.status_code == 200
    assert "token" not in response.context
    assert response.context["problems"] == [f"{ref(before, 'monitoring.budget.executed')}：1–7月执行数“abc”不是金额"]
    assert "工作簿未导入，报告内容没有改变" in response.content.decode()
    report.refresh_from_db()
    assert (report.version, report.document) == (1, before)


def test_an_upload_previewed_before_another_save_is_refused(world, report):
    client = client_for(world.home.staff)
    data = edited(report.document, {("monitoring.indicator.actual", SATISFACTION): "58%"})
    token = upload(client, report, data).context["token"]
    meanwhile = report.document
    meanwhile["projects"][0]["budget"]["total"]["executed"] = "0.05"
    save_report(report.pk, meanwhile, 1, world.home.staff)  # saved on the report page meanwhile

    response = client.post(reverse("reports:upload_confirm", args=[report.pk]), {"token": token}, follow=True)
    assert "预览之后报告已被修改，未导入" in response.content.decode()
    report.refresh_from_db()
    assert report.version == 2 and report.document == meanwhile


def test_only_the_units_staff_upload_and_only_while_editable(world, report):
    data = edited(report.document, {("monitoring.indicator.actual", SATISFACTION): "58%"})
    assert upload(client_for(world.home.reviewer), report, data).status_code == 403
    assert upload(client_for(world.foreign.staff), report, data).status_code == 404
    staff = client_for(world.home.staff)
    token = upload(staff, report, data).context["token"]
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    response = staff.post(reverse("reports:upload_confirm", args=[report.pk]), {"token": token}, follow=True)
    assert "此报告已提交，不能导入工作簿" in response.content.decode()
    assert upload(staff, report, data).status_code == 302
    report.refresh_from_db()
    assert report.version == 1
    # The page offers the upload only while editable; the downloads always.
    html = staff.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert reverse("reports:upload", args=[report.pk]) not in html
    assert reverse("reports:download", args=[report.pk, "pdf"]) in html


def test_the_report_page_offers_downloads_and_the_upload_to_its_staff(world, report):
    html = client_for(world.home.staff).get(reverse("reports:report", args=[report.pk])).content.decode()
    for url in download_urls(report)[:2]:
        assert url in html
    assert reverse("reports:upload", args=[report.pk]) in html
    reviewer_html = client_for(world.home.reviewer).get(reverse("reports:report", args=[report.pk])).content.decode()
    assert reverse("reports:download", args=[report.pk, "xlsx"]) in reviewer_html
    assert reverse("reports:upload", args=[report.pk]) not in reviewer_html


# --- the round's ZIP ---------------------------------------------------------------------------

@pytest.fixture
def round_with_foreign_report(world, report):
    """The home round also holding a report of the foreign unit (a round
    for chosen units may span provinces): data the home reviewer must not get."""
    foreign = make_report(report.exercise, world.foreign)
    foreign.document["unit"]["name"] = FOREIGN_MARKER
    foreign.save()
    return report.exercise


def members(content):
    return zipfile.ZipFile(io.BytesIO(content)).namelist()


def test_the_overview_button_queues_the_export_and_the_task_builds_the_zip(
        world, report, round_with_foreign_report, django_capture_on_commit_callbacks):
    exercise = round_with_foreign_report
    client = client_for(world.home.reviewer)
    overview = client.get(reverse("reports:overview", args=[exercise.pk])).content.decode()
    assert f'action="{reverse("reports:exports", args=[exercise.pk])}"' in overview
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:exports", args=[exercise.pk]))
    assert response.status_code == 302
    export = RoundExport.objects.get()
    assert (export.state, export.created_by) == (RoundExport.State.QUEUED, world.home.reviewer)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "reports.tasks.build_round_export" and str(queued.id) == export.task_id

    run_round_export(export.pk, workers=0)

    export.refresh_from_db()
    assert (export.state, export.total, export.error) == (RoundExport.State.DONE, 1, "")
    status_url = reverse("reports:export_status", args=[exercise.pk, export.pk])
    status = client.get(status_url).json()
    assert status["state"] == "done" and status["percent"] == 100
    download = client.get(status["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    content = b"".join(download.streaming_content)
    names = members(content)
    assert names[0] == SUMMARY
    tables = names[1:]
    assert len(tables) == 2 and {n.rsplit(".", 1)[1] for n in tables} == {"xlsx", "pdf"}
    assert all(n.startswith(world.home.unit.name) for n in tables)
    summary = load_workbook(io.BytesIO(zipfile.ZipFile(io.BytesIO(content)).read(SUMMARY)))
    text = " ".join(str(c.value) for row in summary.worksheets[0].iter_rows() for c in row if c.value)
    assert world.home.unit.name in text and FOREIGN_MARKER not in text


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
                   BULK_EXPORT_WORKERS=1)
def test_the_admins_zip_holds_every_report_of_the_round(world, round_with_foreign_report,
                                                        django_capture_on_commit_callbacks):
    exercise = round_with_foreign_report
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.admin).post(reverse("reports:exports", args=[exercise.pk]))
    export = RoundExport.objects.get()
    assert (export.state, export.total) == (RoundExport.State.DONE, 2)
    names = members(export.file.read())
    assert len(names) == 1 + 2 * 2  # the summary, each unit's XLSX and PDF


def test_who_may_export_the_round_and_see_an_export(world, report):
    exercise = report.exercise
    url = reverse("reports:exports", args=[exercise.pk])
    assert client_for(world.foreign.reviewer).post(url).status_code == 404  # another region's reviewer
    assert client_for(world.home.staff).post(url).status_code == 403
    assert not RoundExport.objects.exists()
    export = RoundExport.objects.create(exercise=exercise, created_by=world.home.reviewer)
    another = make_report(Exercise.objects.create(year=2024, months=7, deadline=datetime.date(2099, 8, 15),
                                                  region=world.home.county, opened_by=world.admin), world.home)
    colleague = make_reviewer(world.home.province)
    for name in ("reports:export_status", "reports:export_download"):
        own = reverse(name, args=[exercise.pk, export.pk])
        # An export holds what its requester sees: no other reviewer's to fetch.
        assert client_for(colleague).get(own).status_code == 404
        assert client_for(world.foreign.reviewer).get(own).status_code == 404
        assert client_for(world.admin).get(own).status_code != 404  # who sees everything anyway
        # Only under its own round.
        assert client_for(world.home.reviewer).get(reverse(name, args=[another.exercise.pk, export.pk])
                                                   ).status_code == 404
    assert client_for(world.home.reviewer).get(reverse("reports:export_download", args=[exercise.pk, export.pk])
                                               ).status_code == 302  # not done yet: back to the list


def test_export_round_command_writes_the_rounds_zip(world, round_with_foreign_report, tmp_path, capsys):
    path = tmp_path / "round.zip"
    call_command("export_round", str(round_with_foreign_report.pk), "-o", str(path), "--no-pdf", "--workers", "0")
    names = members(path.read_bytes())
    assert names[0] == SUMMARY and len(names) == 3
    assert "2 份报告" in capsys.readouterr().out


def test_export_round_command_refuses_an_unknown_round(world, report, tmp_path):
    # A self-evaluation round is exported too (tests/reports/test_evaluation_files.py).
    with pytest.raises(CommandError, match="找不到编号为 987654 的任务"):
        call_command("export_round", "987654", "-o", str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()
