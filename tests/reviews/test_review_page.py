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
        # 中期 and 年度 rows, printed side by side, are told apart by their 期间.
        midterm = project.indicators.filter(period="midterm").order_by("order", "id")[0]
        cells = section[section.index(f'id="indicator-{midterm.pk}"'):]
        assert cells.startswith(f'id="indicator-{midterm.pk}"><td data-label="期间">中期</td>')
        assert "<th>期间</th>" in section and '<td data-label="期间">年度</td>' in section


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


def hunan_filing(db):
    region = factories.region(code="430981", layout="hunan")
    unit = factories.unit(region)
    filing = factories.filing(unit, example="hunan-yuanjiang-2024")
    # The printed example's use lines add up to 110.44, not its 109.04: a check error refuses its submission.
    Filing.objects.filter(pk=filing.pk).update(budget_basic="64.76")
    filing.refresh_from_db()
    return filing, factories.person("staff", unit), factories.person("reviewer", jurisdiction=[region])


def department_section(html):
    section = html[html.index('id="department"'):]
    return section[:section.index("</section>")]


def test_the_hunan_department_table_is_shown_as_printed(db):
    from reviews.review_layout import department_places

    filing, staff, reviewer = hunan_filing(db)
    Filing.objects.filter(pk=filing.pk).update(status="submitted")
    section = department_section(client_for(reviewer).get(f"/reviews/filings/{filing.pk}/").content.decode())
    assert "部门整体支出绩效目标" in section
    # Every field the 部门整体支出绩效目标表 marks, and its contact line.
    for place in table_map("hunan", "department").places:
        assert f'data-field="{place.key}"' in section, place.field
    for key in ("prepared_by", "phone", "date", "unit_head"):
        assert f'data-field="{key}"' in section, key
    assert [label for _, _, label in department_places("hunan")][:3] == ["部门名称", "资金总额", "其中：一般公共预算"]
    assert '<dt class="col-sm-3">资金总额</dt>' in section and ">109.04 万元" in section
    assert '<dt class="col-sm-3">联系电话</dt>' in section and "17763740907" in section
    assert '<dt class="col-sm-3">单位负责人签字</dt>' in section
    assert filing.functions[:20] in section
    # Its indicator table, in the table's own headings.
    for heading in table_map("hunan", "department").headings:
        assert f"<th>{heading}</th>" in section, heading
    row = filing.indicators.filter(project=None).order_by("order", "id")[0]
    assert f'<td data-label="指标值及单位">{row.value}</td>' in section
    # A comment may be about each of them.
    for key in ("total", "overall_goal", "phone"):
        assert f'<option value="{key}">' in section


def test_the_hebei_department_sections(db):
    region = factories.region(code="130730", layout="hebei")
    filing = factories.filing(factories.unit(region))
    Filing.objects.filter(pk=filing.pk).update(status="submitted", sub_goals="分项目标一", safeguards="保障措施一")
    html = client_for(factories.person("reviewer", jurisdiction=[region])).get(
        f"/reviews/filings/{filing.pk}/").content.decode()
    section = department_section(html)
    for heading in ("一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施"):
        assert f'<dt class="col-sm-3">{heading}</dt>' in section
    assert "分项目标一" in section and "保障措施一" in section


def test_changes_to_the_department_table_are_marked_in_place(db):
    from reviews.transitions import transition

    filing, staff, reviewer = hunan_filing(db)
    row = filing.indicators.filter(project=None).order_by("order", "id")[0]
    old_goal, old_value = filing.overall_goal, row.value
    transition(filing.pk, staff, "submit")
    transition(filing.pk, reviewer, "return", comment="请修改")
    # The income lines still add up to 资金总额 (else the checks refuse the submission).
    Filing.objects.filter(pk=filing.pk).update(overall_goal="做好网络舆论宣传", budget_general_public="104.04",
                                               budget_special_non_tax="5", phone="0737-1234567")
    row.value = "≥320次"
    row.save(update_fields=["value"])
    transition(filing.pk, staff, "submit")

    html = client_for(reviewer).get(f"/reviews/filings/{filing.pk}/").content.decode()
    assert f'/changes/">第1轮退回以来的修改（5 处）</a>' in html
    section = department_section(html)
    assert section.count('class="col-sm-9 review-text review-changed"') == 4
    for key, old in (("overall_goal", old_goal), ("general_public", "109.04"), ("special_non_tax", "0"),
                     ("phone", "17763740907")):
        field = section[section.index(f'data-field="{key}"'):]
        field = field[:field.index("</dd>")]
        assert f'<div class="review-old">原为：{old}</div>' in field, key
    assert ">104.04 万元" in section
    cells = section[section.index(f'id="indicator-{row.pk}"'):]
    cells = cells[:cells.index("</tr>")]
    assert f'class="review-changed">≥320次<div class="review-old">原为：{old_value}</div>' in cells
    # Unchanged fields are not marked.
    name = section[section.index('data-field="name"'):]
    assert "review-old" not in name[:name.index("</dd>")]


def test_a_comment_on_a_department_field_stays_beside_it(db):
    from reviews.comments import CommentRefused, add_comment
    from reviews.transitions import transition

    filing, staff, reviewer = hunan_filing(db)
    transition(filing.pk, staff, "submit")
    comment = add_comment(filing.pk, reviewer, "资金总额与收入合计不符", field="total")
    assert (comment.target, comment.location, comment.field_label) == ("filing", "department.budget.total", "资金总额")
    assert comment.subject == "整份申报的资金总额"
    whole = add_comment(filing.pk, reviewer, "请核对全表")
    with pytest.raises(CommentRefused, match="找不到这个栏目"):
        add_comment(filing.pk, reviewer, "?", field="annual_goal")  # a project's field, not the department's

    for user in (reviewer, staff):
        html = client_for(user).get(f"/reviews/filings/{filing.pk}/").content.decode()
        field = department_section(html)
        field = field[field.index('data-field="total"'):]
        field = field[:field.index("</dd>")]
        assert f'id="comment-{comment.pk}"' in field and 'data-field-comments="d-total"' in field
        # Once on the page: beside its field, not again in the panel's list for the whole filing.
        assert html.count(f'id="comment-{comment.pk}"') == 1
        panel = html[html.index('id="filing-comments"'):]
        assert f'id="comment-{whole.pk}"' in panel[:panel.index("</ul>")]
