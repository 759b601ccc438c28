"""Comments on a filing, a project or one indicator row: written by the
jurisdiction's reviewers, shown beside their item, marked answered by staff."""
import pytest
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.test import RequestFactory

from reviews.comments import CommentRefused, add_comment, close_comment, mark_answered, reply
from reviews.models import Comment, LogEntry
from targets.models import Filing, FilingStatus
from tests import factories

from .conftest import client_for, submitted


def render(template, user, **context):
    request = RequestFactory().get("/filings/1/")
    request.user = user
    return Template("{% load reviews_tags %}" + template).render(
        Context({"request": request, "csrf_token": "token", **context})
    )


@pytest.fixture
def under_review(world):
    return submitted(world.home.filing, world.home.staff)


def test_comments_on_each_kind_of_item(world, under_review):
    filing = under_review
    project = filing.projects.order_by("order", "id")[0]
    reviewer = world.home.reviewer
    whole = add_comment(filing.pk, reviewer, "整体意见")
    on_project = add_comment(filing.pk, reviewer, "项目意见", project_id=project.pk)
    on_row = add_comment(filing.pk, reviewer, "指标意见", project_id=project.pk, indicator_index=1)
    row = project.indicators.order_by("order", "id")[1]
    assert (whole.target, whole.subject, whole.location) == ("filing", "整份申报", "")
    assert (on_project.target, on_project.project, on_project.location) == ("project", project, "projects[0]")
    assert on_project.subject == f"项目“{project.name}”"
    assert (on_row.target, on_row.indicator, on_row.location) == ("indicator", row, "projects[0].indicators[1]")
    assert on_row.subject == f"项目“{project.name}”的指标“{row.name}”"
    assert [c.round.number for c in (whole, on_project, on_row)] == [1, 1, 1]
    assert LogEntry.objects.filter(filing_id=filing.pk, action="comment").count() == 3

    beside_row = render("{% item_comments filing project=project indicator_index=1 %}", world.home.staff,
                        filing=filing, project=project)
    assert "指标意见" in beside_row and "项目意见" not in beside_row and "整体意见" not in beside_row
    assert "标记已答复" in beside_row and "添加审核意见" not in beside_row
    beside_project = render("{% item_comments filing project=project %}", reviewer, filing=filing, project=project)
    assert "项目意见" in beside_project and "指标意见" not in beside_project
    assert "添加审核意见" in beside_project and "标记已答复" not in beside_project
    other_row = render("{% item_comments filing project=project indicator_index=0 %}", reviewer,
                       filing=filing, project=project)
    assert "review-comment-text" not in other_row and "添加审核意见" in other_row
    panel = render("{% review_panel filing %}", reviewer, filing=filing)
    assert "整体意见" in panel and "项目意见" not in panel


def test_department_rows_and_bad_targets(world, under_review):
    filing = under_review
    with pytest.raises(CommentRefused):
        add_comment(filing.pk, world.home.reviewer, "意见", project_id=world.foreign.filing.projects.first().pk)
    with pytest.raises(CommentRefused):
        add_comment(filing.pk, world.home.reviewer, "意见", project_id=filing.projects.first().pk,
                    indicator_index=999)
    with pytest.raises(CommentRefused):
        add_comment(filing.pk, world.home.reviewer, "  ")


def test_only_reviewers_comment_and_only_while_under_review(world):
    filing = world.home.filing
    with pytest.raises(CommentRefused):
        add_comment(filing.pk, world.home.reviewer, "草稿阶段的意见")
    filing = submitted(filing, world.home.staff)
    for user in (world.home.staff, world.admin):
        with pytest.raises(PermissionDenied):
            add_comment(filing.pk, user, "意见")
    with pytest.raises(Filing.DoesNotExist):
        add_comment(filing.pk, world.foreign.reviewer, "意见")


def test_staff_mark_answered(world, under_review):
    comment = add_comment(under_review.pk, world.home.reviewer, "请修改")
    with pytest.raises(PermissionDenied):
        mark_answered(under_review.pk, comment.pk, world.home.reviewer)
    with pytest.raises(Filing.DoesNotExist):
        mark_answered(under_review.pk, comment.pk, world.foreign.staff)
    mark_answered(under_review.pk, comment.pk, world.home.staff)
    comment.refresh_from_db()
    assert comment.is_answered and comment.answered_by == world.home.staff
    with pytest.raises(CommentRefused):
        mark_answered(under_review.pk, comment.pk, world.home.staff)
    with pytest.raises(Comment.DoesNotExist):
        mark_answered(world.home.filing.pk, 999999, world.home.staff)


