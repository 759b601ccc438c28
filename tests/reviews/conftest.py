"""A small world with data that could leak: two provinces, each with a county
unit, its staff and its reviewer, plus an admin; one filing per unit."""
from dataclasses import dataclass

import pytest
from django.test import Client

from targets.models import FilingStatus
from tests import factories
from units.models import User

# Text of the foreign unit that must never show up for the home side.
FOREIGN_MARKER = "泄露检测单位"


@dataclass
class Side:
    province: object
    county: object
    unit: object
    staff: object
    reviewer: object
    filing: object


@dataclass
class World:
    home: Side
    foreign: Side
    admin: object


def make_side(name, province_code, county_code, unit_name):
    province = factories.region(name=f"{name}省", code=province_code)
    county = factories.region(name=f"{name}县", code=county_code, parent=province)
    unit = factories.unit(county, code="224001", name=unit_name)
    staff = factories.person(User.Role.STAFF, unit_=unit, username=f"staff_{name}")
    reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[province], username=f"reviewer_{name}")
    filing = factories.filing(
        unit, year=2024,
        unit={"code": unit.code, "name": unit_name, "region": {"code": county_code, "name": county.name}},
    )
    return Side(province, county, unit, staff, reviewer, filing)


def make_world():
    home = make_side("home", "130000", "130730", "本地测试单位")
    # The same unit code in another province: units are told apart by region.
    foreign = make_side("foreign", "430000", "430981", FOREIGN_MARKER)
    admin = factories.person(User.Role.ADMIN, username="admin_test")
    return World(home, foreign, admin)


@pytest.fixture
def world(db):
    return make_world()


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def submitted(filing, staff):
    """The filing after its staff submitted it."""
    from reviews.transitions import transition

    transition(filing.pk, staff, "submit")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.SUBMITTED
    return filing
