"""Where on the editor pages a check's location (a filing/1 path) is."""
import re

from django.urls import reverse

_PROJECT = re.compile(r"^projects\[(\d+)\](?:\.(.*))?$")
_ROW = re.compile(r"^indicators\[(\d+)\](?:\.(\w+))?")


class ProblemLinks:
    """Links from check locations (filing/1 paths such as
    projects[1].indicators[3].value) to the field on the editor pages; the
    page URLs are reversed once per filing, not once per problem."""

    def __init__(self, filing, project_ids):
        self.filing_url = reverse("targets:filing", args=[filing.pk])
        self.department_url = reverse("targets:department", args=[filing.pk])
        # project_ids in table order; the URL pattern is filled by hand.
        template = reverse("targets:project", args=[filing.pk, 0])
        self.project_urls = [template.replace("/0/", f"/{pk}/", 1) if template.endswith("/0/")
                             else reverse("targets:project", args=[filing.pk, pk]) for pk in project_ids]

    def url(self, location):
        match = _PROJECT.match(location or "")
        if match:
            index, rest = int(match.group(1)), match.group(2) or ""
            if index >= len(self.project_urls):
                return self.filing_url
            return self.project_urls[index] + _anchor(rest, "row")
        if location.startswith(("department", "contact")):
            rest = location.split(".", 1)[1] if "." in location else ""
            if location.startswith("contact"):
                rest = {"date": "filed_on"}.get(rest, rest)
            return self.department_url + _anchor(rest, "dep-row")
        return self.filing_url


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
