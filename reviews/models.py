"""Review records: rounds (one per transition, with a filing/1 snapshot),
reviewers' comments, the append-only history log and in-app notices."""
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from .actions import ACTIONS, Conclusion


class AppendOnlyError(Exception):
    """A record kept for the history was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name}只能追加，不能删除。")

    delete.queryset_only = True

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name}只能追加，不能修改。")

    update.queryset_only = True


class AppendOnlyModel(models.Model):
    """Rows are written once: saving an existing row or deleting one raises."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name}只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name}只能追加，不能删除。")


# Round.action's choices: the review actions of the catalogue (Action.SUBMIT …).
Action = models.TextChoices(
    "Action", [(name.upper(), (name, action.label)) for name, action in ACTIONS.items()]
)


class Round(AppendOnlyModel):
    """One transition of a filing with the filing as it stood (filing/1).

    `number` orders the transitions; `cycle` is the review round (第N轮) it
    belongs to: a submission and the decision on it, or a reopening for
    调整 (adjustment) with the submission and decision that follow."""

    # PROTECT: once a filing has been submitted it stays on record. A round
    # is a filing's or a report's (运行监控/自评), never both.
    filing = models.ForeignKey(
        "targets.Filing", verbose_name="申报", null=True, blank=True, on_delete=models.PROTECT,
        related_name="rounds",
    )
    report = models.ForeignKey(
        "reports.Report", verbose_name="报告", null=True, blank=True, on_delete=models.PROTECT,
        related_name="rounds",
    )
    number = models.PositiveIntegerField("序号")
    cycle = models.PositiveIntegerField("轮次", default=1)
    adjustment = models.BooleanField("调整轮", default=False)
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=10)
    to_status = models.CharField("新状态", max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("时间", default=timezone.now)
    comment = models.TextField("意见/理由", blank=True)
    conclusion = models.CharField("审核结论", max_length=1, choices=Conclusion.choices, blank=True)
    snapshot = models.JSONField("申报快照（filing/1）", encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "审核轮次"
        verbose_name_plural = "审核轮次"
        ordering = ["filing", "number"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "number"], name="one_round_number_per_filing"),
            models.UniqueConstraint(fields=["report", "number"], name="one_round_number_per_report"),
            models.CheckConstraint(
                condition=models.Q(filing__isnull=False, report__isnull=True)
                | models.Q(filing__isnull=True, report__isnull=False),
                name="round_of_filing_or_report",
            ),
        ]

    def __str__(self):
        return f"{self.cycle_label} {self.get_action_display()}"

    @property
    def cycle_label(self):
        return f"第{self.cycle}轮{'（调整）' if self.adjustment else ''}"

    @property
    def subject(self):
        """The filing or the report this round is of."""
        return self.report if self.report_id else self.filing

    def _status_label(self, value):
        if self.report_id:
            from reports.models import ReportStatus

            return ReportStatus(value).label
        from targets.models import FilingStatus

        return FilingStatus(value).label

    @property
    def from_status_label(self):
        return self._status_label(self.from_status)

    @property
    def to_status_label(self):
        return self._status_label(self.to_status)


