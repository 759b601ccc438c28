"""The restore drill of docs/operations.md on the database the suite runs
on: a backup made as documented (pg_dump -Fc on PostgreSQL, SQLite's online
backup) restores into a scratch database with every filing's export and
history as they are; a filing changed or a history entry added since is
named, and the scratch database is gone either way."""
import datetime
import os
import sqlite3
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection

from reports.history import record_report
from reports.models import Exercise, Report
from reviews.log import record
from targets.models import Filing
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def back_up(path):
    """The backup of docs/operations.md, of the test database."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as backup:
            connection.connection.backup(backup)
        return
    settings = connection.settings_dict
    options = [f"--{key}={settings[setting]}" for key, setting in (("host", "HOST"), ("port", "PORT"), ("username", "USER"))
               if settings[setting]]
    env = {"PGPASSWORD": settings["PASSWORD"]} if settings["PASSWORD"] else {}
    subprocess.run(["pg_dump", "--format=custom", *options, f"--file={path}", settings["NAME"]],
                   env={**os.environ, **env}, check=True)


def scratch_databases():
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'jixiao_restore_check_%%'")
        return cursor.fetchall()


def drill(path, capsys):
    try:
        call_command("check_backup", str(path))
        status = 0
    except SystemExit as exit:
        status = exit.code
    out = capsys.readouterr()
    return status, out.out + out.err


def test_a_backup_restores_every_filing_and_its_history(tmp_path, capsys):
    unit = factories.unit(name="怀来县网信办")
    admin = factories.person("admin")
    kept, changed = factories.filing(unit, year=2024), factories.filing(unit, year=2025)
    record(kept, admin, "comment", "意见")
    backup = tmp_path / ("jixiao.dump" if connection.vendor == "postgresql" else "jixiao.sqlite3")
    back_up(backup)

    status, output = drill(backup, capsys)
    assert status == 0, output
    assert output.strip() == "备份可以恢复：2 份申报的 JSON 导出和 1 条历史记录都与当前数据库一致（临时数据库已删除）"
    assert scratch_databases() == []

    Filing.objects.filter(pk=changed.pk).update(overall_goal="备份之后改过的总体绩效目标")
    record(kept, admin, "comment", "又一条意见")
    status, output = drill(backup, capsys)
    assert status == 1
    assert output.splitlines() == [
        f"申报 {changed.pk}（2025 年 怀来县网信办）：JSON 导出与当前数据库不同",
        f"申报 {kept.pk}（2024 年 怀来县网信办）：历史记录备份中 1 条，当前数据库 2 条",
        "备份恢复后与当前数据库有 2 处不同",
    ]
    assert scratch_databases() == []


def test_a_reports_history_is_counted_as_the_reports(tmp_path, capsys):
    """运行监控 and 自评 reports write history with no filing: the drill
    counts it per report and names the report when it differs."""
    unit = factories.unit(name="怀来县网信办")
    admin = factories.person("admin")
    filing = factories.filing(unit, year=2024)
    exercise = Exercise.objects.create(year=2024, months=7, deadline=datetime.date(2024, 8, 15),
                                       opened_by=admin)
    report = Report.objects.create(exercise=exercise, filing=filing, unit=unit, document={})
    record_report(report, admin, "create")
    backup = tmp_path / ("jixiao.dump" if connection.vendor == "postgresql" else "jixiao.sqlite3")
    back_up(backup)

    status, output = drill(backup, capsys)
    assert status == 0, output
    assert "1 份申报的 JSON 导出和 1 条历史记录" in output

    record_report(report, admin, "edit")
    status, output = drill(backup, capsys)
    assert status == 1
    assert output.splitlines()[0] == f"监控/自评报告 {report.pk}：历史记录备份中 1 条，当前数据库 2 条"
    assert scratch_databases() == []


def test_what_is_not_a_backup_is_refused(tmp_path, capsys):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("不是备份", encoding="utf-8")
    with pytest.raises(Exception) as refused:
        call_command("check_backup", str(not_a_backup))
    assert str(not_a_backup) in str(refused.value)
    assert scratch_databases() == []
