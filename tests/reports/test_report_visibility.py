"""Who reaches a monitoring report and a round: the unit's own staff, the
reviewers whose jurisdiction holds the unit, admins; anybody else gets 404
(the report is not found), staff of a neighbouring unit in the same county
as much as a reviewer of another province."""
import pytest
from django.test import Client
from django.urls import reverse

from reports.opening import open_monitoring
from reports.visibility import exercises_for_user, reports_for_user

from .core_support import DEADLINE, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def rounds(world):
    """A province round (甲县 and 乙县 reports) and the other province's."""
    return (open_monitoring(world.reviewer, year=2024, deadline=DEADLINE, region=world.province),
            open_monitoring(world.admin, year=2024, deadline=DEADLINE, region=world.other_province))


def names(reports):
    return sorted(report.unit.name for report in reports)


def test_staff_reach_their_own_units_report_only(world, rounds):
    for key in ("a_approved", "b_approved", "other_approved"):
        place = world.places[key]
        assert names(reports_for_user(place.staff)) == [place.unit.name]
    # A unit without a report (its filing is a draft) reaches none.
    assert not reports_for_user(world.places["a_draft"].staff).exists()
    assert not exercises_for_user(world.places["a_draft"].staff).exists()
    assert list(exercises_for_user(world.places["a_approved"].staff)) == [rounds[0]]


def test_reviewers_reach_their_jurisdiction(world, rounds):
    assert names(reports_for_user(world.reviewer)) == ["乙县已通过单位", "甲县已通过单位"]
    assert names(reports_for_user(world.county_reviewer)) == ["甲县已通过单位"]
    assert names(reports_for_user(world.other_reviewer)) == ["他省已通过单位"]
    assert names(reports_for_user(world.admin)) == ["乙县已通过单位", "他省已通过单位", "甲县已通过单位"]
    assert list(exercises_for_user(world.reviewer)) == [rounds[0]]
    assert list(exercises_for_user(world.other_reviewer)) == [rounds[1]]
    assert set(exercises_for_user(world.admin)) == set(rounds)


def test_the_report_page_is_404_outside_reach(world, rounds):
    report = rounds[0].reports.get(unit=world.places["a_approved"].unit)
    url = reverse("reports:report", args=[report.pk])
    outsiders = [world.places["a_draft"].staff, world.places["b_approved"].staff,
                 world.places["other_approved"].staff, world.other_reviewer]
    insiders = [world.places["a_approved"].staff, world.reviewer, world.county_reviewer, world.admin]
    for user, expected in [(u, 404) for u in outsiders] + [(u, 200) for u in insiders]:
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == expected, (user.username, response.status_code)
        if expected == 404:
            assert "甲县已通过单位" not in response.content.decode()


def test_rounds_in_reach(world, rounds):
    province_round, other_round = rounds
    # A county reviewer sees the province round through the county's report.
    assert list(exercises_for_user(world.county_reviewer)) == [province_round]
    # A round of chosen units none of which has an approved filing yet.
    empty = open_monitoring(world.county_reviewer, year=2024, deadline=DEADLINE,
                            units=[world.places["a_draft"].unit])
    assert not empty.reports.exists()
    assert empty in exercises_for_user(world.county_reviewer)
    assert empty in exercises_for_user(world.admin) and empty in exercises_for_user(world.reviewer)
    assert empty not in exercises_for_user(world.other_reviewer)
    assert other_round not in exercises_for_user(world.county_reviewer)
