"""Downloads of filings, of a year's ZIP and of the roster are kept in no
cache: `Cache-Control: private, no-store`."""
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from targets.models import BulkExport
from tests import factories


@pytest.mark.django_db
def test_downloads_of_filings_and_the_roster_are_not_cached(client):
    unit = factories.unit()
    filing = factories.filing(unit)
    project = filing.projects.first()
    admin = factories.person("admin")
    export = BulkExport.objects.create(created_by=admin, year=filing.year, region_name="全部",
                                       state=BulkExport.State.DONE, total=1, done=1)
    export.file.save("year.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    client.force_login(admin)
    urls = [
        reverse("targets:download", args=[filing.pk, "json"]),
        reverse("targets:download", args=[filing.pk, "xlsx"]),
        reverse("targets:project_download", args=[filing.pk, project.pk, "xlsx"]),
        reverse("targets:bulk_export_download", args=[export.pk]),
        reverse("roster_current"),
        reverse("roster_template"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "attachment" in response["Content-Disposition"], url
        assert response["Cache-Control"] == "private, no-store", url
