"""export_round ID -o PATH.zip: a round's ZIP (reports.bundle: the summary
汇总.xlsx, then every unit's official table per project as XLSX and PDF —
执行监控表 for a monitoring round, 项目支出绩效自评表 for a self-evaluation
round), with all of the round's reports, as the overview's 导出 builds it
for a reviewer in the background."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.bundle import RoundExportFailed, entry_of, round_zip
from reports.kinds import for_exercise
from reports.models import Exercise


class Command(BaseCommand):
    help = "导出运行监控或绩效自评任务的全部报告为 ZIP（汇总表及各项目的执行监控表或自评表）。"

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="任务编号（运行监控或绩效自评）")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.zip）")
        parser.add_argument("--no-pdf", action="store_true", help="只生成 XLSX，不生成 PDF（更快）")
        parser.add_argument("--workers", type=int, default=None,
                            help="生成表格的进程数（默认 BULK_EXPORT_WORKERS）")

    def handle(self, id, output, no_pdf=False, workers=None, **options):
        exercise = Exercise.objects.filter(pk=id).first()
        if exercise is None:
            raise CommandError(f"找不到编号为 {id} 的任务", returncode=1)
        reports = exercise.reports.select_related("unit").order_by("unit__code", "pk")
        try:
            content = round_zip([entry_of(r) for r in reports], title=exercise.title, pdf=not no_pdf,
                                workers=workers, kind=for_exercise(exercise))
        except RoundExportFailed as error:
            raise CommandError(str(error), returncode=1) from None
        path = Path(output)
        path.write_bytes(content)
        self.stdout.write(f"已导出 {path}（{reports.count()} 份报告）")
