"""Bulk export: the ZIP (a folder per unit with its XLSX and PDF), the
region and status filters, the background task on the database queue and
on the immediate backend, the admin page and `export_year`."""
import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from targets import tasks
from targets.models import BulkExport, Filing, FilingStatus
from targets.services import year_archive
from targets.services.year_archive import FolderNames, bulk_filings, write_bulk_zip
from targets.services.export_housekeeping import fail_stalled_exports
from targets.tasks import run_bulk_export

from .. import factories

UNIT_NAME = "中共沅江市委网络安全和信息化委员会办公室"


def filing(unit, example):
    """An example filing for `unit`, filed under the unit's own name, in 2024."""
    document_unit = {"code": unit.code, "name": unit.name,
                     "region": {"code": unit.region.code, "name": unit.region.name}}
    return factories.filing(unit, example=example, year=2024, unit=document_unit)


@pytest.fixture
def province(db, settings, tmp_path):
    """Two provinces: 湖南 (沅江市 with two units) and 河北 (怀来县, one unit),
    every filing of 2024."""
    settings.MEDIA_ROOT = tmp_path / "media"
    hunan = factories.region("湖南省", code="430000")
    yuanjiang = factories.region("沅江市", code="430981", parent=hunan)
    hebei = factories.region("河北省", code="130000")
    huailai = factories.region("怀来县", code="130730", parent=hebei)
    first = filing(factories.unit(yuanjiang, code="430001", name=UNIT_NAME), "hunan-yuanjiang-2024")
    second = filing(factories.unit(yuanjiang, code="430002", name="沅江市财政局"), "anhui-suzhou-2023")
    third = filing(factories.unit(huailai, code="224001", name="中共怀来县委网信办"), "hebei-huailai-2022")
    Filing.objects.filter(pk=second.pk).update(status=FilingStatus.APPROVED)
    return {"hunan": hunan, "hebei": hebei, "filings": [first, second, third]}


def members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}, archive.infolist()


def zipped(ids, workers=0):
    out = io.BytesIO()
    write_bulk_zip(ids, out, workers=workers)
    return out.getvalue()


def test_zip_has_a_folder_per_unit_with_xlsx_and_pdf(province):
    ids = list(bulk_filings(2024).values_list("pk", flat=True))
    files, infos = members(zipped(ids, workers=2))  # the forked pool
    folder = f"沅江市-430001-{UNIT_NAME}"
    assert sorted(files) == sorted([
        f"{folder}/2024-430001-{UNIT_NAME}.xlsx", f"{folder}/2024-430001-{UNIT_NAME}.pdf",
        "沅江市-430002-沅江市财政局/2024-430002-沅江市财政局.xlsx",
        "沅江市-430002-沅江市财政局/2024-430002-沅江市财政局.pdf",
        "怀来县-224001-中共怀来县委网信办/2024-224001-中共怀来县委网信办.xlsx",
        "怀来县-224001-中共怀来县委网信办/2024-224001-中共怀来县委网信办.pdf",
        "清单.csv",
    ])
    assert all(info.flag_bits & 0x800 for info in infos if not info.filename.isascii())  # UTF-8 names
    workbook = load_workbook(io.BytesIO(files[f"{folder}/2024-430001-{UNIT_NAME}.xlsx"]))
    assert workbook.sheetnames[0] == "部门整体支出绩效目标表"
    assert files[f"{folder}/2024-430001-{UNIT_NAME}.pdf"].startswith(b"%PDF")
    manifest = files["清单.csv"].decode("utf-8-sig").splitlines()
    assert manifest[0] == "行政区划,单位编码,单位名称,项目数,文件夹"
    assert manifest[1] == f"沅江市,430001,{UNIT_NAME},7,{folder}"
    # The forked children left the parent's database session alone.
    assert Filing.objects.filter(year=2024).count() == 3


