"""import_report PATH --report ID: a monitoring/1 JSON document replaces
that report's (a draft or returned one): validated, the approved part
exactly as the report holds it, saved by reports.saving.save_report with
its history entry in an admin's name (--user, else the first active admin).
On any problem nothing is written and each is named by its JSON path."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import Report
from reports.replacement import DocumentRefused, replace_document
from reports.saving import EditConflict, NotEditable
from targets.management.commands.import_filing import _admin


class Command(BaseCommand):
    help = "以 monitoring/1 JSON 文档替换一份监控报告（草稿或已退回）的填报内容。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="monitoring/1 JSON 文件")
        parser.add_argument("--report", type=int, required=True, metavar="ID", help="监控报告编号")
        parser.add_argument("--user", metavar="USERNAME", help="记入历史的管理员账号（默认第一个在用的管理员）")

    def handle(self, path, report, user=None, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{path}", returncode=1)
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise CommandError(f"导入失败，未写入任何数据。{file.name} 不是有效的 JSON（UTF-8）", returncode=1) from None
        found = Report.objects.filter(pk=report).first()
        if found is None:
            raise CommandError(f"找不到编号为 {report} 的监控报告", returncode=1)
        actor = _admin(user)
        try:
            saved = replace_document(found, document, found.version, actor)
        except DocumentRefused as refused:
            lines = [f"导入失败，未写入任何数据。{file.name} 有 {len(refused.problems)} 处问题："]
            lines += [f"  {problem}" for problem in refused.problems]
            raise CommandError("\n".join(lines), returncode=1) from None
        except NotEditable as refused:
            raise CommandError(f"导入失败，未写入任何数据。{refused}", returncode=1) from None
        except EditConflict:
            raise CommandError("导入失败，未写入任何数据。报告在导入过程中被他人修改，请重试。", returncode=1) from None
        self.stdout.write(f"已导入监控报告 {saved.pk}（版本 {saved.version}）")
