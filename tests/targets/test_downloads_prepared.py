"""A filing's whole-filing PDF and XLSX are rendered in the background after
each save (targets/tasks.py), so a download finds them ready; one asked for
while they are being rendered waits for them instead of rendering twice."""
import threading
import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from reviews.log import record
from targets.interchange import export_document, load_filing
from targets.services.filing_import import replace_content
from targets.services.year_archive import filing_cache
from targets.views import exports

from .. import factories

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def setting(db):
    unit = factories.unit(factories.region(code="130730", layout="hebei"))
    filing = factories.filing(unit)
    client = Client()
    client.force_login(factories.person("staff", unit))
    return filing, client


def cached(filing):
    cache = filing_cache()
    key = cache.key(filing.pk, load_filing(filing.pk).version, export_document(load_filing(filing.pk)))
    return {ext: cache.has_file(key, ext) for ext in ("pdf", "xlsx")}


@override_settings(TASKS=IMMEDIATE)
def test_a_save_prepares_the_downloads_and_a_download_renders_nothing(setting, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    filing, client = setting
    document = export_document(load_filing(filing.pk))
    document["projects"][0]["annual_goal"] = "保存后的新目标"
    with django_capture_on_commit_callbacks(execute=True):
        replace_content(filing.pk, document, factories.person("admin"), "导入")
    assert cached(filing) == {"pdf": True, "xlsx": True}

    monkeypatch.setattr(exports, "_render_table", lambda *args: pytest.fail("rendered on download"))
    for fmt, start in (("pdf", b"%PDF"), ("xlsx", b"PK")):
        response = client.get(reverse("targets:download", args=[filing.pk, fmt]))
        assert response.status_code == 200 and response.content.startswith(start)


@override_settings(TASKS=IMMEDIATE)
def test_only_changes_of_content_prepare_downloads(setting, django_capture_on_commit_callbacks):
    filing, _ = setting
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record(filing, None, "comment", "审核意见")
    assert callbacks == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record(filing, None, "edit", "保存")
    assert len(callbacks) == 1 and cached(filing) == {"pdf": True, "xlsx": True}


def test_a_download_waits_for_the_rendering_under_way(tmp_path):
    from targets.services.export_cache import ExportCache
    from targets.services.year_archive import render_filing

    cache = ExportCache(tmp_path, render_filing)
    key = (1, 3, "digest")
    assert cache.wait_for_file(key, "pdf") is None  # nothing under way: no wait

    def render():
        with cache.rendering(key, "pdf"):
            started.set()
            time.sleep(0.3)
            cache.put_file(key, "pdf", b"%PDF-rendered")

    started = threading.Event()
    worker = threading.Thread(target=render)
    worker.start()
    started.wait()
    # What comes back is what the rendering under way stores. (No lower
    # bound on the wait: on a busy machine this thread may run again only
    # after the rendering's 0.3 s.)
    begun = time.monotonic()
    assert cache.wait_for_file(key, "pdf") == b"%PDF-rendered"
    assert time.monotonic() - begun < 5
    worker.join()
    assert [path.name for path in tmp_path.rglob("*")  if path.is_file()] == ["3-digest.pdf"]


def test_a_rendering_that_failed_or_stalled_is_not_waited_for(tmp_path):
    import os

    from targets.services.export_cache import PENDING_STALE, ExportCache
    from targets.services.year_archive import render_filing

    cache = ExportCache(tmp_path, render_filing)
    key = (1, 3, "digest")
    with pytest.raises(RuntimeError):
        with cache.rendering(key, "pdf"):
            raise RuntimeError("renderer failed")
    assert cache.wait_for_file(key, "pdf", timeout=5) is None  # the marker went with it
    with cache.rendering(key, "pdf") as rendering:
        stale = time.time() - PENDING_STALE - 1
        os.utime(rendering.marker, (stale, stale))  # a worker stopped mid-render
        begun = time.monotonic()
        assert cache.wait_for_file(key, "pdf", timeout=5) is None
        assert time.monotonic() - begun < 1


def test_a_stale_marker_goes_with_the_next_file(tmp_path):
    import os

    from targets.services.export_cache import PENDING_STALE, ExportCache
    from targets.services.year_archive import render_filing

    cache = ExportCache(tmp_path, render_filing)
    with cache.rendering((1, 3, "old"), "pdf") as stopped:  # a worker killed while rendering
        stale = time.time() - PENDING_STALE - 1
        os.utime(stopped.marker, (stale, stale))
        with cache.rendering((1, 4, "new"), "xlsx"):  # a rendering under way is kept
            cache.put_file((1, 4, "new"), "pdf", b"%PDF")
            assert sorted(path.name for path in tmp_path.rglob("*") if path.is_file()) == [
                "4-new.pdf", "4-new.xlsx.pending"]
