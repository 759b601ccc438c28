"""An indicator's block of the report page, written in Python: the same
markup templates/reports/report.html wrote per indicator with eight
report_cell tags and a report_light, for the 150 indicators of a 10 × 15
report (the template's per-node work was a third of the page's time).
reports_tags writes the fields and the light as the tags do."""
from django.utils.safestring import mark_safe

from .templatetags.reports_tags import _e, report_cell, report_light

# The fields of an indicator on the page, in order, with their width.
CELLS = (("actual", "col-md-3"), ("forecast", "col-md-3"), ("grade", "col-md-3"), ("likelihood", "col-md-3"),
         ("reasons", "col-lg-6"), ("reason_text", "col-lg-6"), ("measures", "col-lg-6"), ("note", "col-lg-6"))


def indicator_html(ind):
    """The block of one indicator: `ind` as reports.views._projects makes it
    (item, light, cells, explained, id, number)."""
    item, light, ind_id = ind["item"], ind["light"], _e(ind["id"])
    explained = ind["explained"]
    value = item.get("value")
    cells = "".join(report_cell(ind["cells"][key], width) for key, width in CELLS)
    return mark_safe(
        f'<div class="report-indicator border rounded p-2 mb-2" id="{ind_id}">'
        f'<div class="d-flex flex-wrap justify-content-between gap-2 mb-1">'
        f'<div><span class="text-muted small">{_e(item.get("level1"))} · {_e(item.get("level2"))}</span>'
        f'<div class="fw-semibold">{_e(ind["number"])}. {_e(item.get("name"))}</div></div>'
        f'<div class="text-end"><div class="small">年度指标值：<strong>{_e(value) if value else "—"}</strong></div>'
        f'{report_light(light, ind["id"])}</div></div>'
        f'<div class="alert {"alert-success" if explained else "alert-warning"} py-1 px-2 small mb-2 reason-needed" '
        f'data-reason-needed="{ind_id}"{"" if light.get("needs_reason") else " hidden"}>'
        f'{"已填写偏差原因和纠偏措施" if explained else "需填写偏差原因/纠偏措施"}</div>'
        f'<div class="row g-2">{cells}</div></div>')
