"""A small world for monitoring rounds: a province with two counties and a
second province, units with filings of 2024 in each state, their staff and
reviewers, and an admin; helpers that approve a filing the way a reviewer
does and fill a report with a lagging (red) indicator."""
import datetime
from dataclasses import dataclass, field

from reports.judging import document_lights
from reviews.transitions import transition
from tests import factories
from units.models import User

DEADLINE = datetime.date(2024, 8, 20)


@dataclass
class Place:
    unit: object
    staff: object
    filing: object


@dataclass
class MonitoringWorld:
    province: object
    county_a: object
    county_b: object
    other_province: object
    reviewer: object  # the province's
    county_reviewer: object  # county A's only
    other_reviewer: object
    admin: object
    places: dict = field(default_factory=dict)  # name -> Place


def place(region, name, code, year=2024, status="approved", reviewer=None, example="hebei-huailai-2022"):
    unit = factories.unit(region, code=code, name=name)
    staff = factories.person(User.Role.STAFF, unit_=unit)
    filing = factories.filing(unit, example=example, year=year,
                              unit={"code": code, "name": name, "region": {"code": region.code, "name": region.name}})
    if status in ("submitted", "approved"):
        transition(filing.pk, staff, "submit")
    if status == "approved":
        transition(filing.pk, reviewer, "approve")
    filing.refresh_from_db()
    assert filing.status == status
    return Place(unit, staff, filing)


def make_world():
    province = factories.region(name="监控省", code="130000")
    county_a = factories.region(name="甲县", code="130731", parent=province)
    county_b = factories.region(name="乙县", code="130732", parent=province)
    other = factories.region(name="他省", code="430000")
    other_county = factories.region(name="他县", code="430981", parent=other)
    reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[province])
    county_reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[county_a])
    other_reviewer = factories.person(User.Role.REVIEWER, jurisdiction=[other])
    admin = factories.person(User.Role.ADMIN)
    world = MonitoringWorld(province, county_a, county_b, other, reviewer, county_reviewer, other_reviewer, admin)
    world.places = {
        "a_approved": place(county_a, "甲县已通过单位", "224001", reviewer=reviewer),
        "a_draft": place(county_a, "甲县草稿单位", "224002", status="draft"),
        "a_submitted": place(county_a, "甲县已提交单位", "224003", status="submitted"),
        "a_last_year": place(county_a, "甲县上年单位", "224004", year=2023, reviewer=reviewer),
        "b_approved": place(county_b, "乙县已通过单位", "224005", reviewer=reviewer),
        "other_approved": place(other_county, "他省已通过单位", "224001", reviewer=other_reviewer),
    }
    return world


def lagging(document, months=None):
    """(project index, indicator index) of the first indicator that an
    actual of 0 lights red, after setting it."""
    for p, project in enumerate(document["projects"]):
        for i, item in enumerate(project["indicators"]):
            before = item["actual"]
            item["actual"] = "0"
            if document_lights(document)[p].indicators[i].light.value == "red":
                return p, i
            item["actual"] = before
    raise AssertionError("no indicator turns red")
