"""Every file we write is safe to open in Excel or WPS: a text starting
like a formula (= + - @) stays text and control characters are removed —
in the roster download, the bulk export's 清单.csv, the initial passwords'
CSV and the official tables (config/safe_files.py)."""
import csv
import io
from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from config.safe_files import SafeCsvWriter, csv_cell
from targets.services.year_archive import _manifest_csv, _manifest_row
from targets.tables import workbook_bytes
from units import roster
from units.models import BudgetUnit
from units.roster import RosterError, load_roster, roster_bytes

from . import factories
from .conftest import load_example

HYPERLINK = '=HYPERLINK("http://evil.example/","点此查看")'


@pytest.mark.parametrize("text, written", [
    (HYPERLINK, "'" + HYPERLINK), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"), ("\x00=1+1", "'=1+1"), ("甲\x07乙\n丙", "甲乙\n丙"), ("怀来县", "怀来县"), (7, 7),
])
def test_a_csv_cell_is_never_a_formula(text, written):
    assert csv_cell(text) == written


def test_the_bulk_export_manifest_writes_a_formula_name_as_text():
    document = {"unit": {"code": "224001", "name": HYPERLINK, "region": {"name": "怀来县"}}, "projects": [{}]}
    text = _manifest_csv([_manifest_row(document, "怀来县-224001-x")])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ["怀来县", "224001", "'" + HYPERLINK, "1", "怀来县-224001-x"]


@pytest.mark.django_db
def test_the_roster_download_writes_formula_names_as_text_and_loads_back_unchanged():
    region = factories.region("怀来县", code="130730")
    factories.unit(region, code="224001", name=HYPERLINK)
    person = factories.person("admin", username="admin_a")
    person.organisation = "@SUM(1,2)"
    person.save()
    data, _ = roster_bytes()
    workbook = load_workbook(BytesIO(data))  # formulas as written, not computed
    unit_cell = workbook["预算单位"]["C2"]
    assert (unit_cell.value, unit_cell.data_type, unit_cell.quotePrefix) == (HYPERLINK, "s", True)
    assert workbook["人员"]["G2"].value == "@SUM(1,2)" and workbook["人员"]["G2"].data_type == "s"
    result = load_roster(BytesIO(data), dry_run=True)
    assert result.updated == {"行政区划": 0, "预算单位": 0, "人员": 0}
    assert BudgetUnit.objects.get(code="224001").name == HYPERLINK


@pytest.mark.django_db
def test_a_unit_or_region_name_with_a_line_break_is_refused():
    workbook_rows = {"行政区划": [["130730", "怀来县\n第二行", "", ""]],
                     "预算单位": [["130730", "224001", "中共怀来县委\r\n网信办", ""]]}
    with pytest.raises(RosterError) as refused:
        load_roster(BytesIO(roster._workbook_bytes(workbook_rows)))
    assert refused.value.errors == [
        "“行政区划”第 2 行“名称”：不能包含换行",
        "“预算单位”第 2 行“行政区划代码”：区划“130730”不存在（“行政区划”表和系统中都没有）",
    ]
    factories.region("怀来县", code="130730")
    with pytest.raises(RosterError) as refused:
        load_roster(BytesIO(roster._workbook_bytes({"预算单位": workbook_rows["预算单位"]})))
    assert refused.value.errors == ["“预算单位”第 2 行“单位名称”：不能包含换行"]


def test_an_initial_password_never_starts_like_a_formula(monkeypatch):
    draws = iter(["-aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbb"])
    monkeypatch.setattr(roster.secrets, "token_urlsafe", lambda length: next(draws))
    assert roster._initial_password() == "b" * 16


@pytest.mark.django_db
def test_the_initial_passwords_csv_writes_accounts_as_text(tmp_path):
    factories.region("怀来县", code="130730")
    rows = {"人员": [["-1+2", "张三", "管理员", "", "", "", "", "", ""]]}
    path = tmp_path / "名册.xlsx"
    path.write_bytes(roster._workbook_bytes(rows))
    passwords = tmp_path / "passwords.csv"
    call_command("import_units", str(path), "--passwords", str(passwords), stdout=io.StringIO())
    written = list(csv.reader(passwords.open(encoding="utf-8")))
    assert written[1][0] == "'-1+2"


def test_safe_csv_writer_writes_rows():
    out = io.StringIO()
    SafeCsvWriter(out).writerows([["=1", 2], ["a", None]])
    assert out.getvalue() == "'=1,2\r\na,\r\n"


def test_the_official_tables_write_formula_texts_as_text():
    document = load_example("hebei-huailai-2022")
    document["projects"][0]["name"] = HYPERLINK
    document["projects"][0]["indicators"][0]["value"] = "+100"
    workbook = load_workbook(BytesIO(workbook_bytes(document)))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value in (HYPERLINK, "+100")]
    assert {cell.value for cell in cells} == {HYPERLINK, "+100"}
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
