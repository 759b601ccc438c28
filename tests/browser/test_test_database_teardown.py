"""A test run on PostgreSQL drops its test database at the end, browser
tests included (it was left behind, still in use, after every run)."""
import os
import subprocess
import sys
from urllib.parse import urlparse, urlunparse

import pytest

from ..test_security import REPO

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="runs with the suite's PostgreSQL run (bin/test)"),
]


def test_a_run_with_a_browser_test_drops_its_postgresql_test_database():
    import psycopg2

    server = urlparse(os.environ["DATABASE_URL"])
    name = f"jixiao_teardown_{os.getpid()}"  # its own, apart from the suite's test database
    env = {**os.environ, "DATABASE_URL": urlunparse(server._replace(path=f"/{name}"))}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error::pytest.PytestWarning",
         "tests/browser/test_csp_in_browser.py"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    connection = psycopg2.connect(host=server.hostname, port=server.port or 5432, user=server.username,
                                  password=server.password, dbname="postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname = %s", [f"test_{name}"])
        left = cursor.fetchall()
        cursor.execute(f'DROP DATABASE IF EXISTS "test_{name}"')
    connection.close()
    assert "1 passed" in run.stdout, run.stdout + run.stderr
    assert left == []
