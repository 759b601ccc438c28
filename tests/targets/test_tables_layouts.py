"""The layout builders against the official tables as the three example units filed them
(the seed tables behind fixtures/examples)."""
import pytest

from targets.tables import build_tables
from targets.tables.anhui import midterm_span

from .test_tables_support import ANHUI, HEBEI, HUNAN, document_for


def spans(table):
    """(row, col, rowspan, colspan) of every merged cell."""
    return sorted((c.row, c.col, c.rowspan, c.colspan) for c in table.cells()
                  if c.rowspan > 1 or c.colspan > 1)


def test_every_table_covers_its_grid(example):
    for table in build_tables(example):
        table.check()


def test_hebei_tables():
    department, project = build_tables(document_for(HEBEI))
    assert department.title == "单位整体绩效目标"
    rows = department.text_rows()
    assert rows[0] == ["单位整体绩效目标"]
    assert [r[0] for r in rows if r[0].startswith(("一、", "二、", "三、"))] == [
        "一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"]
    # One row per paragraph; joined again they are the filed text.
    overall = document_for(HEBEI)["department"]["overall_goal"]
    assert "\n".join(r[0] for r in rows[2:7]) == overall
    assert rows[2] == ["1、统筹协调全县网络安全保障，网上信息监管，网络舆情监控等相关工作。"]

    assert project.orientation == "portrait"
    assert project.header_rows == (8, 9)
    assert project.text_rows() == [
        ["1.怀财字【2022】7号 专项经费(会议费)绩效目标表", "", "", "", "", "", ""],
        ["224001中共怀来县委网络安全和信息化委员会办公室", "", "", "", "", "单位：万元", ""],
        ["项目编码", "13073022P00850910001T", "", "项目名称", "怀财字【2022】7号 专项经费(会议费)", "", ""],
        ["预算规模及资金用途", "预算数", "0.14", "其中：财政资金", "0.14", "其他资金", ""],
        ["", "会议经费", "", "", "", "", ""],
        ["资金支出计划（%）", "3月底", "", "6月底", "", "10月底", "12月底"],
        ["", "25%", "", "50%", "", "75%", "100%"],
        ["绩效目标", "1.目标内容1", "", "", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "", "指标值", "指标值确定依据"],
        ["产出指标", "成本指标", "资金成本", "资金成本", "", "严格按照有关会议文件精神执行", "会议所需经费"],
        ["", "质量指标", "计划完成率", "计划完成率", "", "顺利如期举行各项会议", "是否由于经费问题"],
        ["", "时效指标", "延误率", "延误率", "", "≤50会员是否延误", "会议的及时性"],
        ["", "数量指标", "会议数量", "会议数量", "", "会议数量和经费相匹配", "会议成本控制"],
        ["效益指标", "社会效益指标", "网络安全保障", "网络安全保障", "", "通过会议精神贯彻实施", "会议强调网络安全保障"],
        ["满意度指标", "服务对象满意度指标", "参会单位满意度（%）", "参会单位满意度（%）", "",
         "≥60全年所有会议", "会议顺利进行，传达会议精神"],
    ]
    assert (9, 0, 4, 1) in spans(project)  # 产出指标 over its four rows
    assert (3, 0, 2, 1) in spans(project) and (5, 0, 2, 1) in spans(project)


def test_hebei_merges_only_consecutive_rows():
    document = document_for(HEBEI)
    rows = document["projects"][0]["indicators"]
    rows.append(dict(rows[0]))  # 产出指标 / 成本指标 again after 满意度
    project = build_tables(document, 0)[0]
    assert project.text_rows()[-1][:2] == ["产出指标", "成本指标"]
    assert (9, 0, 4, 1) in spans(project)


