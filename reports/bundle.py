"""A round's bulk export (运行监控: issue 17 item 5; 绩效自评: issue 18 item
5): one ZIP with the summary workbook 汇总.xlsx first and a folder per unit
holding each project's official table as XLSX and PDF. The summary of a
monitoring round lists every unit × project with its light counts, worst
light and 执行率, red first; of a self-evaluation round, every unit ×
project with its score, grade, 执行率 and the 复核's score and grade. The
tables are the kind's (reports.kinds): 项目支出绩效目标执行监控表 or
项目支出绩效自评表.

    round_zip(entries, *, title, pdf=True, workers=None, kind=MONITORING) -> bytes
    summary_workbook_bytes(rows, *, title) -> bytes          (monitoring)
    summary_rows(entries) -> [SummaryRow]                    (monitoring)
    evaluation_summary_bytes(entries, *, title) -> bytes     (绩效自评)
    entry_of(report) -> RoundEntry

Model-free: an entry is (unit name, unit code, status label, document of
the round's kind); the caller picks the reports its user may see. Every
document is validated first (the kind's validator): one that fails refuses
the whole ZIP with a Chinese message naming the unit, the project and the problem, so
that no round is exported with a unit silently missing. The tables are
rendered as the filing bulk export renders (targets/services/year_archive.py):
in forked children that never touch the database, with its child
initializer and TABLES_RENDER_TIMEOUT per report; XLSX and PDF are stored
uncompressed, being compressed already.
"""
import io
import multiprocessing
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from config.safe_files import xlsx_cell
from targets.money import parse_amount
from targets.services import year_archive
from targets.tables import xlsx as table_xlsx
from targets.tables.grid import line_count
from targets.tables.names import safe_file_part

from . import judging
from .evaluation_documents import score_evaluation
from .kinds import KINDS, MONITORING
from .rules.explain import to_decimal
from .rules.lights import Light, worst
from .tables import rate

SUMMARY = "汇总.xlsx"
SUMMARY_SHEET = "汇总"
UNITS_SHEET = "按单位"
NAME_MAX = 80  # characters of a folder or file name's stem
# The worst light's cell fill, as the overview's colours (lighter, so the
# black text stays readable in print).
FILLS = {
    Light.RED: "FF8B8B",
    Light.YELLOW: "FFE07A",
    Light.GREEN: "A9D18E",
    Light.BLUE: "9DC3E6",
    Light.NONE: None,
}
COUNTS = (("red", "红灯"), ("yellow", "黄灯"), ("green", "绿灯"), ("blue", "蓝灯"), ("unjudged", "未判定"))
_KEYS = tuple(key for key, _ in COUNTS)
TEN_THOUSAND = Decimal(10000)


class RoundExportFailed(year_archive.BulkExportFailed):
    """The round could not be exported; the message is Chinese and names
    the unit (and project) at fault."""


class RoundEntry(NamedTuple):
    unit_name: str
    unit_code: str
    status: str  # the report's status label (已提交 …), or "" / None
    document: dict


def entry_of(report):
    """The entry of a reports.models.Report (its unit, status label and
    document)."""
    return RoundEntry(report.unit.name, report.unit.code, report.get_status_display(), report.document)


@dataclass
class SummaryRow:
    """One unit × project of the summary (a unit without projects has one
    row with project None)."""

    entry_index: int
    project_index: int | None
    unit_name: str
    unit_code: str
    status: str
    project_name: str
    counts: dict  # judging.counts of the project
    months: int | None
    annual: Decimal | None  # 年度资金总额's 年初预算数, in 万元
    executed: Decimal | None  # its 1–N月执行数, in 万元
    executed_rate: Decimal | None  # executed ÷ annual, 0.55 for 55 %

    @property
    def worst(self):
        return Light(self.counts["worst"])

    def sort_key(self):
        """Red first: the worst light's urgency, then more reds and yellows
        first, then the order the entries came in."""
        return (self.worst.order, -self.counts["red"], -self.counts["yellow"], self.entry_index,
                self.project_index if self.project_index is not None else -1)


# --- the ZIP ---------------------------------------------------------------


