"""The one parser of indicator values (指标值): "≥3600条" -> (≥, 3600, 条).

The written text stays the record; the parsed reading is derived from it for
checks and monitoring. Anything that is not one comparison with one number
is qualitative (定性), never an error.
"""
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

QUANTITATIVE = "quantitative"
QUALITATIVE = "qualitative"

KIND_LABELS = {QUANTITATIVE: "定量", QUALITATIVE: "定性"}

# Operators after NFKC (which turns ＞ ＝ ＜ into > = <), in the order they
# must be tried so that ">=" wins over ">".
_OPERATORS = {
    ">=": "≥",
    "<=": "≤",
    "≥": "≥",
    "≤": "≤",
    "≧": "≥",
    "≦": "≤",
    "⩾": "≥",
    "⩽": "≤",
    ">": ">",
    "<": "<",
    "=": "=",
}
# Words that state the comparison in prose: "95%以上", "不少于30人次".
_AFTER_WORDS = {"以上": "≥", "及以上": "≥", "以下": "≤", "及以下": "≤", "以内": "≤"}
_BEFORE_WORDS = {
    "不少于": "≥",
    "不低于": "≥",
    "不小于": "≥",
    "大于等于": "≥",
    "至少": "≥",
    "不超过": "≤",
    "不高于": "≤",
    "不大于": "≤",
    "小于等于": "≤",
    "控制在": "≤",
    "大于": ">",
    "小于": "<",
    "低于": "<",
    "高于": ">",
    "等于": "=",
}

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_OPERATOR = re.compile("|".join(re.escape(op) for op in _OPERATORS))
# A unit is a short run of letters, optionally "per something": 条, 人次, 万元,
# 次/月, %, ‰. Longer trailing prose is not a unit.
_UNIT = re.compile(r"^(%|‰|[^\W\d_]{1,4}(?:/[^\W\d_]{1,3})?)")


@dataclass(frozen=True)
class ParsedValue:
    kind: str  # QUANTITATIVE, QUALITATIVE, or "" for an empty value
    operator: str = ""
    number: Decimal | None = None
    unit: str = ""
    # False where no comparison was written and "=" is the reading's
    # default ("1%"): the checks ask for one. Not part of the reading.
    operator_written: bool = field(default=True, compare=False)

    @property
    def is_quantitative(self):
        return self.kind == QUANTITATIVE

    def reading(self):
        """How the value is understood, as shown beside the field."""
        if self.kind == QUANTITATIVE:
            text = f"{self.operator} {_plain(self.number)}"
            return f"{text} {self.unit}" if self.unit else text
        return KIND_LABELS.get(self.kind, "")


EMPTY = ParsedValue(kind="")

# How many 元 one of each written money unit is (a cost written in 万元
# against a budget in 元 is compared after conversion).
MONEY_UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}

# After the number, a calendar word makes it a date ("10月底前完成"), not a
# count of 10; "10个月" and "10月份" stay numbers.
_CALENDAR_AFTER = re.compile(r"^\s*(?:年|月|日|号)(?!份)")


def is_date(text):
    """Does the value name a date ("10月底前", "2023年12月") rather than a number?"""
    normal = unicodedata.normalize("NFKC", str(text))
    if re.search(r"个\s*月|月份", normal):
        return False
    number = _NUMBER.search(normal)
    return bool(number and _CALENDAR_AFTER.match(normal[number.end():]))


def _plain(number):
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_value(text):
    """Read an indicator value. Never raises."""
    if text is None or not text.strip():
        return EMPTY
    normal = unicodedata.normalize("NFKC", text).strip()
    numbers = list(_NUMBER.finditer(normal))
    # Two numbers ("7×24小时", "2023年12月") are a description, not a target.
    if len(numbers) != 1:
        return ParsedValue(QUALITATIVE)
    match = numbers[0]
    before, after = normal[: match.start()], normal[match.end() :]
    if before.endswith(("×", "*", "x", "X", "第", "-", "—", "~", "～", "至")):
        return ParsedValue(QUALITATIVE)

    operator = _operator_before(before)
    unit_match = _UNIT.match(after.strip())
    unit = unit_match.group(1) if unit_match else ""
    rest = after.strip()[len(unit) :].strip()
    for word, op in sorted(_AFTER_WORDS.items(), key=lambda w: -len(w[0])):
        if unit.endswith(word):
            unit = unit[: -len(word)]
            operator = operator or op
            break
        if rest.startswith(word):
            operator = operator or op
            break
    # A unit followed by more prose ("60全年所有会议") was prose, not a unit.
    if unit and rest and not any(rest.startswith(w) for w in _AFTER_WORDS):
        unit = ""
    digits = match.group(0).replace(",", "")
    whole, _, fraction = digits.partition(".")
    # Beyond what any target states and beyond what the database column
    # holds: such a "number" is an identifier or a typo, not a target.
    if len(whole.lstrip("0")) > 18 or len(fraction) > 6:
        return ParsedValue(QUALITATIVE)
    number = Decimal(digits)
    return ParsedValue(QUANTITATIVE, operator or "=", number, unit, operator_written=bool(operator))


def _operator_before(before):
    """The comparison written before the number: the nearest symbol, or a
    word such as 不少于; "≤重大网络舆情1次" still reads as ≤."""
    symbols = list(_OPERATOR.finditer(before))
    if symbols:
        return _OPERATORS[symbols[-1].group(0)]
    for word, op in _BEFORE_WORDS.items():
        if before.endswith(word):
            return op
    return ""
