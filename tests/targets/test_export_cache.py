"""The bulk export's cache of rendered files: a hit gives the same files, a
change of what a filing prints is never served from an older file."""
import io
import zipfile

import pytest
from openpyxl import load_workbook

from targets.models import Project
from targets.services.bulk_export import render_filing, write_bulk_zip
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
