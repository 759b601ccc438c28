"""Realistic scale content: a province's region tree with its budget units,
and each unit's filing as a filing/1 document (docs/filing-format.md).

Pure data, deterministic for a seed: generate_scale writes it in bulk, the
benchmark imports single documents through the normal import path. Every
layout and status appears within any 30 consecutive units.
"""
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from targets.money import plain

LAYOUTS = ("hebei", "hunan", "anhui")
# Period 10, co-prime with the 3 layouts: every (layout, status) pair
# occurs within 30 units.
STATUS_CYCLE = (
    "draft", "submitted", "approved", "returned", "submitted",
    "draft", "approved", "submitted", "approved", "draft",
)

# Provinces a generated tree may stand for; none of them is a demo region.
PROVINCES = {
    "370000": "山东省",
    "360000": "江西省",
    "410000": "河南省",
    "350000": "福建省",
    "520000": "贵州省",
    "620000": "甘肃省",
}

MAX_CITIES = 20
MAX_COUNTIES_PER_CITY = 20
UNITS_PER_CITY = 190
UNITS_PER_COUNTY = 22

_FIRST = "安宝昌长德东丰阜广海合和华怀建江金锦景乐临龙隆茂南宁平清庆瑞上韶寿顺泰通万文武西新兴宜永玉元云枣彰中"
_SECOND = "安城川德丰和河华江康乐林宁平山水泰溪阳源州口泉陵原远昌都"

# (code prefix, name pattern); {r} is the region's name.
DEPARTMENTS = (
    ("101", "中共{r}委办公室"), ("102", "{r}人民政府办公室"), ("103", "中共{r}委组织部"),
    ("104", "中共{r}委宣传部"), ("105", "中共{r}委网络安全和信息化委员会办公室"),
    ("201", "{r}发展和改革局"), ("202", "{r}教育局"), ("203", "{r}科学技术局"),
    ("204", "{r}工业和信息化局"), ("205", "{r}公安局"), ("206", "{r}民政局"),
    ("207", "{r}司法局"), ("208", "{r}财政局"), ("209", "{r}人力资源和社会保障局"),
    ("210", "{r}自然资源和规划局"), ("211", "{r}生态环境分局"), ("212", "{r}住房和城乡建设局"),
    ("213", "{r}交通运输局"), ("214", "{r}水利局"), ("215", "{r}农业农村局"),
    ("216", "{r}商务局"), ("217", "{r}文化广电和旅游局"), ("218", "{r}卫生健康局"),
    ("219", "{r}退役军人事务局"), ("220", "{r}应急管理局"), ("221", "{r}审计局"),
    ("222", "{r}市场监督管理局"), ("223", "{r}统计局"), ("224", "{r}林业局"),
    ("225", "{r}医疗保障局"), ("226", "{r}行政审批局"), ("227", "{r}城市管理综合执法局"),
    ("228", "{r}信访局"), ("229", "{r}机关事务服务中心"), ("301", "{r}人民医院"),
    ("302", "{r}中医医院"), ("303", "{r}疾病预防控制中心"), ("304", "{r}第一中学"),
    ("305", "{r}职业技术教育中心"), ("306", "{r}图书馆"), ("307", "{r}融媒体中心"),
    ("308", "{r}社会福利院"),
)

PROJECT_THEMES = (
    "网络安全应急指挥中心运行经费", "农村饮水安全巩固提升工程", "义务教育学生营养改善计划",
    "城乡居民基本医疗保险补助", "高标准农田建设", "农村公路养护专项经费", "森林防火专项经费",
    "公共文化服务体系建设", "困难群众救助补助资金", "就业创业补贴", "食品安全抽检经费",
    "安全生产监管执法经费", "政务信息化系统运维经费", "办公用房维修改造", "河湖长制工作经费",
    "生态环境监测能力建设", "高龄老人津贴", "退役军人优抚经费", "统计调查专项经费",
    "审计业务专项经费", "网络舆情监测服务", "基层医疗卫生机构能力建设", "学前教育发展资金",
    "农业社会化服务补助", "城市道路照明维护", "垃圾分类收运处置", "公共法律服务体系建设",
    "应急物资储备", "智慧城市管理平台运维", "全民健身设施建设",
)

