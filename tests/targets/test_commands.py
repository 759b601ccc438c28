"""import_filing and export_filing from the command line."""
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reviews.models import LogEntry, Round
from targets.interchange import export_document, load_filing
from targets.models import Filing, FilingStatus, Project
from targets.tables import workbook_bytes
from units.models import User

from .. import factories
from ..conftest import EXAMPLES_DIR, load_example
from .test_interchange import comparable, database_counts

HUAILAI = "hebei-huailai-2022"


@pytest.fixture(autouse=True)
def admin(db):
    """The admin whose name imports are recorded under (the first one)."""
    return factories.person(User.Role.ADMIN, username="admin")


@pytest.mark.django_db
def test_import_prints_the_new_id_last(capsys):
    call_command("import_filing", str(EXAMPLES_DIR / "hebei-huailai-2022.json"))
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert last_line == str(Filing.objects.get().pk)


@pytest.mark.django_db
def test_import_refuses_an_existing_filing_without_replace():
    path = str(EXAMPLES_DIR / "hebei-huailai-2022.json")
    call_command("import_filing", path)
    with pytest.raises(CommandError) as refused:
        call_command("import_filing", path)
    assert refused.value.returncode == 1
    assert "已存在" in str(refused.value) and "--replace" in str(refused.value)
    call_command("import_filing", path, "--replace")
    assert Filing.objects.count() == 1


@pytest.mark.django_db
def test_import_failure_names_the_path_and_writes_nothing(tmp_path):
    document = load_example("anhui-suzhou-2023")
    document["projects"][2]["indicators"][5]["value"] = 5
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = database_counts()
    with pytest.raises(CommandError) as refused:
        call_command("import_filing", str(path))
    assert refused.value.returncode == 1
    assert "projects[2].indicators[5].value" in str(refused.value)
    assert "未写入任何数据" in str(refused.value)
    assert database_counts() == before


@pytest.mark.django_db
def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "filing/1",\n "year": }', encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_filing", str(path))
    assert "第 2 行" in str(refused.value)


@pytest.mark.django_db
def test_directory_import_is_all_or_nothing(tmp_path):
    for name in ("hebei-huailai-2022", "hunan-yuanjiang-2024"):
        shutil.copy(EXAMPLES_DIR / f"{name}.json", tmp_path / f"{name}.json")
    broken = load_example("anhui-suzhou-2023")
    del broken["unit"]["name"]
    (tmp_path / "zz-broken.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_filing", str(tmp_path))
    assert "zz-broken.json" in str(refused.value) and "unit.name" in str(refused.value)
    assert Filing.objects.count() == 0
    (tmp_path / "zz-broken.json").unlink()
    call_command("import_filing", str(tmp_path))
    assert Filing.objects.count() == 2


@pytest.mark.django_db
def test_export_writes_the_document_back(tmp_path):
    call_command("import_filing", str(EXAMPLES_DIR / "anhui-suzhou-2023.json"))
    filing = Filing.objects.get()
    out = tmp_path / "out.json"
    call_command("export_filing", str(filing.pk), "--format", "json", "-o", str(out))
    assert comparable(json.loads(out.read_text(encoding="utf-8"))) == comparable(load_example("anhui-suzhou-2023"))


@pytest.mark.django_db
def test_a_year_backs_up_and_restores(tmp_path):
    call_command("import_filing", str(EXAMPLES_DIR))
    backup = tmp_path / "2024"
    call_command("export_filing", "--year", "2024", "-o", str(backup))
    files = sorted(backup.glob("*.json"))
    assert len(files) == 1
    Project.objects.all().delete()
    Filing.objects.all().delete()
    call_command("import_filing", str(backup))
    restored = Filing.objects.get()
    assert restored.year == 2024 and restored.projects.count() == 7


