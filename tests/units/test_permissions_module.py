"""The rules of units.permissions written out: who may do what to a filing in
which state. These tables are the rules themselves; the URL × role matrix
(tests/reviews/test_permissions.py) then checks that every page obeys them."""
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from reviews.actions import ACTIONS
from tests import factories
from units import permissions
from units.models import User

REPO = Path(__file__).resolve().parents[2]
DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"
ALL = {DRAFT, SUBMITTED, RETURNED, APPROVED}

# rule -> {person: statuses of the filing in which they may}
FILING_RULES = {
    "EDIT": {"own_staff": {DRAFT, RETURNED}},
    # A filing's layout follows its unit: admins change it, before submission.
    "CHANGE_LAYOUT": {"admin": {DRAFT}, "superuser": {DRAFT}},
    "CHANGE_AMOUNT_UNIT": {"own_staff": {DRAFT}},
    "COMMENT": {"reviewer": {SUBMITTED}},
    "ANSWER": {"own_staff": ALL},
    "CLOSE_COMMENT": {"reviewer": {SUBMITTED}},
}
ACTION_RULES = {
    "submit": {"own_staff": {DRAFT, RETURNED}},
    "withdraw": {"own_staff": {SUBMITTED}},  # until a reviewer opens it: tests/reviews/test_transitions.py
    "return": {"reviewer": {SUBMITTED}},
    "approve": {"reviewer": {SUBMITTED}},
    "reopen": {"admin": {APPROVED}, "superuser": {APPROVED}},
}
# rule -> people who may (no object involved)
PLAIN_RULES = {
    "START_FILING": {"own_staff", "other_staff"},
    "IMPORT_FILING": {"own_staff", "other_staff", "admin", "superuser"},
    "IMPORT_FOR_ANY_UNIT": {"admin", "superuser"},
    "USE_WORKSPACE": {"reviewer", "admin", "superuser"},
    "BULK_EXPORT": {"admin", "superuser"},
    "MANAGE_ROSTER": {"admin", "superuser"},
}


@pytest.fixture
def cast(db):
    unit = factories.unit()
    other = factories.unit()
    return {
        "own_staff": factories.person(User.Role.STAFF, unit_=unit),
        "other_staff": factories.person(User.Role.STAFF, unit_=other),
        "reviewer": factories.person(User.Role.REVIEWER, jurisdiction=[unit.region]),
        "admin": factories.person(User.Role.ADMIN),
        # As createsuperuser makes one: the default role, no unit.
        "superuser": User.objects.create_superuser("root", password=factories.PASSWORD),
        "filing": factories.filing(unit),
    }


def people(cast):
    return {name: person for name, person in cast.items() if name != "filing"}


@pytest.mark.parametrize("status", sorted(ALL))
@pytest.mark.parametrize("rule_name, allowed", [*FILING_RULES.items(), *ACTION_RULES.items()])
def test_rules_about_a_filing(cast, rule_name, allowed, status):
    rule = getattr(permissions, rule_name) if rule_name.isupper() else ACTIONS[rule_name]
    filing = cast["filing"]
    filing.status = status
    for name, person in people(cast).items():
        expected = status in allowed.get(name, set())
        assert permissions.may(person, rule, filing) == expected, (rule_name, name, status)
        assert permissions.is_actor(person, rule, filing) == (name in allowed), (rule_name, name)
        if expected:
            permissions.check(person, rule, filing)
        else:
            with pytest.raises(PermissionDenied) as refused:
                permissions.check(person, rule, filing)
            assert str(refused.value) == rule.refusal


@pytest.mark.parametrize("rule_name, allowed", PLAIN_RULES.items())
def test_rules_about_no_object(cast, rule_name, allowed):
    rule = getattr(permissions, rule_name)
    assert {name for name, person in people(cast).items() if permissions.may(person, rule)} == allowed


def test_nobody_signed_out_may_anything(cast):
    rules = [value for value in vars(permissions).values() if isinstance(value, permissions.Rule)]
    assert len(rules) == len(FILING_RULES) + len(PLAIN_RULES)
    for rule in [*rules, *ACTIONS.values()]:
        assert not permissions.may(AnonymousUser(), rule, cast["filing"])


def test_refusals_name_who_may():
    assert ACTIONS["submit"].refusal == "只有本单位填报人可以提交这份申报。"
    assert ACTIONS["reopen"].refusal == "只有管理员可以重新打开（调整）这份申报。"
    assert permissions.EDIT.refusal == "此申报当前不能由您修改。"


# Code that may still ask a user's role directly, and why.
ROLE_QUESTIONS_ALLOWED = {
    "units/models.py": "defines the roles",
    "units/permissions.py": "the answers",
    "targets/visibility.py": "what a role sees at all (404 outside), not what it may do",
    "reviews/workspace.py": "the regions a reviewer's overview lists (visibility)",
    "targets/views/home.py": "which landing page a role starts on",
    "templates/_nav_items.html": "the link to Django's admin, which has its own permissions",
}


def test_no_other_code_decides_by_role():
    """Permission questions go to units.permissions: a role asked anywhere
    else (outside commands, which run as an operator) is a rule that escaped."""
    asking = re.compile(r"\.(is_reviewer|is_app_admin|is_unit_staff)\b")
    found = set()
    for top in REPO.iterdir():
        if not top.is_dir() or top.name.startswith(".") or top.name in ("tests", "perf", "node_modules"):
            continue
        for path in [*top.rglob("*.py"), *top.rglob("*.html")]:
            relative = path.relative_to(REPO).as_posix()
            if "/management/" not in relative and asking.search(path.read_text(encoding="utf-8")):
                found.add(relative)
    assert "units/permissions.py" in found
    assert found <= set(ROLE_QUESTIONS_ALLOWED), found - set(ROLE_QUESTIONS_ALLOWED)
