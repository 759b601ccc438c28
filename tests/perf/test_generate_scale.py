"""generate_scale at a small scale: what it writes, and that it writes it
as the import path would (round trip through export_document)."""
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from perf.content import filing_document, province_tree
from reviews.models import Comment, Notice, Round
from targets.interchange import export_document, filings_for_export
from targets.management.commands.generate_scale import province_reviewer_username, staff_username
from targets.models import Filing, FilingStatus, Indicator, Project, SpendingCheckpoint
from targets.values import parse_value
from targets.visibility import filings_for_user
from tests import factories
from units.models import BudgetUnit, Region, User

UNITS, PROJECTS, ROWS, YEAR, SEED = 30, 2, 9, 2030, 3
HUNAN_DEPARTMENT_ROWS = 6


@pytest.fixture
def generated(db):
    call_command("generate_scale", units=UNITS, projects=PROJECTS, indicators=ROWS, seed=SEED, year=YEAR,
                 verbosity=0)


def test_counts(generated):
    assert BudgetUnit.objects.count() == UNITS
    assert Filing.objects.filter(year=YEAR).count() == UNITS
    assert Project.objects.count() == UNITS * PROJECTS
    hunan_units = sum(1 for i in range(UNITS) if i % 3 == 1)
    assert Indicator.objects.count() == UNITS * PROJECTS * ROWS + hunan_units * HUNAN_DEPARTMENT_ROWS
    hebei_units = sum(1 for i in range(UNITS) if i % 3 == 0)
    assert SpendingCheckpoint.objects.count() == hebei_units * PROJECTS * 4
    assert User.objects.filter(role=User.Role.STAFF).count() == UNITS
    cities = Region.objects.filter(level=Region.Level.CITY).count()
    assert User.objects.filter(role=User.Role.REVIEWER).count() == cities + 1
    assert User.objects.filter(role=User.Role.ADMIN).count() == 1


def test_every_status_and_layout_with_matching_rounds(generated):
    statuses = Counter(Filing.objects.values_list("status", flat=True))
    assert set(statuses) == set(FilingStatus.values)
    assert set(Filing.objects.values_list("layout", flat=True)) == {"hebei", "hunan", "anhui"}
    expected_rounds = {FilingStatus.DRAFT: 0, FilingStatus.SUBMITTED: 1, FilingStatus.RETURNED: 2,
                       FilingStatus.APPROVED: 2}
    for filing in Filing.objects.all():
        rounds = list(filing.rounds.order_by("number"))
        assert len(rounds) == expected_rounds[filing.status], filing.status
        if rounds:
            assert rounds[-1].to_status == filing.status
    assert Comment.objects.count() == statuses[FilingStatus.RETURNED]
    assert Notice.objects.exists()


def test_region_paths_are_set_as_save_would(generated):
    regions = {region.pk: region for region in Region.objects.all()}
    assert {r.level for r in regions.values()} == {"province", "city", "county"}
    for region in regions.values():
        parent_path = regions[region.parent_id].path if region.parent_id else "/"
        assert region.path == f"{parent_path}{region.pk}/"


def test_parsed_values_come_from_the_one_parser(generated):
    rows = Indicator.objects.values_list("value", "value_kind", "value_operator", "value_number", "value_unit")
    kinds = Counter()
    for value, kind, operator, number, unit in rows:
        parsed = parse_value(value)
        assert (kind, operator, number, unit) == (parsed.kind, parsed.operator, parsed.number, parsed.unit)
        kinds[kind] += 1
    assert kinds["quantitative"] and kinds["qualitative"] and kinds[""]  # "……" rows have no value


def test_written_filings_export_as_the_generated_documents(generated):
    _, specs = province_tree(UNITS, seed=SEED)
    by_name = {(spec.region_code, spec.code): spec for spec in specs}
    filings = filings_for_export(Filing.objects.all())
    for filing in filings:
        spec = by_name[(filing.unit.region.code, filing.unit.code)]
        document = filing_document(spec, YEAR, PROJECTS, ROWS, SEED)
        assert export_document(filing) == document
        for round in filing.rounds.all():
            assert round.snapshot == document


def test_visibility_of_generated_people(generated):
    foreign_unit = factories.unit(factories.region(name="外省", code="430000"))
    foreign = factories.filing(foreign_unit, year=YEAR, unit={"code": foreign_unit.code, "name": "外省单位",
                                                              "region": {"code": "430000", "name": "外省"}})
    everyone = set(Filing.objects.filter(year=YEAR).exclude(pk=foreign.pk).values_list("pk", flat=True))

    province_reviewer = User.objects.get(username=province_reviewer_username("370000"))
    assert set(filings_for_user(province_reviewer).values_list("pk", flat=True)) == everyone

    city = Region.objects.filter(level=Region.Level.CITY).first()
    city_reviewer = User.objects.get(role=User.Role.REVIEWER, jurisdiction=city)
    seen = set(filings_for_user(city_reviewer).values_list("pk", flat=True))
    in_city = set(Filing.objects.filter(unit__region__path__startswith=city.path).values_list("pk", flat=True))
    assert seen == in_city and seen and foreign.pk not in seen
    assert Filing.objects.filter(pk__in=seen, unit__region__level=Region.Level.COUNTY).exists()

    staff = User.objects.get(username=staff_username("370000", 0))
    assert list(filings_for_user(staff)) == [Filing.objects.get(unit=staff.unit)]


def test_a_second_province_fits_beside_the_first_but_not_the_same_again(generated):
    call_command("generate_scale", units=2, projects=1, indicators=1, province="360000", verbosity=0)
    assert BudgetUnit.objects.count() == UNITS + 2
    with pytest.raises(CommandError):
        call_command("generate_scale", units=2, projects=1, indicators=1, province="360000", verbosity=0)
    assert Round.objects.filter(filing__unit__region__path__startswith=Region.objects.get(code="360000").path)
