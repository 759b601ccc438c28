"""The headings as the unit wrote them (issue 15, item 5; docs/filing-format.md
"Headings"): printed in the XLSX and the PDF, read back from the workbook to
the same document, and an older document without them printed and exported
exactly as before."""
import copy
import json
import shutil
import subprocess

import pytest

from targets.interchange import export_document, import_document, load_filing
from targets.services.filing_import import replace_content
from targets.tables import build_tables, pdf_bytes, workbook_bytes
from targets.workbook_reader import read_workbook

from .. import factories
from .test_tables_support import ANHUI, HEBEI, HUNAN, document_for
from .workbook_editing import open_workbook, saved

HEADING_KEYS = {"projects_heading", "table_numbering"}
DEPARTMENT_HEADING_KEYS = {"part_heading", "heading", "overall_goal_title", "sub_goals_title", "safeguards_title"}


def with_headings(name):
    """The example with the headings other published Hebei tables print."""
    document = document_for(name)
    document["projects_heading"] = "第二部分 预算项目绩效目标"
    document["table_numbering"] = "1、"
    if document.get("department") is not None:
        document["department"].update(
            part_heading="第一部分", heading="部门整体绩效目标", overall_goal_title="一、部门总体绩效目标",
            sub_goals_title="二、部门分项绩效目标", safeguards_title="三、保障措施")
    return document


