"""A filled monitoring workbook (reports.tables.monitoring_workbook_bytes,
edited in Excel or WPS) read back into a monitoring/1 document.

    read_monitoring_workbook(data, expected) -> (document, problems)

`expected` is the report as it stands (a monitoring/1 document, not
changed). The workbook's tables are built again from it
(reports.tables.build_monitoring_tables, cut for long texts as the
workbook was: targets.tables.continued), so the places of the fields are
learnt from the builder's Cell.field marks, never described twice:

- a cell marked with a field the unit fills is read (the k-th cell marked
  with a field is the k-th budget row or indicator, see reports/tables.py);
- a label, and a cell marked with an approved field (名称, 年初预算数,
  年度指标值 …), must show what the report prints: the approved values are
  the filing's and cannot be changed here, and a label out of place means
  rows or columns were inserted, deleted or moved, or the workbook is of
  another report, year or period (1–N月 is in the labels). The first such
  cell of a sheet is named and that sheet is not read;
- the computed 执行率 are not read (a formula typed there does no harm).

Every problem names its sheet and cell ("项目1!F12：1–7月执行数“abc”不是金额");
with any problem the document is None. The workbook is checked against
the upload bounds (config.uploads, through the filing reader's loader)
before it is parsed.
"""
import copy
import zipfile
from collections import Counter
from decimal import Decimal
from io import BytesIO
from xml.etree import ElementTree

from config.uploads import MAX_WORKBOOK_BYTES
from targets.interchange import DocumentRefused
from targets.interchange.schema import Problem
from targets.money import parse_amount
from targets.tables.continued import CONTINUED, continued
from targets.tables.metadata import PREFIX
from targets.workbook_reader.loading import load
from targets.workbook_reader.reading import CellProblem, continued_text, float_decimal, parse_amount_value
from targets.workbook_reader.sheet import cell_text, normal

from . import fields
from .interchange import FORMAT, validate_monitoring
from .tables import build_monitoring_tables

# What counts as a tick in a tick column (√ as exported; what people type).
TICKS = frozenset({"√", "✓", "✔", "☑", "v", "V", "y", "Y", "是", "1", "●"})
PER_ITEM = {"monitoring.indicator.reasons": fields.REASONS, "monitoring.indicator.likelihood": fields.LIKELIHOODS}


def read_monitoring_workbook(data, expected):
    """(document, []) with the unit's entries of the workbook on a copy of
    `expected`, or (None, [Problem]) naming every cell that cannot be read."""
    if len(data) > MAX_WORKBOOK_BYTES:
        return None, [Problem("", f"文件过大（{len(data) / 1024 / 1024:.1f} MB），"
                                  f"上传的工作簿不能超过 {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB。")]
    try:
        sheets, metadata = load(data)
    except DocumentRefused as refused:
        return None, refused.problems
    problems = _metadata_problems(metadata | _own_metadata(data), expected)
    if problems:
        return None, problems
    project_index = None
    if metadata.get("scope") == "project" and (metadata.get("project_index") or "").isdigit():
        project_index = int(metadata["project_index"])
        if project_index >= len(expected.get("projects") or []):
            return None, [Problem("", f"工作簿是第 {project_index + 1} 个项目的监控表，本报告没有这个项目")]
    by_title = {sheet.title: sheet for sheet in sheets}
    document = copy.deepcopy(expected)
    for table in build_monitoring_tables(expected, project_index):
        sheet = by_title.get(table.sheet_name)
        if sheet is None:
            problems.append(Problem("", f"工作簿中没有工作表“{table.sheet_name}”（第 {table.project_index + 1} 个项目）"))
            continue
        _read_table(continued(table), sheet, document, expected, problems)
    if not problems:
        problems += [Problem(str(p.path), p.message) for p in validate_monitoring(document)]
    return (None, problems) if problems else (document, [])


def _metadata_problems(metadata, expected):
    """The workbook must be a monitoring table of this report's year
    (a workbook without our properties is read by its labels alone)."""
    if metadata.get("format") and metadata["format"] != FORMAT:
        return [Problem("", "工作簿不是运行监控表（项目支出绩效目标执行监控表），无法导入")]
    if metadata.get("year") and metadata["year"] != str(expected.get("year")):
        return [Problem("", f"工作簿是 {metadata['year']} 年度的监控表，本报告是 {expected.get('year')} 年度")]
    if metadata.get("months") and metadata["months"] != str(expected.get("months")):
        return [Problem("", f"工作簿是 1–{metadata['months']} 月的监控表，本报告是 1–{expected.get('months')} 月")]
    return []


