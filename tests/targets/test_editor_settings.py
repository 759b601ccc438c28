"""A filing's settings on its page: the layout follows the unit and only an
admin changes it; the staff choose the amount unit; technical words (JSON,
快照) stay off the staff's pages."""
import pytest
from django.test import Client
from django.urls import reverse

from targets.models import Filing

from .. import factories


@pytest.fixture
def place(db):
    region = factories.region("怀来县", code="130730", layout="hebei")
    unit = factories.unit(region, name="中共怀来县委网络安全和信息化委员会办公室")
    filing = factories.filing(unit)
    return {"filing": filing, "staff": factories.person("staff", unit),
            "reviewer": factories.person("reviewer", jurisdiction=[region]),
            "admin": factories.person("admin"),
            "page": reverse("targets:filing", args=[filing.pk]),
            "settings": reverse("targets:settings", args=[filing.pk])}


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def post_settings(place, user, **values):
    filing = Filing.objects.get(pk=place["filing"].pk)
    return client_of(user).post(place["settings"], {"version_seen": filing.version, **values})


def test_staff_see_no_layout_select_and_no_technical_words(place):
    content = client_of(place["staff"]).get(place["page"]).content.decode()
    assert 'name="layout"' not in content and 'name="amount_unit"' in content
    for word in ("JSON", "快照", "filing/1", "---------"):
        assert word not in content, word
    # The tables stay downloadable.
    assert "下载 XLSX" in content and "下载 PDF" in content


def test_staff_posting_another_layout_are_refused_and_nothing_changes(place):
    before = Filing.objects.get(pk=place["filing"].pk)
    response = post_settings(place, place["staff"], layout="anhui", amount_unit="元")
    assert response.status_code == 403
    assert "只有管理员可以更改申报的版式" in response.content.decode()
    after = Filing.objects.get(pk=place["filing"].pk)
    assert (after.layout, after.amount_unit, after.version) == ("hebei", before.amount_unit, before.version)


def test_staff_change_the_amount_unit(place):
    response = post_settings(place, place["staff"], amount_unit="元")
    assert response.status_code == 302
    filing = Filing.objects.get(pk=place["filing"].pk)
    assert (filing.layout, filing.amount_unit) == ("hebei", "元")


def test_admin_gets_the_layout_select_without_an_empty_choice_and_changes_it(place):
    content = client_of(place["admin"]).get(place["page"]).content.decode()
    assert 'name="layout"' in content and "---------" not in content
    assert 'name="amount_unit"' not in content  # the staff's choice
    assert "版式随预算单位所在省份（本单位：河北省" in content
    assert "下载数据文件（JSON）" in content
    response = post_settings(place, place["admin"], layout="anhui")
    assert response.status_code == 302
    assert Filing.objects.get(pk=place["filing"].pk).layout == "anhui"


def test_nobody_changes_the_layout_once_submitted(place):
    Filing.objects.filter(pk=place["filing"].pk).update(status="submitted")
    assert 'name="layout"' not in client_of(place["admin"]).get(place["page"]).content.decode()
    response = post_settings(place, place["admin"], layout="anhui")
    assert response.status_code == 403 and "只能在草稿状态下更改" in response.content.decode()
    assert Filing.objects.get(pk=place["filing"].pk).layout == "hebei"


def test_reviewers_change_no_setting(place):
    content = client_of(place["reviewer"]).get(place["page"]).content.decode()
    assert 'name="layout"' not in content and 'name="amount_unit"' not in content and "JSON" not in content
    assert post_settings(place, place["reviewer"], layout="anhui", amount_unit="元").status_code == 403
