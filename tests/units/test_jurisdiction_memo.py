"""A reviewer's reach is read once per user object, and follows a change of
the jurisdiction made through that object."""
import pytest

from targets.visibility import filings_for_user

from .. import factories

pytestmark = pytest.mark.django_db


def test_reach_follows_a_change_of_jurisdiction(django_assert_num_queries):
    north, south = factories.region("北县", code="130101"), factories.region("南县", code="130102")
    in_north = factories.filing(factories.unit(north, code="001"), year=2022)
    in_south = factories.filing(factories.unit(south, code="002"), year=2022)
    reviewer = factories.person("reviewer", jurisdiction=[north])
    assert list(filings_for_user(reviewer)) == [in_north]
    with django_assert_num_queries(1):  # the filings only: the regions are remembered
        list(filings_for_user(reviewer))
    reviewer.jurisdiction.add(south)
    assert set(filings_for_user(reviewer)) == {in_north, in_south}
    reviewer.jurisdiction.remove(north)
    assert list(filings_for_user(reviewer)) == [in_south]
