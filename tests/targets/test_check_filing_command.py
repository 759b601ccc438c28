"""Tests of `manage.py check_filing ID_OR_PATH`: a filing in the database and a
filing/1 file give the same lines; the exit status says whether there is an
error."""
import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from targets.checks import run_checks
from targets.interchange import export_document, import_document, load_filing
from tests.conftest import EXAMPLES_DIR, REPO, load_example

HUNAN_LINES = [
    "error\tdepartment_budget.use_mismatch\tdepartment.budget.total\t"
    "部门资金总额 109.04 万元与按支出性质各项之和不符：基本支出 66.16 + 项目支出 44.28 = 110.44 万元",
    "warning\tdepartment_budget.projects_mismatch\tdepartment.budget.project\t"
    "部门项目支出 44.28 万元与 7 个项目的年度预算之和 42.88 万元不符",
]


def run(target):
    """(exit status, stdout lines, stderr) of the command run in-process."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_filing", str(target), stdout=out, stderr=err)
        status = 0
    except SystemExit as stopped:
        status = stopped.code
    return status, out.getvalue().splitlines(), err.getvalue().strip()


def write(tmp_path, document, name="filing.json"):
    path = tmp_path / name
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


# --- a filing in the database ---------------------------------------------------


@pytest.mark.django_db
def test_filing_by_id_with_an_error():
    filing = import_document(load_example("hunan-yuanjiang-2024"))
    assert run(filing.pk) == (1, HUNAN_LINES, "错误 1 个，警告 1 个")


@pytest.mark.django_db
def test_filing_by_id_without_problems_prints_nothing():
    filing = import_document(load_example("anhui-suzhou-2023"))
    assert run(filing.pk) == (0, [], "未发现问题")


@pytest.mark.django_db
def test_database_and_file_give_the_same_problems(example):
    filing = import_document(example)
    assert run_checks(export_document(load_filing(filing.pk))) == run_checks(example)


@pytest.mark.django_db
def test_unknown_id():
    with pytest.raises(CommandError) as raised:
        call_command("check_filing", "999999", stdout=io.StringIO(), stderr=io.StringIO())
    assert str(raised.value) == "找不到编号为 999999 的申报"
    assert raised.value.returncode == 1


# --- a file ---------------------------------------------------------------------


def test_file_with_warnings_only_exits_0():
    status, lines, summary = run(EXAMPLES_DIR / "hebei-huailai-2022.json")
    assert status == 0
    assert [line.split("\t")[:3] for line in lines] == [["warning", "text.placeholder", "projects[0].annual_goal"]]
    assert summary == "错误 0 个，警告 1 个"


def test_file_with_an_error(tmp_path):
    path = write(tmp_path, load_example("hunan-yuanjiang-2024"))
    assert run(path) == (1, HUNAN_LINES, "错误 1 个，警告 1 个")


def test_a_line_per_problem_even_when_text_has_tabs_and_newlines(tmp_path):
    document = load_example("hebei-huailai-2022")
    document["projects"][0]["annual_goal"] = "请填写\t年度目标\n第二行"
    status, lines, _ = run(write(tmp_path, document))
    assert len(lines) == 1
    assert lines[0].count("\t") == 3


def test_schema_problems_are_errors_and_stop_the_checks(tmp_path):
    document = load_example("hunan-yuanjiang-2024")
    document["projects"][0]["budget"]["fiscal"] = 9.6
    del document["layout"]
    status, lines, summary = run(write(tmp_path, document))
    assert status == 1
    assert [line.split("\t")[:3] for line in lines] == [
        ["error", "document.invalid", "layout"],
        ["error", "document.invalid", "projects[0].budget.fiscal"],
    ]
    assert summary == "错误 2 个，警告 0 个"


def test_file_that_is_not_json(tmp_path):
    status, lines, _ = run(write(tmp_path, "{not json", "broken.json"))
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith("error\tdocument.invalid\t-\tbroken.json 不是有效的 JSON：第 1 行")


def test_missing_file(tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("check_filing", str(tmp_path / "none.json"), stdout=io.StringIO(), stderr=io.StringIO())
    assert str(raised.value).startswith("找不到文件：")
    assert raised.value.returncode == 1


@pytest.mark.parametrize("name, status", [("hunan-yuanjiang-2024", 1), ("anhui-suzhou-2023", 0)])
def test_exit_status_from_the_command_line(name, status):
    # --skip-checks: this tests our exit status, not the project's URL setup.
    result = subprocess.run(
        [sys.executable, "manage.py", "check_filing", "--skip-checks", str(EXAMPLES_DIR / f"{name}.json")],
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == status, result.stderr
    assert result.stdout.splitlines() == (HUNAN_LINES if status else [])