def test_filters_region_subtree_and_status(province):
    hunan, hebei = province["hunan"], province["hebei"]
    first, second, third = province["filings"]
    assert list(bulk_filings(2024, region=hunan)) == [first, second]  # the county below the province
    assert list(bulk_filings(2024, region=hebei)) == [third]
    assert list(bulk_filings(2024, status=FilingStatus.APPROVED)) == [second]
    assert list(bulk_filings(2024, region=hebei, status=FilingStatus.APPROVED)) == []
    assert list(bulk_filings(2023)) == []


def test_folder_names_are_safe_and_unique():
    names = FolderNames()
    document = {"unit": {"code": "001", "name": "网信办/宣传部:*?", "region": {"name": "某县"}}}
    assert names.take(document) == "某县-001-网信办宣传部"
    assert names.take(document) == "某县-001-网信办宣传部(2)"
    assert names.take({"unit": {"code": None, "name": "...", "region": None}}) == "单位"


def worker():
    return Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                  startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[])


@pytest.mark.django_db(transaction=True)
def test_page_queues_the_task_and_the_database_worker_runs_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BULK_EXPORT_WORKERS = 1
    region = factories.region("沅江市", code="430981")
    filing(factories.unit(region, code="430001", name=UNIT_NAME), "hunan-yuanjiang-2024")
    admin = Client()
    admin.force_login(factories.person("admin"))
    response = admin.post(reverse("targets:bulk_exports"), {"year": 2024, "region": region.pk, "status": ""})
    assert response.status_code == 302
    export = BulkExport.objects.get()
    assert (export.state, export.region_name) == (BulkExport.State.QUEUED, "沅江市")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "targets.tasks.build_bulk_export" and str(queued.id) == export.task_id

    worker().run()

    export.refresh_from_db()
    assert (export.state, export.done, export.total, export.error) == (BulkExport.State.DONE, 1, 1, "")
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    status = admin.get(reverse("targets:bulk_export_status", args=[export.pk])).json()
    assert status == {"id": export.pk, "state": "done", "state_label": "已完成", "total": 1, "done": 1,
                      "percent": 100, "error": "",
                      "download_url": reverse("targets:bulk_export_download", args=[export.pk])}
    download = admin.get(status["download_url"])
    assert download.status_code == 200
    assert "2024%E5%B9%B4" in download["Content-Disposition"]  # 2024年…, RFC 5987
    files, _ = members(b"".join(download.streaming_content))
    assert f"沅江市-430001-{UNIT_NAME}/2024-430001-{UNIT_NAME}.pdf" in files


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
                   BULK_EXPORT_WORKERS=1)
def test_immediate_backend_runs_it_at_once(province, django_capture_on_commit_callbacks):
    admin = Client()
    admin.force_login(factories.person("admin"))
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("targets:bulk_exports"),
                   {"year": 2024, "region": "", "status": FilingStatus.APPROVED})
    export = BulkExport.objects.get()
    assert (export.state, export.done, export.total) == (BulkExport.State.DONE, 1, 1)
    files, _ = members(export.file.read())
    assert len(files) == 3  # one unit's XLSX and PDF, and the list


def test_progress_reaches_total_and_a_failure_is_kept(province, monkeypatch):
    admin = factories.person("admin")
    export = BulkExport.objects.create(created_by=admin, year=2024, region=province["hunan"],
                                       region_name="湖南省")
    seen = []  # (done, total, done as the page reads it) after each filing

    def spying(ids, out, workers=None, progress=None):
        def recording(done, total):
            progress(done, total)
            seen.append((done, total, BulkExport.objects.get(pk=export.pk).done))
        return write_bulk_zip(ids, out, workers=workers, progress=recording)

    monkeypatch.setattr(tasks, "write_bulk_zip", spying)
    run_bulk_export(export.pk, workers=1)
    export.refresh_from_db()
    assert seen == [(1, 2, 1), (2, 2, 2)]
    monkeypatch.undo()
    assert (export.state, export.done, export.total) == (BulkExport.State.DONE, 2, 2)
    run_bulk_export(export.pk, workers=1)  # run again: nothing happens
    assert BulkExport.objects.get(pk=export.pk).finished_at == export.finished_at

    def broken(document):
        raise RuntimeError("字体缺失")

    monkeypatch.setattr(year_archive, "render_filing", broken)
    failing = BulkExport.objects.create(created_by=admin, year=2024)
    with pytest.raises(year_archive.BulkExportFailed):
        run_bulk_export(failing.pk, workers=0)  # in this process, where the patch is
    failing.refresh_from_db()
    assert failing.state == BulkExport.State.FAILED
    assert failing.error.startswith(f"生成“{UNIT_NAME}”2024年度的绩效目标表失败：字体缺失")
    assert not failing.file


