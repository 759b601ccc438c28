"""A filled 项目支出绩效自评表 workbook (reports.evaluation_tables
.evaluation_workbook_bytes, edited in Excel or WPS) read back into an
evaluation/1 document.

    read_evaluation_workbook(data, expected) -> (document, problems)

`expected` is the report as it stands (an evaluation/1 document, not
changed). As reports/workbook.py reads a monitoring workbook (with
reports/workbook_reading.py, which both readers share), the tables
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
from decimal import Decimal

from targets.interchange.schema import Problem
from targets.money import parse_amount
from targets.workbook_reader.reading import continued_text, float_decimal
from targets.workbook_reader.sheet import cell_text, decimal_text

from . import fields
from . import workbook_reading as reading
from .evaluation_documents import FORMAT, fill_scores, is_qualitative
from .evaluation_interchange import validate_evaluation
from .evaluation_tables import RESULT_FIELDS, build_evaluation_tables

# The reviewer's fields: printed in the unit's workbook, never taken from it.
REVIEWER_KEYS = ("review_score", "review_reason")
CENT = Decimal("0.01")
NOUN = "自评表"


def read_evaluation_workbook(data, expected):
    """(document, []) with the unit's entries of the workbook on a copy of
    `expected` and the computed 得分 worked out, or (None, [Problem])
    naming every cell that cannot be read."""
    document, problems = reading.read_tables(
        data, expected, noun=NOUN, build_tables=build_evaluation_tables, read_table=_read_table,
        metadata_problems=_metadata_problems)
    if problems:
        return None, problems
    return reading.validated(fill_scores(document), validate_evaluation)


def _metadata_problems(metadata, expected):
    """The workbook must be a self-evaluation table of this report's year
    (a workbook without our properties is read by its labels alone)."""
    return reading.format_problems(metadata, expected, FORMAT, "工作簿不是绩效自评表（项目支出绩效自评表），无法导入", NOUN)


def _read_table(table, sheet, document, expected, problems):
    project = document["projects"][table.project_index]
    approved_indicators = expected["projects"][table.project_index].get("indicators") or []
    moved = reading.moved_label(table, sheet, NOUN)
    if moved:
        problems.append(moved)
        return
    for cell, r, c, k, entry in reading.marked_cells(table, skip=RESULT_FIELDS):
        part, key = entry.part, entry.key
        if part == "evaluation.indicator" and key == "score" and not is_qualitative(approved_indicators[k]):
            continue  # scored by the rules
        ref = sheet.ref(r, c)
        if entry.approved or key in REVIEWER_KEYS:
            why = "批复的内容不能在表格中修改" if entry.approved else "复核得分和复核理由由审核人填写，不能在表格中修改"
            changed = reading.changed_cell(cell, sheet, r, c, entry.label, why)
            if changed:
                problems.append(changed)
                return
            continue
        if part == "evaluation.project":
            project[key] = reading.text(continued_text(sheet, r, c))
        elif part == "evaluation.budget":
            row_key = fields.BUDGET_ROWS[k][0]
            row = project["budget"].get(row_key) or {"initial": None, "full_year": None, "executed": None}
            project["budget"][row_key] = row
            row[key] = reading.amount(sheet.value(r, c), row.get(key), expected, entry.label, ref, problems)
        else:
            item = project["indicators"][k]
            if entry.kind == "amount":
                item[key] = _points(sheet.value(r, c), item.get(key), entry.label, ref, problems)
            else:
                item[key] = reading.choice(entry, reading.text(continued_text(sheet, r, c)), entry.label, ref, problems)


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
    return reading.kept(text, current)


__all__ = ["read_evaluation_workbook"]
