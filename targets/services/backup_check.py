"""The restore drill (docs/operations.md): a backup is restored into a
scratch database, and every filing's filing/1 export and history count there
compared with the database it was taken from. PostgreSQL backups are
pg_dump's custom format, restored with pg_restore; SQLite backups are a
copy of the database file (its online backup)."""
import contextlib
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.db.utils import load_backend
from django.db.models import Count

from reviews.models import LogEntry
from targets.interchange import export_document, filings_for_export
from targets.models import Filing

SCRATCH = "backup_check"  # the restored copy's connection alias
SQLITE_HEADER = b"SQLite format 3\x00"


class BackupCheckFailed(Exception):
    """The backup could not be restored at all (the message says why)."""


@dataclass(frozen=True)
class Difference:
    filing: str  # "申报 12（2024 年 某单位）"
    what: str

    def __str__(self):
        return f"{self.filing}：{self.what}"


@dataclass
class Verdict:
    filings: int  # in the backup
    history: int  # entries in the backup
    differences: list


def check_backup(path, using="default"):
    """Restores the backup at `path` next to the database `using` and
    compares the two; the scratch database is gone afterwards."""
    path = Path(path)
    if not path.is_file():
        raise BackupCheckFailed(f"找不到备份文件 {path}")
    source = connections[using]
    restore = {"sqlite": _sqlite_copy, "postgresql": _postgresql_restore}.get(source.vendor)
    if restore is None:
        raise BackupCheckFailed(f"不支持的数据库：{source.vendor}")
    with restore(path, source) as settings_dict:
        # A connection of this thread only, not a configured database.
        connections[SCRATCH] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, SCRATCH)
        try:
            return compare(using, SCRATCH)
        finally:
            connections[SCRATCH].close()
            del connections[SCRATCH]


@contextlib.contextmanager
def _sqlite_copy(path, source):
    with open(path, "rb") as backup:
        if backup.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupCheckFailed(f"{path} 不是 SQLite 数据库文件")
    with tempfile.TemporaryDirectory(prefix="jixiao-restore-check-") as scratch:
        copy = Path(scratch) / "restored.sqlite3"
        shutil.copyfile(path, copy)  # the backup itself is never opened for writing
        yield {**source.settings_dict, "NAME": str(copy)}


@contextlib.contextmanager
def _postgresql_restore(path, source):
    settings = source.settings_dict
    name = f"jixiao_restore_check_{secrets.token_hex(4)}"
    quoted = source.ops.quote_name(name)
    with source.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quoted}")
    try:
        options = [f"--{key}={settings[setting]}" for key, setting in (("host", "HOST"), ("port", "PORT"), ("username", "USER"))
                   if settings[setting]]
        env = {**os.environ, **({"PGPASSWORD": settings["PASSWORD"]} if settings["PASSWORD"] else {})}
        result = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *options, f"--dbname={name}", str(path)],
            env=env, capture_output=True, text=True,
        )
        if result.returncode:
            raise BackupCheckFailed(f"pg_restore 无法恢复 {path}：{result.stderr.strip()[-2000:]}")
        yield {**settings, "NAME": name}
    finally:
        with source.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


def compare(live, restored):
    """The differences between the filings and their history in two
    databases (by alias), the restored one's counts."""
    ours, theirs = _filings(live), _filings(restored)
    history = {alias: _history_counts(alias) for alias in (live, restored)}
    differences = []
    for pk in sorted(ours.keys() | theirs.keys()):
        label = (ours.get(pk) or theirs[pk])[1]
        if pk not in theirs:
            differences.append(Difference(label, "备份中没有这份申报"))
        elif pk not in ours:
            differences.append(Difference(label, "备份中有、当前数据库中没有这份申报"))
        elif ours[pk][0] != theirs[pk][0]:
            differences.append(Difference(label, "JSON 导出与当前数据库不同"))
    for key in sorted(history[live].keys() | history[restored].keys()):
        now, then = history[live].get(key, 0), history[restored].get(key, 0)
        if now != then:
            kind, pk = key
            if kind == "report":
                label = f"监控/自评报告 {pk}"
            else:
                label = (ours.get(pk) or theirs.get(pk) or (None, f"申报 {pk}（已删除）"))[1]
            differences.append(Difference(label, f"历史记录备份中 {then} 条，当前数据库 {now} 条"))
    return Verdict(len(theirs), sum(history[restored].values()), differences)


def _filings(alias):
    """{pk: (digest of its filing/1 export, label)}: digests, so that a
    province's filings need not be held in memory twice."""
    found = {}
    queryset = filings_for_export(Filing.objects.using(alias).order_by("pk"))
    for filing in queryset.iterator(chunk_size=100):
        text = json.dumps(export_document(filing), ensure_ascii=False, sort_keys=True, default=str)
        found[filing.pk] = (hashlib.sha256(text.encode("utf-8")).hexdigest(),
                            f"申报 {filing.pk}（{filing.year} 年 {filing.unit.name}）")
    return found


def _history_counts(alias):
    """{("filing", pk) or ("report", pk): entries}: a report's history (运行监控,
    自评) has the report and no filing."""
    rows = (LogEntry.objects.using(alias).order_by().values("filing_id", "report_id")
            .annotate(entries=Count("id")))
    return {("filing", row["filing_id"]) if row["filing_id"] is not None else ("report", row["report_id"]):
            row["entries"] for row in rows}