def test_hunan_department_table():
    department = build_tables(document_for(HUNAN))[0]
    assert department.title == "2024年部门整体支出绩效目标表"
    assert department.header_rows == (11, 12)
    assert department.footer == "填表人：严飞　　联系电话：17763740907　　填报日期：2024年6月20日　　单位负责人签字："
    assert department.text_rows() == [
        ["2024年部门整体支出绩效目标表", "", "", "", ""],
        ["填报单位：（盖章）", "", "", "", ""],
        ["部门名称", "中共沅江市委网络安全和信息化委员会办公室", "", "", ""],
        ["年度预算申请\n（万元）", "资金总额：109.04", "", "", ""],
        ["", "按收入性质分：", "", "", "按支出性质分："],
        ["", "其中：一般公共预算：109.04", "", "", "其中：基本支出：66.16"],
        ["", "　　　政府性基金拨款：", "", "", "　　　项目支出：44.28"],
        ["", "纳入专户管理的非税收入拨款：0.00", "", "", ""],
        ["", "　　　其他资金：0.00", "", "", ""],
        ["部门职能\n职责概述", document_for(HUNAN)["department"]["functions"], "", "", ""],
        ["整体绩效目标", "围绕中心服务大局，做好网络舆论宣传与舆情管理，维护网络安全等，促推沅江网信事业发展。", "", "", ""],
        ["部门整体支出\n年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位"],
        ["", "产出指标", "数量指标", "开展网络舆情监测", "≥300次"],
        ["", "", "", "开展网络安全专项检查", "≥1次"],
        ["", "", "", "开展网宣网评任务", "≥100次"],
        ["", "", "质量指标", "网民留言回复率", "≥95%"],
        ["", "", "", "上级交办舆情完成率", "≥100%"],
        ["", "", "", "上级下发网宣网评任务完成", "≥100%"],
        ["", "", "成本指标", "日常工作成本", "≤全年预算数"],
        ["", "", "时效指标", "在规定时间内完成各项工作任务", "≤通报1次"],
        ["", "效益指标", "经济效益指标", "……", ""],
        ["", "", "社会效益指标", "营造良好的网络舆论环境", "≤重大网络舆情1次"],
        ["", "", "生态效益指标", "……", ""],
        ["", "", "可持续影响指标", "……", ""],
        ["", "", "社会公众或服务对象满意度", "网民留言回复满意度", "≥95%"],
    ]
    # The label spans the header and all 13 indicator rows; 一级 / 二级 merge.
    assert {(11, 0, 14, 1), (12, 1, 8, 1), (20, 1, 5, 1), (12, 2, 3, 1), (15, 2, 3, 1),
            (3, 0, 6, 1)} <= set(spans(department))


def test_hunan_project_table():
    tables = build_tables(document_for(HUNAN))
    assert len(tables) == 8
    project = tables[1]
    assert project.title == "2024年项目支出绩效目标表"
    assert project.header_rows == (7, 8)
    assert project.text_rows() == [
        ["2024年项目支出绩效目标表", "", "", "", "", ""],
        ["填报单位：（盖章）", "", "", "", "单位：万元", ""],
        ["项目支出名称", "B“沅江市网络安全应急指挥中心”运行专项工作经费", "", "", "预算部门", ""],
        ["年度本级\n预算金额", "9.60", "", "", "该项目支出上级资金", "0.00"],
        ["项目支出实施期", "一年", "", "", "", ""],
        ["实施期绩效目标", "落实全市网络安全应急指挥工作任务，确保全市网络安全。", "", "", "", ""],
        ["本年度绩效目标", "落实全市网络安全应急指挥工作任务，确保全市网络安全。", "", "", "", ""],
        ["本年度\n绩效指标", "一级指标", "二级指标", "三级指标", "指标值及单位", "绩效标准"],
        ["", "产出指标", "数量指标", "开展应急值班", "≥5次", ""],
        ["", "", "质量指标", "403专网工作指令完成质量", "高质量完成指令≥95%", ""],
        ["", "", "时效指标", "按时完成应急任务", "按时完成≥95%", ""],
        ["", "", "成本指标", "控制日常运行经费", "≤9.6万元", ""],
        ["", "效益指标", "经济效益指标", "……", "", ""],
        ["", "", "社会效益指标", "确保不发生全市网络安全事件", "≤1次", ""],
        ["", "", "生态效益指标", "……", "", ""],
        ["", "", "可持续影响指标", "……", "", ""],
        ["", "", "社会公众或服务对象满意度指标", "群众满意度", "≥95%", ""],
    ]
    assert project.footer.startswith("填表人：严飞")


def test_hunan_prints_every_level2_with_placeholders():
    document = document_for(HUNAN)
    project = document["projects"][0]
    # Only two real rows filed: every other 二级 of the framework becomes "……".
    project["indicators"] = [
        {"period": "annual", "level1": "产出指标", "level2": "质量指标", "name": "完成率",
         "value": "≥95%"},
        {"period": "annual", "level1": "效益指标", "level2": "社会效益指标", "name": "影响",
         "value": "较高"},
    ]
    rows = build_tables(document, 0)[0].text_rows()[8:]
    assert rows == [
        ["", "产出指标", "数量指标", "……", "", ""],
        ["", "", "质量指标", "完成率", "≥95%", ""],
        ["", "", "时效指标", "……", "", ""],
        ["", "", "成本指标", "……", "", ""],
        ["", "效益指标", "经济效益指标", "……", "", ""],
        ["", "", "社会效益指标", "影响", "较高", ""],
        ["", "", "生态效益指标", "……", "", ""],
        ["", "", "可持续影响指标", "……", "", ""],
        ["", "", "社会公众或服务对象满意度指标", "……", "", ""],
    ]
    # No indicators at all: the whole framework, every row a placeholder.
    project["indicators"] = []
    rows = build_tables(document, 0)[0].text_rows()[8:]
    assert len(rows) == 9 and all(r[3] == "……" for r in rows)


