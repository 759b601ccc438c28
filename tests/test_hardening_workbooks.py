"""Every workbook we read is bounded before it is parsed: a merged area, a
far cell or millions of cells in a few hundred KB are refused with a
Chinese message naming the sheet (config/uploads.py), on the filing's upload
page and on the roster page alike."""
import time
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from config.uploads import FILING_LIMITS, WorkbookProblem, scan_workbook
from targets.interchange import DocumentRefused
from targets.workbook_reader.loading import load
from units.roster import RosterError, read_roster

from . import factories
from .hardening_inputs import far_cell, many_cells, many_styles, merged_everything, small_workbook, with_sheet_xml

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def refusal(data):
    started = time.monotonic()
    with pytest.raises(DocumentRefused) as refused:
        load(data)
    assert time.monotonic() - started < 15  # the unbounded reading took minutes
    return str(refused.value.problems[0])


def test_a_merge_over_the_whole_sheet_is_refused_naming_the_sheet():
    assert refusal(merged_everything()) == (
        "工作表“项目1”用到第 1,048,576 行，超过每张表 10,000 行的上限"
        "（可能有远处的单元格或过大的合并区域），不是可导入的表格")


def test_a_merge_within_the_rows_and_columns_but_too_many_cells_is_refused():
    areas = "".join(f'<mergeCell ref="A{r}:CV{r + 99}"/>' for r in range(1, 10_000, 100))
    data = with_sheet_xml(small_workbook(), lambda xml: xml.replace(
        "</sheetData>", f"</sheetData><mergeCells>{areas}</mergeCells>"))
    assert refusal(data).startswith("工作簿的单元格合计超过 500,000 个的上限（到工作表“项目1”为止")


def test_a_cell_at_the_last_row_and_column_is_refused_at_once():
    assert "工作表“项目1”用到第 1,048,576 行" in refusal(far_cell())


def test_a_far_column_is_refused():
    data = with_sheet_xml(small_workbook(), lambda xml: xml.replace(
        "</sheetData>", '<row r="2"><c r="XFD2"><v>1</v></c></row></sheetData>'))
    assert "工作表“项目1”用到第 16,384 列，超过每张表 100 列的上限" in refusal(data)


def test_95_megabytes_of_cells_is_refused_by_its_unpacked_size():
    data = many_cells(95)
    assert len(data) < 5 * 1024 * 1024  # it passes the upload's own size check
    assert refusal(data) == "工作簿解压后为 95 MB，超过 50 MB 的上限"


def test_cells_under_the_unpacked_size_but_over_the_cell_limit_are_refused():
    assert refusal(many_cells(20)) == "工作表“项目1”的单元格超过 500,000 个的上限，不是可导入的表格"


def test_the_same_cell_written_over_and_over_is_counted():
    repeated = '<row r="1">' + '<c r="A1"><v>1</v></c>' * (FILING_LIMITS.cells + 1) + "</row>"
    data = with_sheet_xml(small_workbook(), lambda xml: xml.replace("<sheetData>", "<sheetData>" + repeated))
    with pytest.raises(WorkbookProblem) as refused:
        scan_workbook(data, FILING_LIMITS)
    assert str(refused.value) == "工作表“项目1”的单元格超过 500,000 个的上限，不是可导入的表格"


def test_a_workbook_of_700000_cell_formats_is_refused_before_openpyxl_reads_them():
    data = many_styles()
    assert len(data) < 200_000
    assert refusal(data) == "工作簿的“xl/styles.xml”部分超过 100,000 个元素的上限，不是可导入的表格"


def test_an_ordinary_workbook_gives_its_merged_areas():
    data = with_sheet_xml(small_workbook(), lambda xml: xml.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:G1"/></mergeCells>'))
    assert scan_workbook(data, FILING_LIMITS) == {"项目1": ["A1:G1"]}


@pytest.fixture
def filing(client):
    """A Yuanjiang filing, its unit's staff signed in with `client`."""
    region = factories.region("沅江市", code="430981", layout="hunan")
    unit = factories.unit(region, code="430001")
    client.force_login(factories.person("staff", unit))
    return factories.filing(unit, example="hunan-yuanjiang-2024")


@pytest.mark.django_db
def test_the_upload_page_shows_the_refusal(client, filing):
    response = client.post(reverse("targets:workbook_upload", args=[filing.pk]),
                           {"workbook": SimpleUploadedFile("表.xlsx", merged_everything(), content_type=XLSX)})
    assert response.status_code == 200
    assert "工作表“项目1”用到第 1,048,576 行" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("hostile, message", [
    (lambda: far_cell("行政区划"), "工作表“行政区划”用到第 1,048,576 行，超过每张表 100,000 行的上限"),
    (lambda: many_cells(50, "行政区划"), "工作表“行政区划”用到第 51 列，超过每张表 50 列的上限"),
])
def test_the_roster_page_refuses_an_oversized_workbook_in_chinese(hostile, message):
    client = Client()
    client.force_login(factories.person("admin"))
    response = client.post(reverse("roster"), {"roster": SimpleUploadedFile("名册.xlsx", hostile(),
                                                                             content_type=XLSX)})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_roster_refuses_a_workbook_too_large_unpacked():
    with pytest.raises(RosterError) as refused:
        read_roster(BytesIO(many_cells(120, "行政区划")))
    assert refused.value.errors == ["无法读取名册文件：工作簿解压后为 120 MB，超过 100 MB 的上限"]


@pytest.mark.django_db
def test_the_roster_page_explains_a_damaged_file_in_chinese():
    client = Client()
    client.force_login(factories.person("admin"))
    response = client.post(reverse("roster"), {"roster": SimpleUploadedFile("名册.xlsx", b"PK\x03\x04 not a zip",
                                                                             content_type=XLSX)})
    page = response.content.decode()
    assert "文件不是有效的 .xlsx 工作簿" in page
    assert "File is not a zip file" not in page


@pytest.mark.django_db
def test_the_upload_page_lists_the_first_hundred_problems_and_counts_them_all(client, filing, monkeypatch):
    from targets.interchange import Problem
    from targets.services import workbook_replace

    def refuse(filing, data):
        raise DocumentRefused([Problem(f"项目1!E{row}", "无法识别的金额“x”") for row in range(1, 251)])

    monkeypatch.setattr(workbook_replace, "read_for_filing", refuse)
    response = client.post(reverse("targets:workbook_upload", args=[filing.pk]),
                           {"workbook": SimpleUploadedFile("表.xlsx", small_workbook(), content_type=XLSX)})
    listed = response.context["problems"]
    assert len(listed) == 101
    assert str(listed[99]) == "项目1!E100：无法识别的金额“x”"
    assert listed[100] == "……共 250 处问题，以上是前 100 处。"
    assert "项目1!E101" not in response.content.decode()
