"""What changed between two filing/1 documents, field by field.

Used for the edit history (old and new values of a save) and for the
reviewer's "changes since the last round". Projects are matched by code,
else by name, else by position; indicator rows by period and 三级 name
within their 一级/二级, else by position, so a row inserted at the top does
not make every row below it look changed.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from targets import field_catalogue as catalogue
from targets.money import plain

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"

# The spending plan is compared as one text ("3月底 25%，6月底 50%…").
SPENDING_PLAN_LABEL = "资金支出计划"


@dataclass(frozen=True)
class Change:
    kind: str  # ADDED, REMOVED or CHANGED
    location: str  # path in the new document (the old one for a removal)
    subject: str  # what it is about, in Chinese: 项目“…” / 指标“…”
    field: str = ""  # the field's label for a CHANGED field
    old: object = None
    new: object = None

    def describe(self):
        if self.kind == ADDED:
            return f"新增{self.subject}"
        if self.kind == REMOVED:
            return f"删除{self.subject}"
        return f"{self.subject}的{self.field}：“{_show(self.old)}” → “{_show(self.new)}”"


def diff_documents(old, new):
    """Every change from document `old` to document `new`, in document order,
    each field named as the layout's table prints it (Hebei's 年度目标 is
    绩效目标)."""
    layout = new.get("layout") or old.get("layout")
    changes = []
    _diff_fields(changes, old, new, "filing", "", "申报", layout)
    _diff_fields(changes, old.get("unit") or {}, new.get("unit") or {}, "unit", "unit", "单位", layout)

    old_dep, new_dep = old.get("department") or {}, new.get("department") or {}
    _diff_fields(changes, old_dep, new_dep, "department", "department", "单位整体部分", layout)
    _diff_fields(changes, old_dep.get("budget") or {}, new_dep.get("budget") or {}, "department.budget",
                 "department.budget", "年度预算申请", layout)
    _diff_rows(changes, old_dep.get("indicators") or [], new_dep.get("indicators") or [],
               "department.indicators", "部门整体指标", layout)

    _diff_projects(changes, old.get("projects") or [], new.get("projects") or [], layout)
    _diff_fields(changes, old.get("contact") or {}, new.get("contact") or {}, "contact", "contact", "填报信息",
                 layout)
    return changes


def diff_project(old, new, location, subject, layout=None):
    """The changes within one project (both dicts in filing/1 form)."""
    changes = []
    _diff_fields(changes, old, new, "project", location, subject, layout)
    _diff_fields(changes, old.get("budget") or {}, new.get("budget") or {}, "project.budget",
                 f"{location}.budget", subject, layout)
    old_plan, new_plan = _plan_text(old), _plan_text(new)
    if old_plan != new_plan:
        changes.append(Change(CHANGED, f"{location}.spending_plan", subject, SPENDING_PLAN_LABEL,
                              old_plan, new_plan))
    _diff_rows(changes, old.get("indicators") or [], new.get("indicators") or [],
               f"{location}.indicators", f"{subject}的指标", layout)
    return changes


def _diff_projects(changes, old_projects, new_projects, layout):
    pairs = _match(old_projects, new_projects, _project_keys)
    for old_index, new_index in pairs:
        if old_index is None:
            project = new_projects[new_index]
            changes.append(Change(ADDED, f"projects[{new_index}]", f"项目“{project.get('name')}”"))
        elif new_index is None:
            project = old_projects[old_index]
            changes.append(Change(REMOVED, f"projects[{old_index}]", f"项目“{project.get('name')}”"))
        else:
            project = new_projects[new_index]
            changes.extend(diff_project(old_projects[old_index], project, f"projects[{new_index}]",
                                        f"项目“{project.get('name')}”", layout))


def _diff_rows(changes, old_rows, new_rows, location, subject, layout):
    for old_index, new_index in _match(old_rows, new_rows, _row_keys):
        if old_index is None:
            row = new_rows[new_index]
            changes.append(Change(ADDED, f"{location}[{new_index}]", f"{subject}“{row.get('name')}”"))
        elif new_index is None:
            row = old_rows[old_index]
            changes.append(Change(REMOVED, f"{location}[{old_index}]", f"{subject}“{row.get('name')}”"))
        else:
            row = new_rows[new_index]
            _diff_fields(changes, old_rows[old_index], row, "indicator", f"{location}[{new_index}]",
                         f"{subject}“{row.get('name')}”", layout)


def _diff_fields(changes, old, new, part, location, subject, layout):
    for field in catalogue.fields_of(part):
        before, after = old.get(field.key), new.get(field.key)
        if not _same(field, before, after):
            path = f"{location}.{field.key}" if location else field.key
            changes.append(Change(CHANGED, path, subject, field.label_for(layout), before, after))


def match_projects(old_projects, new_projects):
    """(old index, new index) pairs of two documents' projects, as the diff
    pairs them (an import keeps a matched project's identity)."""
    return _match(old_projects, new_projects, _project_keys)


def match_rows(old_rows, new_rows):
    """(old index, new index) pairs of two lists of indicator rows."""
    return _match(old_rows, new_rows, _row_keys)


def _match(old_items, new_items, keys_of):
    """Pairs (old index, new index) with None for an unmatched side, in the
    new document's order, removals last. Tries each key in turn."""
    unmatched_old = set(range(len(old_items)))
    matched = {}
    for level in range(3):
        index = {}
        for i in sorted(unmatched_old):
            key = keys_of(old_items[i], i)[level]
            if key is not None:
                index.setdefault(key, []).append(i)
        for j, item in enumerate(new_items):
            if j in matched:
                continue
            key = keys_of(item, j)[level]
            if key is not None and index.get(key):
                i = index[key].pop(0)
                matched[j] = i
                unmatched_old.discard(i)
    pairs = [(matched.get(j), j) for j in range(len(new_items))]
    pairs += [(i, None) for i in sorted(unmatched_old)]
    return pairs


def _project_keys(project, position):
    code = project.get("code")
    return (("code", code) if code else None, ("name", project.get("name")), ("position", position))


def _row_keys(row, position):
    identity = (row.get("period") or "annual", row.get("level1"), row.get("level2"), row.get("name"))
    return (("row", identity), ("name", row.get("period") or "annual", row.get("name")), ("position", position))


def _same(field, before, after):
    if field.is_amount and before is not None and after is not None:
        try:
            return Decimal(before) == Decimal(after)
        except (InvalidOperation, TypeError):
            return before == after
    if field.default is not None and {before, after} <= {None, field.default}:
        return True
    return before == after


def _plan_text(project):
    points = project.get("spending_plan") or []
    return "，".join(f"{p['month']}月底 {_percent(p['percent'])}" for p in points) or None


def _percent(text):
    """A share as the plan's text shows it: "25%", or "（空）" when blank."""
    if text is None:
        return _show(None)
    try:
        return plain(Decimal(text)) + "%"
    except (InvalidOperation, TypeError):
        return f"{text}%"


def _show(value):
    if value is None or value == "":
        return "（空）"
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"