GOAL_PHRASES = (
    "按期完成年度工作任务，确保资金使用规范、安全、有效",
    "提升公共服务水平，切实保障群众基本需求",
    "健全长效管理机制，推动工作制度化、规范化",
    "加强项目全过程监管，提高财政资金使用效益",
    "完成设备购置和系统运维，保障业务稳定运行",
    "扩大服务覆盖面，服务对象满意度明显提高",
)

PURPOSES = ("用于项目实施所需的设备购置、运行维护和人员培训",
            "用于专项工作开展所需的劳务、印刷、差旅等支出",
            "用于补助资金发放和项目日常管理")
BASES = ("根据年度工作计划确定", "参照上年度完成情况", "依据相关政策文件", "按行业标准确定")
STANDARDS = ("达到目标值得满分，每降低1%扣0.5分", "完成得满分，未完成不得分", "按完成比例计分")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"

# (三级 name, value pattern): {n} a count, {p} a percentage, {b} the budget.
INDICATORS = {
    "数量指标": (("开展专项检查次数", "≥{n}次"), ("培训人次", "≥{n}人次"), ("覆盖行政村数量", "≥{n}个"),
                ("补助发放人数", "≥{n}人"), ("购置设备数量", "{n}台"), ("形成监测报告", "≥{n}份")),
    "质量指标": (("验收合格率", "≥{p}%"), ("任务完成率", "100%"), ("数据准确率", "≥{p}%"),
                ("问题整改率", "≥{p}%")),
    "时效指标": (("按时完成率", "100%"), ("资金拨付及时率", "≥{p}%"), ("问题处置响应时间", "≤{n}小时"),
                ("完成时限", "当年12月底前完成")),
    "成本指标": (("项目总成本", "≤{b}"), ("运行成本控制", "≤{b}")),
    "经济效益指标": (("带动相关产业增收", "≥{n}万元"), ("降低运行成本", "较上年有所下降")),
    "社会效益指标": (("公共服务水平", "明显提升"), ("群众办事便利度", "有效提高"),
                    ("重大安全事件发生次数", "≤{n}次")),
    "生态效益指标": (("森林覆盖率", "≥{p}%"), ("地表水水质达标率", "≥{p}%")),
    "可持续影响指标": (("长效管理机制", "建立健全"), ("设施持续发挥作用年限", "≥{n}年")),
    "服务对象满意度指标": (("服务对象满意度", "≥{p}%"), ("群众满意度", "≥{p}%")),
    "社会公众或服务对象满意度指标": (("群众满意度", "≥{p}%"), ("服务对象满意度", "≥{p}%")),
}

OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"
# Categories in the order rows are added, most necessary first, then the
# categories that take the rows beyond one each.
CLASSIC_PRIORITY = ((OUT, "数量指标"), (BEN, "社会效益指标"), (SAT, "服务对象满意度指标"),
                    (OUT, "质量指标"), (OUT, "时效指标"), (OUT, "成本指标"),
                    (BEN, "可持续影响指标"), (BEN, "经济效益指标"), (BEN, "生态效益指标"))
CLASSIC_EXTRA = ((OUT, "数量指标"), (OUT, "质量指标"), (BEN, "社会效益指标"), (OUT, "时效指标"))
HUNAN_SAT = (BEN, "社会公众或服务对象满意度指标")
HUNAN_PRIORITY = ((OUT, "数量指标"), (BEN, "社会效益指标"), HUNAN_SAT, (OUT, "质量指标"),
                  (OUT, "时效指标"), (OUT, "成本指标"))
