"""Nothing typed in the editor is lost (issue 13): a session that ran out
while typing, a tab closed before saving, a form beside the editor
(标记已答复). Debian's chromium driven by Playwright."""
import pytest

from reviews.models import Comment
from targets.models import Project

from .. import factories
from .conftest import serious_accessibility_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def saved(page):
    """Wait for the save and the page's own requests after it (the live
    checks) before the test reads the database."""
    page.get_by_text("已保存项目").wait_for()
    page.wait_for_load_state("networkidle")


def test_session_ran_out_while_typing_sign_in_again_and_the_text_is_saved(live_server, browser_page, hebei):
    page = browser_page
    sign_in(page, live_server, hebei["staff"])
    page.goto(live_server.url + hebei["url"])
    page.fill("#id_purpose", "会议经费（下午补充的说明）")
    # The session and the CSRF cookie are gone (expired, browser restarted).
    page.context.clear_cookies()
    page.get_by_role("button", name="保存", exact=True).click()
    dialog = page.locator("#sign-in-again")
    dialog.get_by_label("密码").fill(factories.PASSWORD)
    dialog.get_by_role("button", name="登录并保存").click()
    saved(page)
    assert Project.objects.get(pk=hebei["project"].pk).purpose == "会议经费（下午补充的说明）"
    assert page.input_value("#id_purpose") == "会议经费（下午补充的说明）"


def test_a_wrong_password_in_the_dialog_keeps_the_text_on_the_page(live_server, browser_page, hebei):
    page = browser_page
    sign_in(page, live_server, hebei["staff"])
    page.goto(live_server.url + hebei["url"])
    page.fill("#id_purpose", "不能丢的内容")
    page.context.clear_cookies()
    page.get_by_role("button", name="保存", exact=True).click()
    page.locator("#again-password").fill("wrong-password")
    page.get_by_role("button", name="登录并保存").click()
    page.get_by_text("用户名或密码不正确").wait_for()
    assert page.input_value("#id_purpose") == "不能丢的内容"
    assert Project.objects.get(pk=hebei["project"].pk).purpose != "不能丢的内容"


def test_tab_closed_while_typing_offers_the_text_back(live_server, browser_page, hebei):
    page = browser_page
    sign_in(page, live_server, hebei["staff"])
    page.goto(live_server.url + hebei["url"])
    page.fill("#id_purpose", "关掉标签页之前写的")
    page.get_by_role("button", name="＋ 添加指标行").click()
    page.fill("#id_ind-6-name", "新加的一行")
    page.wait_for_timeout(500)  # the draft is kept a moment after typing
    # The browser goes away with the tab; it comes back with its profile.
    profile = page.context.storage_state()
    page.evaluate("() => document.body.dataset.keepTyped = '1'")
    page.close()
    page = browser_page.context.browser.new_context(storage_state=profile).new_page()
    page.goto(live_server.url + hebei["url"])
    assert page.input_value("#id_purpose") == "会议经费"
    offer = page.locator("#draft-offer")
    offer.get_by_role("button", name="恢复未保存的内容").click()
    assert page.input_value("#id_purpose") == "关掉标签页之前写的"
    assert page.input_value("#id_ind-6-name") == "新加的一行"
    page.get_by_role("button", name="保存", exact=True).click()
    saved(page)
    project = Project.objects.get(pk=hebei["project"].pk)
    assert project.purpose == "关掉标签页之前写的"
    assert project.indicators.order_by("order").last().name == "新加的一行"
    # Saved: nothing is offered any more.
    page.goto(live_server.url + hebei["url"])
    page.wait_for_timeout(300)
    assert offer.is_hidden()
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('editor-draft:'))") == []


