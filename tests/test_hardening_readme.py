"""The README a newcomer follows (issue 16): every command runs as written on
Debian, which has no `python` (the project's interpreter is
.venv/bin/python), and production is set up without the test tools, with
gunicorn from the locked dependencies."""
import re

from tests.test_security import REPO


def readme():
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_names_an_interpreter_debian_has():
    # `python manage.py …`, `python -m …`: bare `python` is not on Debian's PATH.
    bare = [line.strip() for line in readme().splitlines()
            if re.search(r"(?<![\w/.-])python\s+(manage\.py|-[mc]\s|\S+\.py)", line)]
    assert bare == []
    assert ".venv/bin/python manage.py migrate" in readme()


def test_production_is_set_up_without_the_test_tools_and_served_by_the_locked_gunicorn():
    text = readme()
    production = text[text.index("## Production deployment"):]
    assert "bin/setup --production" in production
    assert ".venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi" in production
    runtime = (REPO / "requirements" / "runtime.txt").read_text(encoding="utf-8")
    assert re.search(r"^gunicorn==", runtime, re.M)
    assert not re.search(r"^(pytest|playwright|hypothesis|schemathesis)\b", runtime, re.M)
