"""The review page shows what the layout's official table prints: every
project field (in the table's wording) and every indicator column, so the
reviewer does not open the preview to see 资金用途 or 绩效指标描述."""
import pytest

from targets.models import Filing
from targets.workbook_reader.table_maps import table_map
from tests import factories

from .conftest import client_for

EXAMPLES = {"hebei": ("hebei-huailai-2022", "130730"), "hunan": ("hunan-yuanjiang-2024", "430981"),
            "anhui": ("anhui-suzhou-2023", "341300")}


@pytest.mark.parametrize("layout", sorted(EXAMPLES))
def test_every_field_and_column_the_table_prints(db, layout):
    example, code = EXAMPLES[layout]
    region = factories.region(code=code, layout=layout)
    unit = factories.unit(region)
    filing = factories.filing(unit, example=example)
    Filing.objects.filter(pk=filing.pk).update(status="submitted")
    html = client_for(factories.person("reviewer", jurisdiction=[region])).get(
        f"/reviews/filings/{filing.pk}/").content.decode()
    project = filing.projects.order_by("order", "id")[0]
    section = html[html.index(f'id="project-{project.pk}"'):]
    section = section[:section.index("</section>")]
    for place in table_map(layout, "project").places:
        if place.field not in ("project.name", "project.code"):
            assert f'data-field="{place.key}"' in section, place.field
    for heading in table_map(layout, "project").headings:
        assert f"<th>{heading}</th>" in section, heading
    row = project.indicators.order_by("order", "id")[0]
    if layout == "hebei":
        assert f'<dt class="col-sm-3">预算规模及资金用途</dt>' in section and project.purpose in section
        assert f'<td data-label="绩效指标描述">{row.description}</td>' in section
        assert f'<td data-label="指标值确定依据">{row.basis}</td>' in section
    if layout == "anhui":
        assert "中期资金总额" in section and "中期财政拨款" in section
