"""Comments stay with the year they were written on: a unit that copies its
filing to the next year starts the copy without them, and the old filing
keeps its comments, their answers and what each is about."""
from django.urls import reverse

from reviews.comments import add_comment, reply
from reviews.models import Comment, Reply
from reviews.transitions import transition
from targets.models import Filing

from .conftest import client_for


def test_a_copy_to_next_year_starts_without_the_comments_of_the_old_one(world):
    home = world.home
    filing = home.filing
    project = filing.projects.order_by("order", "id")[0]
    row = project.indicators.order_by("order", "id")[0]
    transition(filing.pk, home.staff, "submit")
    written = [
        add_comment(filing.pk, home.reviewer, "整份申报：请核对金额单位"),
        add_comment(filing.pk, home.reviewer, "总体绩效目标过于笼统", field="overall_goal"),
        add_comment(filing.pk, home.reviewer, "项目：请补充实施内容", project_id=project.pk),
        add_comment(filing.pk, home.reviewer, "资金用途写得太简单", project_id=project.pk, field="purpose"),
        add_comment(filing.pk, home.reviewer, "指标值不可衡量", project_id=project.pk, indicator_index=0,
                    field="value"),
    ]
    answer = reply(filing.pk, written[-1].pk, home.staff, "已改为≥4次")
    transition(filing.pk, home.reviewer, "return", comment="请按意见修改")
    before = {c.pk: (c.target, c.project_id, c.indicator_id, c.field, c.location, c.text)
              for c in Comment.objects.filter(filing=filing)}
    assert len(before) == 6  # the five and the return's opinion

    response = client_for(home.staff).post(reverse("targets:start"), {
        "year": 2025, "amount_unit": "万元", "source": "copy", "copy_from": filing.pk})
    copy = Filing.objects.get(unit=home.unit, year=2025)
    assert response.status_code == 302 and copy.pk != filing.pk

    # The copy: its projects and rows are new, with no comment on them or on it.
    assert not Comment.objects.filter(filing=copy).exists()
    assert not Comment.objects.filter(project__filing=copy).exists()
    assert not Comment.objects.filter(indicator__filing=copy).exists()
    page = client_for(home.staff).get(f"/reviews/filings/{copy.pk}/").content.decode()
    for comment in written:
        assert comment.text not in page
    assert "暂无针对整份申报的意见。" in page

    # The old filing: every comment where it was, with its answer, on its page.
    after = {c.pk: (c.target, c.project_id, c.indicator_id, c.field, c.location, c.text)
             for c in Comment.objects.filter(filing=filing)}
    assert after == before
    assert written[4].indicator_id == row.pk and written[3].project_id == project.pk
    assert list(Reply.objects.filter(comment=written[-1]).values_list("pk", "text")) == [(answer.pk, "已改为≥4次")]
    old_page = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/").content.decode()
    for comment in written:
        assert f'id="comment-{comment.pk}"' in old_page
    assert "已改为≥4次" in old_page and "已删除" not in old_page
