"""End to end with the load_demo data: every demo account signs in through
the real login form and works the review cycle, once through the pages and
once through the JSON API (with CSRF checks on)."""
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from reviews.log import record
from reviews.models import Comment, Notice
from targets.interchange.diff import CHANGED, Change
from targets.models import Filing, FilingStatus

PASSWORD = "demo-pass-2024"
PLACES = ["huailai", "yuanjiang", "suzhou"]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    filings = {}
    for place in PLACES:
        from units.models import User

        staff = User.objects.get(username=f"staff_{place}")
        filings[place] = Filing.objects.get(unit=staff.unit)
    return filings


def sign_in(username, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    page = client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    assert page.status_code == 200
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD,
                                               "csrfmiddlewaretoken": token})
    assert response.status_code == 302, f"{username} could not sign in"
    client.csrf_token = client.cookies["csrftoken"].value
    return client


def post(client, url, **data):
    return client.post(url, {**data, "csrfmiddlewaretoken": client.csrf_token})


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def fix_yuanjiang(filing, user):
    """What the unit does in the editor: correct 基本支出 so the department
    budget adds up (66.16 + 44.28 ≠ 109.04)."""
    filing.budget_basic = Decimal("64.76")
    filing.version += 1
    filing.save(update_fields=["budget_basic", "version"])
    record(filing, user, "edit", "修改年度预算申请",
           [Change(CHANGED, "department.budget.basic", "年度预算申请", "基本支出", "66.16", "64.76")])


def test_every_account_sees_only_its_own_filings(demo):
    for place in PLACES:
        for role in ("staff", "reviewer"):
            client = sign_in(f"{role}_{place}")
            ids = [r["id"] for r in client.get("/api/filings/").json()["results"]]
            assert ids == [demo[place].pk], (role, place)
            for other in PLACES:
                if other != place:
                    assert client.get(f"/reviews/filings/{demo[other].pk}/").status_code == 404
                    assert client.get(f"/filings/{demo[other].pk}/").status_code == 404
    admin = sign_in("admin")
    assert sorted(r["id"] for r in admin.get("/api/filings/").json()["results"]) == sorted(
        f.pk for f in demo.values())


def test_the_review_cycle_through_the_pages(demo):
    filing = demo["huailai"]
    staff, reviewer, admin = sign_in("staff_huailai"), sign_in("reviewer_huailai"), sign_in("admin")
    base = f"/reviews/filings/{filing.pk}"

    # The unit submits from the filing page's review panel.
    page = staff.get(f"/filings/{filing.pk}/")
    assert page.status_code == 200
    assert f'action="{base}/submit/"' in page.content.decode()
    confirm = post(staff, f"{base}/submit/", next=f"/filings/{filing.pk}/").content.decode()
    assert "确认提交审核？" in confirm and "待答复意见 0 条" in confirm
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT
    response = post(staff, f"{base}/submit/", confirmed="1", next=f"/filings/{filing.pk}/")
    assert response.status_code == 302 and response.url == f"/filings/{filing.pk}/"
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED and not filing.is_editable

    # The reviewer is told, finds it in the queue and the overview.
    queue = reviewer.get("/reviews/").content.decode()
    assert re.search(r'id="unread-notices">1<', queue)
    assert f'href="{base}/"' in queue
    assert "已提交" in reviewer.get("/reviews/overview/?year=2022").content.decode()
    review = reviewer.get(f"{base}/").content.decode()
    assert f'action="{base}/return/"' in review and f'action="{base}/approve/"' in review
    assert not Notice.objects.filter(recipient__username="reviewer_huailai", read_at__isnull=True).exists()

    # Comments on a project's indicator row, then the return.
    project = filing.projects.order_by("order", "id")[0]
    response = post(reviewer, f"{base}/comments/", text="会议次数指标值不可衡量", project=project.pk,
                    indicator_index=0)
    assert messages_of(reviewer.get(response.url)) == ["审核意见已保存。"]
    response = post(reviewer, f"{base}/return/", confirmed="1", comment="", conclusion="中")
    assert messages_of(reviewer.get(response.url)) == ["退回时必须填写审核意见。"]
    post(reviewer, f"{base}/return/", confirmed="1", comment="年度目标留有占位文字“目标内容1”", conclusion="中")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.RETURNED and filing.is_editable

    # The unit sees the comments beside their items and answers them.
    home = staff.get("/").content.decode()
    assert re.search(r'id="unread-notices">1<', home)
    notices = staff.get("/reviews/notices/").content.decode()
    assert "已被退回，请按审核意见修改" in notices and "目标内容1" in notices
    review = staff.get(f"{base}/").content.decode()
    assert "会议次数指标值不可衡量" in review and "年度目标留有占位文字" in review
    for comment in Comment.objects.filter(filing=filing):
        post(staff, f"{base}/comments/{comment.pk}/answer/")
    assert not Comment.objects.filter(filing=filing, answered_at__isnull=True).exists()
    project.annual_goal = "1.保障全年会议按计划召开"
    project.save(update_fields=["annual_goal"])
    post(staff, f"{base}/submit/", confirmed="1")

    # The reviewer sees what changed since the return, and approves.
    diff = reviewer.get(f"{base}/rounds/3/").content.decode()
    assert '<span class="badge text-bg-secondary" id="change-count">1</span>' in diff
    assert "<ins>1.保障全年会议按计划召开</ins>" in diff
    post(reviewer, f"{base}/approve/", confirmed="1", comment="同意", conclusion="优")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.APPROVED
    assert f'action="{base}/submit/"' not in staff.get(f"/filings/{filing.pk}/").content.decode()

    # Only the admin reopens it for an adjustment; the approved round stays.
    assert post(reviewer, f"{base}/reopen/", confirmed="1", comment="调整").status_code == 403
    post(admin, f"{base}/reopen/", confirmed="1", comment="年中预算调整")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT and filing.is_editable
    history = staff.get(f"{base}/history/").content.decode()
    for label in ("提交", "退回", "通过", "重新打开（调整）", "审核意见", "标记意见已答复"):
        assert f'<span class="badge text-bg-secondary">{label}</span>' in history
    assert [r.action for r in filing.rounds.order_by("number")] == [
        "submit", "return", "submit", "approve", "reopen"]


