"""Small factories for test data: regions, units, people, filings."""
import copy
import itertools

from targets.interchange import import_document
from units.models import BudgetUnit, Region, User

from .conftest import load_example

PASSWORD = "test-pass-2024"
_serial = itertools.count(1)


def region(name=None, code=None, parent=None, layout=""):
    number = next(_serial)
    return Region.objects.create(
        name=name or f"测试区{number}",
        code=code,
        level=Region.Level.COUNTY if parent else Region.Level.PROVINCE,
        parent=parent,
        layout=layout,
    )


def unit(region_=None, code=None, name=None, layout=""):
    number = next(_serial)
    return BudgetUnit.objects.create(
        region=region_ or region(), code=code or f"{number:06d}", name=name or f"测试单位{number}",
        layout=layout,
    )


def person(role, unit_=None, jurisdiction=(), username=None):
    user = User.objects.create_user(
        username=username or f"{role}{next(_serial)}", password=PASSWORD, role=role, unit=unit_,
        is_staff=role == User.Role.ADMIN, is_superuser=role == User.Role.ADMIN,
    )
    if jurisdiction:
        user.jurisdiction.set(jurisdiction)
    return user


def filing(unit_, example="hebei-huailai-2022", year=None, **changes):
    """An example filing imported for `unit_`."""
    document = copy.deepcopy(load_example(example))
    if year is not None:
        document["year"] = year
    document.update(changes)
    return import_document(document, unit=unit_)
