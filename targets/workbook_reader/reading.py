"""The state of one workbook import: the problems found so far (each naming
its sheet and cell), where each part of the document came from, and the
parsing of amounts, percentages and dates as Excel and WPS hand them back
(text or numbers, "0.14", 0.14, "0.14万元", "25%", 0.25 shown as 25%).
"""
import datetime
import re
import unicodedata
from decimal import Context, Decimal, InvalidOperation

from targets.interchange import Problem
from targets.money import parse_amount
from targets.tables.continued import CONTINUED

from .sheet import decimal_text

UNITS = ("万元", "元")  # longest first: "元" ends "万元" too
_DATE = re.compile(r"^\s*(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?\s*$")


class CellProblem(ValueError):
    """A cell whose content cannot be read; the message is Chinese."""


class Reading:
    def __init__(self, amount_unit="万元"):
        self.problems = []
        self.warnings = []
        self.locations = {}  # document path -> "工作表!B7"
        self.amount_unit = amount_unit

    def problem(self, ref, message):
        self.problems.append(Problem(ref, message))

    def at(self, path, ref):
        if ref:
            self.locations[path] = ref

    # --- cells ----------------------------------------------------------

    def amount(self, sheet, r, c, path=None):
        """The amount in a cell as a decimal string, None when blank; a cell
        that is no amount is reported and read as None."""
        if path:
            self.at(path, sheet.ref(r, c))
        return self.parsed(parse_amount_value, sheet.value(r, c), sheet.ref(r, c), self.amount_unit)

    def amount_text(self, text, ref, path=None):
        """An amount written after a label, as in "资金总额：109.04"."""
        if path:
            self.at(path, ref)
        return self.parsed(parse_amount_value, text, ref, self.amount_unit)

    def percent(self, sheet, r, c):
        percent = "%" in sheet.number_format(r, c)
        return self.parsed(parse_percent_value, sheet.value(r, c), sheet.ref(r, c), percent)

    def date(self, text, ref):
        return self.parsed(parse_date_text, text, ref)

    def parsed(self, parse, value, ref, *args):
        try:
            return parse(value, *args)
        except CellProblem as problem:
            self.problem(ref, str(problem))
            return None


def is_continued(sheet, r, c):
    """Whether the cell at (r, c) continues the text of the cell above it:
    a cell of its own (not inside a merged area begun above) in the number
    format the workbook gives the continuing pieces of a long text."""
    return sheet.anchor(r, c)[0] == r and sheet.number_format(r, c) == CONTINUED


def continued_text(sheet, r, c):
    """The text at (r, c) with the pieces continuing it in the rows below
    (targets/tables/continued.py cut a text too long for one row)."""
    text, below = sheet.text(r, c), r + 1
    while below <= sheet.max_row and is_continued(sheet, below, c):
        text = (text or "") + (sheet.text(below, c) or "")
        below += 1
    return text


def _number_text(value):
    """A cell value as number text: None for blank, str for text."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellProblem(f"应为数字，而不是逻辑值“{'TRUE' if value else 'FALSE'}”")  # as Excel shows it
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return decimal_text(float_decimal(value))
    if isinstance(value, (datetime.date, datetime.time)):
        raise CellProblem(f"应为数字，而不是日期“{value}”")
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    return text.replace(",", "") or None


def float_decimal(value):
    """The decimal a spreadsheet number stands for. A number of up to 15
    significant digits (every amount we keep) is exactly the shortest text
    that reads back as its float, repr(); Decimal of the float itself would
    carry its binary error (0.14 -> 0.1400000…). Beyond 15 digits a float
    holds noise, such as Excel's sum 0.1 + 0.2 = 0.30000000000000004: those
    digits are dropped."""
    return FLOAT_DIGITS.create_decimal(repr(value))


FLOAT_DIGITS = Context(prec=15)  # the digits a double holds exactly (DBL_DIG)


def show_labelled_numbers(sheet):
    """A number whose format prints a label before it (the Hunan budget
    lines, "资金总额："0.00) reads as the text it prints, "资金总额：109.04",
    so that it is found by its label like the text it replaces."""
    for key, value in sheet.values.items():
        number_format = sheet.formats.get(key) or ""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and number_format.startswith('"'):
            label = number_format[1:].partition('"')[0]
            sheet.values[key] = label + _number_text(value)


def _decimal(text, what):
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellProblem(f"无法识别的{what}“{text}”，应为数字，如 12.50") from None
    if not number.is_finite():
        raise CellProblem(f"无法识别的{what}“{text}”，应为数字，如 12.50")
    return number


def parse_amount_value(value, amount_unit):
    """"0.14", 0.14, "0.14万元", "1,400.00" -> a decimal string; None if blank."""
    text = _number_text(value)
    if text is None:
        return None
    for unit in UNITS:
        if text.endswith(unit):
            if unit != amount_unit:
                raise CellProblem(f"金额“{text}”的单位与表格的金额单位（{amount_unit}）不一致")
            text = text[: -len(unit)]
            break
    _decimal(text, "金额")
    try:
        parse_amount(text)
    except ValueError as error:
        raise CellProblem(str(error)) from None
    return text


def parse_percent_value(value, shown_as_percent=False):
    """"25%", "25", 25, or 0.25 in a cell formatted as a percentage -> "25"."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and shown_as_percent:
        return decimal_text(float_decimal(value) * 100)
    text = _number_text(value)
    if text is None:
        return None
    text = text.removesuffix("%")
    _decimal(text, "百分比")
    return text


def parse_date_text(text):
    """"2024年6月20日", "2024-06-20", "2024/6/20" -> "2024-06-20"; None if blank."""
    if text is None or not text.strip():
        return None
    match = _DATE.match(unicodedata.normalize("NFKC", text))
    try:
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        pass
    raise CellProblem(f"无法识别的日期“{text.strip()}”，应写成 2024年6月20日 或 2024-06-20")
