"""Amounts as the documents write them: Decimal in, decimal strings out."""
from decimal import Decimal, InvalidOperation

from targets.models.fields import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS

MAX_WHOLE_DIGITS = AMOUNT_MAX_DIGITS - AMOUNT_DECIMAL_PLACES
# SQLite, the embedded default, keeps 15 significant digits of a decimal; an
# amount with more could not come back exactly, so it is refused on every
# database alike (9,999,999,999,999.99 元 still fits).
MAX_SIGNIFICANT_DIGITS = 15
# Longer than any amount that fits (sign, 13 whole digits, point, decimals,
# the thousands separators a person types): refused before it is parsed.
MAX_AMOUNT_CHARACTERS = 40


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
    """Decimal for a written amount (text, or a Decimal already read), or
    None; raises ValueError with a Chinese message when it is not one we can
    keep exactly. Its digits and exponent are checked before it is ever
    written out: "1e100000000" is eleven characters and a hundred million
    digits."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        amount, text = text, str(text)
    else:
        if isinstance(text, str) and len(text) > MAX_AMOUNT_CHARACTERS:
            raise ValueError(f"金额“{text[:20]}…”过长，不是可保存的金额")
        try:
            amount = Decimal(text)
        except (InvalidOperation, TypeError):
            raise ValueError(f"金额格式不正确：“{text}”") from None
    if not amount.is_finite():
        raise ValueError(f"金额格式不正确：“{text}”")
    sign, digits, exponent = amount.as_tuple()
    decimals = -exponent if exponent < 0 else 0
    whole = len(digits) + exponent if any(digits) else 0
    if decimals > AMOUNT_DECIMAL_PLACES:
        raise ValueError(f"金额“{text}”的小数位超过 {AMOUNT_DECIMAL_PLACES} 位")
    if whole > MAX_WHOLE_DIGITS:
        raise ValueError(f"金额“{text}”超出可保存的范围")
    if len(amount.normalize().as_tuple().digits) > MAX_SIGNIFICANT_DIGITS:
        raise ValueError(f"金额“{text}”的有效数字超过 {MAX_SIGNIFICANT_DIGITS} 位，无法精确保存")
    # "1E+3" as 1000: an amount is stored and written without an exponent.
    return amount.quantize(Decimal(1)) if exponent > 0 else amount
