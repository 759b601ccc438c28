"""Which sheet holds which table (each found by the labels only that table
prints, table_maps.marks), and problems found in the finished document
(validate_document's JSON paths) turned into sheet and cell."""
from targets import field_catalogue as catalogue
from targets.interchange import DocumentRefused, Problem
from targets.tables import BUILDERS

from .table_maps import KINDS, marks


def classify(sheets, layout=None, own_department_marks=()):
    """(department sheet or None, [project sheets], layout, [ignored sheets]).
    `own_department_marks`: headings of the unit's own that mark its
    department sheet too (a Hebei part whose sections are titled in its words)."""
    layout = layout or _guess_layout(sheets)
    project_marks, department_marks = marks(layout, "project"), marks(layout, "department")
    if department_marks:
        department_marks = (*department_marks, *own_department_marks)
    department, projects, ignored = None, [], []
    for sheet in sheets:
        if sheet.find(*project_marks):
            projects.append(sheet)
        elif department_marks and sheet.find(*department_marks):
            if department is not None:
                raise DocumentRefused([Problem(sheet.title, "工作簿中有两张单位（部门）整体绩效目标表")])
            department = sheet
        elif not sheet.is_empty():
            ignored.append(sheet)
    if department is None and not projects:
        raise DocumentRefused([Problem("", f"工作簿中没有可识别的绩效目标表（找不到“{project_marks[0]}”等栏目）")])
    return department, projects, layout, ignored


def _guess_layout(sheets):
    for layout in BUILDERS:
        labels = [label for kind in KINDS for label in marks(layout, kind)]
        if any(sheet.find(*labels) for sheet in sheets):
            return layout
    raise DocumentRefused([Problem("", "无法识别工作簿的版式：请从系统导出的绩效目标表开始填写")])


def located_problems(problems, reading, layout):
    """Validation problems with the cell their field was read from, named as
    the layout's tables name the field."""
    taken = {p.path for p in reading.problems}
    located = []
    for problem in problems:
        ref = _ref(problem.path, reading.locations)
        if ref and ref in taken:
            continue  # the cell is already reported
        message = problem.message.replace("（null）", "")
        located.append(Problem(ref or problem.path, _label(problem.path, layout) + message))
    return located


def _ref(path, locations):
    while path:
        if path in locations:
            return locations[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def _label(path, layout):
    field = catalogue.field_at(path)
    return field.label_for(layout) if field is not None else ""
