"""Every rendering of a filing runs with a time limit in a process that can
be stopped (issue 16): past TABLES_RENDER_TIMEOUT the PDF worker, or the bulk
export's children, are killed, the user is told in Chinese, and the next
rendering works."""
import os

import pytest
from django.conf import settings as django_settings

from targets.models import BulkExport
from targets.services import year_archive
from targets.tables import pdf_worker
from targets.tasks import run_bulk_export
from units.models import User

from .. import factories
from . import render_limit_support
from .test_bulk_export import province  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child not yet reaped by its parent is a zombie: dead too.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


def test_a_pdf_download_past_its_time_limit_is_stopped_and_the_next_one_works(client, monkeypatch):
    filing = factories.filing(factories.unit(), year=2022)
    client.force_login(factories.person(User.Role.ADMIN))
    # Through django.conf.settings itself: pytest-django's `settings` fixture
    # drops SETTINGS_MODULE, which turns the PDF worker off.
    monkeypatch.setattr(django_settings, "TABLES_RENDER_TIMEOUT", 3)
    assert pdf_worker.enabled()
    worker_pid = pdf_worker._get_executor().submit(os.getpid).result()  # started: the limit is the render's
    monkeypatch.setattr(pdf_worker, "_render_filing", render_limit_support.never_finishes)

    response = client.get(f"/filings/{filing.pk}/export.pdf")
    assert response.status_code == 503
    page = response.content.decode()
    assert "生成 PDF 超过了 3 秒的时间限制，已停止" in page
    assert "下载 XLSX" in page
    assert not alive(worker_pid)  # killed, not left rendering

    monkeypatch.undo()
    response = client.get(f"/filings/{filing.pk}/export.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert pdf_worker._get_executor().submit(os.getpid).result() != worker_pid  # a new worker


def test_a_bulk_export_past_its_time_limit_fails_naming_the_filing_and_the_next_one_works(
        province, monkeypatch):  # noqa: F811
    admin = factories.person(User.Role.ADMIN)
    monkeypatch.setattr(django_settings, "TABLES_RENDER_TIMEOUT", 3)
    # Children at normal priority: the limit counts from the pool's start, and
    # at niceness 10 on a machine busy with other work the children took
    # longer than 3 s to start and render the quick filing, which was named.
    monkeypatch.setattr(django_settings, "TABLES_RENDER_NICENESS", 0)
    monkeypatch.setattr(year_archive, "render_filing", render_limit_support.slow_for_one_unit)
    export = BulkExport.objects.create(created_by=admin, year=2024, region=province["hunan"])
    with pytest.raises(year_archive.BulkExportFailed):
        run_bulk_export(export.pk, workers=2)
    export.refresh_from_db()
    assert export.state == BulkExport.State.FAILED
    assert export.error.startswith("生成“沅江市财政局”2024年度的绩效目标表超过了 3 秒的时间限制，已停止")
    assert not export.file
    import multiprocessing

    # The children were stopped (the web downloads' PDF worker may live on).
    assert [p for p in multiprocessing.active_children() if "PoolWorker" in p.name] == []
    assert not list((django_settings.MEDIA_ROOT / "bulk_exports" / "partial").glob("*.zip"))

    monkeypatch.undo()
    again = BulkExport.objects.create(created_by=admin, year=2024, region=province["hunan"])
    run_bulk_export(again.pk, workers=2)
    again.refresh_from_db()
    assert again.state == BulkExport.State.DONE and again.total == 2


def test_a_background_preparation_past_its_time_limit_is_stopped_and_the_download_renders_it(
        client, monkeypatch):
    """The task that prepares a filing's downloads after a save renders
    under the same limit: a task process would otherwise render a hostile
    text for ever and hold the queue. It stops, keeps the XLSX, leaves no
    PDF and no marker a download would wait on."""
    from targets.interchange import export_document, load_filing
    from targets.services.year_archive import filing_cache
    from targets.tasks import prepare_filing_downloads

    filing = factories.filing(factories.unit(), year=2022)
    monkeypatch.setattr(django_settings, "TABLES_RENDER_TIMEOUT", 3)
    assert pdf_worker.enabled()
    worker_pid = pdf_worker._get_executor().submit(os.getpid).result()
    monkeypatch.setattr(pdf_worker, "_render_filing", render_limit_support.never_finishes)

    prepare_filing_downloads(filing.pk)  # returns, the limit past
    assert not alive(worker_pid)
    cache = filing_cache()
    key = cache.key(filing.pk, load_filing(filing.pk).version, export_document(load_filing(filing.pk)))
    assert (cache.has_file(key, "pdf"), cache.has_file(key, "xlsx")) == (False, True)
    assert not list(cache.folder.rglob("*.pending"))

    monkeypatch.undo()
    client.force_login(factories.person(User.Role.ADMIN))
    response = client.get(f"/filings/{filing.pk}/export.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
