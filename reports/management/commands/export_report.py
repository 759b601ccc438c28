"""export_report ID -o PATH: write a monitoring report as its monitoring/1
JSON document (the document import_report and the API's PUT take back)."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import Report


class Command(BaseCommand):
    help = "导出监控报告为 monitoring/1 JSON 文档。"

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="监控报告编号")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.json）")

    def handle(self, id, output, **options):
        report = Report.objects.filter(pk=id).only("document").first()
        if report is None:
            raise CommandError(f"找不到编号为 {id} 的监控报告", returncode=1)
        path = Path(output)
        path.write_text(json.dumps(report.document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"已导出 {path}")
