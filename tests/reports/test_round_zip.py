"""A monitoring round's ZIP (reports/bundle.py): the summary workbook first,
then each unit's projects as 执行监控表 XLSX and PDF; the summary's counts
are the overview's (judging.counts), red first, numbers as numbers; an
invalid report refuses the round naming the unit and project."""
import copy
import dataclasses
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports import judging
from reports.bundle import SUMMARY, RoundExportFailed, round_zip, round_zip_filename
from reports.kinds import KINDS
from reports.tables import build_monitoring_tables

from ..conftest import EXAMPLE_NAMES
from .monitoring_support import filled

TITLE = "2024年度绩效运行监控（1–7月）"
STATUSES = {"hebei-huailai-2022": "已提交", "hunan-yuanjiang-2024": "草稿", "anhui-suzhou-2023": "已接受"}
LABELS = ["红灯", "黄灯", "绿灯", "蓝灯", "未判定"]
KEYS = ["red", "yellow", "green", "blue", "unjudged"]


def entries(months=None):
    result = []
    for name in EXAMPLE_NAMES:
        document = filled(name, months)
        result.append((document["unit"]["name"], document["unit"].get("code"), STATUSES[name], document))
    return result


def unzip(data):
    return zipfile.ZipFile(io.BytesIO(data))


def sheet_rows(archive, sheet):
    workbook = load_workbook(io.BytesIO(archive.read(SUMMARY)))
    worksheet = workbook[sheet]
    header = [c.value for c in worksheet[3]]
    return header, [dict(zip(header, row)) for row in worksheet.iter_rows(min_row=4)], worksheet


def values(rows):
    return [{k: c.value for k, c in row.items()} for row in rows]


@pytest.fixture(scope="module")
def round_without_pdf():
    return entries(), unzip(round_zip(entries(), title=TITLE, pdf=False, workers=0))


def test_the_zip_holds_the_summary_first_then_each_projects_table_as_xlsx_and_pdf():
    given = entries(months=7)
    archive = unzip(round_zip(given, title=TITLE, workers=2))
    names = archive.namelist()
    assert names[0] == "汇总.xlsx"
    expected = ["汇总.xlsx"]
    for unit_name, _, _, document in given:
        for project in document["projects"]:
            expected += [f"{unit_name}/{project['name']}.xlsx", f"{unit_name}/{project['name']}.pdf"]
    assert names == expected  # 1 + 7 + 3 projects, Chinese names kept
    for unit_name, _, _, document in given:
        for index, project in enumerate(document["projects"]):
            stem = f"{unit_name}/{project['name']}"
            workbook = load_workbook(io.BytesIO(archive.read(f"{stem}.xlsx")))
            table = build_monitoring_tables(document, index)[0]
            assert workbook.sheetnames == [table.sheet_name]
            texts = [c for row in workbook.active.iter_rows(values_only=True) for c in row if isinstance(c, str)]
            assert f"{document['year']}年度项目支出绩效目标执行监控表" in texts
            assert project["name"] in texts
            assert archive.read(f"{stem}.pdf").startswith(b"%PDF-")


def test_summary_lists_every_unit_and_project_with_the_overviews_counts(round_without_pdf):
    given, archive = round_without_pdf
    header, rows, _ = sheet_rows(archive, "汇总")
    assert header == ["序号", "单位名称", "单位编码", "项目名称", "状态", "最差灯", *LABELS,
                      "年初预算数\n（万元）", "执行数\n（万元）", "执行率"]  # periods differ: no 1–N月
    rows = values(rows)
    assert [r["序号"] for r in rows] == list(range(1, 12))
    expected = {}
    for unit_name, _, status, document in given:
        for project, lights in zip(document["projects"], judging.document_lights(document)):
            counts = judging.counts([lights])
            expected[unit_name, project["name"]] = (status, [counts[k] for k in KEYS],
                                                    {"red": "红灯", "yellow": "黄灯", "green": "绿灯",
                                                     "blue": "蓝灯", "": "未判定"}[counts["worst"]])
    found = {(r["单位名称"], r["项目名称"]): (r["状态"], [r[label] for label in LABELS], r["最差灯"]) for r in rows}
    assert found == expected
    assert all(type(r[label]) is int for r in rows for label in LABELS)


def test_the_per_unit_sheet_gives_judging_counts_of_each_report(round_without_pdf):
    given, archive = round_without_pdf
    header, rows, _ = sheet_rows(archive, "按单位")
    assert header == ["序号", "单位名称", "单位编码", "状态", "项目数", "最差灯", *LABELS]
    by_unit = {r["单位名称"]: r for r in values(rows)}
    assert len(by_unit) == 3
    for unit_name, code, status, document in given:
        counts = judging.counts(judging.document_lights(document))
        row = by_unit[unit_name]
        assert [row[label] for label in LABELS] == [counts[k] for k in KEYS]
        assert (row["单位编码"] or None, row["状态"], row["项目数"]) == (code, status, len(document["projects"]))
    assert by_unit["中共怀来县委网络安全和信息化委员会办公室"]["最差灯"] == "红灯"


def test_red_comes_first_and_each_light_is_named_on_its_colour(round_without_pdf):
    _, archive = round_without_pdf
    _, rows, _ = sheet_rows(archive, "汇总")
    lights = [r["最差灯"].value for r in rows]
    assert lights[0] == "红灯"
    assert lights == sorted(lights, key=LABELS.index)
    colours = {r["最差灯"].value: r["最差灯"].fill.fgColor.rgb[-6:] for r in rows}
    assert colours == {"红灯": "FF8B8B", "黄灯": "FFE07A", "绿灯": "A9D18E"}
    # Within a light, more reds and yellows first (Hunan's yellows before its greens).
    assert [r["单位名称"].value[2:4] for r in rows[:4]] == ["怀来", "沅江", "沅江", "沅江"]


