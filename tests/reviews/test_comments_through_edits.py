"""A reviewer's comments stay on their project, row and field through the
unit's edits in the editor: a row's value changed, rows moved and removed
around it, the projects reordered. Both sides see each comment where it
was put (the import and the copy to a new year: test_comments_through_import,
test_comments_through_copy)."""
import re

from django.urls import reverse

from reviews.comments import add_comment
from reviews.models import Comment
from reviews.transitions import transition
from targets.models import Project

from ..formdata import form_data
from .conftest import client_for, submitted


def row_html(page, row):
    """The review page's table row of one indicator."""
    start = page.index(f'id="indicator-{row.pk}"')
    return page[start:page.index("</tr>", start)]


def test_comments_stay_on_their_row_and_project_through_the_editor_and_a_reorder(world):
    home = world.home
    filing = submitted(home.filing, home.staff)
    project = filing.projects.get()
    second = Project.objects.create(filing=filing, order=1, name="第二个项目")
    rows = list(project.indicators.order_by("order", "id"))
    commented = rows[2]
    reviewer = home.reviewer
    on_row = add_comment(filing.pk, reviewer, "延误率应量化", project_id=project.pk, indicator_index=2)
    on_description = add_comment(filing.pk, reviewer, "描述只重复了指标名称", project_id=project.pk,
                                 indicator_index=2, field="description")
    on_purpose = add_comment(filing.pk, reviewer, "资金用途写得太笼统", project_id=project.pk, field="purpose")
    transition(filing.pk, reviewer, "return", comment="请按意见修改")

    # In the editor: the commented row's value changed, the first row
    # removed and the last moved to the top; then the projects swapped.
    staff = client_for(home.staff)
    url = reverse("targets:project", args=[filing.pk, project.pk])
    data = form_data(staff.get(url))
    index = next(i for i in range(len(rows)) if data[f"ind-{i}-name"] == commented.name)
    data[f"ind-{index}-value"] = "≤5%"
    data["ind-0-DELETE"] = "on"
    data[f"ind-{len(rows) - 1}-position"] = "-1"
    data["purpose"] = "会议场地、资料印刷"
    assert staff.post(url, data).status_code == 302
    assert staff.post(reverse("targets:project_move", args=[filing.pk, second.pk, "up"])).status_code == 302

    commented.refresh_from_db()
    assert commented.value == "≤5%"
    assert list(filing.projects.order_by("order").values_list("pk", flat=True)) == [second.pk, project.pk]
    assert {(c.pk, c.project_id, c.indicator_id, c.field) for c in Comment.objects.filter(filing=filing)
            .exclude(target="filing")} == {(on_row.pk, project.pk, commented.pk, ""),
                                           (on_description.pk, project.pk, commented.pk, "description"),
                                           (on_purpose.pk, project.pk, None, "purpose")}
    assert staff.get(url).status_code == 200  # the project's URL still answers

    for user in (home.staff, reviewer):
        page = client_for(user).get(reverse("reviews:filing", args=[filing.pk])).content.decode()
        line = row_html(page, commented)
        assert "≤5%" in line
        assert f'id="comment-{on_row.pk}"' in line and f'id="comment-{on_description.pk}"' in line
        section = page[page.index(f'id="project-{project.pk}"'):]
        purpose = re.search(r'<dd[^>]*data-field="purpose".*?</dd>', section, re.S).group(0)
        assert "会议场地、资料印刷" in purpose and f'id="comment-{on_purpose.pk}"' in purpose
        assert "针对已删除内容的意见" not in page