def test_page_is_for_admins_only(province):
    for role in ("staff", "reviewer"):
        client = Client()
        client.force_login(factories.person(role, factories.unit()) if role == "staff"
                           else factories.person(role, jurisdiction=[province["hunan"]]))
        assert client.get(reverse("targets:bulk_exports")).status_code == 403
        assert client.post(reverse("targets:bulk_exports"), {"year": 2024}).status_code == 403
    assert not BulkExport.objects.exists()
    admin = Client()
    admin.force_login(factories.person("admin"))
    page = admin.get(reverse("targets:bulk_exports")).content.decode()
    assert "批量导出绩效目标表" in page and 'src="/static/js/bulk_export.js"' in page
    assert "<script>" not in page  # no inline script: CSP-safe


def test_export_year_command(province, tmp_path, capsys):
    out = tmp_path / "2024.zip"
    call_command("export_year", "2024", "-o", str(out), "--region", "430000", "--workers", "1")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "已完成 2/2"
    assert lines[-1].startswith(f"已导出 2 份 2024 年度申报到 {out}（用时 ")
    files, _ = members(out.read_bytes())
    assert len(files) == 5 and not (tmp_path / "2024.zip.part").exists()
    call_command("export_year", "2024", "-o", str(out), "--region", "怀来县", "--status", "draft")
    files, _ = members(out.read_bytes())
    assert [name for name in files if name.endswith(".xlsx")] == [
        "怀来县-224001-中共怀来县委网信办/2024-224001-中共怀来县委网信办.xlsx"]


def test_export_year_refusals(province, tmp_path):
    with pytest.raises(CommandError, match="找不到行政区划“火星”"):
        call_command("export_year", "2024", "-o", str(tmp_path / "x.zip"), "--region", "火星")
    with pytest.raises(CommandError, match="没有符合条件的 2030 年度申报"):
        call_command("export_year", "2030", "-o", str(tmp_path / "x.zip"))
    assert not list(tmp_path.glob("*.zip*"))


def test_a_failure_in_a_child_process_names_the_filing(province):
    first, second, _ = province["filings"]
    Filing.objects.filter(pk=second.pk).update(layout="zz")  # no builder for it
    with pytest.raises(year_archive.BulkExportFailed,
                       match="生成“沅江市财政局”2024年度的绩效目标表失败：不支持的版式：'zz'"):
        zipped([first.pk, second.pk], workers=2)


def finished_export(admin, days_ago, content=b"PK zip"):
    """A done export whose ZIP was written `days_ago` days ago."""
    export = BulkExport.objects.create(created_by=admin, year=2024, state=BulkExport.State.DONE, total=3, done=3,
                                       finished_at=timezone.now() - timedelta(days=days_ago))
    export.file.save(f"{export.pk}-2024.zip", ContentFile(content))
    return export


