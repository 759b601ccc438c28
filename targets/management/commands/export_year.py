"""export_year YEAR -o PATH.zip: the bulk export from the command line, with
a progress line on the terminal ("已完成 37/100")."""
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from targets.models import FilingStatus
from targets.services.year_archive import BulkExportFailed, Throttled, bulk_filings, write_bulk_zip
from units.models import Region


class Command(BaseCommand):
    help = "批量导出一个年度的绩效目标表：一个 ZIP，每个单位一个文件夹，内含 XLSX 和 PDF。"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="预算年度")
        parser.add_argument("-o", "--output", required=True, help="输出的 ZIP 文件")
        parser.add_argument("--region", help="行政区划代码或名称：只导出该区划及其下级的申报")
        parser.add_argument("--status", choices=FilingStatus.values, help="只导出该状态的申报")
        parser.add_argument("--workers", type=int, default=None,
                            help=f"并行渲染的进程数（默认 {settings.BULK_EXPORT_WORKERS}，即 CPU 核数）")
        parser.add_argument("--no-cache", action="store_true",
                            help="不使用也不写入导出缓存（MEDIA_ROOT/export_cache），全部重新生成")

    def handle(self, year, output, region=None, status=None, workers=None, no_cache=False, **options):
        if workers is not None and workers < 1:
            raise CommandError("--workers 至少为 1", returncode=1)
        region_obj = _region(region) if region else None
        ids = list(bulk_filings(year, region_obj, status).values_list("pk", flat=True))
        if not ids:
            raise CommandError(f"没有符合条件的 {year} 年度申报", returncode=1)
        output = Path(output)
        partial = output.with_name(output.name + ".part")
        interactive = self.stdout.isatty()
        report = self._progress(interactive)
        start = time.perf_counter()
        try:
            with open(partial, "wb") as out:
                write_bulk_zip(ids, out, workers=workers, progress=Throttled(report, 0.2) if interactive else report,
                               **({"cache": None} if no_cache else {}))
        except BulkExportFailed as error:
            partial.unlink(missing_ok=True)
            raise CommandError(str(error), returncode=1) from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        os.replace(partial, output)  # a ZIP appears whole or not at all
        seconds = time.perf_counter() - start
        self.stdout.write(f"已导出 {len(ids)} 份 {year} 年度申报到 {output}"
                          f"（用时 {seconds:.1f} 秒，{workers or settings.BULK_EXPORT_WORKERS} 个进程）")

    def _progress(self, interactive):
        def report(done, total):
            if interactive:
                # One line, rewritten in place.
                self.stdout.write(f"\r已完成 {done}/{total}", ending="\n" if done == total else "")
                self.stdout.flush()
            elif done == total or done % 10 == 0:
                self.stdout.write(f"已完成 {done}/{total}")
        return report


def _region(text):
    found = list(Region.objects.filter(code=text)) or list(Region.objects.filter(name=text))
    if not found:
        raise CommandError(f"找不到行政区划“{text}”（请给出 6 位代码或名称）", returncode=1)
    if len(found) > 1:
        codes = "、".join(r.code or r.name for r in found)
        raise CommandError(f"有多个名为“{text}”的行政区划（{codes}），请给出代码", returncode=1)
    return found[0]