HUNAN_PLACEHOLDERS = ((BEN, "经济效益指标"), (BEN, "生态效益指标"), (BEN, "可持续影响指标"))
# Table order of the categories (一级, then 二级), as frameworks.py prints them.
TABLE_ORDER = {key: i for i, key in enumerate((
    (OUT, "数量指标"), (OUT, "质量指标"), (OUT, "时效指标"), (OUT, "成本指标"),
    (BEN, "经济效益指标"), (BEN, "社会效益指标"), (BEN, "生态效益指标"), (BEN, "可持续影响指标"),
    HUNAN_SAT, (SAT, "服务对象满意度指标"),
))}


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name: str
    level: str  # province, city, county
    parent_code: str | None
    layout: str = ""


@dataclass(frozen=True)
class UnitSpec:
    index: int
    region_code: str
    region_name: str
    code: str
    name: str
    layout: str
    status: str
    amount_unit: str


def province_tree(units, province_code="370000", seed=1):
    """([RegionSpec] province first, then cities each followed by its
    counties; [UnitSpec]) for `units` budget units."""
    if province_code not in PROVINCES:
        raise ValueError(f"province code must be one of {', '.join(PROVINCES)}")
    rng = random.Random(f"tree:{seed}:{province_code}")
    prefix = province_code[:2]
    regions = [RegionSpec(province_code, PROVINCES[province_code], "province", None, "hebei")]
    city_count = min(MAX_CITIES, max(1, math.ceil(units / UNITS_PER_CITY)))
    per_city = _spread(units, city_count)
    names = set()
    slots = []  # per city: [county RegionSpec..., city RegionSpec]
    for c in range(city_count):
        city = RegionSpec(f"{prefix}{c + 1:02d}00", _place(rng, names, "市"), "city", province_code)
        regions.append(city)
        counties = min(MAX_COUNTIES_PER_CITY, max(1, math.ceil(per_city[c] / UNITS_PER_COUNTY)))
        city_slots = []
        for k in range(counties):
            suffix = "区" if k < 2 and counties > 3 else "县"
            county = RegionSpec(f"{prefix}{c + 1:02d}{k + 1:02d}", _place(rng, names, suffix), "county",
                                city.code)
            regions.append(county)
            city_slots.append(county)
        slots.append(city_slots + [city])  # every (counties + 1)th unit is a city-level unit

    specs = []
    used = {}  # region code -> units placed so far
    index = 0
    for c in range(city_count):
        for j in range(per_city[c]):
            region = slots[c][j % len(slots[c])]
            seq = used.get(region.code, 0)
            used[region.code] = seq + 1
            code, name = _department(seq, region.name)
            specs.append(UnitSpec(
                index=index, region_code=region.code, region_name=region.name, code=code, name=name,
                layout=LAYOUTS[index % len(LAYOUTS)], status=STATUS_CYCLE[index % len(STATUS_CYCLE)],
                amount_unit="元" if index % 7 == 3 else "万元",
            ))
            index += 1
    return regions, specs


def _spread(total, parts):
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _place(rng, taken, suffix):
    while True:
        name = rng.choice(_FIRST) + rng.choice(_SECOND) + suffix
        if name not in taken:
            taken.add(name)
            return name


def _department(seq, region_name):
    if seq < len(DEPARTMENTS):
        prefix, pattern = DEPARTMENTS[seq]
        return f"{prefix}001", pattern.format(r=region_name)
    k = seq - len(DEPARTMENTS) + 2
    school = "中学" if k % 2 else "小学"
    return f"{400 + k % 600:03d}{k // 600 + 1:03d}", f"{region_name}第{k}{school}"


