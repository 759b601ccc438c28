"""A test run on PostgreSQL drops its test database at the end, browser
tests included (it was left behind, still in use, after every run)."""
import os
import subprocess
import sys
from urllib.parse import urlparse, urlunparse

import pytest

from ..test_security import REPO

pytestmark = pytest.mark.browser


def postgres_server():
    """A URL of the PostgreSQL server the suite runs on, or of the local one."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return url
    psycopg2 = pytest.importorskip("psycopg2")
    try:
        psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres", connect_timeout=3).close()
    except psycopg2.OperationalError:
        pytest.skip("没有可用的 PostgreSQL")
    return "postgres://postgres@127.0.0.1:5432/postgres"


def test_a_run_with_a_browser_test_drops_its_postgresql_test_database():
    import psycopg2

    server = urlparse(postgres_server())
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
