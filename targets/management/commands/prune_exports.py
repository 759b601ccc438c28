"""prune_exports: delete the ZIPs of bulk exports finished more than
BULK_EXPORT_KEEP_DAYS ago (each new export does this too; for cron)."""
from django.conf import settings
from django.core.management.base import BaseCommand

from targets.services.export_housekeeping import prune_bulk_exports


class Command(BaseCommand):
    help = f"删除完成超过保留天数（DJANGO_BULK_EXPORT_KEEP_DAYS，当前 {settings.BULK_EXPORT_KEEP_DAYS} 天）的批量导出 ZIP 文件。"

    def handle(self, **options):
        pruned = prune_bulk_exports()
        self.stdout.write(f"已删除 {pruned} 个过期的批量导出文件（保留 {settings.BULK_EXPORT_KEEP_DAYS} 天）。")
