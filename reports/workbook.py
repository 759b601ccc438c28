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
before it is parsed. The machinery both report readers share is
reports/workbook_reading.py.
"""
import zipfile
from io import BytesIO
from xml.etree import ElementTree

from targets.interchange.schema import Problem
from targets.tables.metadata import PREFIX
from targets.workbook_reader.reading import continued_text

from . import fields
from . import workbook_reading as reading
from .interchange import FORMAT, validate_monitoring
from .tables import build_monitoring_tables

# What counts as a tick in a tick column (√ as exported; what people type).
TICKS = frozenset({"√", "✓", "✔", "☑", "v", "V", "y", "Y", "是", "1", "●"})
PER_ITEM = {"monitoring.indicator.reasons": fields.REASONS, "monitoring.indicator.likelihood": fields.LIKELIHOODS}
NOUN = "监控表"


def read_monitoring_workbook(data, expected):
    """(document, []) with the unit's entries of the workbook on a copy of
    `expected`, or (None, [Problem]) naming every cell that cannot be read."""
    document, problems = reading.read_tables(
        data, expected, noun=NOUN, build_tables=build_monitoring_tables, read_table=_read_table,
        metadata_problems=_metadata_problems, more_metadata=_own_metadata)
    if problems:
        return None, problems
    return reading.validated(document, validate_monitoring)


def _metadata_problems(metadata, expected):
    """The workbook must be a monitoring table of this report's year and
    period (a workbook without our properties is read by its labels alone)."""
    problems = reading.format_problems(metadata, expected, FORMAT,
                                       "工作簿不是运行监控表（项目支出绩效目标执行监控表），无法导入", NOUN)
    if problems:
        return problems
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
    moved = reading.moved_label(table, sheet, NOUN)
    if moved:
        problems.append(moved)
        return
    likelihoods = {}  # indicator index -> [(choice, ref) ticked]
    for cell, r, c, k, entry in reading.marked_cells(table):
        name = entry.label_for(expected.get("months"))
        if entry.approved:
            changed = reading.changed_cell(cell, sheet, r, c, name, "批复的内容不能在表格中修改")
            if changed:
                problems.append(changed)
                return
            continue
        ref = sheet.ref(r, c)
        if entry.part == "monitoring.project":
            project[entry.key] = reading.text(continued_text(sheet, r, c))
        elif entry.part == "monitoring.budget":
            row_key = fields.BUDGET_ROWS[k][0]
            row = project["budget"].get(row_key) or {"annual": None, "executed": None, "expected": None}
            project["budget"][row_key] = row
            row[entry.key] = reading.amount(sheet.value(r, c), row.get(entry.key), expected, name, ref, problems)
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
            value = reading.choice(entry, reading.text(continued_text(sheet, r, c)), name, ref, problems)
            project["indicators"][k][entry.key] = value
    for index, ticked in likelihoods.items():
        if len(ticked) > 1:
            problems.append(Problem(ticked[1][1], f"{fields.label('monitoring.indicator', 'likelihood')}只能勾选一项，"
                                                  f"第 {index + 1} 个指标勾选了{'、'.join(c for c, _ in ticked)}"))
        project["indicators"][index]["likelihood"] = ticked[0][0] if len(ticked) == 1 else None
