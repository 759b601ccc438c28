"""The review workflow in a browser: each step asks first and names what is
still open, staff withdraw a submission until a reviewer opens it, a return
and a resubmission read as 第1轮 and 第2轮, staff answer a comment in words
and the reviewer sees the answer and closes it, and the queue, review page,
history and diff have no serious accessibility violation."""
import pytest
from django.urls import reverse

from reviews.comments import add_comment
from targets.checks import run_checks
from targets.interchange import export_document, load_filing

from .. import factories
from .conftest import serious_accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def take(page, title):
    """Click an action's button on the review panel, then confirm it."""
    page.click(f"#review-panel button:has-text('{title}')")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"确认{title}？"
    page.click(f"button:has-text('确认{title}')")
    page.wait_for_load_state()


def test_withdraw_confirm_rounds_and_threads(live_server, browser_page):
    page = browser_page
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, name="中共怀来县委网络安全和信息化委员会办公室")
    filing = factories.filing(unit)
    staff = factories.person("staff", unit)
    reviewer = factories.person("reviewer", jurisdiction=[region])
    review_url = live_server.url + reverse("reviews:filing", args=[filing.pk])
    warnings = [p for p in run_checks(export_document(load_filing(filing.pk))) if p.severity == "warning"]
    assert warnings

    # Submitting with warnings showing asks first, naming them.
    sign_in(page, live_server, staff)
    page.goto(review_url)
    page.click("#review-panel button:has-text('提交审核')")
    page.wait_for_load_state()
    assert f"警告 {len(warnings)} 处" in page.locator("#confirm-open-items").inner_text()
    page.click("a:has-text('返回，暂不提交')")
    filing.refresh_from_db()
    assert filing.status == "draft"
    take(page, "提交审核")
    filing.refresh_from_db()
    assert filing.status == "submitted"

    # Withdrawn before the reviewer looked; after they open it, no more.
    take(page, "撤回提交")
    filing.refresh_from_db()
    assert filing.status == "draft"
    take(page, "提交审核")
    sign_in(page, live_server, reviewer)
    page.goto(review_url)
    assert serious_accessibility_violations(page) == []
    sign_in(page, live_server, staff)
    page.goto(review_url)
    assert page.locator("#review-panel button:has-text('撤回提交')").count() == 0

    # The reviewer comments, returns; staff answer in words and resubmit.
    project = filing.projects.get()
    comment = add_comment(filing.pk, reviewer, "计划完成率应量化", project_id=project.pk, indicator_index=1)
    sign_in(page, live_server, reviewer)
    page.goto(review_url)
    page.fill("#return-comment", "请按意见修改")
    take(page, "退回修改")
    sign_in(page, live_server, staff)
    page.goto(review_url)
    row = page.locator(f"#comment-{comment.pk}")
    row.locator("summary:has-text('答复')").click()
    row.locator("textarea").fill("已改为“会议按计划完成率100%”")
    row.locator("button:has-text('提交答复')").click()
    page.locator(f"#comment-{comment.pk} >> text=已改为“会议按计划完成率100%”").wait_for()
    # What the answer says, done: that row's value and the project's goal.
    indicator = project.indicators.order_by("order", "id")[1]
    old_value, indicator.value = indicator.value, "会议按计划完成率100%"
    indicator.save(update_fields=["value"])
    old_goal, project.annual_goal = project.annual_goal, "按计划召开会议，完成率100%"
    project.save(update_fields=["annual_goal"])
    take(page, "提交审核")

    sign_in(page, live_server, reviewer)
    page.goto(review_url)
    # The answer stands in the changed row, beside the highlighted new value.
    line = page.locator(f"#indicator-{indicator.pk}")
    assert line.locator("td.review-changed").inner_text().split("\n") == [
        "会议按计划完成率100%", f"原为：{old_value}"]
    assert "答复：已改为“会议按计划完成率100%”" in line.locator(f"#comment-{comment.pk}").inner_text()
    assert page.locator(".review-changed").count() == 2
    assert "（2 处）" in page.locator("#changes-link").inner_text()
    rounds = page.locator("#review-panel .review-cycle").all_inner_texts()
    assert rounds == ["第1轮（退回）", "第2轮"]
    row = page.locator(f"#comment-{comment.pk}")
    row.locator("button:has-text('关闭')").click()
    page.locator(f"#comment-{comment.pk} >> text=已关闭").wait_for()

    # The changes link opens the changes since the return: exactly those two.
    page.click("#changes-link")
    page.wait_for_load_state()
    assert page.locator("#change-count").inner_text() == "2"
    changed = page.locator("table.review-change-table tbody tr")
    assert [(line.locator("th").inner_text(), line.locator("td >> nth=0").inner_text(),
             line.locator("td >> nth=1").inner_text()) for line in changed.all()] == [
        # The diff names the goal as the Hebei table prints it.
        ("绩效目标", old_goal, project.annual_goal), ("指标值", old_value, indicator.value)]

    for url in (reverse("reviews:queue"), reverse("reviews:history", args=[filing.pk]),
                reverse("reviews:changes", args=[filing.pk]), reverse("reviews:round_diff", args=[filing.pk, 5])):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert serious_accessibility_violations(page) == [], url


