"""Downloads and the preview: the same tables for whoever may see the
filing, 404 for everyone else."""
import io
import json
from urllib.parse import unquote

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from .. import factories
from ..conftest import load_example
from .test_interchange import comparable


@pytest.fixture
def setting(db):
    region = factories.region("宿州市", code="341300", layout="anhui")
    unit = factories.unit(region, code="001", name="中共宿州市委网络安全和信息化委员会办公室")
    filing = factories.filing(unit, example="anhui-suzhou-2023")
    staff, outsider = Client(), Client()
    staff.force_login(factories.person("staff", unit))
    outsider.force_login(factories.person("staff", factories.unit()))
    reviewer = Client()
    reviewer.force_login(factories.person("reviewer", jurisdiction=[region]))
    return {"filing": filing, "staff": staff, "outsider": outsider, "reviewer": reviewer}


def test_filing_workbook_for_staff_and_reviewer(setting):
    filing = setting["filing"]
    for client in (setting["staff"], setting["reviewer"]):
        response = client.get(reverse("targets:download", args=[filing.pk, "xlsx"]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        disposition = unquote(response["Content-Disposition"])
        assert disposition.endswith(".xlsx") and "中共宿州市委网络安全和信息化委员会办公室" in disposition
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        assert len(book.sheetnames) == 3
        assert book.worksheets[0]["A1"].value == "项目支出绩效目标申报表"


def test_project_pdf_and_json(setting):
    filing = setting["filing"]
    second = filing.projects.order_by("order")[1]
    pdf = setting["staff"].get(reverse("targets:project_download", args=[filing.pk, second.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    document = setting["staff"].get(reverse("targets:download", args=[filing.pk, "json"]))
    exported = json.loads(document.content)
    assert comparable(exported["projects"]) == comparable(load_example("anhui-suzhou-2023")["projects"])
    assert exported["unit"]["code"] == "001"


def test_preview_shows_the_table(setting):
    filing = setting["filing"]
    second = filing.projects.order_by("order")[1]
    content = setting["reviewer"].get(reverse("targets:project_preview", args=[filing.pk, second.pk])).content
    text = content.decode()
    assert "项目支出绩效目标申报表" in text and "网络安全和信息化工作经费" in text
    assert "网络内容建设工作经费及网络综合治理</td>" not in text


def test_outsiders_get_404(setting):
    filing = setting["filing"]
    project = filing.projects.first()
    for url in (reverse("targets:download", args=[filing.pk, "xlsx"]),
                reverse("targets:download", args=[filing.pk, "pdf"]),
                reverse("targets:download", args=[filing.pk, "json"]),
                reverse("targets:project_download", args=[filing.pk, project.pk, "xlsx"]),
                reverse("targets:preview", args=[filing.pk]),
                reverse("targets:project_preview", args=[filing.pk, project.pk])):
        assert setting["outsider"].get(url).status_code == 404, url
    assert setting["staff"].get(f"/filings/{filing.pk}/export.exe").status_code == 404
    assert setting["staff"].get(f"/filings/{filing.pk}/projects/{project.pk}/export.json").status_code == 404
    other = factories.filing(factories.unit(), year=2022)
    foreign_project = other.projects.first()
    url = reverse("targets:project_download", args=[filing.pk, foreign_project.pk, "xlsx"])
    assert setting["staff"].get(url).status_code == 404
