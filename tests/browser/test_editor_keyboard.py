"""The whole project editor filled with the keyboard alone (issue 13): Tab
through the project's fields, its budget, the spending plan and the
indicator grid, type, add rows with Enter, and save, without a click."""
from decimal import Decimal

import pytest
from django.urls import reverse

from targets.models import Project

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "() => document.activeElement.id || document.activeElement.textContent.trim()"


def tab_to(page, target, most=30):
    """Press Tab until the focus is on `target` (an element id, or a
    button's text); fail if it takes more than `most` presses: the field is
    not in the keyboard's way through the page."""
    passed = []
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused == target:
            return passed
        passed.append(focused)
    pytest.fail(f"{target} not reached by Tab; passed {passed}")


def type_into(page, target, text, most=3):
    """Tab to the field (it must be near: the next one or two) and type."""
    tab_to(page, target, most)
    page.keyboard.type(text)


def test_a_new_hebei_project_filled_and_saved_by_keyboard_only(live_server, browser_page, hebei):
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, live_server, hebei["staff"])
    filing = hebei["filing"]
    page.goto(live_server.url + reverse("targets:project_new", args=[filing.pk]))
    page.wait_for_load_state("networkidle")

    # The project's fields, one Tab after the other in the order of the table.
    tab_to(page, "id_code", most=12)
    page.keyboard.type("13073022P00850910009T")
    type_into(page, "id_name", "网信办公设备购置", most=1)
    type_into(page, "id_budget_total", "2.5", most=1)
    type_into(page, "id_budget_fiscal", "2.5", most=1)
    tab_to(page, "id_budget_other", most=1)  # left blank
    type_into(page, "id_purpose", "购置办公电脑两台", most=1)
    for month, share in ((3, "20"), (6, "50"), (10, "80"), (12, "100")):
        type_into(page, f"id_plan-month_{month}", share, most=1)
    type_into(page, "id_annual_goal", "保障网信办日常办公设备需要。", most=1)

    # The grid: the add button by keyboard, the first row starts at 一级.
    tab_to(page, "＋ 添加指标行", most=1)
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == "id_ind-0-level1"
    page.keyboard.press("ArrowDown")  # 产出指标
    tab_to(page, "id_ind-0-level2", most=1)
    page.keyboard.press("ArrowDown")  # its first 二级: 数量指标
    type_into(page, "id_ind-0-name", "购置电脑数量", most=1)
    type_into(page, "id_ind-0-description", "按计划购置", most=1)
    type_into(page, "id_ind-0-value", "≥2台", most=1)
    type_into(page, "id_ind-0-basis", "采购计划", most=1)
    # Enter in the last cell adds a row, in the 一级/二级 above, at 三级指标.
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED) == "id_ind-1-name"
    page.keyboard.type("设备验收合格率")
    type_into(page, "id_ind-1-description", "验收合格", most=1)
    type_into(page, "id_ind-1-value", "100%", most=1)
    type_into(page, "id_ind-1-basis", "验收单", most=1)
    # Shift+Tab back to its 二级 and change it to 质量指标.
    for _ in range(4):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == "id_ind-1-level2"
    page.keyboard.press("ArrowDown")

    # Past the rows' buttons to 保存, and Enter saves.
    tab_to(page, "保存", most=12)
    page.keyboard.press("Enter")
    page.get_by_text("已保存项目“网信办公设备购置”").wait_for()
    page.wait_for_load_state("networkidle")

    project = Project.objects.get(filing=filing, name="网信办公设备购置")
    assert (project.code, project.budget_total, project.budget_fiscal, project.budget_other,
            project.purpose, project.annual_goal) == (
        "13073022P00850910009T", Decimal("2.5"), Decimal("2.5"), None, "购置办公电脑两台",
        "保障网信办日常办公设备需要。")
    assert [(p.month, p.percent) for p in project.spending_plan.order_by("month")] == [
        (3, 20), (6, 50), (10, 80), (12, 100)]
    assert [(r.level1, r.level2, r.name, r.description, r.value, r.basis)
            for r in project.indicators.order_by("order")] == [
        ("产出指标", "数量指标", "购置电脑数量", "按计划购置", "≥2台", "采购计划"),
        ("产出指标", "质量指标", "设备验收合格率", "验收合格", "100%", "验收单"),
    ]
    # Back on the saved page, the amounts read as the table prints them.
    assert page.input_value("#id_budget_total") == "2.50"