def filing_document(unit, year, projects, indicators, seed=1):
    """The filing/1 document of a generated unit: `projects` projects of
    `indicators` rows each, in the unit's layout."""
    rng = random.Random(f"filing:{seed}:{unit.index}:{year}")
    scale = Decimal(10000) if unit.amount_unit == "元" else Decimal(1)
    builders = {"hebei": _hebei_project, "hunan": _hunan_project, "anhui": _anhui_project}
    project_docs = [
        builders[unit.layout](rng, unit, year, p, indicators, scale) for p in range(projects)
    ]
    document = {
        "format": "filing/1",
        "year": year,
        "layout": unit.layout,
        "amount_unit": unit.amount_unit,
        "unit": {"code": unit.code, "name": unit.name,
                 "region": {"code": unit.region_code, "name": unit.region_name}},
        "department": None,
        "projects": project_docs,
        "contact": None,
    }
    if unit.layout == "hebei":
        document["department"] = {
            "functions": None,
            "overall_goal": _paragraphs(rng, 4),
            "sub_goals": _paragraphs(rng, 3),
            "safeguards": _paragraphs(rng, 3),
            "budget": None,
            "indicators": [],
        }
    elif unit.layout == "hunan":
        document["department"] = _hunan_department(rng, unit, year, project_docs, indicators, scale)
        document["contact"] = {
            "prepared_by": _person(rng),
            "phone": f"1{rng.choice('3589')}{rng.randrange(10 ** 9):09d}",
            "date": f"{year - 1}-{rng.randint(9, 12):02d}-{rng.randint(1, 28):02d}",
            "unit_head": _person(rng) if rng.random() < 0.7 else None,
        }
    return document


def _amount(rng, low, high, scale):
    """A budget amount in 万元 between low and high, in the document's unit."""
    return Decimal(rng.randint(low * 100, high * 100)) / 100 * scale


def _paragraphs(rng, count):
    phrases = rng.sample(GOAL_PHRASES, min(count, len(GOAL_PHRASES)))
    return "\n".join(f"{i + 1}、{p}。" for i, p in enumerate(phrases))


def _goal(rng):
    return "；".join(rng.sample(GOAL_PHRASES, 2)) + "。"


def _person(rng):
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2)))


def _project_name(rng, unit, number):
    theme = PROJECT_THEMES[(unit.index * 7 + number) % len(PROJECT_THEMES)]
    return f"{theme}（{number + 1}）" if number >= len(PROJECT_THEMES) else theme


def _empty_budget():
    return {key: None for key in ("total", "fiscal", "superior", "other",
                                  "midterm_total", "midterm_fiscal", "midterm_other")}


def _hebei_project(rng, unit, year, number, count, scale):
    total = _amount(rng, 1, 300, scale)
    other = Decimal(0) if rng.random() < 0.8 else (total / 10).quantize(Decimal("0.01"))
    budget = _empty_budget()
    budget.update(total=plain(total), fiscal=plain(total - other), other=plain(other))
    plan = rng.choice(((25, 50, 75, 100), (30, 60, 85, 100), (20, 45, 80, 100)))
    return {
        "code": f"{unit.region_code}{year % 100:02d}P{unit.index:06d}{number:04d}T",
        "name": _project_name(rng, unit, number),
        "implementing_unit": None,
        "attribute": None,
        "period": None,
        "budget": budget,
        "purpose": rng.choice(PURPOSES),
        "spending_plan": [{"month": m, "percent": str(p)} for m, p in zip((3, 6, 10, 12), plan)],
        "midterm_goal": None,
        "annual_goal": _goal(rng),
        "indicators": _rows(rng, count, "annual", CLASSIC_PRIORITY, CLASSIC_EXTRA, (),
                            _cost_text(total, unit), "hebei"),
    }


def _hunan_project(rng, unit, year, number, count, scale):
    fiscal = _amount(rng, 1, 200, scale)
    superior = Decimal(0) if rng.random() < 0.7 else _amount(rng, 1, 50, scale)
    budget = _empty_budget()
    budget.update(fiscal=plain(fiscal), superior=plain(superior))
    goal = _goal(rng)
    return {
        "code": None,
        "name": _project_name(rng, unit, number),
        "implementing_unit": None,
        "attribute": None,
        "period": "一年",
        "budget": budget,
        "purpose": None,
        "spending_plan": [],
        "midterm_goal": goal,
        "annual_goal": goal,
        "indicators": _rows(rng, count, "annual", HUNAN_PRIORITY, CLASSIC_EXTRA[:3], HUNAN_PLACEHOLDERS,
                            _cost_text(fiscal + superior, unit), "hunan"),
    }


