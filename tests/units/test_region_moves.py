"""A region moved under another parent (a county given to another city, a
reorganisation) takes everything below it along: reach follows the tree
as it is now, for reviewers and for the paths the queries use."""
import pytest
from django.test import Client
from django.urls import reverse

from targets.visibility import filings_for_user, units_for_user
from units.models import Region

from .. import factories


@pytest.mark.django_db
def test_moving_a_city_moves_its_counties_units_and_filings_to_the_new_province():
    old_province, new_province = factories.region("甲省"), factories.region("乙省")
    city = factories.region("丙市", parent=old_province)
    county = factories.region("丁县", parent=city)
    unit = factories.unit(county)
    filing = factories.filing(unit)
    old_reviewer = factories.person("reviewer", jurisdiction=[old_province])
    new_reviewer = factories.person("reviewer", jurisdiction=[new_province])

    city.parent = new_province
    city.save()

    county.refresh_from_db()
    assert county.path == f"{new_province.path}{city.pk}/{county.pk}/"
    assert list(units_for_user(new_reviewer)) == [unit]
    assert list(filings_for_user(new_reviewer)) == [filing]
    assert not units_for_user(old_reviewer).exists()
    assert not filings_for_user(old_reviewer).exists()
    client = Client()
    client.force_login(old_reviewer)
    assert client.get(reverse("reviews:filing", args=[filing.pk])).status_code == 404


@pytest.mark.django_db
def test_only_the_moved_subtree_changes():
    province = factories.region("甲省")
    first, second = factories.region("一市", parent=province), factories.region("一市二", parent=province)
    below_first = factories.region("一县", parent=first)
    below_second = factories.region("二县", parent=second)
    other_province = factories.region("乙省")
    paths_before = {r.pk: r.path for r in Region.objects.all()}

    first.parent = other_province
    first.save()

    after = {r.pk: r.path for r in Region.objects.all()}
    assert after[below_first.pk] == f"{other_province.path}{first.pk}/{below_first.pk}/"
    # "/1/2/" must not drag "/1/23/" along: prefixes end at a slash.
    assert after[below_second.pk] == paths_before[below_second.pk]
    assert after[second.pk] == paths_before[second.pk]