def round_zip(entries, *, title, pdf=True, workers=None, kind=MONITORING):
    """The ZIP of a round's reports (of `kind`, a reports.kinds.ReportKind)
    as bytes. `workers` forked children
    render the tables (default: the BULK_EXPORT_WORKERS setting), each
    report within TABLES_RENDER_TIMEOUT seconds; 0 renders in this process
    without a limit, for tests only (a process that renders PDFs keeps the
    memory it grew to). As the filing bulk export, call it from the
    background worker or a command, not in a web request. Raises
    RoundExportFailed (Chinese) for an invalid document, a failed or a
    timed-out rendering."""
    entries = [RoundEntry(*entry) for entry in entries]
    check_documents(entries, kind)
    folders = UniqueNames()
    plans = []  # per entry: (folder, [file stem per project])
    for entry in entries:
        folder = folders.take(entry.unit_name or (entry.document.get("unit") or {}).get("name"), "单位")
        files = UniqueNames()
        projects = entry.document.get("projects") or []
        plans.append((folder, [files.take(p.get("name"), f"项目{i + 1}") for i, p in enumerate(projects)]))
    summary = SUMMARIES[kind.name](entries, title=title)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(SUMMARY, summary, compress_type=zipfile.ZIP_STORED)
        for index, files in _rendered(entries, pdf, workers, kind):
            folder, stems = plans[index]
            for stem, (xlsx_bytes, pdf_bytes) in zip(stems, files):
                # Python marks non-ASCII member names as UTF-8 (flag bit 11).
                archive.writestr(f"{folder}/{stem}.xlsx", xlsx_bytes, compress_type=zipfile.ZIP_STORED)
                if pdf_bytes is not None:
                    archive.writestr(f"{folder}/{stem}.pdf", pdf_bytes, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def round_zip_filename(title):
    """"2024年度绩效运行监控（1–7月）.zip", safe on every system."""
    return f"{safe_file_part(title)[:NAME_MAX] or '运行监控'}.zip"


def check_documents(entries, kind=MONITORING):
    """Refuse the round when any document is no valid document of its kind
    (monitoring/1, evaluation/1): every such unit is named, with its first
    problem and the project it is in."""
    refused = []
    for entry in entries:
        problems = kind.validate(entry.document)
        if problems:
            refused.append(_refusal(entry, problems))
    if refused:
        shown = refused[:10]
        more = f"；另有 {len(refused) - len(shown)} 家单位的报告也有问题" if len(refused) > len(shown) else ""
        raise RoundExportFailed(
            f"有 {len(refused)} 家单位的报告格式不正确，未生成导出文件，请先修正：" + "；".join(shown) + more + "。"
        )


def _unit_label(entry):
    document = entry.document if isinstance(entry.document, dict) else {}
    name = entry.unit_name or (document.get("unit") or {}).get("name") or "（未命名单位）"
    return f"“{name}”（{entry.unit_code}）" if entry.unit_code else f"“{name}”"


_PROJECT_PATH = re.compile(r"^projects\[(\d+)\]")


def _refusal(entry, problems):
    problem = problems[0]
    where = ""
    found = _PROJECT_PATH.match(problem.path or "")
    if found and isinstance(entry.document, dict):
        index = int(found.group(1))
        projects = entry.document.get("projects")
        project = projects[index] if isinstance(projects, list) and index < len(projects) else None
        name = project.get("name") if isinstance(project, dict) else None
        where = f"项目“{name}”" if isinstance(name, str) and name else f"第 {index + 1} 个项目"
        where += "，"
    more = f"（共 {len(problems)} 处）" if len(problems) > 1 else ""
    return f"{_unit_label(entry)}的报告：{where}{problem}{more}"


class UniqueNames:
    """Folder or file names safe on Windows, macOS and Linux (Chinese kept)
    and distinct without regard to case: the second "经费" is "经费(2)"."""

    def __init__(self):
        self.taken = set()

    def take(self, text, fallback):
        base = safe_file_part(text if isinstance(text, str) else "")[:NAME_MAX].strip(". ") or fallback
        name, n = base, 1
        while name.casefold() in self.taken:
            n += 1
            name = f"{base}({n})"
        self.taken.add(name.casefold())
        return name


# --- rendering -------------------------------------------------------------


class ProjectFailed(Exception):
    """A project's table could not be rendered: "项目“…”：the error"."""


def render_report(document, pdf=True, kind_name=MONITORING.name):
    """[(xlsx, pdf or None)] per project of one report: the work a child
    does (it never touches the database). `kind_name` names the kind in
    reports.kinds.KINDS (a name travels to a child; functions need not)."""
    kind = KINDS[kind_name]
    files = []
    for index, project in enumerate(document.get("projects") or []):
        try:
            files.append((kind.workbook_bytes(document, index),
                          kind.pdf_bytes(document, index) if pdf else None))
        except Exception as error:
            raise ProjectFailed(f"项目“{project.get('name') or index + 1}”：{error}") from error
    return files


def _rendered(entries, pdf, workers, kind):
    """(entry index, files) in entry order."""
    workers = settings.BULK_EXPORT_WORKERS if workers is None else workers
    if workers <= 0:
        for index, entry in enumerate(entries):
            try:
                yield index, render_report(entry.document, pdf, kind.name)
            except Exception as error:
                raise RoundExportFailed(_failure(entry, error, kind)) from error
        return
    limit = settings.TABLES_RENDER_TIMEOUT
    pool = year_archive.render_pool(workers)
    try:
        results = pool.imap(_render_task, [(e.document, pdf, kind.name) for e in entries])
        for index, entry in enumerate(entries):
            # Reports are handed out in order, so when this one is waited
            # for every earlier one is done and it has a child: `limit`
            # seconds without it means it rendered that long.
            try:
                yield index, results.next(timeout=limit)
            except multiprocessing.TimeoutError:
                raise RoundExportFailed(_timed_out(entry, limit, kind)) from None
            except Exception as error:
                raise RoundExportFailed(_failure(entry, error, kind)) from error
    finally:
        pool.terminate()
        pool.join()


def _render_task(arguments):
    return render_report(*arguments)


def _failure(entry, error, kind=MONITORING):
    return f"生成{_unit_label(entry)}的{kind.table_name}失败：{error}"


def _timed_out(entry, seconds, kind=MONITORING):
    return (f"生成{_unit_label(entry)}的{kind.table_name}超过了 {seconds:g} 秒的时间限制，已停止"
            "（表格中可能有过长的文字，如很长的无空格字符串）。请检查该报告后重新导出。")


# --- the summary -------------------------------------------------------------


def summary_rows(entries):
    """A SummaryRow per unit × project, red first."""
    rows = []
    for e, entry in enumerate(entries):
        entry = RoundEntry(*entry)
        document = entry.document
        factor = TEN_THOUSAND if document.get("amount_unit") == "元" else 1
        lights = judging.document_lights(document)
        projects = document.get("projects") or []
        common = dict(entry_index=e, unit_name=entry.unit_name or (document.get("unit") or {}).get("name") or "",
                      unit_code=entry.unit_code or "", status=entry.status or "", months=document.get("months"))
        if not projects:
            rows.append(SummaryRow(project_index=None, project_name="", counts=judging.counts([]),
                                   annual=None, executed=None, executed_rate=None, **common))
        for p, (project, project_lights) in enumerate(zip(projects, lights)):
            total = (project.get("budget") or {}).get("total") or {}
            shown = rate(total.get("executed"), total.get("annual"))
            rows.append(SummaryRow(
                project_index=p, project_name=project.get("name") or f"项目{p + 1}",
                counts=judging.counts([project_lights]),
                annual=_in_wan(total.get("annual"), factor), executed=_in_wan(total.get("executed"), factor),
                executed_rate=Decimal(shown).scaleb(-2) if shown is not None else None, **common))
    return sorted(rows, key=SummaryRow.sort_key)


def _in_wan(value, factor):
    """An amount in 万元 (the filings' unit is 元 or 万元), None when blank
    or no amount."""
    try:
        amount = parse_amount(value)
    except (ValueError, InvalidOperation):
        return None
    return None if amount is None else amount / factor


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name=table_xlsx.FONT_NAME, size=10.5, charset=134)
_BOLD = Font(name=table_xlsx.FONT_NAME, size=10.5, bold=True, charset=134)
_TITLE = Font(name=table_xlsx.FONT_NAME, size=16, bold=True, charset=134)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
AMOUNT_FORMAT = "#,##0.00####"
RATE_FORMAT = "0.00%"