def test_a_new_export_deletes_zips_past_their_keeping_time(province, settings):
    settings.BULK_EXPORT_KEEP_DAYS = 7
    admin = factories.person("admin")
    old, recent = finished_export(admin, days_ago=8), finished_export(admin, days_ago=6)
    old_path, recent_path = Path(old.file.path), Path(recent.file.path)

    new = BulkExport.objects.create(created_by=admin, year=2024, region=province["hebei"], region_name="河北省")
    run_bulk_export(new.pk, workers=0)

    new.refresh_from_db(), old.refresh_from_db(), recent.refresh_from_db()
    assert new.state == BulkExport.State.DONE and Path(new.file.path).exists()
    assert (old.state, old.file.name, old_path.exists()) == (BulkExport.State.EXPIRED, "", False)
    assert (recent.state, recent_path.exists()) == (BulkExport.State.DONE, True)
    assert old.percent == 100  # it did finish

    client = Client()
    client.force_login(admin)
    page = client.get(reverse("targets:bulk_exports")).content.decode()
    assert "生成的 ZIP 文件保留 7 天" in page and "ZIP 文件已删除，可重新导出" in page
    row = page.split(f'data-export-status="{reverse("targets:bulk_export_status", args=[old.pk])}"')[1]
    row = row.split("</tr>")[0]
    assert "已过期" in row and "export-download d-none" in row
    assert client.get(reverse("targets:bulk_export_status", args=[old.pk])).json()["download_url"] is None
    response = client.get(reverse("targets:bulk_export_download", args=[old.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("targets:bulk_exports")
    assert "已超过保留期限（7 天）被删除，请重新导出" in response.content.decode()


def test_prune_exports_command_and_a_zip_missing_on_disk(province, settings, capsys):
    settings.BULK_EXPORT_KEEP_DAYS = 3
    admin = factories.person("admin")
    old, kept = finished_export(admin, days_ago=4), finished_export(admin, days_ago=2)
    call_command("prune_exports")
    assert "已删除 1 个过期的批量导出文件（保留 3 天）" in capsys.readouterr().out
    assert BulkExport.objects.get(pk=old.pk).state == BulkExport.State.EXPIRED
    call_command("prune_exports")  # nothing left to do: no error, nothing changed
    assert "已删除 0 个" in capsys.readouterr().out

    Path(kept.file.path).unlink()  # removed from MEDIA_ROOT by hand
    client = Client()
    client.force_login(admin)
    response = client.get(reverse("targets:bulk_export_download", args=[kept.pk]), follow=True)
    assert "该批量导出的 ZIP 文件已不在服务器上，请重新导出" in response.content.decode()


def test_an_export_whose_worker_stopped_is_shown_failed_not_running_for_ever(province):
    admin = factories.person("admin")
    long_ago = timezone.now() - timedelta(minutes=11)
    stopped = BulkExport.objects.create(created_by=admin, year=2024, state=BulkExport.State.RUNNING, total=100,
                                        done=37, started_at=long_ago - timedelta(minutes=5), progress_at=long_ago)
    alive = BulkExport.objects.create(created_by=admin, year=2024, state=BulkExport.State.RUNNING, total=100,
                                      done=12, started_at=long_ago, progress_at=timezone.now())
    client = Client()
    client.force_login(admin)

    status = client.get(reverse("targets:bulk_export_status", args=[stopped.pk])).json()

    assert (status["state"], status["state_label"], status["done"]) == ("failed", "失败", 37)
    assert status["error"] == "后台生成已中断（任务进程重启或停止），未完成。请重新导出。"
    assert BulkExport.objects.get(pk=alive.pk).state == BulkExport.State.RUNNING
    page = client.get(reverse("targets:bulk_exports")).content.decode()
    assert "后台生成已中断" in page


def test_a_worker_slower_than_thought_finishes_its_export(province, monkeypatch):
    """Marked stalled while it was in fact working: its progress and its
    finish put the export right."""
    admin = factories.person("admin")
    export = BulkExport.objects.create(created_by=admin, year=2024, region=province["hunan"], region_name="湖南省")

    def delayed(ids, out, workers=None, progress=None):
        assert fail_stalled_exports(now=timezone.now() + timedelta(hours=1)) == 1
        assert BulkExport.objects.get(pk=export.pk).state == BulkExport.State.FAILED
        return write_bulk_zip(ids, out, workers=workers, progress=progress)

    monkeypatch.setattr(tasks, "write_bulk_zip", delayed)
    run_bulk_export(export.pk, workers=0)
    export.refresh_from_db()
    assert (export.state, export.error, export.done) == (BulkExport.State.DONE, "", 2)
    assert export.file and export.finished_at > export.started_at
