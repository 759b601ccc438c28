"""Cells of the files we write, made safe for Excel and WPS: a text that
starts like a formula (= + - @) stays text, and control characters the
file cannot hold are removed. XLSX cells keep the text exactly, typed as
text (so a roster downloaded and loaded again comes back unchanged); CSV has
no types, so such a cell is written with a leading apostrophe, the usual
defence against formula injection. The official tables (targets/tables/
xlsx.py) write their texts as inline strings with the same quote prefix."""
import csv
import re

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@")
# CSV also fears a tab or carriage return before a formula; line breaks
# inside a quoted cell are text.
CSV_FORMULA_STARTS = FORMULA_STARTS + ("\t", "\r")
CSV_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def xml_text(text):
    """The text without the control characters an XLSX cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def xlsx_cell(worksheet, value):
    """A write-only cell of `value`: a text always as text, never a formula,
    with Excel's quote prefix where it starts like one."""
    if not isinstance(value, str):
        return WriteOnlyCell(worksheet, value)
    text = xml_text(value)
    cell = WriteOnlyCell(worksheet, text)
    cell.data_type = "s"  # openpyxl would make "=…" a formula
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def csv_cell(value):
    """A CSV cell's text: control characters removed, a formula start
    defused by a leading apostrophe."""
    if not isinstance(value, str):
        return value
    text = CSV_CONTROL_CHARACTERS.sub("", value)
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


class SafeCsvWriter:
    """csv.writer whose every cell goes through csv_cell()."""

    def __init__(self, out, **options):
        self.writer = csv.writer(out, **options)

    def writerow(self, row):
        return self.writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