class Opening(AppendOnlyModel):
    """A reviewer who decides on a submission opened it (its review page):
    from then on its unit cannot withdraw it."""

    round = models.OneToOneField(
        Round, verbose_name="提交轮次", on_delete=models.PROTECT, related_name="opening"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("打开时间", default=timezone.now)

    class Meta:
        verbose_name = "审核人打开记录"
        verbose_name_plural = "审核人打开记录"

    def __str__(self):
        return f"{self.round} · {self.opened_at:%Y-%m-%d %H:%M}"


class Comment(models.Model):
    """A reviewer's comment (审核意见) on the whole filing, a project or one
    indicator row. The foreign keys follow the item while it exists;
    `subject` and `location` say what it was about when it was written."""

    class Target(models.TextChoices):
        FILING = "filing", "整份申报"
        PROJECT = "project", "项目"
        INDICATOR = "indicator", "指标"

    filing = models.ForeignKey(
        "targets.Filing", verbose_name="申报", on_delete=models.CASCADE, related_name="review_comments"
    )
    round = models.ForeignKey(
        Round, verbose_name="所在轮次", null=True, blank=True, on_delete=models.PROTECT,
        related_name="comments",
    )
    target = models.CharField("针对", max_length=10, choices=Target.choices, default=Target.FILING)
    project = models.ForeignKey(
        "targets.Project", verbose_name="项目", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="review_comments",
    )
    indicator = models.ForeignKey(
        "targets.Indicator", verbose_name="指标", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="review_comments",
    )
    # One field of the project or row (its filing/1 key), or "" for the item.
    field = models.CharField("栏目", max_length=40, blank=True)
    subject = models.CharField("对象", max_length=300, blank=True)
    location = models.CharField("位置（JSON 路径）", max_length=100, blank=True)
    text = models.TextField("意见")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("时间", default=timezone.now)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    # Closed by a reviewer once settled, or by the approval (closing_round).
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="关闭人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    closing_round = models.ForeignKey(
        Round, verbose_name="随审核通过关闭", null=True, blank=True, on_delete=models.PROTECT,
        related_name="closed_comments",
    )

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.subject or self.get_target_display()}：{self.text[:30]}"

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def is_open(self):
        return self.closed_at is None

    @property
    def field_part(self):
        """The catalogue part of `field` ("project", "project.budget", "indicator")."""
        from .comments import field_part

        return field_part(self.target, self.field)

    @property
    def field_label(self):
        from .comments import field_label

        return field_label(self.field_part, self.field) if self.field else ""

    @property
    def is_orphaned(self):
        """About a project or indicator row that has since been removed."""
        return (self.target == self.Target.PROJECT and self.project_id is None) or (
            self.target == self.Target.INDICATOR and self.indicator_id is None
        )


class Reply(AppendOnlyModel):
    """The unit's answer to a comment, in words (答复)."""

    comment = models.ForeignKey(Comment, verbose_name="审核意见", on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("答复")
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "意见答复"
        verbose_name_plural = "意见答复"
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:30]


class LogEntry(AppendOnlyModel):
    """One recorded action on a filing: an edit, a transition, a comment.
    Written only by reviews.log.record()."""

    # No database constraint: the history outlives a deleted draft, as in
    # pretix's log, and nothing may cascade into this table.
    filing = models.ForeignKey(
        "targets.Filing", verbose_name="申报", null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="log_entries",
    )
    # A report's entries (运行监控/自评) have a report and no filing.
    report = models.ForeignKey(
        "reports.Report", verbose_name="报告", null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="log_entries",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    action = models.CharField("操作", max_length=30)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    summary = models.TextField("摘要", blank=True)
    # [{"kind", "location", "subject", "field", "old", "new"}] as in
    # targets.interchange.diff.Change.
    changes = models.JSONField("变更内容", default=list, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["filing", "-created_at"]), models.Index(fields=["report", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action_label}"

    @property
    def action_label(self):
        from .log import ACTION_LABELS

        if self.report_id:
            from reports.history import ACTION_LABELS as REPORT_LABELS

            return REPORT_LABELS.get(self.action) or ACTION_LABELS.get(self.action, self.action)
        return ACTION_LABELS.get(self.action, self.action)


class Notice(models.Model):
    """An in-app notice (站内通知) about a filing's transition."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notices"
    )
    filing = models.ForeignKey(
        "targets.Filing", verbose_name="申报", on_delete=models.CASCADE, related_name="notices"
    )
    round = models.ForeignKey(
        Round, verbose_name="轮次", null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    # A notice about a report names its filing too (the notices page links it).
    report = models.ForeignKey(
        "reports.Report", verbose_name="报告", null=True, blank=True, on_delete=models.CASCADE,
        related_name="notices",
    )
    message = models.CharField("内容", max_length=500)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message
