"""Which sheet holds which table, and problems found in the finished
document (validate_document's JSON paths) turned into sheet and cell."""
import re

from targets.interchange import DocumentRefused, Problem
from targets import field_catalogue

# Labels only a table of that kind has.
DEPARTMENT_LABELS = {"hebei": ("一、总体绩效目标",), "hunan": ("部门名称",), "anhui": ()}
PROJECT_LABELS = {"hebei": ("项目编码",), "hunan": ("项目支出名称",), "anhui": ("项目属性",)}


def classify(sheets, layout=None):
    """(department sheet or None, [project sheets], layout, [ignored sheets])."""
    layout = layout or _guess_layout(sheets)
    department, projects, ignored = None, [], []
    for sheet in sheets:
        if any(sheet.find(label) for label in PROJECT_LABELS[layout]):
            projects.append(sheet)
        elif any(sheet.find(label) for label in DEPARTMENT_LABELS[layout]):
            if department is not None:
                raise DocumentRefused([Problem(sheet.title, "工作簿中有两张单位（部门）整体绩效目标表")])
            department = sheet
        elif not sheet.is_empty():
            ignored.append(sheet)
    if department is None and not projects:
        raise DocumentRefused([Problem("", "工作簿中没有可识别的绩效目标表（找不到“项目名称”等栏目）")])
    return department, projects, layout, ignored


def _guess_layout(sheets):
    for layout in ("hunan", "anhui", "hebei"):
        labels = PROJECT_LABELS[layout] + DEPARTMENT_LABELS[layout]
        if any(sheet.find(label) for sheet in sheets for label in labels):
            return layout
    raise DocumentRefused([Problem("", "无法识别工作簿的版式：请从系统导出的绩效目标表开始填写")])


def located_problems(problems, reading):
    """Validation problems with the cell their field was read from."""
    taken = {p.path for p in reading.problems}
    located = []
    for problem in problems:
        ref = _ref(problem.path, reading.locations)
        if ref and ref in taken:
            continue  # the cell is already reported
        message = problem.message.replace("（null）", "")
        located.append(Problem(ref or problem.path, _label(problem.path) + message))
    return located


def _ref(path, locations):
    while path:
        if path in locations:
            return locations[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


def _label(path):
    field = field_catalogue.field_at(path)
    return field.label if field is not None else ""