def sheet_texts(data):
    """{sheet title: [the texts of its cells, row by row]}."""
    return {ws.title: [cell.value for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
            for ws in open_workbook(data).worksheets}


def pdf_text(document, tmp_path):
    path = tmp_path / "tables.pdf"
    path.write_bytes(pdf_bytes(document))
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


HEBEI_PRINTED = ["第一部分", "部门整体绩效目标", "一、部门总体绩效目标", "二、部门分项绩效目标", "三、保障措施",
                 "第二部分 预算项目绩效目标", "1、怀财字【2022】7号 专项经费(会议费)绩效目标表"]


def test_hebei_workbook_prints_the_units_headings_in_order():
    texts = sheet_texts(workbook_bytes(with_headings(HEBEI)))
    department, project = texts["部门整体绩效目标"], texts["怀财字【2022】7号 专项经费(会议费)"]
    assert department[:3] == ["第一部分", "部门整体绩效目标", "一、部门总体绩效目标"]
    assert [t for t in department if t in HEBEI_PRINTED[3:5]] == HEBEI_PRINTED[3:5]
    assert project[:3] == ["第二部分 预算项目绩效目标", "1、怀财字【2022】7号 专项经费(会议费)绩效目标表",
                           "224001中共怀来县委网络安全和信息化委员会办公室"]
    for default in ("单位整体绩效目标", "一、总体绩效目标", "1.怀财字【2022】7号 专项经费(会议费)绩效目标表"):
        assert not any(default in text for sheet in texts.values() for text in sheet)


def test_the_other_layouts_print_the_part_headings():
    hunan = sheet_texts(workbook_bytes(with_headings(HUNAN)))
    assert hunan["部门整体支出绩效目标表"][:3] == ["第一部分", "部门整体绩效目标", "填报单位：（盖章）"]
    first_project = list(hunan)[1]
    assert hunan[first_project][:2] == ["第二部分 预算项目绩效目标", "2024年项目支出绩效目标表"]
    assert all(sheet[0] == "2024年项目支出绩效目标表" for sheet in list(hunan.values())[2:])
    anhui = list(sheet_texts(workbook_bytes(with_headings(ANHUI))).values())
    assert anhui[0][:2] == ["第二部分 预算项目绩效目标", "项目支出绩效目标申报表"]
    assert anhui[1][0] == "项目支出绩效目标申报表"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_the_pdf_prints_them(tmp_path):
    text = pdf_text(with_headings(HEBEI), tmp_path)
    positions = [text.find(heading) for heading in HEBEI_PRINTED]
    assert -1 not in positions and positions == sorted(positions), list(zip(HEBEI_PRINTED, positions))
    assert "单位整体绩效目标" not in text and "1.怀财字" not in text
    hunan = pdf_text(with_headings(HUNAN), tmp_path)
    assert hunan.find("第一部分") < hunan.find("部门整体绩效目标") < hunan.find("第二部分 预算项目绩效目标") \
        < hunan.find("2024年项目支出绩效目标表")


@pytest.mark.parametrize("name", [HEBEI, HUNAN, ANHUI])
@pytest.mark.parametrize("with_base", [True, False], ids=["base", "properties-only"])
def test_a_workbook_with_the_units_headings_reads_back_the_same_document(name, with_base):
    document = with_headings(name)
    read = read_workbook(workbook_bytes(document), base=document if with_base else None).document
    if with_base:
        assert read == document
    else:  # what the sheets and properties hold: everything but what no table prints
        assert {key: read.get(key) for key in HEADING_KEYS} == {key: document[key] for key in HEADING_KEYS}
        if name != ANHUI:
            assert {key: read["department"].get(key) for key in DEPARTMENT_HEADING_KEYS} == {
                key: document["department"][key] for key in DEPARTMENT_HEADING_KEYS}


def without_heading_properties(document):
    from openpyxl.packaging.custom import CustomPropertyList

    workbook = open_workbook(workbook_bytes(document))
    kept = CustomPropertyList()
    for prop in workbook.custom_doc_props:
        if not prop.name.startswith("jixiao.heading."):
            kept.append(prop)
    workbook.custom_doc_props = kept
    return saved(workbook)


def test_headings_are_read_from_the_sheet_without_their_properties():
    """A workbook without the headings' properties (written before them, or
    by another program) still gives back the headings it prints in the
    title rows, and with the filing as base recognises the sections titled
    in the unit's words."""
    document = with_headings(HEBEI)
    data = without_heading_properties(document)
    assert read_workbook(data, base=document).document == document
    alone = read_workbook(data)
    assert (alone.document["projects_heading"], alone.document["table_numbering"]) == (
        "第二部分 预算项目绩效目标", "1、")
    # Neither the base nor the properties say how the unit titled its
    # sections: a department sheet without one known title is not taken
    # for one, and the import says so.
    assert alone.document["department"] is None
    assert alone.warnings == ["已忽略工作表“部门整体绩效目标”：不是河北版式的绩效目标表"]
    hunan = with_headings(HUNAN)
    department = read_workbook(without_heading_properties(hunan)).document["department"]
    assert (department["part_heading"], department["heading"]) == ("第一部分", "部门整体绩效目标")


def test_a_heading_edited_in_excel_comes_back_as_edited():
    document = with_headings(HEBEI)
    workbook = open_workbook(workbook_bytes(document))
    department, project = workbook.worksheets
    department["A1"] = "第一部分（修订）"
    project["A1"] = "第二部分 项目支出绩效目标"
    project["A2"] = "1.怀财字【2022】7号 专项经费(会议费)绩效目标表"
    read = read_workbook(saved(workbook), base=document).document
    assert read["department"]["part_heading"] == "第一部分（修订）"
    assert read["projects_heading"] == "第二部分 项目支出绩效目标"
    assert "table_numbering" not in read  # numbered as the layout numbers: null, its own
    assert read["department"]["overall_goal"] == document["department"]["overall_goal"]


def test_the_layouts_own_headings_read_back_as_null():
    """Headings typed into a workbook of an older filing, then set back to
    the layout's own: the document says null, as before."""
    old = document_for(HEBEI)
    workbook = open_workbook(workbook_bytes(old))
    department, project = workbook.worksheets
    project["A1"] = "1、" + project["A1"].value[2:]
    read = read_workbook(saved(workbook), base=old).document
    assert read["table_numbering"] == "1、"
    assert "projects_heading" not in read and "heading" not in read["department"]
    assert read_workbook(workbook_bytes(old), base=old).document == old


@pytest.mark.parametrize("name", [HEBEI, HUNAN, ANHUI])
def test_an_older_document_prints_and_exports_as_before(db, name):
    """Null headings (as every document written before them) print the
    layout's own, exactly the tables of the document without the keys; the
    export leaves the keys out."""
    old = document_for(name)
    nulls = copy.deepcopy(old)
    nulls.update(projects_heading=None, table_numbering=None)
    if nulls.get("department") is not None:
        nulls["department"].update({key: None for key in DEPARTMENT_HEADING_KEYS})
    assert [t.rows for t in build_tables(nulls)] == [t.rows for t in build_tables(old)]
    assert sheet_texts(workbook_bytes(nulls)) == sheet_texts(workbook_bytes(old))
    filing = import_document(nulls)
    assert json.dumps(export_document(load_filing(filing.pk)), ensure_ascii=False) == json.dumps(
        old, ensure_ascii=False)


def test_the_defaults_are_todays_headings():
    hebei = sheet_texts(workbook_bytes(document_for(HEBEI)))
    assert hebei["单位整体绩效目标"][:2] == ["单位整体绩效目标", "一、总体绩效目标"]
    assert list(hebei.values())[1][0] == "1.怀财字【2022】7号 专项经费(会议费)绩效目标表"
    assert list(sheet_texts(workbook_bytes(document_for(HUNAN))).values())[0][0] == "2024年部门整体支出绩效目标表"


@pytest.mark.django_db
@pytest.mark.parametrize("name", [HEBEI, HUNAN, ANHUI])
def test_a_filing_with_headings_round_trips_through_its_workbook(name):
    """Stored, exported, printed to XLSX and imported into itself: the JSON
    export after is the one before."""
    unit = factories.unit(factories.region(code="130730"), code="224001")
    filing = import_document(with_headings(name), unit=unit)
    before = export_document(load_filing(filing.pk))
    assert before["table_numbering"] == "1、"
    reading = read_workbook(workbook_bytes(before), base=before)
    assert replace_content(filing.pk, reading.document, factories.person("admin"), "导入 XLSX") == []
    assert json.dumps(export_document(load_filing(filing.pk)), ensure_ascii=False) == json.dumps(
        before, ensure_ascii=False)


@pytest.mark.django_db
def test_saving_the_department_part_in_the_editor_keeps_the_headings():
    """The editor does not show the headings yet (framework.department_fields
    names the texts only): a save of the department part leaves them as
    they were."""
    from django.test import Client
    from django.urls import reverse

    from ..formdata import form_data

    unit = factories.unit(factories.region(code="130730", layout="hebei"), code="224001")
    filing = import_document(with_headings(HEBEI), unit=unit)
    client = Client()
    client.force_login(factories.person("staff", unit))
    url = reverse("targets:department", args=[filing.pk])
    data = form_data(client.get(url))
    data["overall_goal"] = "新的总体绩效目标"
    assert client.post(url, data).status_code == 302
    saved = export_document(load_filing(filing.pk))
    assert saved["department"]["overall_goal"] == "新的总体绩效目标"
    expected = with_headings(HEBEI)
    assert {key: saved["department"][key] for key in DEPARTMENT_HEADING_KEYS} == {
        key: expected["department"][key] for key in DEPARTMENT_HEADING_KEYS}
    assert (saved["projects_heading"], saved["table_numbering"]) == ("第二部分 预算项目绩效目标", "1、")


def test_last_years_hunan_title_is_the_layouts_own():
    """The Hunan department title carries its year: the title of last
    year's workbook brought into this year's filing is no heading of the
    unit's own."""
    document = document_for(HUNAN)
    last_year = copy.deepcopy(document)
    last_year["year"] = 2023
    read = read_workbook(workbook_bytes(last_year), base=document).document
    assert "heading" not in read["department"]
    assert read == document