def test_a_draft_is_never_shown_to_another_person_and_goes_with_sign_out(live_server, browser_page, hebei):
    page = browser_page
    colleague = factories.person("staff", hebei["unit"])
    sign_in(page, live_server, hebei["staff"])
    page.goto(live_server.url + hebei["url"])
    page.fill("#id_purpose", "只给我自己看的草稿")
    page.wait_for_timeout(500)
    page.evaluate("() => document.body.dataset.keepTyped = '1'")  # leave without the unload question
    sign_in(page, live_server, colleague)
    page.goto(live_server.url + hebei["url"])
    page.wait_for_timeout(300)
    assert page.locator("#draft-offer").is_hidden()
    assert "只给我自己看的草稿" not in page.evaluate("() => JSON.stringify(localStorage)")

    page.fill("#id_purpose", "同事的草稿")
    page.wait_for_timeout(500)
    page.evaluate("() => document.body.dataset.keepTyped = '1'")
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/accounts/login/?signed_out=1")
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('editor-draft:'))") == []


def test_marking_a_comment_answered_keeps_the_unsaved_fix(live_server, browser_page, hebei):
    page = browser_page
    reviewer = factories.person("reviewer")
    Comment.objects.create(filing=hebei["filing"], text="资金用途写得太简单", author=reviewer,
                           target=Comment.Target.PROJECT, project=hebei["project"])
    sign_in(page, live_server, hebei["staff"])
    page.goto(live_server.url + hebei["url"])
    page.fill("#id_purpose", "用于召开全县网信工作会议的场地、资料费用")
    page.wait_for_timeout(500)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.get_by_role("button", name="标记已答复").click()
    page.get_by_text("已标记为已答复").wait_for()
    assert dialogs == []  # no "leave page?" question
    assert page.input_value("#id_purpose") == "用于召开全县网信工作会议的场地、资料费用"
    page.get_by_role("button", name="保存", exact=True).click()
    saved(page)
    assert Project.objects.get(pk=hebei["project"].pk).purpose == "用于召开全县网信工作会议的场地、资料费用"


def test_two_tabs_save_the_same_project_the_second_picks_field_by_field(live_server, browser_page, hebei):
    first = browser_page
    sign_in(first, live_server, hebei["staff"])
    first.goto(live_server.url + hebei["url"])
    # A second tab of the same browser: the same sign-in.
    second = first.context.browser.new_context(storage_state=first.context.storage_state()).new_page()
    second.goto(live_server.url + hebei["url"])

    first.fill("#id_name", "第一个标签页的名称")
    first.fill("#id_purpose", "第一个标签页的资金用途")
    first.get_by_role("button", name="保存", exact=True).click()
    saved(first)

    second.fill("#id_name", "第二个标签页的名称")
    second.fill("#id_purpose", "第二个标签页的资金用途")
    with second.expect_navigation():
        second.get_by_role("button", name="保存", exact=True).click()
    second.get_by_text("在您编辑期间已被他人保存").wait_for()
    rows = second.locator(".conflict-table tbody tr")
    assert rows.locator("th").all_inner_texts() == ["项目名称", "资金用途"]
    assert second.locator(".conflict-table thead th").all_inner_texts() == ["内容", "您的修改", "他人保存的内容"]
    assert serious_accessibility_violations(second) == []
    # Keep my name, take the other tab's purpose.
    rows.nth(1).get_by_label("第一个标签页的资金用途").check()
    second.get_by_role("button", name="保存所选内容").click()
    saved(second)
    project = Project.objects.get(pk=hebei["project"].pk)
    assert (project.name, project.purpose) == ("第二个标签页的名称", "第一个标签页的资金用途")


def test_a_warning_comes_before_the_session_ends(live_server, browser_page, hebei, settings):
    settings.SESSION_COOKIE_AGE = 4 * 60
    page = browser_page
    sign_in(page, live_server, hebei["staff"])
    page.goto(live_server.url + hebei["url"])
    warning = page.get_by_role("status").filter(has_text="登录即将过期")
    warning.wait_for()
    assert "约 4 分钟后" in warning.inner_text()
    warning.get_by_role("button", name="保持登录").click()
    page.wait_for_load_state("networkidle")
    assert page.input_value("#id_purpose") == "会议经费"