def _period(rows):
    months = {row.months for row in rows}
    return f"1–{months.pop()}月" if len(months) == 1 and None not in months else ""


def summary_workbook_bytes(rows, *, title):
    """The summary workbook: sheet 汇总 (a row per unit × project, in the
    order given: summary_rows sorts them red first) and sheet 按单位 (each
    unit's counts over all its projects, as the overview lists them).
    Counts, amounts and rates are numbers; a light is its name (红灯 …) on
    the light's colour."""
    workbook = Workbook(write_only=True)
    table_xlsx.set_default_font(workbook)  # 宋体, as the tables: widths are counted in it
    with_status = any(row.status for row in rows)
    status = [("状态", 8)] if with_status else []
    period = _period(rows)
    columns = ([("序号", 6), ("单位名称", 30), ("单位编码", 10), ("项目名称", 34)] + status
               + [("最差灯", 8)] + [(label, 6.5) for _, label in COUNTS]
               + [("年初预算数\n（万元）", 12), (f"{period}执行数\n（万元）", 12),
                  (f"{period}\n执行率" if period else "执行率", 9)])
    sheet = _Sheet(workbook, SUMMARY_SHEET, title, "各单位各项目预警情况（红灯在前）", columns)
    for n, row in enumerate(rows, 1):
        ws = sheet.ws
        cells = [_number(ws, n, "0", _CENTER), _text(ws, row.unit_name), _text(ws, row.unit_code, _CENTER),
                 _text(ws, row.project_name)]
        if with_status:
            cells.append(_text(ws, row.status, _CENTER))
        cells.append(_light(ws, row.worst))
        cells += [_number(ws, row.counts[key], "0", _CENTER) for key in _KEYS]
        cells += [_number(ws, row.annual, AMOUNT_FORMAT), _number(ws, row.executed, AMOUNT_FORMAT),
                  _number(ws, row.executed_rate, RATE_FORMAT)]
        sheet.append(cells)

    columns = ([("序号", 6), ("单位名称", 44), ("单位编码", 10)] + status
               + [("项目数", 7), ("最差灯", 8)] + [(label, 7) for _, label in COUNTS])
    sheet = _Sheet(workbook, UNITS_SHEET, title, "各单位预警灯数（红灯在前）", columns)
    for n, (row, projects, counts) in enumerate(_unit_rows(rows), 1):
        ws = sheet.ws
        cells = [_number(ws, n, "0", _CENTER), _text(ws, row.unit_name), _text(ws, row.unit_code, _CENTER)]
        if with_status:
            cells.append(_text(ws, row.status, _CENTER))
        cells += [_number(ws, projects, "0", _CENTER), _light(ws, Light(counts["worst"]))]
        cells += [_number(ws, counts[key], "0", _CENTER) for key in _KEYS]
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _unit_rows(rows):
    """(first row, project count, counts) per unit, red first: the counts
    summed over the unit's projects are judging.counts of its document."""
    units = {}
    for row in rows:
        units.setdefault(row.entry_index, []).append(row)
    result = []
    for group in units.values():
        counts = {key: sum(row.counts[key] for row in group) for key in _KEYS}
        counts["worst"] = worst([row.counts["worst"] for row in group]).value
        projects = sum(1 for row in group if row.project_index is not None)
        result.append((group[0], projects, counts))
    return sorted(result, key=lambda u: (Light(u[2]["worst"]).order, -u[2]["red"], -u[2]["yellow"],
                                         u[0].entry_index))


