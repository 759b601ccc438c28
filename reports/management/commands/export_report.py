"""export_report ID -o PATH: write a report as its JSON document, in the
format of its kind: a monitoring report as monitoring/1, a self-evaluation
report as evaluation/1 (the document import_report and the API's PUT take
back)."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.models import Exercise, Report

NOUNS = {Exercise.Kind.MONITORING: "监控报告", Exercise.Kind.EVALUATION: "自评报告"}


class Command(BaseCommand):
    help = "导出报告为 JSON 文档：监控报告为 monitoring/1，自评报告为 evaluation/1。"

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="报告编号（监控报告或自评报告）")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.json）")

    def handle(self, id, output, **options):
        report = Report.objects.filter(pk=id).select_related("exercise").only("document", "exercise__kind").first()
        if report is None:
            raise CommandError(f"找不到编号为 {id} 的监控报告或自评报告", returncode=1)
        path = Path(output)
        path.write_text(json.dumps(report.document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"已导出{NOUNS[report.exercise.kind]} {path}（{report.document.get('format')}）")
