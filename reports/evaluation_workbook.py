"""A filled 项目支出绩效自评表 workbook (reports.evaluation_tables
.evaluation_workbook_bytes, edited in Excel or WPS) read back into an
evaluation/1 document.

    read_evaluation_workbook(data, expected) -> (document, problems)

`expected` is the report as it stands (an evaluation/1 document, not
changed). As reports/workbook.py reads a monitoring workbook, the tables
are built again from it (cut for long texts as the workbook was), and the
places of the fields are the builder's Cell.field marks:

- a cell marked with a field the unit fills is read (全年预算数, 全年执行数,
  实际完成值, 分值, 达成情况, 偏差原因分析及改进措施, the project's texts, and
  the 得分 of a qualitative row, which is the unit's);
- a label, and a cell marked with an approved field (名称, 年初预算数,
  年度指标值 …) or with the reviewer's 复核得分 / 复核理由, must show what the
  report prints; the first such cell of a sheet is named and that sheet is
  not read;
- computed cells are not read (执行率, the budget's 得分, the 得分 of a row
  scored by the rules, 总分, 自评等级, the explanations; and the signature
  line): the scores are worked out again (fill_scores).

Every problem names its sheet and cell ("项目1!F6：全年执行数“abc”不是金额");
with any problem the document is None.
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
from targets.workbook_reader.reading import CellProblem, continued_text, float_decimal, parse_amount_value
from targets.workbook_reader.sheet import cell_text, decimal_text, normal

from . import fields
from .evaluation_documents import FORMAT, fill_scores, is_qualitative
from .evaluation_interchange import validate_evaluation
from .evaluation_tables import RESULT_FIELDS, build_evaluation_tables

# The reviewer's fields: printed in the unit's workbook, never taken from it.
REVIEWER_KEYS = ("review_score", "review_reason")
CENT = Decimal("0.01")


def read_evaluation_workbook(data, expected):
    """(document, []) with the unit's entries of the workbook on a copy of
    `expected` and the computed 得分 worked out, or (None, [Problem])
    naming every cell that cannot be read."""
    if len(data) > MAX_WORKBOOK_BYTES:
        return None, [Problem("", f"文件过大（{len(data) / 1024 / 1024:.1f} MB），"
                                  f"上传的工作簿不能超过 {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB。")]
    try:
        sheets, metadata = load(data)
    except DocumentRefused as refused:
        return None, refused.problems
    problems = _metadata_problems(metadata, expected)
    if problems:
        return None, problems
    project_index = None
    if metadata.get("scope") == "project" and (metadata.get("project_index") or "").isdigit():
        project_index = int(metadata["project_index"])
        if project_index >= len(expected.get("projects") or []):
            return None, [Problem("", f"工作簿是第 {project_index + 1} 个项目的自评表，本报告没有这个项目")]
    by_title = {sheet.title: sheet for sheet in sheets}
    document = copy.deepcopy(expected)
    for table in build_evaluation_tables(expected, project_index):
        sheet = by_title.get(table.sheet_name)
        if sheet is None:
            problems.append(Problem("", f"工作簿中没有工作表“{table.sheet_name}”（第 {table.project_index + 1} 个项目）"))
            continue
        _read_table(continued(table), sheet, document, expected, problems)
    if problems:
        return None, problems
    document = fill_scores(document)
    problems = [Problem(str(p.path), p.message) for p in validate_evaluation(document)]
    return (None, problems) if problems else (document, [])


def _metadata_problems(metadata, expected):
    """The workbook must be a self-evaluation table of this report's year
    (a workbook without our properties is read by its labels alone)."""
    if metadata.get("format") and metadata["format"] != FORMAT:
        return [Problem("", "工作簿不是绩效自评表（项目支出绩效自评表），无法导入")]
    if metadata.get("year") and metadata["year"] != str(expected.get("year")):
        return [Problem("", f"工作簿是 {metadata['year']} 年度的自评表，本报告是 {expected.get('year')} 年度")]
    return []


def _read_table(table, sheet, document, expected, problems):
    project = document["projects"][table.project_index]
    approved_indicators = expected["projects"][table.project_index].get("indicators") or []
    # Labels first: one out of place means the rows moved, and then an
    # approved value out of place is not an edit of it.
    for cell in table.cells():
        r, c = cell.row + 1, cell.col + 1
        if cell.field is None and cell.text and cell.number_format != CONTINUED:
            if normal(sheet.text(r, c)) != normal(cell.text):
                problems.append(Problem(sheet.ref(r, c), _moved(cell.text, sheet.text(r, c))))
                return
    seen = Counter()
    for cell in table.cells():
        r, c = cell.row + 1, cell.col + 1
        if cell.field is None or cell.field in RESULT_FIELDS:
            continue
        k = seen[cell.field]
        seen[cell.field] += 1
        part, _, key = cell.field.rpartition(".")
        entry = fields.get(part, key)
        if entry.computed:
            continue
        if part == "evaluation.indicator" and key == "score" and not is_qualitative(approved_indicators[k]):
            continue  # scored by the rules
        ref = sheet.ref(r, c)
        if entry.approved or key in REVIEWER_KEYS:
            if not _same(cell, sheet.value(r, c)):
                why = "批复的内容不能在表格中修改" if entry.approved else "复核得分和复核理由由审核人填写，不能在表格中修改"
                problems.append(Problem(ref, f"{entry.label}应为“{cell.text}”，表格中是“{sheet.text(r, c) or ''}”：{why}"))
                return
            continue
        if part == "evaluation.project":
            project[key] = _text(continued_text(sheet, r, c))
        elif part == "evaluation.budget":
            row_key = fields.BUDGET_ROWS[k][0]
            row = project["budget"].get(row_key) or {"initial": None, "full_year": None, "executed": None}
            project["budget"][row_key] = row
            row[key] = _amount(sheet.value(r, c), row.get(key), expected, entry.label, ref, problems)
        else:
            item = project["indicators"][k]
            if entry.kind == "amount":
                item[key] = _points(sheet.value(r, c), item.get(key), entry.label, ref, problems)
            else:
                item[key] = _choice(entry, _text(continued_text(sheet, r, c)), ref, problems)


def _moved(printed, found):
    return (f"应为“{printed}”，表格中是“{found or ''}”（表格的行、列不能插入、删除或移动；"
            f"请使用本报告当前导出的自评表）")


def _same(cell, value):
    """Whether a sheet value shows what the report prints in the cell."""
    if cell.number is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float_decimal(value) == Decimal(cell.number)
    return normal(cell_text(value)) == normal(cell.text)


def _choice(entry, value, ref, problems):
    """A text of a one-of-a-few field (达成情况) checked against its choices."""
    if entry.kind != "choice" or value is None:
        return value
    value = value.strip()
    if value not in entry.choices:
        allowed = "、".join(f"“{choice}”" for choice in entry.choices)
        problems.append(Problem(ref, f"{entry.label}“{value}”应为 {allowed} 之一，或留空"))
        return None
    return value


def _text(value):
    """A typed text as it stands; None when the cell is blank."""
    if value is None or not str(value).strip():
        return None
    return value


def _amount(value, current, expected, name, ref, problems):
    """The amount a cell holds as a decimal string (the report's own
    spelling kept when it is the same number: "12.50" stays "12.50")."""
    try:
        text = parse_amount_value(value, expected.get("amount_unit") or "万元")
    except CellProblem as problem:
        shown = cell_text(value) or ""
        detail = str(problem)
        if detail.startswith("无法识别的"):
            problems.append(Problem(ref, f"{name}“{shown}”不是金额"))
        else:
            problems.append(Problem(ref, f"{name}“{shown}”：{detail}"))
        return current
    return _kept(text, current)


def _points(value, current, name, ref, problems):
    """分值 or 得分 as a decimal string: a number, or a text such as "12.5"
    or "12.5分"; two decimals as the report writes points, unless typed
    finer. The report's own spelling is kept when it is the same number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    shown = value.strip().removesuffix("分").strip() if isinstance(value, str) else value
    if isinstance(shown, (int, float)) and not isinstance(shown, bool):
        shown = float_decimal(shown)
    try:
        # Also bounds it as an amount: at most 6 decimals and 14 whole digits.
        number = None if isinstance(shown, bool) else parse_amount(shown)
    except (ValueError, TypeError):
        number = None
    if number is None:
        problems.append(Problem(ref, f"{name}“{cell_text(value) or ''}”不是数字"))
        return current
    if number < 0:
        problems.append(Problem(ref, f"{name}不能为负数"))
        return current
    text = f"{number:.2f}" if number == number.quantize(CENT) else decimal_text(number)
    return _kept(text, current)


def _kept(text, current):
    if text is not None and current is not None:
        try:
            if parse_amount(text) == parse_amount(current):
                return current
        except ValueError:
            pass
    return text


__all__ = ["read_evaluation_workbook"]