def test_amounts_and_rates_are_numbers(round_without_pdf):
    given, archive = round_without_pdf
    _, rows, _ = sheet_rows(archive, "汇总")
    anhui = next(doc for _, _, _, doc in given if doc["unit"]["name"].startswith("中共宿州"))
    project = anhui["projects"][0]
    total = project["budget"]["total"]
    row = next(r for r in rows if r["项目名称"].value == project["name"])
    annual, executed, executed_rate = row["年初预算数\n（万元）"], row["执行数\n（万元）"], row["执行率"]
    assert annual.value == float(Decimal(total["annual"]))
    assert executed.value == float(Decimal(total["executed"]))
    assert executed_rate.value == pytest.approx(0.55)
    assert executed_rate.number_format == "0.00%"
    assert annual.data_type == executed.data_type == executed_rate.data_type == "n"


def test_the_period_heads_the_amount_columns_when_the_round_has_one():
    archive = unzip(round_zip(entries(months=7)[:1], title=TITLE, pdf=False, workers=0))
    header, _, worksheet = sheet_rows(archive, "汇总")
    assert header[-2:] == ["1–7月执行数\n（万元）", "1–7月\n执行率"]
    assert worksheet["A1"].value == TITLE


def test_amounts_in_yuan_are_shown_in_wan_yuan():
    document = filled("hebei-huailai-2022")
    document["amount_unit"] = "元"
    total = document["projects"][0]["budget"]["total"]
    total["annual"], total["executed"] = "12000.00", "6000.50"
    archive = unzip(round_zip([("怀来", None, None, document)], title=TITLE, pdf=False, workers=0))
    header, rows, _ = sheet_rows(archive, "汇总")
    assert "状态" not in header  # no status given
    row = values(rows)[0]
    assert (row["年初预算数\n（万元）"], row["1–7月执行数\n（万元）"]) == (1.2, 0.60005)
    assert row["1–7月\n执行率"] == pytest.approx(0.5)


def test_names_in_the_zip_are_safe_and_unique_and_texts_stay_text():
    one = filled("anhui-suzhou-2023")
    one["projects"][0]["name"] = "=HYPERLINK(\"http://x\")/经费:一*"
    one["projects"][1]["name"] = "网络媒体协会运行经费"  # the same as the third
    other = copy.deepcopy(one)
    other["projects"] = other["projects"][2:]
    empty = copy.deepcopy(one)
    empty["projects"] = []
    archive = unzip(round_zip([("宿州/网信办", "1", "", one), ("宿州/网信办", "2", "", other),
                               ("宿州:网信办", "3", "", empty)], title=TITLE, pdf=False, workers=0))
    assert archive.namelist() == [
        "汇总.xlsx",
        "宿州网信办/=HYPERLINK(httpx)经费一.xlsx",
        "宿州网信办/网络媒体协会运行经费.xlsx",
        "宿州网信办/网络媒体协会运行经费(2).xlsx",
        "宿州网信办(2)/网络媒体协会运行经费.xlsx",
    ]
    _, rows, _ = sheet_rows(archive, "汇总")
    rows = values(rows)
    formula = next(r for r in rows if r["项目名称"].startswith("="))
    assert formula["项目名称"] == "=HYPERLINK(\"http://x\")/经费:一*"  # text, not a formula
    # The unit without projects is listed, unjudged, last.
    assert (rows[-1]["单位编码"], rows[-1]["项目名称"], rows[-1]["最差灯"], rows[-1]["未判定"]) == ("3", None, "未判定", 0)
    assert round_zip_filename("2024年度绩效运行监控（1–7月）/怀来") == "2024年度绩效运行监控（1–7月）怀来.zip"


def test_an_invalid_report_refuses_the_round_naming_unit_and_project():
    given = entries()
    anhui = given[2][3]
    anhui["projects"][1]["indicators"][0]["likelihood"] = "大概能"
    with pytest.raises(RoundExportFailed) as refused:
        round_zip(given, title=TITLE, pdf=False, workers=0)
    message = str(refused.value)
    assert message.startswith("有 1 家单位的报告格式不正确，未生成导出文件，请先修正：")
    assert "“中共宿州市委网络安全和信息化委员会办公室”的报告：项目“网络安全和信息化工作经费”，" in message
    assert "projects[1].indicators[0].likelihood：" in message


def test_a_report_that_takes_too_long_stops_the_export_naming_the_unit(settings):
    settings.TABLES_RENDER_TIMEOUT = 0.001
    with pytest.raises(RoundExportFailed) as stopped:
        round_zip(entries()[:1], title=TITLE, workers=1)
    assert str(stopped.value).startswith(
        "生成“中共怀来县委网络安全和信息化委员会办公室”（224001）的执行监控表超过了 0.001 秒的时间限制，已停止")


def test_a_table_that_fails_to_render_is_named_with_its_unit_and_project(monkeypatch):
    def broken(document, project_index=None):
        raise ValueError("字体缺失")

    monkeypatch.setitem(KINDS, "monitoring", dataclasses.replace(KINDS["monitoring"], workbook_bytes=broken))
    with pytest.raises(RoundExportFailed) as failed:
        round_zip(entries()[2:], title=TITLE, pdf=False, workers=0)
    assert str(failed.value) == ("生成“中共宿州市委网络安全和信息化委员会办公室”的执行监控表失败："
                                 "项目“网络内容建设工作经费及网络综合治理”：字体缺失")
