"""Everyone changes their own password: refusals say why in Chinese, the
session changing it stays signed in, sessions elsewhere end."""
import pytest
from django.test import Client
from django.urls import reverse

from .. import factories

URL = reverse("password_change")
NEW = "Jixiao-新密码-2025"


def signed_in(user, password=factories.PASSWORD):
    client = Client()
    assert client.login(username=user.username, password=password)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff", "reviewer", "admin"])
def test_each_role_changes_its_password_and_other_sessions_end(role):
    user = factories.person(role, factories.unit() if role == "staff" else None)
    here, elsewhere = signed_in(user), signed_in(user)
    page = here.get(reverse("home"), follow=True).content.decode()
    assert f'href="{URL}"' in page  # in the menu bar

    response = here.post(URL, {"old_password": factories.PASSWORD, "new_password1": NEW, "new_password2": NEW},
                         follow=True)

    assert response.redirect_chain[0][0] == reverse("home")  # which takes reviewers on to their queue
    assert "密码已修改" in response.content.decode()
    assert here.get(URL).status_code == 200  # still signed in
    assert elsewhere.get(URL).status_code == 302  # signed out there
    assert not Client().login(username=user.username, password=factories.PASSWORD)
    assert Client().login(username=user.username, password=NEW)


@pytest.mark.django_db
@pytest.mark.parametrize("data, field, message", [
    ({"old_password": "wrong-password", "new_password1": NEW, "new_password2": NEW},
     "old_password", "你的旧密码不正确"),
    ({"old_password": factories.PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"},
     "new_password2", "输入的两个密码不一致"),
    ({"old_password": factories.PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
     "new_password2", "这个密码太常见了"),
    # Django's zh_Hans catalog lacks this one: it came out in English.
    ({"old_password": factories.PASSWORD, "new_password1": "jx-25", "new_password2": "jx-25"},
     "new_password2", "密码太短，至少需要 8 个字符。"),
])
def test_refusals_name_the_field_and_keep_the_password(data, field, message):
    user = factories.person("staff", factories.unit())
    client = signed_in(user)
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    field_html = page.split(f'id="id_{field}"')[0].rsplit("<input", 1)[1]
    assert "is-invalid" in field_html
    user.refresh_from_db()
    assert user.check_password(factories.PASSWORD)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