def test_anhui_project_table():
    tables = build_tables(document_for(ANHUI))
    assert len(tables) == 3  # no department table in this layout
    table = tables[0]
    assert table.orientation == "landscape"
    assert table.header_rows == (10, 11)
    rows = table.text_rows()
    assert rows[:9] == [
        ["项目支出绩效目标申报表"] + [""] * 7,
        ["(2023年度)"] + [""] * 7,
        ["项目名称", "", "网络内容建设工作经费及网络综合治理", "", "", "", "", ""],
        ["实施单位", "", "中共宿州市委网络安全和信息化委员会办公室", "", "", "", "", ""],
        ["项目属性", "", "延续项目", "", "", "项目期", "", "长期"],
        ["项目资金 (万元)", "中期资金总额:", "", "450.00", "", "年度资金总额:", "", "150.00"],
        ["", "其中:财政拨款", "", "450.00", "", "其中:财政拨款", "", "150.00"],
        ["", "其他资金", "", "", "", "其他资金", "", ""],
        ["总体目标", "中期目标(2023年—2025年)", "", "", "", "年度目标", "", ""],
    ]
    project = document_for(ANHUI)["projects"][0]
    assert rows[9][1] == project["midterm_goal"] and rows[9][5] == project["annual_goal"]
    assert rows[10] == ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值",
                        "二级指标", "三级指标", "指标值"]
    # 中期 left, 年度 right, under one 一级 column.
    assert rows[11] == ["", "产出指标", "数量指标", "开展网络文化活动次数", "≥9次",
                        "数量指标", "开展网络文化活动次数", "≥3次"]
    assert rows[17] == ["", "", "", "培训人数", "≥150人次", "", "培训人数", "≥50人次"]
    assert rows[-1] == ["", "满意度指标", "服务对象满意度指标", "培训学员满意度", "满意度≥95%",
                        "服务对象满意度指标", "培训学员满意度", "满意度≥95%"]
    assert len(rows) == 11 + 22
    assert {(10, 0, 23, 1), (11, 1, 15, 1), (11, 2, 7, 1), (11, 5, 7, 1), (26, 1, 6, 1),
            (5, 0, 3, 1), (8, 1, 1, 4), (8, 5, 1, 3)} <= set(spans(table))


def test_anhui_uneven_sides_line_up_by_level2():
    document = document_for(ANHUI)
    project = document["projects"][2]
    project["indicators"] = [
        {"period": "midterm", "level1": "产出指标", "level2": "数量指标", "name": "甲", "value": "1"},
        {"period": "midterm", "level1": "产出指标", "level2": "数量指标", "name": "乙", "value": "2"},
        {"period": "annual", "level1": "产出指标", "level2": "数量指标", "name": "丙", "value": "3"},
        {"period": "annual", "level1": "效益指标", "level2": "社会效益指标", "name": "丁", "value": "4"},
    ]
    rows = build_tables(document, 2)[0].text_rows()[11:]
    assert rows == [
        ["", "产出指标", "数量指标", "甲", "1", "数量指标", "丙", "3"],
        ["", "", "", "乙", "2", "", "", ""],
        ["", "效益指标", "", "", "", "社会效益指标", "丁", "4"],
    ]


@pytest.mark.parametrize("period, expected", [
    ("长期", (2023, 2025)), (None, (2023, 2025)), ("2023年—2027年", (2023, 2027)),
    ("2022-2024", (2022, 2024)), ("2024年至2026年", (2024, 2026)),
])
def test_anhui_midterm_years(period, expected):
    assert midterm_span({"year": 2023}, {"period": period}) == expected


def test_amounts_in_yuan():
    hebei = build_tables(document_for(HEBEI, "元"), 0)[0].text_rows()
    assert hebei[1][5] == "单位：元"
    assert hebei[3][1:5] == ["预算数", "1400.00", "其中：财政资金", "1400.00"]
    hunan = build_tables(document_for(HUNAN, "元"))
    assert hunan[0].text_rows()[3][:2] == ["年度预算申请\n（元）", "资金总额：1090400.00"]
    assert hunan[0].text_rows()[7][1] == "纳入专户管理的非税收入拨款：0.00"
    assert hunan[1].text_rows()[1][4] == "单位：元"
    assert hunan[1].text_rows()[3][1] == "96000.00"
    anhui = build_tables(document_for(ANHUI, "元"), 0)[0].text_rows()
    assert anhui[5] == ["项目资金 (元)", "中期资金总额:", "", "4500000.00", "", "年度资金总额:", "",
                        "1500000.00"]


def test_texts_exactly_as_filed_and_blanks_empty():
    document = document_for(HEBEI)
    project = document["projects"][0]
    project["annual_goal"] = "  第一行　\n\n第三行  "
    project["purpose"] = None
    project["code"] = None
    project["budget"]["total"] = None
    project["indicators"][0]["basis"] = None
    rows = build_tables(document, 0)[0].text_rows()
    assert rows[7][1] == "  第一行　\n\n第三行  "
    assert rows[4][1] == "" and rows[2][1] == "" and rows[3][2] == ""
    assert rows[9][6] == ""


def test_project_index_out_of_range():
    with pytest.raises(IndexError):
        build_tables(document_for(HEBEI), 1)
