"""What the two report workbook readers share (reports/workbook.py for
monitoring/1, reports/evaluation_workbook.py for evaluation/1): loading the
upload, checking its properties, building the tables again from the report
and cutting them as the workbook was, walking the builder's Cell.field
marks, the label and approved-cell checks, and parsing a text, a choice or
an amount into a problem that names its sheet and cell.

    read_tables(data, expected, ...) -> (document, problems)

Each reader keeps what differs: the fields it reads, how their values are
parsed, and what is done with the document once read (validation, scores).
"""
import copy
from collections import Counter
from decimal import Decimal

from config.uploads import MAX_WORKBOOK_BYTES
from targets.interchange import DocumentRefused
from targets.interchange.schema import Problem
from targets.money import parse_amount
from targets.tables.continued import CONTINUED, continued
from targets.workbook_reader.loading import load
from targets.workbook_reader.reading import CellProblem, float_decimal, parse_amount_value
from targets.workbook_reader.sheet import cell_text, normal

from . import fields


def read_tables(data, expected, *, noun, build_tables, read_table, metadata_problems, more_metadata=None):
    """(copy of `expected` with the workbook's entries, []) or (None, [Problem]).

    `noun` names the table in messages (监控表, 自评表); `build_tables(expected,
    project_index)` is the report's table builder; `read_table(table, sheet,
    document, expected, problems)` reads one cut table's sheet into
    `document`; `metadata_problems(metadata, expected)` checks the
    workbook's properties, with `more_metadata(data)` merged into them."""
    if len(data) > MAX_WORKBOOK_BYTES:
        return None, [Problem("", f"文件过大（{len(data) / 1024 / 1024:.1f} MB），"
                                  f"上传的工作簿不能超过 {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB。")]
    try:
        sheets, metadata = load(data)
    except DocumentRefused as refused:
        return None, refused.problems
    problems = metadata_problems(metadata | (more_metadata(data) if more_metadata else {}), expected)
    if problems:
        return None, problems
    project_index = None
    if metadata.get("scope") == "project" and (metadata.get("project_index") or "").isdigit():
        project_index = int(metadata["project_index"])
        if project_index >= len(expected.get("projects") or []):
            return None, [Problem("", f"工作簿是第 {project_index + 1} 个项目的{noun}，本报告没有这个项目")]
    by_title = {sheet.title: sheet for sheet in sheets}
    document = copy.deepcopy(expected)
    for table in build_tables(expected, project_index):
        sheet = by_title.get(table.sheet_name)
        if sheet is None:
            problems.append(Problem("", f"工作簿中没有工作表“{table.sheet_name}”（第 {table.project_index + 1} 个项目）"))
            continue
        read_table(continued(table), sheet, document, expected, problems)
    return (None, problems) if problems else (document, [])


def validated(document, validate):
    """(document, []) when `validate` finds nothing, else (None, [Problem])."""
    problems = [Problem(str(p.path), p.message) for p in validate(document)]
    return (None, problems) if problems else (document, [])


def format_problems(metadata, expected, format, not_ours, noun):
    """The workbook must be of this report's format and year (a workbook
    without our properties is read by its labels alone)."""
    if metadata.get("format") and metadata["format"] != format:
        return [Problem("", not_ours)]
    if metadata.get("year") and metadata["year"] != str(expected.get("year")):
        return [Problem("", f"工作簿是 {metadata['year']} 年度的{noun}，本报告是 {expected.get('year')} 年度")]
    return []


def moved_label(table, sheet, noun):
    """The Problem of the first label out of place, or None. Labels go
    first: one out of place means the rows moved, and then an approved value
    out of place is not an edit of it."""
    for cell in table.cells():
        r, c = cell.row + 1, cell.col + 1
        if cell.field is None and cell.text and cell.number_format != CONTINUED:
            if normal(sheet.text(r, c)) != normal(cell.text):
                return Problem(sheet.ref(r, c), f"应为“{cell.text}”，表格中是“{sheet.text(r, c) or ''}”"
                                                f"（表格的行、列不能插入、删除或移动；请使用本报告当前导出的{noun}）")
    return None


def marked_cells(table, skip=()):
    """(cell, row, column, k, entry) of every cell marked with a field not
    in `skip` and not computed: the k-th cell marked with a field is the
    k-th row or item (see the table builders); row and column count from 1."""
    seen = Counter()
    for cell in table.cells():
        if cell.field is None or cell.field in skip:
            continue
        k = seen[cell.field]
        seen[cell.field] += 1
        part, _, key = cell.field.rpartition(".")
        entry = fields.get(part, key)
        if entry.computed:
            continue
        yield cell, cell.row + 1, cell.col + 1, k, entry


def changed_cell(cell, sheet, r, c, name, why):
    """The Problem of a cell that does not show what the report prints, or None."""
    if same(cell, sheet.value(r, c)):
        return None
    return Problem(sheet.ref(r, c), f"{name}应为“{cell.text}”，表格中是“{sheet.text(r, c) or ''}”：{why}")


def same(cell, value):
    """Whether a sheet value shows what the report prints in the cell."""
    if cell.number is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float_decimal(value) == Decimal(cell.number)
    return normal(cell_text(value)) == normal(cell.text)


def choice(entry, value, name, ref, problems):
    """A text of a one-of-a-few field checked against its choices."""
    if entry.kind != "choice" or value is None:
        return value
    value = value.strip()
    if value not in entry.choices:
        allowed = "、".join(f"“{option}”" for option in entry.choices)
        problems.append(Problem(ref, f"{name}“{value}”应为 {allowed} 之一，或留空"))
        return None
    return value


def text(value):
    """A typed text as it stands; None when the cell is blank."""
    if value is None or not str(value).strip():
        return None
    return value


def amount(value, current, expected, name, ref, problems):
    """The amount a cell holds as a decimal string (the report's own
    spelling kept when it is the same number: "12.50" stays "12.50")."""
    try:
        typed = parse_amount_value(value, expected.get("amount_unit") or "万元")
    except CellProblem as problem:
        shown = cell_text(value) or ""
        detail = str(problem)
        if detail.startswith("无法识别的"):
            problems.append(Problem(ref, f"{name}“{shown}”不是金额"))
        else:
            problems.append(Problem(ref, f"{name}“{shown}”：{detail}"))
        return current
    return kept(typed, current)


def kept(typed, current):
    """`current` when `typed` is the same number, else `typed`."""
    if typed is not None and current is not None:
        try:
            if parse_amount(typed) == parse_amount(current):
                return current
        except ValueError:
            pass
    return typed
