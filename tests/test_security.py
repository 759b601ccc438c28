"""Security settings and mechanisms: sign-in throttling per account and per
address, the switchable CSP header, templates without inline script, and
`check --deploy` clean with production settings."""
import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from tests import factories
from units.models import User

REPO = Path(__file__).resolve().parent.parent
THROTTLED = "登录失败次数过多，请 15 分钟后再试。"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(db):
    unit = factories.unit()
    return {
        "alice": factories.person(User.Role.STAFF, unit_=unit, username="alice"),
        "bob": factories.person(User.Role.STAFF, unit_=unit, username="bob"),
    }


def login(username, password, address="10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": username, "password": password})


def test_an_account_is_locked_after_repeated_failures(people):
    for _ in range(settings.LOGIN_THROTTLE_ACCOUNT_LIMIT):
        response = login("alice", "wrong-password", address="10.0.0.1")
        assert response.status_code == 200
        assert THROTTLED not in response.content.decode()
    # Locked, even with the right password and from another address.
    response = login("alice", factories.PASSWORD, address="10.0.0.2")
    assert response.status_code == 429
    assert THROTTLED in response.content.decode()
    response = login("ALICE ", factories.PASSWORD, address="10.0.0.3")
    assert response.status_code == 429
    # Another account is not affected.
    assert login("bob", factories.PASSWORD, address="10.0.0.1").status_code == 302


def test_an_address_is_locked_after_failures_across_accounts(people):
    for number in range(settings.LOGIN_THROTTLE_ADDRESS_LIMIT):
        login(f"guess{number}", "wrong-password", address="10.9.9.9")
    response = login("bob", factories.PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert THROTTLED in response.content.decode()
    assert login("bob", factories.PASSWORD, address="10.9.9.8").status_code == 302


def test_a_good_sign_in_resets_the_account_count(people):
    for _ in range(settings.LOGIN_THROTTLE_ACCOUNT_LIMIT - 1):
        login("alice", "wrong-password")
    assert login("alice", factories.PASSWORD).status_code == 302
    for _ in range(settings.LOGIN_THROTTLE_ACCOUNT_LIMIT - 1):
        login("alice", "wrong-password")
    assert login("alice", factories.PASSWORD).status_code == 302


def test_sessions_expire_and_passwords_are_validated():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    for weak in ("12345678", "password", "abc"):
        with pytest.raises(ValidationError):
            validate_password(weak)


def test_csp_is_on_by_default():
    assert settings.CSP_ENABLED is True


@pytest.mark.parametrize("enabled", [True, False])
def test_csp_header_is_switchable(db, settings, enabled):
    settings.CSP_ENABLED = enabled
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    if enabled:
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'self'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    else:
        assert "Content-Security-Policy" not in response


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def template_files():
    roots = [REPO / "templates"] + [p / "templates" for p in REPO.iterdir() if (p / "templates").is_dir()]
    return sorted(path for root in roots if root.is_dir() for path in root.rglob("*.html"))


def test_no_template_has_inline_script():
    files = template_files()
    assert files
    offenders = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL):
            for match in pattern.finditer(text):
                offenders.append(f"{path.relative_to(REPO)}: {match.group(0)[:60]}")
    assert offenders == []


def production_env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        DJANGO_ALLOWED_HOSTS="example.org",
        **extra,
    )
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO, env=production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_are_secure():
    script = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_HTTPONLY, s.CSP_ENABLED)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=REPO, env=production_env(DJANGO_CSP="1"), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True", "True"]


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_failure_counts_are_kept_where_every_app_process_sees_them(people):
    """Several app processes or hosts share the database, not their memory:
    the counts are rows of the shared cache table, so a process that has
    never seen alice's failures still refuses her."""
    from django.core.cache import caches
    from django.db import connection

    for _ in range(settings.LOGIN_THROTTLE_ACCOUNT_LIMIT):
        login("alice", "wrong-password")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM jixiao_cache")
        # one row per failure for the account and for the address
        assert cursor.fetchone()[0] == 2 * settings.LOGIN_THROTTLE_ACCOUNT_LIMIT
    caches["default"].clear()  # nothing of it in this process's memory
    assert login("alice", factories.PASSWORD, address="10.9.9.9").status_code == 429
