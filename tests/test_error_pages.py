"""Error pages speak Chinese and say why where we know why; the API keeps
answering in JSON."""
import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import bad_request, server_error

from . import factories


@pytest.fixture
def staff_client(db):
    client = Client()
    client.force_login(factories.person("staff", factories.unit()))
    return client


def test_refusal_shows_our_reason_in_the_sites_frame(staff_client):
    response = staff_client.get(reverse("reviews:queue"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in page and "审核工作台仅对审核人和管理员开放。" in page
    assert "绩效目标填报审核系统" in page and "Forbidden" not in page


def test_a_filing_out_of_reach_is_not_found_in_chinese(staff_client):
    other = factories.filing(factories.unit())
    response = staff_client.get(reverse("targets:filing", args=[other.pk]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "找不到页面" in page and "不在您的查看范围内" in page
    assert "Not Found" not in page and "matches the given query" not in page  # Django's English


def test_our_own_not_found_reason_is_shown(db):
    reviewer = factories.person("reviewer", jurisdiction=[factories.region()])
    client = Client()
    client.force_login(reviewer)
    response = client.get(reverse("reviews:overview"), {"region": factories.region().pk})
    assert response.status_code == 404
    assert "这个行政区划不在辖区内。" in response.content.decode()


def test_an_expired_form_says_nothing_was_saved(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.person("staff", factories.unit()))
    response = client.post(reverse("password_change"), {"old_password": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "表单已过期" in page and "没有保存任何内容" in page


def test_server_error_and_bad_request_pages():
    request = RequestFactory().get("/")
    assert "服务器出错" in server_error(request).content.decode()
    assert "请求不正确" in bad_request(request, Exception()).content.decode()


def test_api_errors_stay_json(staff_client):
    response = staff_client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "找不到请求的资源。"}