def test_a_workbook_import_keeps_the_comment_on_its_row(live_server, browser_page, tmp_path):
    from reviews.transitions import transition
    from targets.tables import workbook_bytes

    from ..targets.workbook_editing import open_workbook, saved

    page = browser_page
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region)
    filing = factories.filing(unit)
    staff = factories.person("staff", unit)
    reviewer = factories.person("reviewer", jurisdiction=[region])
    transition(filing.pk, staff, "submit")
    project = filing.projects.get()
    row = project.indicators.order_by("order", "id")[1]
    comment = add_comment(filing.pk, reviewer, "计划完成率应量化", project_id=project.pk, indicator_index=1)
    transition(filing.pk, reviewer, "return", comment="请修改")

    workbook = open_workbook(workbook_bytes(export_document(load_filing(filing.pk))))
    [cell] = [c for sheet in workbook.worksheets for line in sheet.iter_rows() for c in line if c.value == row.value]
    cell.value = "会议按计划完成率100%"
    path = tmp_path / "改后的表.xlsx"
    path.write_bytes(saved(workbook))

    sign_in(page, live_server, staff)
    page.goto(live_server.url + reverse("targets:workbook_upload", args=[filing.pk]))
    page.set_input_files("#id_workbook", str(path))
    page.click("button:has-text('上传并预览修改')")
    page.wait_for_load_state()
    assert "导入后仍针对项目" in page.locator("#comment-fates").inner_text()
    page.click("button:has-text('确认导入')")
    page.wait_for_load_state()

    project_url = live_server.url + reverse("targets:project", args=[filing.pk, project.pk])
    assert page.goto(project_url).status == 200
    for user in (staff, reviewer):
        sign_in(page, live_server, user)
        page.goto(live_server.url + reverse("reviews:filing", args=[filing.pk]))
        table_row = page.locator(f"#indicator-{row.pk}")
        assert "会议按计划完成率100%" in table_row.inner_text()
        assert "计划完成率应量化" in table_row.locator(f"#comment-{comment.pk}").inner_text()
        assert page.locator("text=针对已删除内容的意见").count() == 0


