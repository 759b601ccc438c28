"""The README's settings table names every environment variable the app,
its server configuration and its scripts read."""
import re

from tests.test_security import REPO

READS = re.compile(r"""(?:os\.environ\.get\(|os\.environ\[|os\.getenv\(|env_flag\()\s*["']([A-Z][A-Z0-9_]+)["']""")
# Django's own (a screenshot script sets DJANGO_ALLOW_ASYNC_UNSAFE to drive
# Playwright beside the ORM), and one a script passes to the child it starts.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "LOADTEST_PLAN"}


def variables_read():
    found = set()
    for path in REPO.rglob("*.py"):
        parts = path.relative_to(REPO).parts
        if parts[0] in (".venv", "tests", ".git", "node_modules") or "site-packages" in parts:
            continue
        found |= set(READS.findall(path.read_text(encoding="utf-8")))
    return found - NOT_SETTINGS


def test_the_settings_table_lists_every_variable_the_code_reads():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Settings"):readme.index("## Production deployment")]
    listed = set(re.findall(r"^\| (.+?) \|", table, re.M)[2:])
    named = {name for cell in listed for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}
    read = variables_read()
    assert "DJANGO_CLIENT_ADDRESS_HEADER" in read and "GUNICORN_BIND" in read  # the scan finds them
    assert sorted(read - named) == []
    assert sorted(named - read) == []  # nor one the code does not read