def test_comment_pages_round_trip(world, under_review):
    filing = under_review
    project = filing.projects.order_by("order", "id")[0]
    reviewer = client_for(world.home.reviewer)
    response = reviewer.post(f"/reviews/filings/{filing.pk}/comments/", {
        "text": "<script>alert('x')</script>指标值不可衡量", "project": project.pk, "indicator_index": "0",
        "next": f"/filings/{filing.pk}/projects/{project.pk}/",
    })
    assert response.status_code == 302 and response.url == f"/filings/{filing.pk}/projects/{project.pk}/"
    comment = Comment.objects.get()
    assert comment.indicator == project.indicators.order_by("order", "id")[0]
    page = client_for(world.home.staff).get(f"/reviews/filings/{filing.pk}/")
    html = page.content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;指标值不可衡量" in html
    assert "<script>alert" not in html
    response = client_for(world.home.staff).post(
        f"/reviews/filings/{filing.pk}/comments/{comment.pk}/answer/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == f"/reviews/filings/{filing.pk}/"
    comment.refresh_from_db()
    assert comment.is_answered
    assert client_for(world.foreign.staff).post(
        f"/reviews/filings/{filing.pk}/comments/{comment.pk}/answer/").status_code == 404
    assert client_for(world.home.staff).post(
        f"/reviews/filings/{world.foreign.filing.pk}/comments/{comment.pk}/answer/").status_code == 404


def test_item_comments_cost_a_fixed_number_of_queries(world, under_review, django_assert_max_num_queries):
    filing = under_review
    project = filing.projects.order_by("order", "id")[0]
    rows = project.indicators.count()
    for index in range(rows):
        comment = add_comment(filing.pk, world.home.reviewer, f"意见{index}", project_id=project.pk,
                              indicator_index=index)
        reply(filing.pk, comment.pk, world.home.staff, f"答复{index}")
    template = "".join(
        f"{{% item_comments filing project=project indicator_index={i} %}}" for i in range(rows)
    )
    # The comments, the rows' ids, the replies and their authors.
    with django_assert_max_num_queries(4):
        html = render(template, world.home.staff, filing=filing, project=project)
    assert all(f"意见{i}" in html and f"答复{i}" in html for i in range(rows))


def test_review_page_shows_each_row_with_its_comments_and_form(world):
    """The review page writes the rows' comments and forms itself (not one
    item_comments tag per row): each comment beside its row, and each
    row's form posting that row's project and index."""
    home = world.home
    # An example with department rows as well as projects, under review.
    filing = factories.filing(home.unit, example="hunan-yuanjiang-2024", year=2030, unit={
        "code": home.unit.code, "name": home.unit.name,
        "region": {"code": home.county.code, "name": home.county.name}})
    Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.SUBMITTED)
    project = filing.projects.order_by("order", "id")[0]
    department = list(filing.indicators.filter(project=None).order_by("order", "id"))
    rows = list(project.indicators.order_by("order", "id"))
    assert department and len(rows) > 1
    add_comment(filing.pk, home.reviewer, "项目第二行意见", project_id=project.pk, indicator_index=1)
    add_comment(filing.pk, home.reviewer, "整体第一行意见", indicator_index=0)
    html = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/").content.decode()

    def cell(indicator):
        return html.split(f'<tr id="indicator-{indicator.pk}">')[1].split("</tr>")[0]

    assert "项目第二行意见" in cell(rows[1]) and "项目第二行意见" not in cell(rows[0])
    form = cell(rows[1])
    assert f'action="/reviews/filings/{filing.pk}/comments/"' in form
    assert f'name="project" value="{project.pk}"' in form and 'name="indicator_index" value="1"' in form
    assert f'id="comment-text-{project.pk}-1"' in form
    form = cell(department[0])
    assert "整体第一行意见" in form and "整体第一行意见" not in cell(department[1])
    assert 'name="project"' not in form and 'name="indicator_index" value="0"' in form
    assert 'id="comment-text-d-0"' in form
    # Staff see the comments and answer them, with no form to add one.
    html = client_for(home.staff).get(f"/reviews/filings/{filing.pk}/").content.decode()
    assert "项目第二行意见" in cell(rows[1]) and "标记已答复" in cell(rows[1])
    assert "添加审核意见" not in cell(rows[0])


