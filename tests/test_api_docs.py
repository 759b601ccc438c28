"""The API's documentation page: open as the description it shows is, in
the menu of reviewers and admins."""
import pytest
from django.urls import reverse

from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize("role, in_menu", [("admin", True), ("reviewer", True), ("staff", False)])
def test_the_api_documentation_page(client, role, in_menu):
    url = reverse("api:docs")
    assert client.get(url).status_code == 200  # signed out too, as /api/openapi.json
    person = factories.person(role, unit_=factories.unit() if role == "staff" else None)
    client.force_login(person)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-url="{reverse("api:openapi")}"' in html
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in html and "https://" not in html
    home = client.get(reverse("home"), follow=True).content.decode()
    assert (f'href="{url}">接口文档</a>' in home) is in_menu
