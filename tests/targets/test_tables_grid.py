"""The grid model, text measuring, sheet and file names, indicator grouping."""
import pytest

from targets.frameworks import framework_for
from targets.tables import build_tables, export_filename
from targets.tables.common import amount, chinese_date, complete, contact_line, grouped, percent
from targets.tables.grid import Column, Table, fit_columns, line_count, text_width
from targets.tables.names import unique_sheet_names

from .test_tables_support import ANHUI, HEBEI, HUNAN, document_for


def small_table():
    table = Table(key="t", title="t", sheet_name="t", orientation="portrait",
                  columns=[Column(4, 10), Column(4, 10), Column(4, 10)])
    table.new_row()
    table.add("A", rowspan=2)
    table.add("B", colspan=2)
    table.new_row()
    table.add("C")  # lands right of A's span
    table.add("D")
    return table


def test_add_places_cells_beside_spans():
    table = small_table()
    assert [(c.text, c.row, c.col) for c in table.cells()] == [
        ("A", 0, 0), ("B", 0, 1), ("C", 1, 1), ("D", 1, 2)]
    assert table.text_rows() == [["A", "B", ""], ["", "C", "D"]]
    table.check()


def test_check_finds_gaps_and_overflow():
    table = small_table()
    table.new_row()
    table.add("E")
    with pytest.raises(ValueError, match="not covered"):
        table.check()
    with pytest.raises(ValueError, match="overflows"):
        table.add("F", colspan=3)


def test_text_width_counts_cjk_double():
    assert text_width("abc") == 3
    assert text_width("产出指标") == 8
    assert text_width("≥95%") == 5
    assert line_count("一二三四五六七八九十", 12) == 2  # 20 units over 10 usable
    assert line_count("甲\n乙", 12) == 2
    assert line_count("", 12) == 1


def test_fit_columns_stays_within_bounds():
    table = small_table()
    table.rows[1][0].text = "很长很长很长很长很长"
    fit_columns(table)
    assert [c.width for c in table.columns] == [4.0, 10.0, 4.0]


def test_sheet_names_valid_unique_and_short():
    names = unique_sheet_names(["经费", "经费", "A" * 31, "a" * 31])
    assert names == ["经费", "经费(2)", "A" * 31, "a" * 28 + "(2)"]


def test_sheet_names_of_a_filing():
    document = document_for(HEBEI)
    document["projects"].append(dict(document["projects"][0]))
    document["projects"].append(dict(document["projects"][0], name="a/b:c*d?[e]\\f" + "长" * 40))
    document["projects"].append(dict(document["projects"][0], name="  "))
    names = [t.sheet_name for t in build_tables(document)]
    assert names == ["单位整体绩效目标", "怀财字【2022】7号 专项经费(会议费)",
                     "怀财字【2022】7号 专项经费(会议费)(2)", "abcdef" + "长" * 25, "项目4"]
    assert all(len(n) <= 31 for n in names)
    # A project's own workbook names its sheet as the filing's workbook does.
    assert build_tables(document, 1)[0].sheet_name == "怀财字【2022】7号 专项经费(会议费)(2)"


def test_export_filename():
    assert export_filename(document_for(HEBEI), "xlsx") == "2022-224001-中共怀来县委网络安全和信息化委员会办公室.xlsx"
    assert export_filename(document_for(HEBEI), "pdf", 0) == (
        "2022-224001-中共怀来县委网络安全和信息化委员会办公室-怀财字【2022】7号 专项经费(会议费).pdf")
    # No unit code in the Hunan filing: no empty part.
    assert export_filename(document_for(HUNAN), ".xlsx") == "2024-中共沅江市委网络安全和信息化委员会办公室.xlsx"
    document = document_for(ANHUI)
    document["projects"][0]["name"] = 'a/b\\c:"d"<e>|f?*'
    assert export_filename(document, "pdf", 0) == "2023-中共宿州市委网络安全和信息化委员会办公室-abcdef.pdf"


def test_printed_values():
    assert amount("0.14") == "0.14"
    assert amount("9.6") == "9.60"
    assert amount("1400.0000") == "1400.00"
    assert amount("0") == "0.00"
    assert amount(None) == ""
    assert percent("25") == "25%"
    assert percent("25.00") == "25.00%"
    assert percent(None) == ""
    assert chinese_date("2024-06-20") == "2024年6月20日"
    assert chinese_date("六月") == "六月"
    assert chinese_date(None) == ""
    assert contact_line({"layout": "hunan", "contact": None}) == "填表人：　　联系电话：　　填报日期：　　单位负责人签字："


def row(level1, level2, name="x"):
    return {"period": "annual", "level1": level1, "level2": level2, "name": name}


def test_complete_keeps_filed_order_and_inserts_missing_in_place():
    framework = framework_for("hunan")
    groups = complete(grouped({"annual": [
        row("产出指标", "数量指标"), row("产出指标", "成本指标"), row("产出指标", "质量指标"),
        row("效益指标", "社会效益指标"),
    ]}), framework)
    assert [(g1.name, [g2.name() for g2 in g1.level2]) for g1 in groups] == [
        ("产出指标", ["数量指标", "成本指标", "质量指标", "时效指标"]),
        ("效益指标", ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
                  "社会公众或服务对象满意度指标"]),
    ]


def test_complete_knows_synonyms_and_foreign_categories():
    framework = framework_for("hunan")
    groups = complete(grouped({"annual": [
        row("效果指标", "环境效益"), row("满意度指标", "服务对象满意度指标"),
    ]}), framework)
    names = [(g1.name, [g2.name() for g2 in g1.level2]) for g1 in groups]
    # 环境效益 is 生态效益; satisfaction filed under its own 一级 is not added twice.
    assert names == [
        ("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"]),
        ("效果指标", ["经济效益指标", "社会效益指标", "环境效益", "可持续影响指标"]),
        ("满意度指标", ["服务对象满意度指标"]),
    ]
