"""XLSX import: a workbook of the official tables, as exported by
targets.tables.workbook_bytes and possibly edited in Excel or WPS, read back
into a filing/1 document.

    read_workbook(data, base=None) -> WorkbookReading(document, warnings, metadata)

What the tables do not show comes from `base` (the filing being replaced, as
a filing/1 document) and from the properties the export writes into the
workbook (targets.tables.metadata). Every problem names its sheet and cell
(`项目2!E14`) in DocumentRefused; nothing is written here at all.
"""
import copy
import re
from dataclasses import dataclass, field

from targets import field_catalogue as catalogue
from targets.frameworks import LAYOUT_CHOICES, framework_for
from targets.interchange import FORMAT, DocumentRefused, Problem, validate_document

from . import headings, merge
from .layouts import read_table
from .loading import load
from .reading import UNITS, Reading, show_labelled_numbers
from .sheet import normal
from .sorting import classify, located_problems
from .table_maps import KINDS, table_map

_YEAR = re.compile(r"(\d{4})年")


@dataclass
class WorkbookReading:
    document: dict
    warnings: list = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    locations: dict = field(default_factory=dict)  # document path -> "工作表!B7" it was read from


def read_workbook(data, base=None):
    """The filing/1 document a workbook holds; DocumentRefused otherwise."""
    sheets, metadata = load(data)
    for sheet in sheets:
        show_labelled_numbers(sheet)
    layout = (base or {}).get("layout") or metadata.get("layout")
    if base and metadata.get("layout") and metadata["layout"] != base["layout"]:
        raise DocumentRefused([Problem("", f"工作簿是{_LAYOUT_NAMES.get(metadata['layout'], metadata['layout'])}"
                                           f"的表格，与本申报的{_LAYOUT_NAMES[base['layout']]}不同，无法导入")])
    known = headings.Known(base, metadata)
    department_sheet, project_sheets, layout, ignored = classify(sheets, layout, known.department_marks())
    reading = Reading(_amount_unit(sheets, layout, metadata, base))
    reading.warnings += _other_filing(metadata, base)
    reading.warnings += [f"已忽略工作表“{s.title}”：不是{_LAYOUT_NAMES[layout]}的绩效目标表" for s in ignored]
    document = _document(sheets, department_sheet, project_sheets, layout, metadata, base, reading, known)
    problems = reading.problems + located_problems(validate_document(document), reading, layout)
    if problems:
        raise DocumentRefused(problems)
    return WorkbookReading(document, reading.warnings, metadata, reading.locations)


_LAYOUT_NAMES = dict(LAYOUT_CHOICES)


def _other_filing(metadata, base):
    """Warnings when the workbook was exported from another year or unit
    (allowed: last year's workbook is a fair start for this year's draft)."""
    if not base:
        return []
    warnings = []
    if metadata.get("year") and metadata["year"] != str(base.get("year")):
        warnings.append(f"工作簿导出自 {metadata['year']} 年度的申报，将导入本申报（{base.get('year')} 年度）")
    unit = base.get("unit") or {}
    if metadata.get("unit_name") and metadata["unit_name"] != unit.get("name"):
        warnings.append(f"工作簿导出自“{metadata['unit_name']}”的申报，将导入本单位的申报")
    return warnings


def _amount_unit(sheets, layout, metadata, base):
    """The unit the tables print (单位：万元, 年度预算申请（元）, 项目资金 (元)),
    else the workbook's property, else the base's."""
    labels = {before + unit + after: unit for kind in KINDS if table_map(layout, kind)
              for before, after in table_map(layout, kind).unit_labels for unit in UNITS}
    for sheet in sheets:
        for r in range(1, min(sheet.max_row, 12) + 1):
            for c in sheet.row_cells(r):
                unit = labels.get(sheet.label(r, c))
                if unit:
                    return unit
    return metadata.get("amount_unit") or (base or {}).get("amount_unit") or "万元"


