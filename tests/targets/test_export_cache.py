"""The bulk export's cache of rendered files: a hit gives the same files, a
change of what a filing prints is never served from an older file."""
import io
import zipfile

import pytest
from openpyxl import load_workbook

from targets.models import Project
from units.models import User
from targets.services.year_archive import render_filing, write_bulk_zip
from targets.services.export_cache import ExportCache

from .. import factories


def zip_files(ids, cache):
    out = io.BytesIO()
    write_bulk_zip(ids, out, workers=0, cache=cache)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def workbook_text(content):
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)


@pytest.mark.django_db
def test_a_hit_gives_the_same_files_and_a_content_change_misses(tmp_path):
    filing = factories.filing(factories.unit(), year=2022)
    cache = ExportCache(tmp_path, render_filing)
    first = zip_files([filing.pk], cache)
    stored = list(tmp_path.rglob("*.pdf"))
    assert len(stored) == 1
    assert zip_files([filing.pk], cache) == first

    # An edit that does not bump the version (as the Django admin's) still
    # reaches the export: the cache key holds the document's digest.
    Project.objects.filter(filing=filing).update(name="改过名的项目")
    changed = zip_files([filing.pk], cache)
    xlsx = next(content for name, content in changed.items() if name.endswith(".xlsx"))
    assert "改过名的项目" in workbook_text(xlsx)
    assert len(list(tmp_path.rglob("*.pdf"))) == 1  # the older files were removed


@pytest.mark.django_db
def test_a_whole_filings_download_is_rendered_once_until_it_changes(client, monkeypatch, media_root):
    from targets.services import year_archive
    from targets.views import exports

    filing, other = (factories.filing(factories.unit(code=code), year=2022) for code in ("701", "702"))
    client.force_login(factories.person(User.Role.ADMIN))
    renders = []
    real, real_filing = exports.pdf_worker.pdf_bytes, exports.pdf_worker.filing_pdf
    monkeypatch.setattr(exports.pdf_worker, "pdf_bytes",
                        lambda document, project_index=None: renders.append(project_index) or real(
                            document, project_index=project_index))
    monkeypatch.setattr(exports.pdf_worker, "filing_pdf",
                        lambda document, parts: renders.append(None) or real_filing(document, parts))
    first = client.get(f"/filings/{filing.pk}/export.pdf").content
    assert client.get(f"/filings/{filing.pk}/export.pdf").content == first
    assert renders == [None]  # the second came from the cache

    # Downloads and the bulk export share the files: what one stored, the
    # other serves without rendering.
    cache = ExportCache.default(render_filing)
    zip_files([other.pk], cache)
    xlsx = client.get(f"/filings/{filing.pk}/export.xlsx").content

    def not_again(document):
        raise AssertionError("rendered again")

    monkeypatch.setattr(year_archive, "_render_or_fail", not_again)
    files = zip_files([filing.pk], cache)
    assert xlsx in files.values() and first in files.values()
    assert client.get(f"/filings/{other.pk}/export.pdf").content in zip_files([other.pk], cache).values()
    assert renders == [None]

    # A project's table is rendered each time; a changed filing misses.
    client.get(f"/filings/{filing.pk}/projects/{filing.projects.first().pk}/export.pdf")
    assert renders == [None, 0]
    Project.objects.filter(filing=filing).update(name="改过名的项目")
    client.get(f"/filings/{filing.pk}/export.pdf")
    assert renders == [None, 0, None]
    assert len(list((cache.folder / str(filing.pk)).glob("*.pdf"))) == 1  # the older file was removed
