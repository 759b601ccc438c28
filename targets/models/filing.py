"""A unit's filing for one budget year: department part, budget, contact."""
from django.conf import settings
from django.db import models

from targets.frameworks import LAYOUT_CHOICES

from .fields import AmountField, OptionalText


class FilingStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"


# A heading is a line or two of a printed table.
HEADING_LENGTH = 200


class Filing(models.Model):
    class AmountUnit(models.TextChoices):
        YUAN = "元", "元"
        WAN_YUAN = "万元", "万元"

    unit = models.ForeignKey(
        "units.BudgetUnit", verbose_name="预算单位", on_delete=models.PROTECT, related_name="filings"
    )
    # The unit's name as printed on this filing; a unit renamed later keeps
    # its earlier filings as they were filed.
    unit_name = models.CharField("单位名称（申报时）", max_length=200)
    year = models.PositiveSmallIntegerField("预算年度")
    layout = models.CharField("版式", max_length=10, choices=LAYOUT_CHOICES)
    amount_unit = models.CharField(
        "金额单位", max_length=4, choices=AmountUnit.choices, default=AmountUnit.WAN_YUAN
    )
    status = models.CharField(
        "状态", max_length=10, choices=FilingStatus.choices, default=FilingStatus.DRAFT, db_index=True
    )

    # Headings as the unit wrote them; null prints the layout's own
    # (targets/tables/headings.py).
    projects_heading = models.CharField("项目部分标题", max_length=HEADING_LENGTH, null=True, blank=True)
    table_numbering = models.CharField("表格编号样式", max_length=4, null=True, blank=True,
                                       choices=[("1.", "1."), ("1、", "1、")])
    department_part_heading = models.CharField("部分标题", max_length=HEADING_LENGTH, null=True, blank=True)
    department_heading = models.CharField("单位整体部分标题", max_length=HEADING_LENGTH, null=True, blank=True)
    overall_goal_title = models.CharField("总体绩效目标的标题", max_length=HEADING_LENGTH, null=True, blank=True)
    sub_goals_title = models.CharField("分项绩效目标的标题", max_length=HEADING_LENGTH, null=True, blank=True)
    safeguards_title = models.CharField("工作保障措施的标题", max_length=HEADING_LENGTH, null=True, blank=True)

    # 部门/单位整体绩效目标. has_department distinguishes a filing without a
    # department part (null in the document) from one whose texts are empty.
    has_department = models.BooleanField("含单位整体部分", default=True)
    functions = OptionalText("部门职能职责概述")
    overall_goal = OptionalText("总体绩效目标")
    sub_goals = OptionalText("分项绩效目标")
    safeguards = OptionalText("工作保障措施")

    # 年度预算申请 of the 部门整体支出绩效目标表.
    has_budget = models.BooleanField("含年度预算申请", default=False)
    budget_total = AmountField("资金总额")
    budget_general_public = AmountField("一般公共预算")
    budget_government_fund = AmountField("政府性基金拨款")
    budget_special_non_tax = AmountField("纳入专户管理的非税收入拨款")
    budget_other = AmountField("其他资金")
    budget_basic = AmountField("基本支出")
    budget_project = AmountField("项目支出")

    # Footer of the Hunan tables.
    has_contact = models.BooleanField("含填报信息", default=False)
    prepared_by = OptionalText("填表人")
    phone = OptionalText("联系电话")
    filed_on = models.DateField("填报日期", null=True, blank=True)
    unit_head = OptionalText("单位负责人")

    # Bumped on every save of the filing's own fields; an edit based on an
    # older version is refused instead of overwriting someone else's work.
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "绩效目标申报"
        verbose_name_plural = "绩效目标申报"
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_filing_per_unit_year")
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"{self.year}年 {self.unit.name}"

    @property
    def framework(self):
        from targets.frameworks import framework_for

        return framework_for(self.layout)

    @property
    def is_editable(self):
        return self.status in (FilingStatus.DRAFT, FilingStatus.RETURNED)

    def department_indicators(self):
        return self.indicators.filter(project__isnull=True)
