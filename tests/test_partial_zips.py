"""A bulk export's ZIP is written beside the finished ones until it is done,
and one left behind by a killed worker is removed when the next export
starts; one another worker is still writing is kept."""
import zipfile
from pathlib import Path

import pytest

from targets import tasks
from targets.models import BulkExport
from tests import factories


@pytest.mark.django_db
def test_a_killed_workers_partial_zip_is_removed_by_the_next_export(monkeypatch, media_root):
    admin = factories.person("admin")
    factories.filing(factories.unit(), year=2024)

    def export(state):
        return BulkExport.objects.create(created_by=admin, year=2024, region_name="全部", state=state)

    partial = media_root / "bulk_exports" / "partial"
    partial.mkdir(parents=True)
    killed, writing, queued = export(BulkExport.State.FAILED), export(BulkExport.State.RUNNING), export(BulkExport.State.QUEUED)
    (partial / f"{killed.pk}.zip").write_bytes(b"PK half a ZIP")
    (partial / f"{writing.pk}.zip").write_bytes(b"PK being written")
    written_to = []

    def write_bulk_zip(ids, out, **options):
        written_to.append(Path(out.name))
        assert sorted(path.name for path in partial.iterdir()) == [f"{writing.pk}.zip", f"{queued.pk}.zip"]
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("清单.csv", "")
        return len(ids)

    monkeypatch.setattr(tasks, "write_bulk_zip", write_bulk_zip)
    tasks.run_bulk_export(queued.pk, workers=0)

    queued.refresh_from_db()
    assert queued.state == BulkExport.State.DONE
    assert written_to == [partial / f"{queued.pk}.zip"]
    assert [path.name for path in partial.iterdir()] == [f"{writing.pk}.zip"]
    with zipfile.ZipFile(queued.file.open("rb")) as archive:
        assert archive.namelist() == ["清单.csv"]
