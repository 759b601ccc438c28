"""filing/1 in and out: the examples round-trip exactly; a broken document
fails with its JSON path and writes nothing."""
import copy
from decimal import Decimal

import pytest

from targets.interchange import (
    DocumentRefused,
    FilingExists,
    export_document,
    import_document,
    load_filing,
    validate_document,
)
from targets.models import Filing, Indicator, Project, SpendingCheckpoint
from units.models import BudgetUnit, Region

from ..conftest import load_example

AMOUNT_KEYS = {
    "total", "general_public", "government_fund", "special_non_tax", "other", "basic", "project",
    "fiscal", "superior", "midterm_total", "midterm_fiscal", "midterm_other", "percent", "weight",
}


def comparable(value, key=None):
    """A document as the round trip promises to keep it: texts exact,
    amounts numerically, null and absent alike."""
    if isinstance(value, dict):
        return {k: comparable(v, k) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if key in AMOUNT_KEYS and isinstance(value, str):
        return Decimal(value)
    return value


def database_counts():
    return tuple(m.objects.count() for m in (Region, BudgetUnit, Filing, Project, SpendingCheckpoint, Indicator))


@pytest.mark.django_db
def test_examples_round_trip_exactly(example):
    filing = import_document(example)
    exported = export_document(load_filing(filing.pk))
    assert comparable(exported) == comparable(example)
    assert validate_document(exported) == []


@pytest.mark.django_db
def test_texts_are_kept_without_trimming_or_normalising():
    document = load_example("hebei-huailai-2022")
    document["projects"][0]["name"] = "  项目　名称（全角空格）  "
    document["projects"][0]["purpose"] = "第一段\n\n第二段\t制表符"
    document["projects"][0]["indicators"][0]["value"] = "＞５次 "
    exported = export_document(load_filing(import_document(document).pk))
    assert exported["projects"][0]["name"] == "  项目　名称（全角空格）  "
    assert exported["projects"][0]["purpose"] == "第一段\n\n第二段\t制表符"
    assert exported["projects"][0]["indicators"][0]["value"] == "＞５次 "


@pytest.mark.django_db
def test_amounts_keep_their_exact_value():
    document = load_example("hebei-huailai-2022")
    document["amount_unit"] = "元"
    document["projects"][0]["budget"].update(total="9999999999999.99", fiscal="123456789.123456", other="0")
    document["projects"][0]["spending_plan"][0]["percent"] = "0.000001"
    exported = export_document(load_filing(import_document(document).pk))
    budget = exported["projects"][0]["budget"]
    assert (budget["total"], budget["fiscal"], budget["other"]) == ("9999999999999.99", "123456789.123456", "0")
    assert exported["projects"][0]["spending_plan"][0]["percent"] == "0.000001"


@pytest.mark.django_db
def test_import_keeps_values_that_do_not_add_up():
    document = load_example("hunan-yuanjiang-2024")
    # 66.16 + 44.28 != 109.04 on the real table: import keeps it as filed.
    filing = import_document(document)
    assert (filing.budget_total, filing.budget_basic, filing.budget_project) == (
        Decimal("109.04"), Decimal("66.16"), Decimal("44.28"))


@pytest.mark.django_db
def test_indicators_keep_their_parsed_value():
    filing = import_document(load_example("hunan-yuanjiang-2024"))
    row = Indicator.objects.get(filing=filing, project__isnull=True, name="开展网络舆情监测")
    assert (row.value_kind, row.value_operator, row.value_number, row.value_unit) == (
        "quantitative", "≥", Decimal("300"), "次")
    placeholder = Indicator.objects.filter(filing=filing, name="……").first()
    assert placeholder.value_kind == ""


@pytest.mark.django_db
def test_region_and_unit_are_created_once_and_matched_by_code():
    first = import_document(load_example("hebei-huailai-2022"))
    again = load_example("hebei-huailai-2022")
    again["year"] = 2023
    second = import_document(again)
    assert first.unit_id == second.unit_id
    assert Region.objects.filter(code="130730").count() == 1


@pytest.mark.django_db
def test_same_unit_code_in_another_region_is_another_unit():
    import_document(load_example("hebei-huailai-2022"))
    elsewhere = load_example("hebei-huailai-2022")
    elsewhere["unit"]["region"] = {"code": "130731", "name": "涿鹿县"}
    import_document(elsewhere)
    assert BudgetUnit.objects.filter(code="224001").count() == 2


@pytest.mark.django_db
def test_existing_filing_is_refused_unless_replaced():
    filing = import_document(load_example("hebei-huailai-2022"))
    changed = load_example("hebei-huailai-2022")
    changed["projects"][0]["name"] = "新名称"
    with pytest.raises(FilingExists):
        import_document(changed)
    assert Project.objects.get(filing=filing).name == "怀财字【2022】7号 专项经费(会议费)"
    replaced = import_document(changed, replace=True)
    assert replaced.pk == filing.pk
    assert list(Project.objects.filter(filing=filing).values_list("name", flat=True)) == ["新名称"]


BROKEN = [
    ("year as text", lambda d: d.__setitem__("year", "2022"), "year", "应为整数"),
    ("unknown key", lambda d: d["projects"][0].__setitem__("colour", "红"), "projects[0].colour", "未知的字段"),
    ("missing name", lambda d: d["projects"][0].pop("name"), "projects[0].name", "缺少必填字段"),
    ("bad amount", lambda d: d["projects"][0]["budget"].__setitem__("total", "12,5"),
     "projects[0].budget.total", "金额格式不正确"),
    ("amount as number", lambda d: d["projects"][0]["budget"].__setitem__("total", 0.14),
     "projects[0].budget.total", "金额应写成文本"),
    ("empty indicator name", lambda d: d["projects"][0]["indicators"][5].__setitem__("name", ""),
     "projects[0].indicators[5].name", "不能为空"),
    ("indicator value as number", lambda d: d["projects"][0]["indicators"][2].__setitem__("value", 5),
     "projects[0].indicators[2].value", "应为文本"),
    ("month out of range", lambda d: d["projects"][0]["spending_plan"][3].__setitem__("month", 13),
     "projects[0].spending_plan[3].month", "月份应在 1 至 12 之间"),
    ("layout unknown", lambda d: d.__setitem__("layout", "beijing"), "layout", "应为"),
    ("bad date", lambda d: d.__setitem__("contact", {"date": "2024-6-20"}), "contact.date", "日期格式不正确"),
    ("region code", lambda d: d["unit"]["region"].__setitem__("code", "13073"), "unit.region.code", "6 位数字"),
    ("NUL character", lambda d: d["projects"][0].__setitem__("purpose", "会议\x00经费"),
     "projects[0].purpose", "空字符"),
    ("too precise", lambda d: d["projects"][0]["budget"].__setitem__("total", "0.1234567"),
     "projects[0].budget.total", "小数位超过"),
    ("too many digits", lambda d: d["projects"][0]["budget"].__setitem__("total", "1234567890123.456"),
     "projects[0].budget.total", "有效数字超过 15 位"),
    ("not an object", lambda d: d["projects"].__setitem__(0, "项目"), "projects[0]", "应为项目对象"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case, break_it, path, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_document_names_the_path_and_writes_nothing(case, break_it, path, message):
    document = copy.deepcopy(load_example("hebei-huailai-2022"))
    break_it(document)
    before = database_counts()
    with pytest.raises(DocumentRefused) as refused:
        import_document(document)
    problems = {p.path: p.message for p in refused.value.problems}
    assert path in problems, problems
    assert message in problems[path]
    assert database_counts() == before


@pytest.mark.django_db
def test_every_problem_is_reported_at_once():
    document = load_example("anhui-suzhou-2023")
    document["year"] = 1999
    document["projects"][2]["indicators"][5]["value"] = ["≥1次"]
    document["projects"][1]["attribute"] = "老项目"
    paths = [p.path for p in validate_document(document)]
    assert paths == ["year", "projects[1].attribute", "projects[2].indicators[5].value"]
