"""The sign-in throttle cannot be walked around or turned on everyone: one
count per account however its name is spelled, held to its limit by parallel
guesses, and per client address only where that address is known."""
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.test import Client

from tests import factories
from tests.test_security import REPO, production_env
from units.models import User

# Spellings the sign-in form takes for "alice": full-width letters, other
# case, surrounding (ideographic) spaces, a compatibility ligature-free mix.
SPELLINGS = ["alice", "ａｌｉｃｅ", "ALICE", "Ａｌｉｃｅ", " alice ", "\u3000alice", "aｌiｃe"]


@pytest.fixture
def empty_counts(transactional_db):
    # The cache table is no model's, so a transactional test's flush leaves
    # its rows behind.
    caches[settings.LOGIN_THROTTLE_CACHE].clear()
    yield
    caches[settings.LOGIN_THROTTLE_CACHE].clear()


@pytest.fixture
def people(db):
    unit = factories.unit()
    return {name: factories.person(User.Role.STAFF, unit_=unit, username=name) for name in ("alice", "bob")}


def login(username, password, **meta):
    meta.setdefault("REMOTE_ADDR", "10.0.0.1")
    return Client(**meta).post("/accounts/login/", {"username": username, "password": password})


def test_a_locked_account_cannot_sign_in_under_any_spelling(people):
    for spelling in SPELLINGS[1:]:
        if login(spelling, factories.PASSWORD).status_code == 302:  # a spelling that signs in
            break
    else:
        pytest.fail("no other spelling signs in")
    for number in range(settings.LOGIN_THROTTLE_ACCOUNT_LIMIT):
        login(SPELLINGS[number % len(SPELLINGS)], "wrong-password", REMOTE_ADDR=f"10.0.1.{number}")
    for number, spelling in enumerate(SPELLINGS):
        response = login(spelling, factories.PASSWORD, REMOTE_ADDR=f"10.0.2.{number}")
        assert response.status_code == 429, spelling
    assert login("bob", factories.PASSWORD).status_code == 302


def test_a_left_out_password_does_not_forgive_failures(people):
    for _ in range(settings.LOGIN_THROTTLE_ACCOUNT_LIMIT - 1):
        login("alice", "wrong-password")
    assert login("alice", "").status_code == 200
    login("alice", "wrong-password")
    assert login("alice", factories.PASSWORD).status_code == 429


@pytest.fixture
def concurrent_database(empty_counts, tmp_path):
    """A database that parallel threads may write to as a server's would:
    PostgreSQL's as it is; SQLite's in-memory test database copied to a
    file (with the WAL and busy timeout of a real one), since in shared
    memory a second writer is refused at once instead of waiting."""
    connection = connections["default"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
        # Turned to WAL here, once, as migrate leaves a real database: the
        # in-memory one copies over in rollback mode, and twenty threads
        # each switching it on their first connection are refused at once
        # ("database is locked") instead of waiting.
        copy.execute("PRAGMA journal_mode=WAL")
    in_memory, name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None  # kept open: the in-memory database lives as long as it does
    connection.settings_dict["NAME"] = str(path)  # the dict every thread's connection is made from
    yield
    connection.close()
    connection.settings_dict["NAME"], connection.connection = name, in_memory


def parallel_guesses(usernames):
    """Status codes of wrong-password sign-ins sent all at once from one
    address, each thread on its own database connection."""
    def guess(username):
        try:
            return login(username, "wrong-password", REMOTE_ADDR="10.7.7.7").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=20) as pool:
        return list(pool.map(guess, usernames))


def test_a_hundred_parallel_guesses_at_one_account_are_held_to_its_limit(concurrent_database):
    factories.person(User.Role.STAFF, unit_=factories.unit(), username="alice")
    answers = parallel_guesses(["alice"] * 100)
    checked = answers.count(200)  # the password looked at, and wrong
    assert 1 <= checked <= settings.LOGIN_THROTTLE_ACCOUNT_LIMIT
    assert answers.count(429) == 100 - checked
    assert login("alice", factories.PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 429


def test_a_hundred_parallel_guesses_from_one_address_are_held_to_its_limit(concurrent_database):
    answers = parallel_guesses([f"guess{number}" for number in range(100)])
    checked = answers.count(200)
    assert 1 <= checked <= settings.LOGIN_THROTTLE_ADDRESS_LIMIT
    assert answers.count(429) == 100 - checked


def test_behind_a_proxy_one_address_does_not_lock_out_another(people, settings):
    settings.LOGIN_THROTTLE_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for number in range(settings.LOGIN_THROTTLE_ADDRESS_LIMIT):
        login(f"guess{number}", "wrong-password", HTTP_X_REAL_IP="203.0.113.5", **via_proxy)
    assert login("alice", factories.PASSWORD, HTTP_X_REAL_IP="203.0.113.5", **via_proxy).status_code == 429
    assert login("alice", factories.PASSWORD, HTTP_X_REAL_IP="198.51.100.7", **via_proxy).status_code == 302
    # The proxy's X-Forwarded-For: what the client claimed comes first, the
    # address the proxy saw last, and that is the one counted.
    settings.LOGIN_THROTTLE_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    claimed = "192.0.2.1, 203.0.113.5"
    assert login("bob", factories.PASSWORD, HTTP_X_FORWARDED_FOR=claimed, **via_proxy).status_code == 429


def test_with_no_address_header_production_counts_accounts_only(people, settings):
    settings.LOGIN_THROTTLE_ADDRESS_HEADER = ""  # DJANGO_DEBUG=0 without DJANGO_CLIENT_ADDRESS_HEADER
    for number in range(settings.LOGIN_THROTTLE_ADDRESS_LIMIT + 5):
        login(f"guess{number}", "wrong-password", REMOTE_ADDR="127.0.0.1")  # all through one proxy
    assert login("alice", factories.PASSWORD, REMOTE_ADDR="127.0.0.1").status_code == 302
    for _ in range(settings.LOGIN_THROTTLE_ACCOUNT_LIMIT):
        login("bob", "wrong-password", REMOTE_ADDR="127.0.0.1")
    assert login("bob", factories.PASSWORD, REMOTE_ADDR="127.0.0.1").status_code == 429


@pytest.mark.parametrize("configured, key", [(None, ""), ("X-Real-IP", "HTTP_X_REAL_IP"), ("REMOTE_ADDR", "REMOTE_ADDR")])
def test_the_address_header_setting(configured, key):
    env = production_env(**({"DJANGO_CLIENT_ADDRESS_HEADER": configured} if configured else {}))
    script = "import django; django.setup(); from django.conf import settings; print(repr(settings.LOGIN_THROTTLE_ADDRESS_HEADER))"
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(key)
