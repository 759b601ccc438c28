"""load_demo: the example units, reviewers per jurisdiction, an admin."""
import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from targets.models import Filing
from units.models import User


@pytest.mark.django_db
def test_demo_accounts_and_filings():
    call_command("load_demo")
    call_command("load_demo")  # running it again changes nothing
    assert Filing.objects.count() == 3
    assert set(Filing.objects.values_list("status", flat=True)) == {"draft"}
    for name in ("admin", "staff_huailai", "staff_yuanjiang", "staff_suzhou",
                 "reviewer_huailai", "reviewer_yuanjiang", "reviewer_suzhou"):
        assert authenticate(username=name, password="demo-pass-2024") is not None, name
    assert User.objects.get(username="admin").is_app_admin
    staff = User.objects.get(username="staff_huailai")
    assert staff.role == "staff" and staff.unit.code == "224001" and staff.unit.region.name == "怀来县"
    reviewer = User.objects.get(username="reviewer_yuanjiang")
    assert reviewer.role == "reviewer"
    assert [r.name for r in reviewer.jurisdiction.all()] == ["沅江市"]
    assert User.objects.get(username="staff_suzhou").unit.region.parent.name == "安徽省"


@pytest.mark.django_db
def test_nothing_creates_demo_accounts_unless_asked():
    assert not User.objects.filter(username__in=["admin", "staff_huailai"]).exists()
