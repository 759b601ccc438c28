"""check_backup PATH: the restore drill. Restores a backup (pg_dump -Fc on
PostgreSQL, a copy of the database file on SQLite) into a scratch database
and compares every filing's filing/1 export and history count with this
database; exit 1 on any difference."""
import sys

from django.core.management.base import BaseCommand, CommandError

from targets.services.backup_check import BackupCheckFailed, check_backup


class Command(BaseCommand):
    help = (
        "恢复演练：把备份恢复到一个临时数据库（PostgreSQL 用 pg_restore 恢复 pg_dump -Fc 的备份，"
        "SQLite 用备份的数据库文件的副本），逐份比较申报的 JSON 导出和历史记录条数与当前数据库是否一致，"
        "然后删除临时数据库。有不同之处时列出并以退出码 1 结束。请在备份后、无人修改数据时运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="备份文件（pg_dump -Fc 的输出，或 SQLite 数据库文件的备份）")

    def handle(self, path, **options):
        try:
            verdict = check_backup(path)
        except BackupCheckFailed as failure:
            raise CommandError(str(failure), returncode=1) from None
        for difference in verdict.differences:
            self.stdout.write(str(difference))
        if verdict.differences:
            self.stderr.write(f"备份恢复后与当前数据库有 {len(verdict.differences)} 处不同")
            sys.exit(1)
        self.stdout.write(f"备份可以恢复：{verdict.filings} 份申报的 JSON 导出和 {verdict.history} 条历史记录"
                          "都与当前数据库一致（临时数据库已删除）")
