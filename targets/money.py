"""Amounts as the documents write them: Decimal in, decimal strings out."""
from decimal import Decimal, InvalidOperation

from targets.models.fields import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS

MAX_WHOLE_DIGITS = AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES
# SQLite, the embedded default, keeps 15 significant digits of a decimal; an
# amount with more could not come back exactly, so it is refused on every
# database alike (9,999,999,999,999.99 元 still fits).
MAX_SIGNIFICANT_DIGITS = 15


def plain(amount):
    """The shortest exact decimal string: Decimal("150.000000") -> "150"."""
    if amount is None:
        return None
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fixed(amount, places=2):
    """An amount as printed on the official tables: two decimals, or ""."""
    if amount is None:
        return ""
    return format(amount.quantize(Decimal(1).scaleb(-places)), "f")


def parse_amount(text):
    """Decimal for a written amount, or None; raises ValueError with a
    Chinese message when it is not one we can keep exactly."""
    if text is None:
        return None
    try:
        amount = Decimal(text)
    except (InvalidOperation, TypeError):
        raise ValueError(f"金额格式不正确：“{text}”") from None
    if not amount.is_finite():
        raise ValueError(f"金额格式不正确：“{text}”")
    sign, digits, exponent = amount.as_tuple()
    decimals = -exponent if exponent < 0 else 0
    whole = len(digits) - decimals
    if decimals > AMOUNT_DECIMAL_PLACES:
        raise ValueError(f"金额“{text}”的小数位超过 {AMOUNT_DECIMAL_PLACES} 位")
    if whole > MAX_WHOLE_DIGITS:
        raise ValueError(f"金额“{text}”超出可保存的范围")
    if len(amount.normalize().as_tuple().digits) > MAX_SIGNIFICANT_DIGITS:
        raise ValueError(f"金额“{text}”的有效数字超过 {MAX_SIGNIFICANT_DIGITS} 位，无法精确保存")
    return amount
