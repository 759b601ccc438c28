"""Text rules: a project has a name and a 年度目标 (and a 中期目标 where the
table has one), the department states its 总体绩效目标, no template
placeholder ("目标内容1", "指标1", "XXX", "请填写") or web markup ("<p>") is
left in any text, a goal says more than the project's name and a
绩效指标描述 more than its 三级指标."""
import re

from targets import field_catalogue as catalogue

from .common import bare, is_real_row, owners, project_label, projects, row_labels, short, text_of, written_texts
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


def check_required_texts(document, framework):
    department = document.get("department")
    if framework.has_department_goals:
        if not isinstance(department, dict):
            yield warning("department.overall_goal_missing", "department", "未填写部门（单位）整体绩效目标")
        elif not text_of(department.get("overall_goal")):
            yield warning(
                "department.overall_goal_missing", "department.overall_goal", "未填写部门（单位）总体绩效目标"
            )
    label = catalogue.labels("project", framework.key)
    for index, project in projects(document):
        who = project_label(index, project)
        where = f"projects[{index}]"
        if not text_of(project.get("name")):
            yield error("project.name_missing", f"{where}.name", f"{who}未填写{label['name']}")
        if framework.has_midterm and not text_of(project.get("midterm_goal")):
            yield warning("project.midterm_goal_missing", f"{where}.midterm_goal",
                          f"{who}未填写{label['midterm_goal']}")
        if not text_of(project.get("annual_goal")):
            yield error("project.annual_goal_missing", f"{where}.annual_goal", f"{who}未填写{label['annual_goal']}")


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
    for location, owner, label, text in written_texts(document, framework):
        problem = _placeholder(location, owner, label, text)
        if problem:
            yield problem


# Tags and character entities ("<p>", "<br/>", "&nbsp;", "&#8805;") left
# by pasting from a web page or a rich-text editor: the tables print them as
# they are (宿州's published table shows "<p>目标1:…</p>"). "<5次" is a
# comparison, not a tag: a tag's name starts with a letter.
HTML = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>"
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,7}|#\d{1,7}|#[Xx][0-9A-Fa-f]{1,6});"
)


def check_html(document, framework):
    for location, owner, label, text in written_texts(document, framework):
        match = HTML.search(text) if isinstance(text, str) else None
        if match:
            yield warning(
                "text.html",
                location,
                f"{owner}的{label}中有网页标记“{match.group(0)}”：表格会原样印出，请删去",
            )


GOALS = ("midterm_goal", "annual_goal")
# "1." "1、" "一是" before a goal: numbering, not content.
NUMBERING = re.compile(r"^\s*(?:\d+\s*[.、．]|[一二三四五六七八九十]+是)")


def check_goals_repeat_name(document, framework):
    """A goal that says no more than the project's name ("网评员培训经费"
    for the project B网评员培训经费) states no target."""
    for index, project in projects(document):
        name = bare(project.get("name"))
        if not name:
            continue
        for key in GOALS:
            goal = project.get(key)
            said = bare(NUMBERING.sub("", text_of(goal)))
            if said and said in name:
                label = catalogue.label("project", key, framework.key)
                yield warning(
                    "project.goal_repeats_name",
                    f"projects[{index}].{key}",
                    f"{project_label(index, project)}的{label}“{short(text_of(goal))}”只重复了项目名称："
                    "请写明要完成什么、达到什么效果",
                )


# A description that adds only this much to the 三级 name ("（%）", "情况",
# "的数量") explains nothing; one that explains ("以签到表为准的参训人数")
# adds more.
COPY_SLACK = 4


def check_copied_descriptions(document, framework):
    """A 绩效指标描述 that repeats the 三级指标 (怀来 copies it on every row)."""
    name_label = catalogue.label("indicator", "name", framework.key)
    description_label = catalogue.label("indicator", "description", framework.key)
    for prefix, owner, _, rows in owners(document):
        labels = row_labels(owner, rows, framework)
        for index, row in rows:
            name, description = bare(row.get("name")), bare(row.get("description"))
            if not (name and description and is_real_row(row)):
                continue
            if description in name or (name in description and len(description) - len(name) <= COPY_SLACK):
                yield warning(
                    "indicators.description_copies_name",
                    f"{prefix}.indicators[{index}].description",
                    f"{labels[index]}的{description_label}只重复了{name_label}：请写明指标的含义、口径或计算方法",
                )