@pytest.mark.django_db
def test_export_of_unknown_id_fails_in_chinese(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("export_filing", "999", "-o", str(tmp_path / "x.json"))
    assert "找不到编号为 999 的申报" in str(refused.value)


def imported(example=HUAILAI):
    call_command("import_filing", str(EXAMPLES_DIR / f"{example}.json"))
    return Filing.objects.get()


def renamed_first_project(tmp_path, name="改过名称的项目"):
    document = load_example(HUAILAI)
    old = document["projects"][0]["name"]
    document["projects"][0]["name"] = name
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path, old


def state(filing):
    filing = Filing.objects.get(pk=filing.pk)
    return filing.status, filing.version, export_document(load_filing(filing.pk)), LogEntry.objects.count()


@pytest.mark.django_db
def test_imports_are_in_the_history_under_the_admin(admin, tmp_path, capsys):
    filing = imported()
    path, old = renamed_first_project(tmp_path)
    call_command("import_filing", str(path), "--replace")
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == (f"已导入 changed.json：2022年 {filing.unit_name}（编号 {filing.pk}），替换原有内容：1 处修改")
    created, replaced = LogEntry.objects.filter(filing_id=filing.pk).order_by("id")
    assert (created.action, created.user, created.summary) == ("import", admin, f"从文件“{HUAILAI}.json”导入")
    assert (replaced.action, replaced.user, replaced.summary) == ("import", admin, "从文件“changed.json”导入：1 处修改")
    assert [(c["location"], c["field"], c["old"], c["new"]) for c in replaced.changes] == [
        ("projects[0].name", "项目名称", old, "改过名称的项目")]


@pytest.mark.django_db
@pytest.mark.parametrize("status, label, hint", [
    (FilingStatus.APPROVED, "已通过", "--adjust"),
    (FilingStatus.SUBMITTED, "已提交", "审核人退回后才能替换"),
])
def test_replace_refuses_a_filing_under_review_or_approved(tmp_path, status, label, hint):
    filing = imported()
    Filing.objects.filter(pk=filing.pk).update(status=status)
    before = state(filing)
    path, _ = renamed_first_project(tmp_path)
    with pytest.raises(CommandError) as refused:
        call_command("import_filing", str(path), "--replace")
    assert refused.value.returncode == 1
    message = str(refused.value)
    assert f"{filing.unit_name} 2022 年度的申报（编号 {filing.pk}）当前状态为“{label}”" in message
    assert "未写入任何数据" in message and hint in message
    assert state(filing) == before


@pytest.mark.django_db
def test_adjust_reopens_an_approved_filing_through_the_workflow_then_replaces(admin, tmp_path):
    filing = imported()
    Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.APPROVED)
    path, old = renamed_first_project(tmp_path)
    call_command("import_filing", str(path), "--replace", "--adjust", "财政局要求更正项目名称")
    filing.refresh_from_db()
    assert filing.status == FilingStatus.DRAFT
    assert filing.projects.order_by("order").first().name == "改过名称的项目"
    reopened = Round.objects.get(filing=filing)
    assert (reopened.action, reopened.actor, reopened.comment) == ("reopen", admin, "财政局要求更正项目名称")
    entries = LogEntry.objects.filter(filing_id=filing.pk).order_by("id")
    assert [(e.action, e.user) for e in entries] == [("import", admin), ("reopen", admin), ("import", admin)]
    assert entries.last().changes[0]["old"] == old


@pytest.mark.django_db
def test_adjust_does_not_open_a_submitted_filing(tmp_path):
    filing = imported()
    Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.SUBMITTED)
    before = state(filing)
    path, _ = renamed_first_project(tmp_path)
    with pytest.raises(CommandError) as refused:
        call_command("import_filing", str(path), "--replace", "--adjust", "理由")
    assert f"（编号 {filing.pk}）不能重新打开以调整：" in str(refused.value)
    assert "已提交" in str(refused.value)
    assert state(filing) == before


@pytest.mark.django_db
def test_adjust_needs_replace(tmp_path):
    with pytest.raises(CommandError, match="--adjust 只能与 --replace"):
        call_command("import_filing", str(EXAMPLES_DIR / f"{HUAILAI}.json"), "--adjust", "理由")
    assert not Filing.objects.exists()


@pytest.mark.django_db
def test_user_names_an_active_admin(admin):
    staff = factories.person(User.Role.STAFF, username="staff_x")
    path = str(EXAMPLES_DIR / f"{HUAILAI}.json")
    with pytest.raises(CommandError, match="找不到账号“nobody”"):
        call_command("import_filing", path, "--user", "nobody")
    with pytest.raises(CommandError, match="账号“staff_x”不是在用的管理员"):
        call_command("import_filing", path, "--user", staff.username)
    second = factories.person(User.Role.ADMIN, username="second_admin")
    call_command("import_filing", path, "--user", second.username)
    assert LogEntry.objects.get().user == second


@pytest.mark.django_db
def test_without_an_admin_nothing_is_imported(admin):
    admin.is_active = False
    admin.save()
    with pytest.raises(CommandError, match="没有在用的管理员账号"):
        call_command("import_filing", str(EXAMPLES_DIR / f"{HUAILAI}.json"))
    assert not Filing.objects.exists()


@pytest.mark.django_db
def test_a_workbook_replaces_an_approved_filing_only_with_adjust(admin, tmp_path):
    filing = imported()
    Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.APPROVED)
    document = export_document(load_filing(filing.pk))
    document["projects"][0]["annual_goal"] = "调整后的年度目标"
    path = tmp_path / "表.xlsx"
    path.write_bytes(workbook_bytes(document))
    before = state(filing)
    with pytest.raises(CommandError, match="当前状态为“已通过”，只有草稿或已退回的申报可以替换内容"):
        call_command("import_filing", str(path), "--filing", str(filing.pk))
    assert state(filing) == before
    call_command("import_filing", str(path), "--filing", str(filing.pk), "--adjust", "更正年度目标")
    assert [e.action for e in LogEntry.objects.filter(filing_id=filing.pk).order_by("id")] == [
        "import", "reopen", "import"]
    assert export_document(load_filing(filing.pk))["projects"][0]["annual_goal"] == "调整后的年度目标"
    assert Filing.objects.get(pk=filing.pk).status == FilingStatus.DRAFT
