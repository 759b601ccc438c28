"""Production settings refuse what would be unsafe to run with."""
import subprocess
import sys

import pytest

from tests.test_security import REPO, production_env


@pytest.mark.parametrize("length", [5, 49])
def test_a_short_secret_key_is_refused_with_debug_off(length):
    env = production_env()
    env["DJANGO_SECRET_KEY"] = env["DJANGO_SECRET_KEY"][:length]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert f"DJANGO_SECRET_KEY is {length} characters long; use at least 50 random characters." in result.stderr