class _Sheet:
    """A write-only sheet whose rows are as tall as their wrapped texts
    (LibreOffice does not grow a row for its wrapped text on its own)."""

    def __init__(self, workbook, name, title, subtitle, columns):
        self.ws = ws = workbook.create_sheet(name)
        self.widths = [width for _, width in columns]
        self.rows = 0
        for i, width in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A4"
        last = get_column_letter(len(columns))
        ws.merged_cells.add(f"A1:{last}1")
        ws.merged_cells.add(f"A2:{last}2")
        ws.auto_filter.ref = f"A3:{last}3"
        ws.print_title_rows = "3:3"
        ws.sheet_view.showGridLines = False
        ws.page_setup.paperSize = table_xlsx.PAPER_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        table_xlsx.set_footer(ws.oddFooter)  # 第 &P 页，共 &N 页, as the tables
        heading = xlsx_cell(ws, title)
        heading.font, heading.alignment = _TITLE, _CENTER
        self.append([heading], height=30)
        note = xlsx_cell(ws, subtitle)
        note.font, note.alignment = _FONT, _CENTER
        self.append([note], height=18)
        self.append([_text(ws, label, _CENTER, font=_BOLD, fill=_HEADER_FILL) for label, _ in columns])

    def append(self, cells, height=None):
        self.rows += 1
        if height is None:
            lines = max([line_count(cell.value, width) for cell, width in zip(cells, self.widths)
                         if isinstance(cell.value, str) and cell.value] or [1])
            height = max(lines * table_xlsx.LINE_HEIGHT["normal"] + table_xlsx.ROW_PADDING,
                         lines * table_xlsx.LIBREOFFICE_LINE_HEIGHT["normal"] + 1)
        self.ws.row_dimensions[self.rows].height = height
        self.ws.append(cells)


def _text(sheet, value, alignment=_LEFT, font=_FONT, fill=None):
    cell = xlsx_cell(sheet, value or "")
    cell.font, cell.alignment, cell.border = font, alignment, _BORDER
    if fill is not None:
        cell.fill = fill
    return cell


