"""bin/setup on a copy of the project: a .venv left broken (a python without
pip, as a venv that failed half-way leaves it) is made again, Debian's
python3-venv is asked for when ensurepip is missing, and --production
installs the runtime lock without the test tools."""
import os
import shutil
import subprocess

import pytest

from tests.test_security import REPO

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="bin/setup does not depend on the database: run once, with SQLite",
)


def test_setup_repairs_a_broken_venv_and_installs_the_runtime_only(tmp_path):
    copy = tmp_path / "jixiao"
    (copy / "bin").mkdir(parents=True)
    shutil.copy2(REPO / "bin" / "setup", copy / "bin" / "setup")
    shutil.copytree(REPO / "requirements", copy / "requirements")
    shutil.copy2(REPO / "pyproject.toml", copy / "pyproject.toml")
    subprocess.run(["python3", "-m", "venv", "--without-pip", str(copy / ".venv")], check=True)
    python = copy / ".venv" / "bin" / "python"
    assert subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode != 0

    # A machine without python3-venv: python3 without ensurepip, and an
    # apt-get that only writes down what it is asked for.
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    real_python = shutil.which("python3")
    (stubs / "python3").write_text(
        f'#!/bin/sh\n[ "$1 $2" = "-c import ensurepip" ] && exit 1\nexec {real_python} "$@"\n')
    (stubs / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/apt-get.log\n')
    for stub in stubs.iterdir():
        stub.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "DJANGO_"))}
    env["PATH"] = f"{stubs}:{env['PATH']}"
    setup = subprocess.run([copy / "bin" / "setup", "--production"], cwd=copy, env=env,
                           capture_output=True, text=True, timeout=900)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert ".venv 不可用，重新创建" in setup.stdout
    if os.geteuid() == 0:
        assert (tmp_path / "apt-get.log").read_text().splitlines()[-1].endswith("install -y -qq --no-install-recommends python3-venv")
    else:
        assert "python3-venv" in setup.stdout + setup.stderr  # installed by sudo, or asked for
    runs = subprocess.run([python, "-c", "import django, gunicorn, psycopg2, weasyprint; print(django.VERSION[:2])"],
                          capture_output=True, text=True)
    assert runs.stdout.strip() == "(5, 2)", runs.stderr
    for test_tool in ("pytest", "playwright", "schemathesis"):
        assert subprocess.run([python, "-c", f"import {test_tool}"], capture_output=True).returncode != 0, test_tool


@pytest.mark.parametrize("production, soffice, asked", [
    (False, False, True),  # the test set-up without LibreOffice installs it
    (False, True, False),  # a LibreOffice already there serves
    (True, False, False),  # a server never gets it
])
def test_the_test_setup_asks_for_libreoffice_calc_when_soffice_is_missing(tmp_path, production, soffice, asked):
    """Only the system-package step is run: a PATH of the few commands it
    uses (so an installed soffice is not found unless stubbed), an apt-get
    that writes down what it is asked for, and a python3 that makes no venv
    (bin/setup stops there)."""
    copy = tmp_path / "jixiao"
    (copy / "bin").mkdir(parents=True)
    shutil.copy2(REPO / "bin" / "setup", copy / "bin" / "setup")
    tools = tmp_path / "tools"
    tools.mkdir()
    for name in ("bash", "sh", "env", "dirname", "dpkg-query", "grep", "id", "cat", "mkdir", "rm", "fc-cache"):
        found = shutil.which(name)
        if found:
            (tools / name).symlink_to(found)
    real_python = shutil.which("python3")
    stubs = {
        "python3": f'#!/bin/sh\n[ "$1 $2" = "-m venv" ] && exit 1\nexec {real_python} "$@"\n',
        "apt-get": f'#!/bin/sh\necho "$@" >> {tmp_path}/apt-get.log\n',
        "sudo": '#!/bin/sh\nexit 1\n',
    }
    if soffice:
        stubs["soffice"] = "#!/bin/sh\nexit 0\n"
    for name, text in stubs.items():
        (tools / name).write_text(text)
        (tools / name).chmod(0o755)
    env = {"PATH": str(tools), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    arguments = ["--production"] if production else []
    setup = subprocess.run([tools / "bash", copy / "bin" / "setup", *arguments], cwd=copy, env=env,
                           capture_output=True, text=True, timeout=120)
    assert "无法创建 .venv" in setup.stderr, setup.stdout + setup.stderr  # stopped where intended
    log = tmp_path / "apt-get.log"
    said = (log.read_text() if log.exists() else "") + setup.stdout + setup.stderr
    assert ("libreoffice-calc" in said) == asked, said
    if asked and os.geteuid() == 0:
        install = log.read_text().splitlines()[-1].split()
        assert install[:4] == ["install", "-y", "-qq", "--no-install-recommends"] and "libreoffice-calc" in install
