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


def test_the_spending_plan_is_shown_marked_and_commented_on(world):
    from reviews.comments import add_comment
    from reviews.transitions import transition

    home = world.home
    filing = home.filing
    transition(filing.pk, home.staff, "submit")
    project = filing.projects.get()
    comment = add_comment(filing.pk, home.reviewer, "6月底应达到60%", project_id=project.pk, field="spending_plan")
    assert (comment.subject, comment.location, comment.field_label) == (
        f"项目“{project.name}”的资金支出计划", "projects[0].spending_plan", "资金支出计划")
    transition(filing.pk, home.reviewer, "return", comment="请修改")
    project.spending_plan.filter(month=6).update(percent="60")
    transition(filing.pk, home.staff, "submit")
    html = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/").content.decode()
    plan = html[html.index('data-field="spending_plan"'):]
    plan = plan[:plan.index("</dd>")]
    assert "3月底 25%，6月底 60%，10月底 75%，12月底 100%" in plan
    assert "原为：3月底 25%，6月底 50%，10月底 75%，12月底 100%" in plan and "6月底应达到60%" in plan
    assert '<option value="spending_plan">资金支出计划</option>' in html