def test_review_rows_are_the_comments_template_filled_in_for_each_row(world, under_review):
    # The rows' comment blocks are _item_comments.html rendered once with
    # stand-ins: each must be what rendering it for that row gives.
    from reviews.review_layout import DEFAULT_COLUMNS
    from reviews.review_rows import ITEM_COMMENTS, indicator_rows
    from django.template.loader import render_to_string

    filing = under_review
    project = filing.projects.order_by("order", "id")[0]
    add_comment(filing.pk, world.home.reviewer, "第一行<意见>", project_id=project.pk, indicator_index=0)
    comments = Comment.objects.filter(filing=filing)
    request = RequestFactory().get(f"/reviews/filings/{filing.pk}/")
    request.user = world.home.reviewer
    base = {"request": request, "csrf_token": "token", "filing": filing, "can_comment": True,
            "can_answer": False, "next": request.get_full_path(), "comment_url": "/comments/"}
    for project_id, indicators in ((project.pk, project.indicators.order_by("order", "id")),
                                   (None, filing.indicators.filter(project=None).order_by("order", "id"))):
        indicators = list(indicators)
        rows = [(row, list(comments) if project_id and index == 0 else []) for index, row in enumerate(indicators)]
        html = indicator_rows(Context(base), rows)
        for index, (row, row_comments) in enumerate(rows):
            form_id = f"{project_id or 'd'}-{index}"
            expected = render_to_string(ITEM_COMMENTS, {**base, "comments": row_comments, "form_id": form_id,
                                                        "project_id": project_id, "indicator_index": index,
                                                        "field_choices": DEFAULT_COLUMNS})
            assert f'<tr id="indicator-{row.pk}">' in html
            assert f"<td>{expected}</td></tr>" in html


def test_staff_answer_in_words_and_the_reviewer_closes(world, under_review):
    filing = under_review
    home = world.home
    project = filing.projects.order_by("order", "id")[0]
    comment = add_comment(filing.pk, home.reviewer, "年度目标请量化", project_id=project.pk)
    with pytest.raises(PermissionDenied):
        reply(filing.pk, comment.pk, home.reviewer, "审核人不答复")
    with pytest.raises(CommentRefused, match="答复不能为空。"):
        reply(filing.pk, comment.pk, home.staff, "  ")
    reply(filing.pk, comment.pk, home.staff, "已改为“召开会议不少于4次”")
    comment.refresh_from_db()
    assert comment.is_answered and comment.answered_by == home.staff and comment.is_open
    page = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/").content.decode()
    block = page[page.index(f'id="comment-{comment.pk}"'):]
    block = block[:block.index("</li>")]
    assert "年度目标请量化" in block and "答复：</span>已改为“召开会议不少于4次”" in block
    assert f"/comments/{comment.pk}/close/" in block and "提交答复" not in block

    with pytest.raises(PermissionDenied):
        close_comment(filing.pk, comment.pk, home.staff)
    close_comment(filing.pk, comment.pk, home.reviewer)
    comment.refresh_from_db()
    assert not comment.is_open and comment.closed_by == home.reviewer and comment.closing_round is None
    with pytest.raises(CommentRefused, match="这条意见已关闭，不能再答复。"):
        reply(filing.pk, comment.pk, home.staff, "再补充")
    staff_page = client_for(home.staff).get(f"/reviews/filings/{filing.pk}/").content.decode()
    assert "已关闭" in staff_page and f"/comments/{comment.pk}/reply/" not in staff_page
    assert [e.action for e in LogEntry.objects.filter(filing_id=filing.pk).order_by("id")][-4:] == [
        "comment", "reply", "open", "close_comment"]


def test_the_approval_closes_the_open_comments(world, under_review):
    from reviews.transitions import transition

    filing = under_review
    home = world.home
    open_one = add_comment(filing.pk, home.reviewer, "请补充依据")
    answered = add_comment(filing.pk, home.reviewer, "请核对金额")
    mark_answered(filing.pk, answered.pk, home.staff)
    queue = client_for(world.admin).get("/reviews/?status=")
    assert {row.pk: row.open_comment_count for row in queue.context["page"]}[filing.pk] == 1
    approval = transition(filing.pk, home.reviewer, "approve", conclusion="优")
    for comment in (open_one, answered):
        comment.refresh_from_db()
        assert (comment.closing_round, comment.closed_by, comment.is_open) == (approval, home.reviewer, False)
    queue = client_for(world.admin).get("/reviews/?status=")
    assert {row.pk: row.open_comment_count for row in queue.context["page"]}[filing.pk] is None
    page = client_for(home.staff).get(f"/reviews/filings/{filing.pk}/").content.decode()
    assert page.count("随审核通过关闭") == 2 and "待答复" not in page


