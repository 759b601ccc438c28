"""What changed since the reviewer's last decision on a filing (its last
return or approval), for the changes page, the count on the review panel
and the marks beside the changed values on the review page."""
import re

from targets.interchange.diff import ADDED, CHANGED, diff_documents

from .actions import ACTIONS

DECISIONS = [name for name, action in ACTIONS.items() if action.decides]
ROW = re.compile(r"^(?:projects\[(\d+)\]|department)\.indicators\[(\d+)\](?:\.(\w+))?$")
PROJECT_FIELD = re.compile(r"^projects\[(\d+)\]\.(?:budget\.)?(\w+)$")
# A field of the department table: its name, budget lines, texts, contact line.
DEPARTMENT_FIELD = re.compile(r"^(?:unit|department|department\.budget|contact)\.(\w+)$")


def last_decision(filing):
    """The latest return or approval of the filing (with its snapshot), or None."""
    return filing.rounds.filter(action__in=DECISIONS).order_by("-number").first()


def changes_since_decision(filing, document):
    """(the last decision's Round or None, [Change] from its snapshot to `document`)."""
    decision = last_decision(filing)
    return decision, diff_documents(decision.snapshot, document) if decision else []


class ChangeMarks:
    """The changes placed on the review page: by indicator row id (field
    key → old value; "added" for a new row), by project id (field key →
    old value) and on the department table (`department`: field key → old
    value)."""

    def __init__(self, changes, projects, rows_by_project):
        self.rows, self.projects, self.department = {}, {}, {}
        for change in changes:
            if change.kind not in (ADDED, CHANGED):
                continue
            department = DEPARTMENT_FIELD.match(change.location)
            if department and change.kind == CHANGED:
                self.department[department.group(1)] = change.old
                continue
            row = ROW.match(change.location)
            if row:
                owner = None if row.group(1) is None else _at(projects, int(row.group(1)))
                rows = rows_by_project.get(owner.pk if owner else None, [])
                target = _at(rows, int(row.group(2)))
                if target is not None:
                    marks = self.rows.setdefault(target[0].pk, {})
                    if change.kind == ADDED:
                        marks["added"] = True
                    elif row.group(3):
                        marks[row.group(3)] = change.old
                continue
            field = PROJECT_FIELD.match(change.location)
            project = _at(projects, int(field.group(1))) if field and change.kind == CHANGED else None
            if project is not None:
                self.projects.setdefault(project.pk, {})[field.group(2)] = change.old

    def for_project(self, project):
        return self.projects.get(project.pk, {})


def _at(items, index):
    return items[index] if 0 <= index < len(items) else None
