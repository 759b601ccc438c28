"""Exercises issued by the finance side (运行监控 rounds, later 绩效自评) and
one Report per approved filing in scope, stored as its document
(monitoring/1) so a province round is one bulk_create."""
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from targets.models import BulkExport, FilingStatus

from .fields import DEFAULT_MONTHS, MONTH_CHOICES


class Exercise(models.Model):
    """A monitoring round or a self-evaluation round of one year, for a
    region (and everything below it) or a chosen list of units."""

    class Kind(models.TextChoices):
        MONITORING = "monitoring", "运行监控"
        EVALUATION = "evaluation", "绩效自评"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.MONITORING)
    year = models.PositiveSmallIntegerField("年度")
    # Monitoring only: the period 1–N月; null for a self-evaluation.
    months = models.PositiveSmallIntegerField(
        "监控期间", null=True, blank=True, choices=[(m, f"1–{m}月") for m in MONTH_CHOICES],
        default=DEFAULT_MONTHS,
    )
    deadline = models.DateField("截止日期")
    region = models.ForeignKey(
        "units.Region", verbose_name="范围（行政区划）", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    units = models.ManyToManyField("units.BudgetUnit", verbose_name="范围（指定单位）", blank=True, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField("发起时间", default=timezone.now)

    class Meta:
        verbose_name = "监控/自评任务"
        verbose_name_plural = "监控/自评任务"
        ordering = ["-year", "-opened_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def period_label(self):
        return f"1–{self.months}月" if self.months else ""

    @property
    def title(self):
        if self.kind == self.Kind.MONITORING:
            return f"{self.year}年度绩效运行监控（{self.period_label}）"
        return f"{self.year}年度绩效自评"


class ReportStatus(models.TextChoices):
    """A report's states: the filing statuses' values, so the review actions
    of reviews.actions apply as they stand; the decision reads 已接受."""

    DRAFT = FilingStatus.DRAFT.value, "草稿"
    SUBMITTED = FilingStatus.SUBMITTED.value, "已提交"
    RETURNED = FilingStatus.RETURNED.value, "已退回"
    APPROVED = FilingStatus.APPROVED.value, "已接受"


class Report(models.Model):
    """One unit's report for one approved filing in an exercise: the whole
    document (approved values copied at creation, the unit's entries inside
    it) and the light counts the overview lists, refreshed on each save."""

    exercise = models.ForeignKey(Exercise, verbose_name="任务", on_delete=models.CASCADE, related_name="reports")
    filing = models.ForeignKey("targets.Filing", verbose_name="申报", on_delete=models.PROTECT,
                               related_name="reports")
    unit = models.ForeignKey("units.BudgetUnit", verbose_name="预算单位", on_delete=models.PROTECT,
                             related_name="reports")
    # The approve round whose snapshot the approved values came from.
    source_round = models.ForeignKey("reviews.Round", verbose_name="所依据的审核通过轮次", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                              db_index=True)
    # 调整 asked from this report: the filing's reopen round (its reverse,
    # Round.adjusted_reports, links the filing's round back to the report).
    adjustment_round = models.ForeignKey("reviews.Round", verbose_name="由此发起的调整", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="adjusted_reports")
    version = models.PositiveIntegerField("版本", default=1)
    # False until the unit first saves: an untouched draft follows a re-approval.
    touched = models.BooleanField("已填写", default=False)
    document = models.JSONField("报告（monitoring/1）", encoder=DjangoJSONEncoder)
    red = models.PositiveIntegerField("红灯数", default=0)
    yellow = models.PositiveIntegerField("黄灯数", default=0)
    green = models.PositiveIntegerField("绿灯数", default=0)
    blue = models.PositiveIntegerField("蓝灯数", default=0)
    unjudged = models.PositiveIntegerField("未判定数", default=0)
    worst = models.CharField("最差灯", max_length=6, blank=True, default="")
    # 绩效自评 only (null / "" for monitoring): the overview's figures, worked
    # out by reports.saving.evaluation_figures on opening, each save and each
    # 复核 (the report's total: its one project's, or the mean of its projects').
    total_score = models.DecimalField("自评总分", max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField("自评等级", max_length=2, blank=True, default="")
    execution_rate = models.DecimalField("执行率（%）", max_digits=12, decimal_places=2, null=True, blank=True)
    review_total = models.DecimalField("复核总分", max_digits=6, decimal_places=2, null=True, blank=True)
    review_grade = models.CharField("复核等级", max_length=2, blank=True, default="")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("最后修改", auto_now=True)

    class Meta:
        verbose_name = "监控报告"
        verbose_name_plural = "监控报告"
        ordering = ["exercise", "unit__code", "id"]
        constraints = [models.UniqueConstraint(fields=["exercise", "filing"], name="one_report_per_filing")]

    def __str__(self):
        return f"{self.exercise} · {self.filing.unit_name}"

    @property
    def is_editable(self):
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def is_evaluation(self):
        return self.document.get("format") == "evaluation/1"

    @property
    def final_grade(self):
        """The published grade: 复核's where a reviewer set scores, else the unit's."""
        return self.review_grade or self.grade

    @property
    def unit_name(self):
        return self.filing.unit_name

    @property
    def year(self):
        return self.exercise.year


class Rectification(models.Model):
    """整改: a reviewer's written requirement the unit answers in its next
    submission (the answer is required before it can submit)."""

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE,
                               related_name="rectifications")
    requirement = models.TextField("整改要求")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT,
                                 related_name="+")
    asked_at = models.DateTimeField("提出时间", default=timezone.now)
    answer = models.TextField("整改情况", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "整改要求"
        verbose_name_plural = "整改要求"
        ordering = ["asked_at", "id"]


class RoundExport(models.Model):
    """A round's ZIP (reports.bundle.round_zip) built in the background for
    the reviewer or admin who asked: it holds the reports *they* can see, so
    it is theirs alone (reports/tasks.py, reports/views_files.py). The states
    are the filing bulk export's (targets.models.BulkExport.State)."""

    State = BulkExport.State

    exercise = models.ForeignKey(Exercise, verbose_name="任务", on_delete=models.CASCADE, related_name="exports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.CASCADE,
                                   related_name="+")
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    state = models.CharField("进度状态", max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField("报告份数", default=0)
    error = models.TextField("错误信息", blank=True)
    file = models.FileField("ZIP 文件", upload_to="round_exports/", blank=True)
    task_id = models.CharField("后台任务编号", max_length=64, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "监控任务导出"
        verbose_name_plural = "监控任务导出"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.exercise} · {self.get_state_display()}"

    @property
    def is_pending(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self):
        return 100 if self.state in (self.State.DONE, self.State.EXPIRED) else 0
