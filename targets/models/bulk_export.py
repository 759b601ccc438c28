"""A bulk export of a year's official tables (批量导出): who asked for which
filings, how far the background task has come, and the finished ZIP."""
from django.conf import settings
from django.db import models

from .filing import FilingStatus


class BulkExport(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "正在生成"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        # Done, and its ZIP deleted after BULK_EXPORT_KEEP_DAYS.
        EXPIRED = "expired", "已过期"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    year = models.PositiveSmallIntegerField("预算年度")
    # The region filter covers the region and everything below it; its name
    # is kept as chosen, for the list, should the region be renamed later.
    region = models.ForeignKey("units.Region", verbose_name="行政区划", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    region_name = models.CharField("行政区划名称", max_length=100, blank=True)
    filing_status = models.CharField("申报状态", max_length=10, blank=True, choices=FilingStatus.choices)
    state = models.CharField("进度状态", max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField("申报份数", default=0)
    done = models.PositiveIntegerField("已完成份数", default=0)
    error = models.TextField("错误信息", blank=True)
    file = models.FileField("ZIP 文件", upload_to="bulk_exports/", blank=True)
    task_id = models.CharField("后台任务编号", max_length=64, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    # The worker's last sign of life (progress), for finding exports whose
    # worker stopped (services/export_housekeeping.py).
    progress_at = models.DateTimeField("最近进度时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "批量导出"
        verbose_name_plural = "批量导出"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.year}年 {self.filters_label()}"

    @property
    def percent(self):
        if self.state in (self.State.DONE, self.State.EXPIRED):
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def is_pending(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    def filters_label(self):
        status = self.get_filing_status_display() if self.filing_status else "全部状态"
        return f"{self.region_name or '全部地区'} · {status}"

    def download_name(self):
        """"2024年绩效目标表-沅江市-已通过.zip"."""
        parts = [f"{self.year}年绩效目标表", self.region_name or "全部地区"]
        if self.filing_status:
            parts.append(self.get_filing_status_display())
        return "-".join(parts) + ".zip"