def test_yuanjiang_must_fix_its_check_error_before_submitting(demo):
    filing = demo["yuanjiang"]
    staff, reviewer = sign_in("staff_yuanjiang"), sign_in("reviewer_yuanjiang")
    base = f"/reviews/filings/{filing.pk}"
    confirm = post(staff, f"{base}/submit/").content.decode()
    assert "审核规则错误 1 处" in confirm and "改正后才能提交" in confirm and 'name="confirmed"' not in confirm
    response = post(staff, f"{base}/submit/", confirmed="1")
    refused = messages_of(staff.get(response.url))
    assert refused == ["审核规则发现 1 处错误，修改后才能提交。部门资金总额 109.04 万元与按支出性质各项之和不符："
                       "基本支出 66.16 + 项目支出 44.28 = 110.44 万元"]
    fix_yuanjiang(filing, staff_user := filing.unit.staff.get())
    post(staff, f"{base}/submit/", confirmed="1")
    post(reviewer, f"{base}/approve/", confirmed="1", conclusion="良")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.APPROVED
    assert filing.log_entries.filter(action="edit", user=staff_user).count() == 1


def test_suzhou_through_the_pages(demo):
    filing = demo["suzhou"]
    staff, reviewer = sign_in("staff_suzhou"), sign_in("reviewer_suzhou")
    base = f"/reviews/filings/{filing.pk}"
    post(staff, f"{base}/submit/", confirmed="1")
    post(reviewer, f"{base}/approve/", confirmed="1")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.APPROVED


def api(client, url, data=None):
    import json

    return client.post(url, json.dumps(data or {}, ensure_ascii=False), content_type="application/json",
                       HTTP_X_CSRFTOKEN=client.csrf_token)


def test_the_review_cycle_through_the_api(demo):
    clients = {name: sign_in(name, csrf=True) for name in [
        "admin", *(f"{role}_{place}" for role in ("staff", "reviewer") for place in PLACES)]}
    for place in PLACES:
        filing = demo[place]
        staff, reviewer = clients[f"staff_{place}"], clients[f"reviewer_{place}"]
        url = f"/api/filings/{filing.pk}"
        if place == "yuanjiang":
            response = api(staff, f"{url}/submit/")
            assert response.status_code == 400
            assert [p["code"] for p in response.json()["problems"]] == ["department_budget.use_mismatch"]
            fix_yuanjiang(filing, filing.unit.staff.get())
        assert api(reviewer, f"{url}/submit/").status_code == 403
        assert api(staff, f"{url}/submit/").json() == {"status": "submitted"}
        for other in PLACES:
            if other != place:
                assert api(clients[f"reviewer_{other}"], f"{url}/approve/").status_code == 404
        assert api(reviewer, f"{url}/return/", {"comment": "请补充"}).json() == {"status": "returned"}
        assert api(staff, f"{url}/submit/").json() == {"status": "submitted"}
        assert api(reviewer, f"{url}/approve/", {"conclusion": "优"}).json() == {"status": "approved"}
        assert api(reviewer, f"{url}/approve/").status_code == 409
        assert api(clients["admin"], f"{url}/reopen/", {"reason": "调整"}).json() == {"status": "draft"}
        exported = staff.get(f"{url}/export.json").json()
        assert exported["format"] == "filing/1" and exported["year"] == filing.year
        assert staff.get("/api/filings/?status=draft").json()["results"][0]["id"] == filing.pk
    # Without the CSRF header a POST is refused even when signed in.
    response = clients["staff_huailai"].post(f"/api/filings/{demo['huailai'].pk}/submit/", "{}",
                                              content_type="application/json")
    assert response.status_code == 403
