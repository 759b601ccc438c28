"""import_report PATH --report ID: a JSON document replaces that report's
(a draft or returned one), in the format of the report's kind (monitoring/1
for a monitoring report, evaluation/1 for a self-evaluation report, whose
computed 得分 are filled in and whose 复核 keys stay the report's):
validated by reports.replacement, the approved part
exactly as the report holds it, saved by reports.saving.save_report with
its history entry in an admin's name (--user, else the first active admin).
On any problem nothing is written and each is named by its JSON path."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import Report
from reports.replacement import DocumentRefused, replace_document
from reports.saving import EditConflict, InvalidDocument, NotEditable

from .export_report import NOUNS
from targets.management.commands.import_filing import _admin


class Command(BaseCommand):
    help = "以 JSON 文档替换一份报告（草稿或已退回）的填报内容：监控报告为 monitoring/1，自评报告为 evaluation/1。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="monitoring/1 或 evaluation/1 JSON 文件（随报告的类型）")
        parser.add_argument("--report", type=int, required=True, metavar="ID", help="报告编号（监控报告或自评报告）")
        parser.add_argument("--user", metavar="USERNAME", help="记入历史的管理员账号（默认第一个在用的管理员）")

    def handle(self, path, report, user=None, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{path}", returncode=1)
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise CommandError(f"导入失败，未写入任何数据。{file.name} 不是有效的 JSON（UTF-8）", returncode=1) from None
        found = Report.objects.filter(pk=report).select_related("exercise").first()
        if found is None:
            raise CommandError(f"找不到编号为 {report} 的监控报告或自评报告", returncode=1)
        actor = _admin(user)
        try:
            saved = replace_document(found, document, found.version, actor)
        except (DocumentRefused, InvalidDocument) as refused:
            lines = [f"导入失败，未写入任何数据。{file.name} 有 {len(refused.problems)} 处问题："]
            lines += [f"  {problem}" for problem in refused.problems]
            raise CommandError("\n".join(lines), returncode=1) from None
        except NotEditable as refused:
            raise CommandError(f"导入失败，未写入任何数据。{refused}", returncode=1) from None
        except EditConflict:
            raise CommandError("导入失败，未写入任何数据。报告在导入过程中被他人修改，请重试。", returncode=1) from None
        self.stdout.write(f"已导入{NOUNS[found.exercise.kind]} {saved.pk}（版本 {saved.version}）")