def test_open_comments_are_counted_on_the_staff_home_and_per_project(world, under_review):
    filing = under_review
    home = world.home
    project = filing.projects.order_by("order", "id")[0]
    add_comment(filing.pk, home.reviewer, "整体意见")
    on_row = add_comment(filing.pk, home.reviewer, "指标意见", project_id=project.pk, indicator_index=0)
    add_comment(filing.pk, home.reviewer, "项目意见", project_id=project.pk)
    staff = client_for(home.staff)
    assert f'#review-panel">3 条</a>' in staff.get("/").content.decode()
    detail = staff.get(f"/filings/{filing.pk}/").content.decode()
    assert f'href="/reviews/filings/{filing.pk}/#project-{project.pk}">2 条</a>' in detail
    close_comment(filing.pk, on_row.pk, home.reviewer)
    assert f'#review-panel">2 条</a>' in staff.get("/").content.decode()
    assert f'#project-{project.pk}">1 条</a>' in staff.get(f"/filings/{filing.pk}/").content.decode()


def test_the_pages_script_gets_the_comment_back_instead_of_a_redirect(world, under_review):
    filing = under_review
    project = filing.projects.order_by("order", "id")[0]
    fetch = {"HTTP_X_REQUESTED_WITH": "fetch"}
    reviewer, staff = client_for(world.home.reviewer), client_for(world.home.staff)
    response = reviewer.post(f"/reviews/filings/{filing.pk}/comments/",
                             {"text": "请量化", "project": project.pk, "indicator_index": 0}, **fetch)
    comment = Comment.objects.get(text="请量化")
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith(f'<li class="list-group-item small review-comment" id="comment-{comment.pk}">')
    assert "待答复" in html and f"/comments/{comment.pk}/close/" in html
    refused = reviewer.post(f"/reviews/filings/{filing.pk}/comments/", {"text": " "}, **fetch)
    assert (refused.status_code, refused.content.decode()) == (400, "审核意见不能为空。")
    answered = staff.post(f"/reviews/filings/{filing.pk}/comments/{comment.pk}/reply/", {"text": "已量化"}, **fetch)
    assert "答复：</span>已量化" in answered.content.decode() and "已答复" in answered.content.decode()
    # Without the header: back to the page, as before.
    again = staff.post(f"/reviews/filings/{filing.pk}/comments/{comment.pk}/answer/")
    assert again.status_code == 302


def test_comments_on_one_field_of_a_project_or_a_row(world, under_review):
    filing = under_review
    home = world.home
    project = filing.projects.order_by("order", "id")[0]
    on_purpose = add_comment(filing.pk, home.reviewer, "资金用途写得太笼统", project_id=project.pk, field="purpose")
    on_description = add_comment(filing.pk, home.reviewer, "描述只重复了指标名称", project_id=project.pk,
                                 indicator_index=1, field="description")
    on_budget = add_comment(filing.pk, home.reviewer, "财政资金与预算数不符", project_id=project.pk, field="fiscal")
    assert (on_purpose.subject, on_purpose.location) == (
        f"项目“{project.name}”的资金用途", "projects[0].purpose")
    row = project.indicators.order_by("order", "id")[1]
    assert (on_description.subject, on_description.location, on_description.indicator) == (
        f"项目“{project.name}”的指标“{row.name}”的绩效指标描述", "projects[0].indicators[1].description", row)
    assert on_budget.location == "projects[0].budget.fiscal"
    for bad in ({"field": "nonsense"}, {"field": "description"}):  # a row's field on a project
        with pytest.raises(CommentRefused, match="找不到这个栏目。"):
            add_comment(filing.pk, home.reviewer, "意见", project_id=project.pk, **bad)

    page = client_for(home.reviewer).get(f"/reviews/filings/{filing.pk}/").content.decode()
    purpose = page[page.index('data-field="purpose"'):]
    purpose = purpose[:purpose.index("</dd>")]
    assert "资金用途写得太笼统" in purpose
    # The project's form offers each field the page shows of it.
    form = page[page.index(f'id="comment-field-{project.pk}-"'):]
    form = form[:form.index("</select>")]
    assert '<option value="">整个项目</option>' in form and '<option value="purpose">预算规模及资金用途</option>' in form
    line = page[page.index(f'id="indicator-{row.pk}"'):]
    line = line[:line.index("</tr>")]
    assert '<span class="badge text-bg-light">绩效指标描述</span> <span class="review-comment-text">描述只重复了指标名称' in line
    assert '<option value="description">绩效指标描述</option>' in line
    # Posted from the page as its forms do.
    client_for(home.reviewer).post(f"/reviews/filings/{filing.pk}/comments/",
                                   {"text": "依据不足", "project": project.pk, "indicator_index": 0, "field": "basis"})
    assert Comment.objects.get(text="依据不足").location == "projects[0].indicators[0].basis"
