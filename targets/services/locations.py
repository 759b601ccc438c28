"""Where on the editor pages a check's location (a filing/1 path) is."""
import re

from django.urls import reverse

_PROJECT = re.compile(r"^projects\[(\d+)\](?:\.(.*))?$")
_ROW = re.compile(r"^indicators\[(\d+)\](?:\.(\w+))?")


def location_url(filing, project_ids, location):
    """URL with an anchor for a problem location such as
    projects[1].indicators[3].value; project_ids are the filing's project
    ids in table order."""
    match = _PROJECT.match(location or "")
    if match:
        index, rest = int(match.group(1)), match.group(2) or ""
        if index >= len(project_ids):
            return reverse("targets:filing", args=[filing.pk])
        url = reverse("targets:project", args=[filing.pk, project_ids[index]])
        return url + _anchor(rest, "row")
    if location.startswith(("department", "contact")):
        rest = location.split(".", 1)[1] if "." in location else ""
        if location.startswith("contact"):
            rest = {"date": "filed_on"}.get(rest, rest)
        return reverse("targets:department", args=[filing.pk]) + _anchor(rest, "dep-row")
    return reverse("targets:filing", args=[filing.pk])


def _anchor(rest, row_prefix):
    if not rest:
        return ""
    row = _ROW.match(rest)
    if row:
        return f"#{row_prefix}-{row.group(1)}"
    if rest.startswith("spending_plan"):
        return "#spending-plan"
    field = rest.split(".")[-1].split("[")[0]
    if rest.startswith("budget."):
        field = "budget_" + field
    return f"#id_{field}"