def _own_metadata(data):
    """The properties the filing tables' metadata does not know
    (targets.tables.metadata.read_metadata keeps its own names only): the
    period's months, from docProps/custom.xml (the loader has bounded the
    file already)."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("docProps/custom.xml"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    found = {}
    for prop in root:
        if prop.get("name") == PREFIX + "months":
            found["months"] = "".join(prop.itertext()).strip()
    return found


def _read_table(table, sheet, document, expected, problems):
    project = document["projects"][table.project_index]
    # Labels first: one out of place means the rows moved, and then an
    # approved value out of place is not an edit of it.
    for cell in table.cells():
        r, c = cell.row + 1, cell.col + 1
        if cell.field is None and cell.text and cell.number_format != CONTINUED:
            if normal(sheet.text(r, c)) != normal(cell.text):
                problems.append(Problem(sheet.ref(r, c), _moved(cell.text, sheet.text(r, c))))
                return
    seen = Counter()
    likelihoods = {}  # indicator index -> [(choice, ref) ticked]
    for cell in table.cells():
        r, c = cell.row + 1, cell.col + 1
        if cell.field is None:
            continue
        k = seen[cell.field]
        seen[cell.field] += 1
        part, _, key = cell.field.rpartition(".")
        entry = fields.get(part, key)
        if entry.computed:
            continue
        if entry.approved:
            if not _same(cell, sheet.value(r, c)):
                problems.append(Problem(sheet.ref(r, c), f"{entry.label_for(expected.get('months'))}应为“{cell.text}”，"
                                                          f"表格中是“{sheet.text(r, c) or ''}”：批复的内容不能在表格中修改"))
                return
            continue
        ref = sheet.ref(r, c)
        name = entry.label_for(expected.get("months"))
        if entry.part == "monitoring.project":
            project[entry.key] = _text(continued_text(sheet, r, c))
        elif entry.part == "monitoring.budget":
            row_key = fields.BUDGET_ROWS[k][0]
            row = project["budget"].get(row_key) or {"annual": None, "executed": None, "expected": None}
            project["budget"][row_key] = row
            row[entry.key] = _amount(sheet.value(r, c), row.get(entry.key), expected, name, ref, problems)
        elif cell.field in PER_ITEM:
            choices = PER_ITEM[cell.field]
            index, choice = divmod(k, len(choices))
            item = project["indicators"][index]
            shown = (sheet.text(r, c) or "").strip()
            if shown and shown not in TICKS:
                problems.append(Problem(ref, f"{name}（{choices[choice]}）“{shown}”：请打“√”或留空"))
                continue
            if entry.key == "reasons":
                if choice == 0:
                    item["reasons"] = []
                if shown:
                    item["reasons"].append(choices[choice])
            else:
                ticked = likelihoods.setdefault(index, [])
                if shown:
                    ticked.append((choices[choice], ref))
        else:
            value = _choice(entry, _text(continued_text(sheet, r, c)), name, ref, problems)
            project["indicators"][k][entry.key] = value
    for index, ticked in likelihoods.items():
        if len(ticked) > 1:
            problems.append(Problem(ticked[1][1], f"{fields.label('monitoring.indicator', 'likelihood')}只能勾选一项，"
                                                  f"第 {index + 1} 个指标勾选了{'、'.join(c for c, _ in ticked)}"))
        project["indicators"][index]["likelihood"] = ticked[0][0] if len(ticked) == 1 else None


def _moved(printed, found):
    return (f"应为“{printed}”，表格中是“{found or ''}”（表格的行、列不能插入、删除或移动；"
            f"请使用本报告当前导出的监控表）")


def _same(cell, value):
    """Whether a sheet value shows what the report prints in the cell."""
    if cell.number is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float_decimal(value) == Decimal(cell.number)
    return normal(cell_text(value)) == normal(cell.text)


def _choice(entry, value, name, ref, problems):
    """A text of a one-of-a-few field (完成程度) checked against its choices."""
    if entry.kind != "choice" or value is None:
        return value
    value = value.strip()
    if value not in entry.choices:
        allowed = "、".join(f"“{choice}”" for choice in entry.choices)
        problems.append(Problem(ref, f"{name}“{value}”应为 {allowed} 之一，或留空"))
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
    if text is not None and current is not None:
        try:
            if parse_amount(text) == parse_amount(current):
                return current
        except ValueError:
            pass
    return text