def _anhui_project(rng, unit, year, number, count, scale):
    total = _amount(rng, 1, 200, scale)
    midterm = total * 3
    budget = {"total": plain(total), "fiscal": plain(total), "superior": None, "other": None,
              "midterm_total": plain(midterm), "midterm_fiscal": plain(midterm), "midterm_other": None}
    midterm_rows = count // 2
    rows = _rows(rng, midterm_rows, "midterm", CLASSIC_PRIORITY, CLASSIC_EXTRA, (),
                 _cost_text(midterm, unit), "anhui")
    rows += _rows(rng, count - midterm_rows, "annual", CLASSIC_PRIORITY, CLASSIC_EXTRA, (),
                  _cost_text(total, unit), "anhui")
    long_term = rng.random() < 0.5
    return {
        "code": None,
        "name": _project_name(rng, unit, number),
        "implementing_unit": unit.name,
        "attribute": "延续项目" if long_term else "新增项目",
        "period": "长期" if long_term else f"{year}年—{year + 2}年",
        "budget": budget,
        "purpose": None,
        "spending_plan": [],
        "midterm_goal": _goal(rng),
        "annual_goal": _goal(rng),
        "indicators": rows,
    }


def _hunan_department(rng, unit, year, projects, count, scale):
    project_total = sum(
        Decimal(p["budget"]["fiscal"]) + Decimal(p["budget"]["superior"]) for p in projects
    )
    basic = _amount(rng, 20, 400, scale)
    total = basic + project_total
    return {
        "functions": "负责" + "；".join(rng.sample(GOAL_PHRASES, 3)) + "。",
        "overall_goal": _goal(rng),
        "sub_goals": None,
        "safeguards": None,
        "budget": {"total": plain(total), "general_public": plain(total), "government_fund": None,
                   "special_non_tax": "0", "other": "0", "basic": plain(basic),
                   "project": plain(project_total)},
        "indicators": _rows(rng, min(count, 6), "annual", HUNAN_PRIORITY, CLASSIC_EXTRA[:3], (),
                            _cost_text(total, unit), "hunan"),
    }


def _cost_text(amount, unit):
    return f"≤{plain(amount)}{unit.amount_unit}"


def _rows(rng, count, period, priority, extra, placeholders, cost, layout):
    """`count` rows: one per category by priority (placeholder "……" rows
    for the categories a Hunan table prints empty), then extra rows; in
    table order."""
    if count <= 0:
        return []
    categories = list(priority[:count])
    if count > len(priority):
        spare = count - len(priority)
        categories += list(placeholders[:spare])
        spare -= min(spare, len(placeholders))
        categories += [extra[i % len(extra)] for i in range(spare)]
    categories.sort(key=lambda key: TABLE_ORDER[key])
    rows = []
    seen = {}
    offsets = {}
    for level1, level2 in categories:
        if (level1, level2) in placeholders:
            rows.append(_row(period, level1, level2, "……", None, layout, rng, placeholder=True))
            continue
        choices = INDICATORS[level2]
        n = seen.get(level2, 0)
        seen[level2] = n + 1
        offset = offsets.setdefault(level2, rng.randrange(len(choices)))
        name, pattern = choices[(n + offset) % len(choices)]
        if n >= len(choices):
            name = f"{name}{n + 1}"
        value = pattern.format(n=rng.choice((1, 2, 3, 5, 6, 10, 12, 20, 30, 50, 100, 120, 300, 500)),
                               p=rng.choice((80, 85, 90, 95, 98)), b=cost)
        if level2 == "成本指标":
            value = cost
        rows.append(_row(period, level1, level2, name, value, layout, rng))
    return rows


def _row(period, level1, level2, name, value, layout, rng, placeholder=False):
    return {
        "period": period,
        "level1": level1,
        "level2": level2,
        "name": name,
        "description": name if layout == "hebei" and not placeholder else None,
        "value": value,
        "basis": rng.choice(BASES) if layout == "hebei" and not placeholder else None,
        "standard": rng.choice(STANDARDS) if layout == "hunan" and not placeholder else None,
        "weight": None,
    }
