"""Reading the figures a unit types and writing them back in the one-line
Chinese explanations under a light or a score: shared by lights and scoring
so both say "≥100 次" and "68.6%" the same way."""
import unicodedata
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

from targets.frameworks import NOT_APPLICABLE_VALUES, PLACEHOLDER_NAMES, canonical
from targets.values import MONEY_UNITS, QUALITATIVE, ParsedValue, is_date, parse_value

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# Units written against the number without a space.
_GLUED_UNITS = ("%", "‰")
# A rate does not accumulate over the months.
RATE_UNITS = ("%", "‰")


def plain(number):
    """The shortest exact decimal text: 58.330 -> "58.33"."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def quantity(number, unit=""):
    """A number with its unit as the explanations print it: "40 次", "96%"."""
    if not unit:
        return plain(number)
    return f"{plain(number)}{unit}" if unit in _GLUED_UNITS else f"{plain(number)} {unit}"


def target_text(parsed):
    """A parsed target as written in explanations: "≥100 次", "≤3 天"."""
    return f"{parsed.operator}{quantity(parsed.number, parsed.unit)}"


# Wide enough to round any ratio of the bounded numbers to_decimal and
# parse_value let through (≤ 18 whole digits, ≤ 12 decimals): the default
# 28 digits cannot quantize 1e30 to cents.
_WIDE = Context(prec=120)
# Larger or finer than any amount or score a unit means: such a "number"
# is a typo, and refusing it keeps every ratio within _WIDE.
_LARGEST_DIGITS = 18
_MAX_DECIMALS = 12
_MAX_CHARACTERS = 60


def percent(ratio, edges=()):
    """A percentage to one decimal; cut instead of rounded where rounding
    would reach an edge the ratio is below: a 79.96 % that is yellow must
    not read "80%"."""
    shown = ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP, context=_WIDE)
    if any(ratio < edge <= shown for edge in edges):
        shown = ratio.quantize(Decimal("0.1"), rounding=ROUND_DOWN, context=_WIDE)
    return plain(shown) + "%"


def round_points(value):
    """Two decimals, half up, as the tables print points and rates."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=_WIDE)


def points(value):
    """Points as the tables print them: "8.50"."""
    return format(round_points(value), "f")


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def to_decimal(value):
    """A typed amount or score as Decimal, or None when empty or not a
    finite number of sensible size ("８５" and "1,000" are read; "约85",
    "1e99" and True are not)."""
    if is_blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        if len(text) > _MAX_CHARACTERS:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    # Context-free tests: abs() or normalize() of "1e999999999" overflow.
    if not number.is_finite():
        return None
    if not number.is_zero():
        _, digits, exponent = number.as_tuple()
        trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        if number.adjusted() >= _LARGEST_DIGITS or exponent + trailing_zeros < -_MAX_DECIMALS:
            return None
    return number


def read_figure(value, label):
    """A typed amount or score: (Decimal, "") or (None, why not in Chinese,
    naming the field)."""
    number = to_decimal(value)
    if number is not None:
        return number, ""
    if is_blank(value):
        return None, f"未填写{label}"
    return None, f"{label}“{str(value).strip()[:20]}”不是有效的数值"


def is_blank_value(text):
    """An indicator value that states no target: empty, "……", 不适用, 无."""
    if text is None:
        return True
    stripped = str(text).strip()
    return stripped in NOT_APPLICABLE_VALUES or stripped in PLACEHOLDER_NAMES


def is_deadline(text):
    """A number followed by a calendar word is a date ("10月底前完成"),
    judged as a deadline by the unit's grade, not as a count of 10."""
    return is_date(text)


def read_target(text):
    """The approved 年度指标值 as targets.values reads it, a deadline read
    as qualitative."""
    parsed = parse_value(str(text))
    if parsed.is_quantitative and is_deadline(text):
        return ParsedValue(QUALITATIVE)
    return parsed


def is_rate(parsed):
    return parsed.unit in RATE_UNITS or "/" in parsed.unit


def read_actual(target, actual_text, label):
    """The actual value as a number in the target's unit: (number, problem).

    A missing unit takes the target's; 元 and 万元 convert; any other
    different unit is a mismatch (problem says what, in Chinese)."""
    if actual_text is None or not str(actual_text).strip():
        return None, f"未填写{label}"
    actual = parse_value(str(actual_text))
    if not actual.is_quantitative:
        return None, f"{label}“{str(actual_text).strip()}”不是数值，无法与年度指标值比较"
    number = actual.number
    if actual.unit and actual.unit != target.unit:
        if target.unit in MONEY_UNITS and actual.unit in MONEY_UNITS:
            number = number * MONEY_UNITS[actual.unit] / MONEY_UNITS[target.unit]
        elif target.unit:
            return None, (
                f"单位不一致：年度指标值为“{target.unit}”，{label}为“{actual.unit}”，"
                f"请按年度指标值的单位填写"
            )
    return number, ""


def matches_any(name, names):
    return canonical(name) in {canonical(n) for n in names}