def test_the_reviewers_pages_fit_a_phone(live_server, browser_page):
    """At 390 px nothing scrolls sideways on any page of the reviewer's (the
    queue, each layout's review page, the confirm page, history, changes,
    a round's diff, overview, notices, API docs, password, the filing's
    tables) and the buttons are in view: the queue's and the review page's
    rows become cards."""
    from reviews.transitions import transition

    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, name="中共怀来县委网络安全和信息化委员会办公室")
    filing = factories.filing(unit)
    staff = factories.person("staff", unit)
    # The other layouts' review pages, submitted as they are (set: one
    # example's rule error would refuse a submission).
    others = []
    for code, layout, example in (("430981", "hunan", "hunan-yuanjiang-2024"), ("341300", "anhui", "anhui-suzhou-2023")):
        other = factories.filing(factories.unit(factories.region(code=code, layout=layout)), example=example)
        type(other).objects.filter(pk=other.pk).update(status="submitted")
        others.append(other)
    reviewer = factories.person("reviewer", jurisdiction=[region] + [o.unit.region for o in others])
    transition(filing.pk, staff, "submit")
    add_comment(filing.pk, reviewer, "计划完成率应量化", project_id=filing.projects.get().pk, indicator_index=1)
    sign_in(page, live_server, reviewer)

    def fits():
        return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    def shown_as_card(selector):
        return page.locator(selector).first.evaluate("row => getComputedStyle(row).display") == "block"

    page.goto(live_server.url + reverse("reviews:queue"))
    assert fits() and shown_as_card("#queue tbody tr")
    button = page.locator("#queue a:has-text('审核')").first.bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= 390
    page.goto(live_server.url + reverse("reviews:filing", args=[filing.pk]))
    assert fits() and shown_as_card(".review-indicators tbody tr")
    for selector in ("#review-panel button:has-text('审核通过')", ".review-indicators td:has-text('计划完成率')"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
    page.click("#review-panel button:has-text('审核通过')")
    page.wait_for_load_state()
    assert fits()
    for url in (reverse("reviews:history", args=[filing.pk]), reverse("reviews:changes", args=[filing.pk]),
                reverse("reviews:round_diff", args=[filing.pk, 1]), reverse("reviews:overview"),
                reverse("reviews:notices"), reverse("api:docs"), reverse("password_change"),
                reverse("targets:filing", args=[filing.pk]),
                *(reverse("reviews:filing", args=[other.pk]) for other in others)):
        assert page.goto(live_server.url + url).status == 200, url
        assert fits(), url


def test_comments_are_written_answered_and_closed_without_a_reload(live_server, browser_page):
    from reviews.models import Comment
    from reviews.transitions import transition

    page = browser_page
    page.set_viewport_size({"width": 1300, "height": 600})
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region)
    filing = factories.filing(unit)
    staff = factories.person("staff", unit)
    reviewer = factories.person("reviewer", jurisdiction=[region])
    transition(filing.pk, staff, "submit")
    row = filing.projects.get().indicators.order_by("order", "id")[4]
    review_url = live_server.url + reverse("reviews:filing", args=[filing.pk])

    def same_page_and_place(step, scrolled, selector):
        """No reload (a mark set on the page survives), and the item is still
        in view where the reader was (the page did not jump to the top)."""
        page.evaluate("window.stillHere = true")
        step()
        assert page.evaluate("window.stillHere === true")
        assert page.evaluate("window.scrollY") > scrolled / 2
        box = page.locator(selector).bounding_box()
        assert 0 <= box["y"] < 600

    sign_in(page, live_server, reviewer)
    page.goto(review_url)
    line = page.locator(f"#indicator-{row.pk}")
    line.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0
    line.locator("summary:has-text('添加审核意见')").click()
    line.locator("textarea").fill("网络安全保障指标值请量化")

    def add():
        line.locator("button:has-text('添加意见')").click()
        line.locator("text=网络安全保障指标值请量化").wait_for()

    same_page_and_place(add, scrolled, f"#indicator-{row.pk}")
    comment = Comment.objects.get(text="网络安全保障指标值请量化")
    assert comment.indicator_id == row.pk

    sign_in(page, live_server, staff)
    page.goto(review_url)
    item = page.locator(f"#comment-{comment.pk}")
    item.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    item.locator("summary:has-text('答复')").click()
    item.locator("textarea").fill("已改为“全年无重大网络安全事件”")

    def answer():
        page.locator(f"#comment-{comment.pk} button:has-text('提交答复')").click()
        page.locator(f"#comment-{comment.pk} >> text=已改为“全年无重大网络安全事件”").wait_for()

    same_page_and_place(answer, scrolled, f"#comment-{comment.pk}")
    assert "已答复" in page.locator(f"#comment-{comment.pk}").inner_text()

    sign_in(page, live_server, reviewer)
    page.goto(review_url)
    page.locator(f"#comment-{comment.pk}").scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")

    def close():
        page.locator(f"#comment-{comment.pk} button:has-text('关闭')").click()
        page.locator(f"#comment-{comment.pk} >> text=已关闭").wait_for()

    same_page_and_place(close, scrolled, f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert not comment.is_open


def test_comments_on_a_projects_fields_and_a_rows_column_without_a_reload(live_server, browser_page):
    from reviews.models import Comment
    from reviews.transitions import transition

    page = browser_page
    page.set_viewport_size({"width": 1300, "height": 600})
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region)
    filing = factories.filing(unit)
    staff = factories.person("staff", unit)
    transition(filing.pk, staff, "submit")
    project = filing.projects.get()
    row = project.indicators.order_by("order", "id")[3]
    sign_in(page, live_server, factories.person("reviewer", jurisdiction=[region]))
    page.goto(live_server.url + reverse("reviews:filing", args=[filing.pk]))
    page.evaluate("window.stillHere = true")

    def save_in_place(button, shown):
        """Save a comment: no reload, the page stays where it was."""
        button.scroll_into_view_if_needed()
        scrolled = page.evaluate("window.scrollY")
        assert scrolled > 0
        button.click()
        page.locator(shown).wait_for()
        assert abs(page.evaluate("window.scrollY") - scrolled) <= 1
        assert page.evaluate("window.stillHere === true")

    section = page.locator(f"#project-{project.pk}")
    section.locator("details > summary:has-text('添加审核意见')").first.click()
    form = section.locator(f"#comment-field-{project.pk}-").locator("xpath=..")
    form.locator("select[name=field]").select_option(label="预算规模及资金用途")
    form.locator("textarea").fill("资金用途写得太笼统")
    save_in_place(form.locator("button:has-text('添加意见')"), 'dd[data-field="purpose"] >> text=资金用途写得太笼统')
    section.locator("details > summary:has-text('添加审核意见')").first.click()  # closed once saved
    form.locator("select[name=field]").select_option(label="资金支出计划")
    form.locator("textarea").fill("6月底应达到60%")
    save_in_place(form.locator("button:has-text('添加意见')"), 'dd[data-field="spending_plan"] >> text=6月底应达到60%')

    line = page.locator(f"#indicator-{row.pk}")
    line.locator("summary:has-text('添加审核意见')").click()
    line.locator("select[name=field]").select_option(label="绩效指标描述")
    line.locator("textarea").fill("描述只重复了指标名称")
    save_in_place(line.locator("button:has-text('添加意见')"), f"#indicator-{row.pk} >> text=描述只重复了指标名称")
    assert "绩效指标描述" in line.locator(".review-comment").inner_text()

    assert page.evaluate("window.stillHere === true")
    assert {(c.field, c.project_id, c.indicator_id) for c in Comment.objects.all()} == {
        ("purpose", project.pk, None), ("spending_plan", project.pk, None), ("description", project.pk, row.pk)}


