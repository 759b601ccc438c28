"""The README's production path: an admin made with `createsuperuser` can
use the home page and every page of its menu."""
import re

import pytest
from django.core.management import call_command

from units.models import User


@pytest.mark.django_db
def test_createsuperuser_makes_an_admin_who_can_use_every_menu_page(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "correct-horse-battery-9")
    call_command("createsuperuser", "--noinput", username="root", email="root@example.org", verbosity=0)
    admin = User.objects.get(username="root")
    assert admin.role == User.Role.ADMIN
    assert client.login(username="root", password="correct-horse-battery-9")

    home = client.get("/", follow=True)
    assert home.status_code == 200
    menu = re.search(r'<nav.*?</nav>', home.content.decode(), re.S).group(0)
    links = sorted(set(re.findall(r'href="(/[^"#]*)"', menu)))
    assert "/admin/" in links and "/accounts/roster/" in links  # the admin's menu, not a unit's
    assert len(links) >= 7, links
    for link in links:
        assert client.get(link, follow=True).status_code == 200, link
