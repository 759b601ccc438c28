"""Tests of `manage.py check_filing ID_OR_PATH`: a filing in the database and a
filing/1 file give the same lines; the exit status says whether there is an
error."""
import io
import json
import os
import re
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


# The verdicts of docs/checks.md: (severity, code, location) of every line.
COPIED = [("warning", "indicators.description_copies_name", f"projects[0].indicators[{i}].description")
          for i in range(6)]
VERDICTS = {
    "hebei-huailai-2022": [
        ("warning", "text.placeholder", "projects[0].annual_goal"),
        COPIED[0],
        ("warning", "indicators.cost_not_amount", "projects[0].indicators[0].value"),
        *COPIED[1:],
    ],
    "hunan-yuanjiang-2024": [
        ("error", "department_budget.use_mismatch", "department.budget.total"),
        ("warning", "department_budget.projects_mismatch", "department.budget.project"),
    ],
    "anhui-suzhou-2023": [
        ("warning", "indicators.cost_not_amount", f"projects[{p}].indicators[{i}].value")
        for p, i in [(0, 14), (0, 36), (1, 9), (1, 24), (2, 5), (2, 16)]
    ],
}
SUMMARIES = {"hebei-huailai-2022": "错误 0 个，警告 8 个", "hunan-yuanjiang-2024": "错误 1 个，警告 1 个",
             "anhui-suzhou-2023": "错误 0 个，警告 6 个"}


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
def test_filing_by_id_with_warnings_only():
    filing = import_document(load_example("anhui-suzhou-2023"))
    status, lines, summary = run(filing.pk)
    assert (status, summary) == (0, "错误 0 个，警告 6 个")
    assert [tuple(line.split("\t")[:3]) for line in lines] == VERDICTS["anhui-suzhou-2023"]


@pytest.mark.django_db
def test_filing_by_id_without_problems_prints_nothing():
    document = load_example("anhui-suzhou-2023")
    for project in document["projects"]:
        for row in project["indicators"]:
            if row["level2"] == "成本指标":
                row["value"] = "≤" + project["budget"]["total" if row["period"] == "annual" else "midterm_total"] + "万元"
    filing = import_document(document)
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


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_each_example_gets_the_verdict_of_the_docs(name):
    status, lines, summary = run(EXAMPLES_DIR / f"{name}.json")
    assert [tuple(line.split("\t")[:3]) for line in lines] == VERDICTS[name]
    assert (status, summary) == (1 if name == "hunan-yuanjiang-2024" else 0, SUMMARIES[name])


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_docs_give_each_examples_verdict(name):
    """docs/checks.md's verdict of each example names what check_filing
    finds: its exit status, its count of errors and warnings, each code."""
    docs = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    verdicts = docs[docs.index("## Verdicts on the spec examples"):]
    paragraph = re.search(rf"^- {name}\b(.*?)(?=^- |\Z)", verdicts, re.M | re.S).group(1)
    status, lines, summary = run(EXAMPLES_DIR / f"{name}.json")
    assert f"exit {status}, {summary}" in re.sub(r"\s+", " ", paragraph)
    assert {code for _, code, _ in VERDICTS[name]} <= set(re.findall(r"`([a-z_]+\.[a-z_0-9]+)`", paragraph))


def test_huailai_copied_rows_and_prose_cost_are_named_at_their_row():
    _, lines, _ = run(EXAMPLES_DIR / "hebei-huailai-2022.json")
    assert lines[2] == (
        "warning\tindicators.cost_not_amount\tprojects[0].indicators[0].value\t"
        "项目“怀财字【2022】7号 专项经费(会议费)”第1行指标“资金成本”是成本指标，指标值“严格按照有关会议文件精神执行”"
        "不是“≤ 金额”：请写成“≤ 金额 + 元或万元”（如“≤9.6万元”），金额不超过预算"
    )
    assert lines[1] == (
        "warning\tindicators.description_copies_name\tprojects[0].indicators[0].description\t"
        "项目“怀财字【2022】7号 专项经费(会议费)”第1行指标“资金成本”的绩效指标描述只重复了三级指标："
        "请写明指标的含义、口径或计算方法"
    )


def test_suzhou_goal_with_the_published_tables_markup(tmp_path):
    document = load_example("anhui-suzhou-2023")
    goal = document["projects"][1]["annual_goal"]
    document["projects"][1]["annual_goal"] = " ".join(f"<p>{line}</p>" for line in goal.split("\n"))
    status, lines, summary = run(write(tmp_path, document))
    assert (status, summary) == (0, "错误 0 个，警告 7 个")
    assert lines[2] == (
        "warning\ttext.html\tprojects[1].annual_goal\t"
        "项目“网络安全和信息化工作经费”的年度目标中有网页标记“<p>”：表格会原样印出，请删去"
    )


def test_file_with_an_error(tmp_path):
    path = write(tmp_path, load_example("hunan-yuanjiang-2024"))
    assert run(path) == (1, HUNAN_LINES, "错误 1 个，警告 1 个")


def test_a_line_per_problem_even_when_text_has_tabs_and_newlines(tmp_path):
    document = load_example("hebei-huailai-2022")
    document["projects"][0]["annual_goal"] = "请填写\t年度目标\n第二行"
    status, lines, _ = run(write(tmp_path, document))
    assert len(lines) == 8
    assert lines[0].startswith("warning\ttext.placeholder\t")
    assert all(line.count("\t") == 3 for line in lines)


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
    assert [tuple(line.split("\t")[:3]) for line in result.stdout.splitlines()] == VERDICTS[name]
