"""Helpers shared by the rule modules: reading amounts, naming projects and
indicator rows in messages, and telling real indicator rows from placeholders."""
import unicodedata
from decimal import Decimal, InvalidOperation

from targets import field_catalogue as catalogue
from targets.frameworks import NOT_APPLICABLE_VALUES, PLACEHOLDER_NAMES
from targets.money import plain

PERIOD_LABELS = {"annual": "年度", "midterm": "中期"}


def amount(value):
    """Decimal for a document amount string, None when blank or unreadable
    (an unreadable amount is the schema's problem, not a check's)."""
    if not isinstance(value, str):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def show(number):
    """A Decimal as a reader expects it: 110.44, 0, 9.6."""
    return plain(number)


def sum_parts(values):
    """Sum of the given parts, a missing part counting 0; None if all missing."""
    given = [v for v in values if v is not None]
    return sum(given, Decimal(0)) if given else None


def text_of(value):
    return value.strip() if isinstance(value, str) else ""


def short(text, limit=20):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def projects(document):
    """(index, project) for every project object of the document."""
    return [(i, p) for i, p in enumerate(document.get("projects") or []) if isinstance(p, dict)]


def project_label(index, project):
    name = text_of(project.get("name"))
    return f"项目“{name}”" if name else f"第{index + 1}个项目（未填写项目名称）"


DEPARTMENT_LABEL = "部门整体"


def owners(document):
    """(location prefix, label, object, rows) for the department and every
    project: whatever holds indicator rows."""
    department = document.get("department")
    if isinstance(department, dict):
        yield "department", DEPARTMENT_LABEL, department, indicator_rows(department)
    for index, project in projects(document):
        yield f"projects[{index}]", project_label(index, project), project, indicator_rows(project)


def normal_name(text):
    """An indicator name for comparison: NFKC, inner whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def bare(text):
    """A text reduced to what it says: NFKC, without whitespace, punctuation
    or symbols ("参会单位满意度（%）" -> "参会单位满意度")."""
    if not isinstance(text, str):
        return ""
    return "".join(c for c in unicodedata.normalize("NFKC", text)
                   if not unicodedata.category(c).startswith(("P", "S", "Z", "C")))


def is_placeholder_name(name):
    """A "……" row: the table's mark for an unused line."""
    return text_of(name) in PLACEHOLDER_NAMES


def is_real_row(row):
    """A row that states an indicator: neither a "……" row nor one that says
    不适用/无 in its name or value. Such rows never count towards a required
    一级 (an anhui 经济效益 row reading 不适用 is a statement, not a target)."""
    name = text_of(row.get("name"))
    if name in PLACEHOLDER_NAMES or name in NOT_APPLICABLE_VALUES:
        return False
    value = row.get("value")
    # An empty value is incomplete, not "not applicable": the row still
    # counts, and indicators.value_missing reports it.
    return not (isinstance(value, str) and value.strip() and value.strip() in NOT_APPLICABLE_VALUES)


def indicator_rows(owner):
    return [(i, r) for i, r in enumerate(owner.get("indicators") or []) if isinstance(r, dict)]


def period_groups(rows, framework):
    """Indicator rows grouped as the table shows them: 中期 and 年度 apart
    where the layout has both columns, else one group (period None)."""
    if not framework.has_midterm:
        return [(None, rows)]
    # Anything not marked 中期 is a 年度 row, as on import.
    return [
        ("midterm", [(i, r) for i, r in rows if r.get("period") == "midterm"]),
        ("annual", [(i, r) for i, r in rows if r.get("period") != "midterm"]),
    ]


def row_labels(owner_label, rows, framework):
    """{row index: "项目“X”第3行指标“培训人数”"}, numbering rows as the
    table does (separately for 中期 and 年度 where both are printed)."""
    labels = {}
    for period, group in period_groups(rows, framework):
        prefix = f"{PERIOD_LABELS[period]}指标" if period else ""
        for number, (index, row) in enumerate(group, start=1):
            name = text_of(row.get("name")) or "（未填写）"
            if prefix:
                labels[index] = f"{owner_label}{prefix}第{number}行“{short(name)}”"
            else:
                labels[index] = f"{owner_label}第{number}行指标“{short(name)}”"
    return labels


def period_phrase(period):
    return f"{PERIOD_LABELS[period]}指标中" if period else ""


def _text_fields(part, layout):
    """(key, label) of the part's texts that users write (not 一级/二级,
    chosen from the framework), labelled as the layout's table words them."""
    return [(f.key, f.label_for(layout)) for f in catalogue.fields_of(part, "text*")
            if f.key not in ("level1", "level2")]


def written_texts(document, framework, skip=()):
    """(location, owner, label, text) of every text the unit wrote: the
    department's, each project's and each indicator row's (keys in `skip`
    left out), in document order."""
    department = document.get("department")
    if isinstance(department, dict):
        for key, label in _text_fields("department", framework.key):
            if key not in skip:
                yield f"department.{key}", "部门", label, department.get(key)
    for prefix, owner, holder, rows in owners(document):
        if prefix != "department":
            for key, label in _text_fields("project", framework.key):
                if key not in skip:
                    yield f"{prefix}.{key}", owner, label, holder.get(key)
        labels = row_labels(owner, rows, framework)
        for index, row in rows:
            for key, label in _text_fields("indicator", framework.key):
                if key not in skip:
                    yield f"{prefix}.indicators[{index}].{key}", labels[index], label, row.get(key)