def _document(sheets, department_sheet, project_sheets, layout, metadata, base, reading, known):
    framework = framework_for(layout)
    base = base or {}
    footers = []
    year = _year(metadata, base, sheets, reading)

    department = copy.deepcopy(base.get("department"))
    unit_name = None
    if department_sheet is not None:
        table = read_table(department_sheet, reading, layout, "department", "department",
                           headings.section_titles(known))
        unit_name = table.printed.get("unit", {}).get("name")
        footers.append(table.contact)
        expected = 1 if layout == "hebei" else table_map(layout, "department").title_lines
        table.printed.setdefault("department", {}).update(
            headings.department_headings(layout, table, known, year, expected))
        department = merge.department(reading, layout, table.printed, table.rows, base.get("department"),
                                      framework)

    scope_project = metadata.get("scope") == "project" and len(project_sheets) == 1
    read, blocks = [], []
    for n, sheet in enumerate(project_sheets):
        table = read_table(sheet, reading, layout, "project", f"projects[{n}]")
        read.append((table.printed, table.rows, sheet))
        blocks.append(table.title_block)
        footers.append(table.contact)
        if layout == "hebei" and unit_name is None:
            unit_name = _hebei_unit_name(sheet, table.title_block, base, metadata, reading)

    base_projects = base.get("projects") or []
    matches = merge.match_projects(read, base_projects)
    if scope_project:
        # One project's workbook replaces that project and keeps the others.
        index = _project_index(metadata, base_projects, matches)
        printed, rows, _ = read[0]
        project = merge.project(reading, layout, printed, rows, matches.get(0), f"projects[{index}]", framework)
        projects = [copy.deepcopy(p) for p in base_projects]
        projects[index:index + 1] = [project]
        _shift_locations(reading, 0, index)
    else:
        projects = [merge.project(reading, layout, printed, rows, matches.get(n), f"projects[{n}]", framework)
                    for n, (printed, rows, _) in enumerate(read)]
    # The first project's table prints the projects part's heading.
    first_block = blocks[0] if blocks and (not scope_project or index == 0) else None

    return {
        "format": FORMAT,
        "year": year,
        "layout": layout,
        "amount_unit": reading.amount_unit,
        **catalogue.as_written("filing", headings.filing_headings(
            layout, first_block, known, table_map(layout, "project").title_lines)),
        "unit": _unit(base, metadata, unit_name),
        "department": department,
        "projects": projects,
        "contact": merge.contact([f for f in footers if f is not None], base.get("contact")),
    }


def _project_index(metadata, base_projects, matches):
    if 0 in matches:
        return next(i for i, p in enumerate(base_projects) if p is matches[0])
    return len(base_projects)  # a project the base does not have: added at the end


def _shift_locations(reading, old, new):
    if old == new:
        return
    prefix = f"projects[{old}]"
    moved = {f"projects[{new}]" + path[len(prefix):]: ref
             for path, ref in reading.locations.items() if path.startswith(prefix)}
    reading.locations.update(moved)


def _hebei_unit_name(sheet, block, base, metadata, reading):
    """The unit line over a Hebei project table, the last row of its title
    block: "224001中共…办公室"."""
    if not block or not block[-1][1]:
        return None
    row, line = block[-1]
    reading.at("unit.name", sheet.ref(row, 1))
    code = ((base or {}).get("unit") or {}).get("code") or metadata.get("unit_code")
    if code and line.startswith(code):
        line = line[len(code):]
    return line or None


def _unit(base, metadata, printed_name):
    if base.get("unit"):
        unit = copy.deepcopy(base["unit"])
    else:
        region = {"code": metadata.get("region_code"), "name": metadata.get("region_name")}
        unit = {"code": metadata.get("unit_code"), "name": metadata.get("unit_name"),
                "region": region if any(region.values()) else None}
    if printed_name:
        unit["name"] = printed_name
    return unit


def _year(metadata, base, sheets, reading):
    if base.get("year"):
        return base["year"]
    if metadata.get("year", "").isdigit():
        return int(metadata["year"])
    # A workbook without our properties: the year in a title ("2024年…", "(2023年度)").
    for sheet in sheets:
        # (Under a part's heading the title is the second or third row.)
        match = _YEAR.search("".join(normal(sheet.text(r, 1)) for r in (1, 2, 3)))
        if match:
            return int(match[1])
    reading.problem("", "无法确定预算年度：工作簿中没有年度信息，请从系统导出的工作簿开始填写")
    return None