def _number(sheet, value, number_format, alignment=_RIGHT):
    cell = xlsx_cell(sheet, value)
    cell.font, cell.alignment, cell.border = _FONT, alignment, _BORDER
    cell.number_format = number_format
    return cell


def _light(sheet, light):
    cell = _text(sheet, light.label, _CENTER)
    if FILLS[light]:
        cell.fill = PatternFill("solid", fgColor=FILLS[light])
    return cell


# --- the summary of a self-evaluation round ------------------------------------------

SCORE_FORMAT = "0.00"


def _percent(text):
    """A rate as the scores write it ("92.86") as a fraction for a % cell."""
    number = to_decimal(text) if text not in (None, "") else None
    return None if number is None else number.scaleb(-2)


def _score(text):
    return to_decimal(text) if text not in (None, "") else None


def evaluation_summary_bytes(entries, *, title):
    """The summary workbook of a self-evaluation round: sheet 汇总 (a row
    per unit × project, in the entries' order: the score, grade, 执行率 of
    年度资金总额, and the 复核's score and grade where a reviewer set any)
    and sheet 按单位 (each unit's total: its projects' mean, as the overview
    lists it). Scores and rates are numbers."""
    from .saving import evaluation_figures

    entries = [RoundEntry(*entry) for entry in entries]
    workbook = Workbook(write_only=True)
    table_xlsx.set_default_font(workbook)
    with_status = any(entry.status for entry in entries)
    status = [("状态", 8)] if with_status else []
    columns = ([("序号", 6), ("单位名称", 30), ("单位编码", 10), ("项目名称", 34)] + status
               + [("自评得分", 9), ("自评等级", 8), ("执行率", 9), ("复核得分", 9), ("复核等级", 8)])
    sheet = _Sheet(workbook, SUMMARY_SHEET, title, "各单位各项目自评得分、等级及复核情况", columns)
    units = []
    n = 0
    for entry in entries:
        document = entry.document
        scores = score_evaluation(document)
        units.append((entry, evaluation_figures(document, scores), len(scores["projects"])))
        unit_name = entry.unit_name or (document.get("unit") or {}).get("name") or ""
        for p, (project, score) in enumerate(zip(document.get("projects") or [], scores["projects"])):
            n += 1
            ws = sheet.ws
            cells = [_number(ws, n, "0", _CENTER), _text(ws, unit_name), _text(ws, entry.unit_code, _CENTER),
                     _text(ws, project.get("name") or f"项目{p + 1}")]
            if with_status:
                cells.append(_text(ws, entry.status, _CENTER))
            reviewed = score["reviewed"]
            cells += [_number(ws, _score(score["total"]), SCORE_FORMAT), _text(ws, score["grade"], _CENTER),
                      _number(ws, _percent(score["budget"]["rates"].get("total")), RATE_FORMAT),
                      _number(ws, _score(score["review_total"]) if reviewed else None, SCORE_FORMAT),
                      _text(ws, score["review_grade"] if reviewed else "", _CENTER)]
            sheet.append(cells)

    columns = ([("序号", 6), ("单位名称", 44), ("单位编码", 10)] + status
               + [("项目数", 7), ("自评总分", 9), ("自评等级", 8), ("执行率", 9), ("复核总分", 9), ("复核等级", 8)])
    sheet = _Sheet(workbook, UNITS_SHEET, title, "各单位自评总分（各项目得分的平均）及复核情况", columns)
    for n, (entry, figures, projects) in enumerate(units, 1):
        ws = sheet.ws
        cells = [_number(ws, n, "0", _CENTER),
                 _text(ws, entry.unit_name or (entry.document.get("unit") or {}).get("name") or ""),
                 _text(ws, entry.unit_code, _CENTER)]
        if with_status:
            cells.append(_text(ws, entry.status, _CENTER))
        rate_value = figures["execution_rate"]
        cells += [_number(ws, projects, "0", _CENTER), _number(ws, figures["total_score"], SCORE_FORMAT),
                  _text(ws, figures["grade"], _CENTER),
                  _number(ws, None if rate_value is None else rate_value.scaleb(-2), RATE_FORMAT),
                  _number(ws, figures["review_total"], SCORE_FORMAT), _text(ws, figures["review_grade"], _CENTER)]
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def monitoring_summary_bytes(entries, *, title):
    return summary_workbook_bytes(summary_rows(entries), title=title)


# The summary workbook of a round, by its kind (reports.kinds).
SUMMARIES = {"monitoring": monitoring_summary_bytes, "evaluation": evaluation_summary_bytes}