def test_the_hunan_department_table_is_commented_on_and_its_changes_marked(live_server, browser_page):
    """The 部门整体支出绩效目标表 on the review page: a comment on 资金总额
    without a reload, beside the field; after a return and a resubmission
    the changed 整体绩效目标 and department indicator value are marked."""
    from reviews.models import Comment
    from reviews.transitions import transition
    from targets.models import Filing

    page = browser_page
    region = factories.region("沅江市", code="430981", layout="hunan")
    unit = factories.unit(region)
    filing = factories.filing(unit, example="hunan-yuanjiang-2024")
    Filing.objects.filter(pk=filing.pk).update(budget_basic="64.76")  # the example's use lines add up to 110.44
    staff = factories.person("staff", unit)
    reviewer = factories.person("reviewer", jurisdiction=[region])
    transition(filing.pk, staff, "submit")
    review_url = live_server.url + reverse("reviews:filing", args=[filing.pk])

    sign_in(page, live_server, reviewer)
    page.goto(review_url)
    page.evaluate("window.stillHere = true")
    department = page.locator("#department")
    department.locator("details > summary:has-text('添加审核意见')").first.click()
    form = department.locator("#comment-field-department").locator("xpath=..")
    form.locator("select[name=field]").select_option(label="资金总额")
    form.locator("textarea").fill("资金总额与预算批复不一致")
    form.locator("button:has-text('添加意见')").click()
    department.locator('dd[data-field="total"] >> text=资金总额与预算批复不一致').wait_for()
    assert page.evaluate("window.stillHere === true")
    comment = Comment.objects.get(text="资金总额与预算批复不一致")
    assert (comment.target, comment.field, comment.location) == ("filing", "total", "department.budget.total")
    assert serious_accessibility_violations(page) == []

    transition(filing.pk, reviewer, "return", comment="请修改")
    Filing.objects.filter(pk=filing.pk).update(overall_goal="全年开展网络舆情监测不少于320次")
    row = filing.indicators.filter(project=None).order_by("order", "id")[0]
    old_value, row.value = row.value, "≥320次"
    row.save(update_fields=["value"])
    transition(filing.pk, staff, "submit")

    page.goto(review_url)
    goal = department.locator('dd[data-field="overall_goal"]')
    assert "review-changed" in goal.get_attribute("class")
    assert f"原为：{filing.overall_goal}" in goal.inner_text()
    cell = page.locator(f"#indicator-{row.pk} td.review-changed")
    assert cell.inner_text().split("\n") == ["≥320次", f"原为：{old_value}"]
    assert department.locator(".review-changed").count() == 2
    assert "（2 处）" in page.locator("#changes-link").inner_text()
    # The comment is still beside 资金总额.
    assert "资金总额与预算批复不一致" in department.locator('dd[data-field="total"]').inner_text()
    # The marks, the changes page (原值 / 新值 headings) and the history with its changes: axe clean.
    assert serious_accessibility_violations(page) == []
    for url in (reverse("reviews:changes", args=[filing.pk]), reverse("reviews:history", args=[filing.pk])):
        page.goto(live_server.url + url)
        assert serious_accessibility_violations(page) == [], url
    page.goto(live_server.url + reverse("reviews:changes", args=[filing.pk]))
    assert page.locator("table.review-change-table th[scope=col]").all_inner_texts()[:3] == ["字段", "原值", "新值"]
