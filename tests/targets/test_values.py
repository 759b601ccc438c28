"""The value parser: the issue's cases, full-width operators, and every
indicator value written in the three example filings."""
from decimal import Decimal

import pytest

from targets.values import QUALITATIVE, QUANTITATIVE, parse_value

from ..conftest import EXAMPLE_NAMES, load_example

Q = QUALITATIVE


@pytest.mark.parametrize(
    "text, expected",
    [
        ("≥3600条", ("≥", "3600", "条")),
        ("≤10 分", ("≤", "10", "分")),
        ("≥95%", ("≥", "95", "%")),
        ("1%", ("=", "1", "%")),
        ("满意度≥95%", ("≥", "95", "%")),
        ("≥1次/月", ("≥", "1", "次/月")),
        ("≤全年预算数", Q),
        ("较高", Q),
        ("7×24小时全年", Q),
        ("不适用", Q),
        # Full-width operators, digits and percent sign.
        ("＞５次", (">", "5", "次")),
        ("＜3天", ("<", "3", "天")),
        ("＝100％", ("=", "100", "%")),
        ("≧90%", ("≥", "90", "%")),
        (">=8人", ("≥", "8", "人")),
        # Comparisons in words.
        ("不少于30人次", ("≥", "30", "人次")),
        ("不超过8万元", ("≤", "8", "万元")),
        ("满意率95%以上", ("≥", "95", "%")),
        ("3,600条", ("=", "3600", "条")),
        ("2023年12月底前", Q),
    ],
)
def test_issue_cases(text, expected):
    assert _reading(parse_value(text)) == expected


def test_empty_value_has_no_reading():
    for text in (None, "", "   "):
        parsed = parse_value(text)
        assert parsed.kind == ""
        assert parsed.reading() == ""


def test_reading_shown_beside_the_field():
    assert parse_value("≥3600条").reading() == "≥ 3600 条"
    assert parse_value("较高").reading() == "定性"


@pytest.mark.parametrize(
    "text, written",
    [("1%", False), ("3,600条", False), ("≥1%", True), ("＝100％", True), ("不少于30人次", True),
     ("满意率95%以上", True)],
)
def test_whether_the_operator_was_written(text, written):
    parsed = parse_value(text)
    assert parsed.operator_written is written
    if not written:  # "1%" reads as "=1%"; the checks ask which was written
        assert parsed == parse_value("=" + text)


def test_numbers_too_long_for_a_target_are_qualitative():
    assert parse_value("≥" + "9" * 30 + "次").kind == QUALITATIVE


# Every value the three examples contain, with the reading a reviewer would
# give it.
EXAMPLE_VALUES = {
    '严格按照有关会议文件精神执行': Q,
    '顺利如期举行各项会议': Q,
    '≤50会员是否延误': ('≤', '50', ''),
    '会议数量和经费相匹配': Q,
    '通过会议精神贯彻实施': Q,
    '≥60全年所有会议': ('≥', '60', ''),
    '≥300次': ('≥', '300', '次'),
    '≥1次': ('≥', '1', '次'),
    '≥100次': ('≥', '100', '次'),
    '≥95%': ('≥', '95', '%'),
    '≥100%': ('≥', '100', '%'),
    '≤全年预算数': Q,
    '≤通报1次': ('≤', '1', '次'),
    '≤重大网络舆情1次': ('≤', '1', '次'),
    '≥5次': ('≥', '5', '次'),
    '高质量完成指令≥95%': ('≥', '95', '%'),
    '按时完成≥95%': ('≥', '95', '%'),
    '≤9.6万元': ('≤', '9.6', '万元'),
    '≤1次': ('≤', '1', '次'),
    '通过省、益阳市网络安全演练': Q,
    '是否按时完成': Q,
    '≤3.84万元': ('≤', '3.84', '万元'),
    '不出现网络安全事件≤1次': ('≤', '1', '次'),
    '未按时完成次数≤1次': ('≤', '1', '次'),
    '出现负面评论次数≤1次': ('≤', '1', '次'),
    '≥12次': ('≥', '12', '次'),
    '拖延次数≤1次': ('≤', '1', '次'),
    '互联网内容管理被上级通报≤1次': ('≤', '1', '次'),
    '≥30次': ('≥', '30', '次'),
    '是否按时完成上级任务': Q,
    '社会反响好≥95%': ('≥', '95', '%'),
    '≥3个': ('≥', '3', '个'),
    '≥365天': ('≥', '365', '天'),
    '≥24小时': ('≥', '24', '小时'),
    '≤3.2万元': ('≤', '3.2', '万元'),
    '重大舆情事件≤1件': ('≤', '1', '件'),
    '≥4课时': ('≥', '4', '课时'),
    '网络评论次生舆情≤1次': ('≤', '1', '次'),
    '≥9次': ('≥', '9', '次'),
    '≥3次': ('≥', '3', '次'),
    '≥4万家': ('≥', '4', '万家'),
    '≥6次': ('≥', '6', '次'),
    '≥150人次': ('≥', '150', '人次'),
    '100%': ('=', '100', '%'),
    '严格执行相关财经法规、制度等规定': Q,
    '7×24小时全年': Q,
    '全年': Q,
    '严格执行培训费相关规定': Q,
    '较高': Q,
    '显著提升': Q,
    '持续扩大': Q,
    '满意度≥95%': ('≥', '95', '%'),
    '≥10次': ('≥', '10', '次'),
    '≥2次': ('≥', '2', '次'),
    '≥50人次': ('≥', '50', '人次'),
    '≥200家': ('≥', '200', '家'),
    '≥300起': ('≥', '300', '起'),
    '≥15次': ('≥', '15', '次'),
    '≥18次': ('≥', '18', '次'),
    '≥1次/月': ('≥', '1', '次/月'),
    '≥90人次': ('≥', '90', '人次'),
    '≤6小时': ('≤', '6', '小时'),
    '不适用': Q,
    '持续提升': Q,
    '满意率95%以上': ('≥', '95', '%'),
    '≥150家': ('≥', '150', '家'),
    '≥70起': ('≥', '70', '起'),
    '≥30人次': ('≥', '30', '人次'),
    '≥100家': ('≥', '100', '家'),
    '正常开展活动': Q,
    '≤24小时': ('≤', '24', '小时'),
    '严格按照相关规定执行': Q,
    '不断提升': Q,
    '满意率≥90%': ('≥', '90', '%'),
    '≥80家': ('≥', '80', '家'),
}


def test_every_example_value_is_covered_and_read_as_expected():
    seen = set()
    for name in EXAMPLE_NAMES:
        document = load_example(name)
        rows = list((document.get("department") or {}).get("indicators") or [])
        for project in document["projects"]:
            rows += project["indicators"]
        for row in rows:
            if row.get("value") is not None:
                seen.add(row["value"])
    assert seen == set(EXAMPLE_VALUES)
    for text, expected in EXAMPLE_VALUES.items():
        assert _reading(parse_value(text)) == expected, text


def _reading(parsed):
    if parsed.kind == QUANTITATIVE:
        assert isinstance(parsed.number, Decimal)
        return (parsed.operator, str(parsed.number), parsed.unit)
    return parsed.kind

