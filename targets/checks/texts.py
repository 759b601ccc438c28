"""Text rules: a project has a name and a 年度目标 (and a 中期目标 where the
table has one), the department states its 总体绩效目标, and no template
placeholder ("目标内容1", "指标1", "XXX", "请填写") is left in any text."""
import re

from targets import field_catalogue as catalogue

from .common import owners, project_label, projects, row_labels, short, text_of
from .problems import error, warning

# Template wording that means the cell was never filled in. Kept narrow on
# purpose: "目标1：常态化开展……" (a numbered goal, anhui) and "7×24小时" are
# real text and must not match.
PLACEHOLDER = re.compile(
    r"目标内容\s*\d*"
    r"|(?<![\u4e00-\u9fff])(?:三级)?指标\s*\d+(?=$|[\s、,，.。;；:：)）])"
    r"|(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])"
    r"|[×＊*]{2,}"
    r"|请填写|请输入|请选择|填写说明|此处填写"
)

def _texts(part, layout):
    """(key, label) of the part's texts that users write (not 一级/二级,
    chosen from the framework), labelled as the layout's table words them."""
    return [(f.key, f.label_for(layout)) for f in catalogue.fields_of(part, "text*")
            if f.key not in ("level1", "level2")]


def check_required_texts(document, framework):
    department = document.get("department")
    if framework.has_department_goals:
        if not isinstance(department, dict):
            yield warning("department.overall_goal_missing", "department", "未填写部门（单位）整体绩效目标")
        elif not text_of(department.get("overall_goal")):
            yield warning(
                "department.overall_goal_missing", "department.overall_goal", "未填写部门（单位）总体绩效目标"
            )
    for index, project in projects(document):
        who = project_label(index, project)
        where = f"projects[{index}]"
        if not text_of(project.get("name")):
            yield error("project.name_missing", f"{where}.name", f"{who}未填写项目名称")
        if framework.has_midterm and not text_of(project.get("midterm_goal")):
            yield warning("project.midterm_goal_missing", f"{where}.midterm_goal", f"{who}未填写中期目标")
        if not text_of(project.get("annual_goal")):
            yield error("project.annual_goal_missing", f"{where}.annual_goal", f"{who}未填写年度目标")


def _placeholder(location, owner, label, text):
    match = PLACEHOLDER.search(text) if isinstance(text, str) else None
    if match is None:
        return None
    return warning(
        "text.placeholder",
        location,
        f"{owner}的{label}中留有模板占位文字“{match.group(0).strip()}”：“{short(text, 30)}”",
    )


def check_placeholders(document, framework):
    department = document.get("department")
    texts = []
    if isinstance(department, dict):
        texts += [(f"department.{key}", "部门", label, department.get(key))
                  for key, label in _texts("department", framework.key)]
    for prefix, owner, holder, rows in owners(document):
        if prefix != "department":
            texts += [(f"{prefix}.{key}", owner, label, holder.get(key))
                      for key, label in _texts("project", framework.key)]
        labels = row_labels(owner, rows, framework)
        for index, row in rows:
            texts += [
                (f"{prefix}.indicators[{index}].{key}", labels[index], label, row.get(key))
                for key, label in _texts("indicator", framework.key)
            ]
    for location, owner, label, text in texts:
        problem = _placeholder(location, owner, label, text)
        if problem:
            yield problem
