"""Budget projects (项目支出) and their spending plans (资金支出计划)."""
from django.db import models

from .fields import AmountField, OptionalText


class Project(models.Model):
    class Attribute(models.TextChoices):
        NEW = "新增项目", "新增项目"
        CONTINUING = "延续项目", "延续项目"

    filing = models.ForeignKey(
        "targets.Filing", verbose_name="申报", on_delete=models.CASCADE, related_name="projects"
    )
    order = models.PositiveIntegerField("序号", default=0)
    code = OptionalText("项目编码")
    name = models.TextField("项目名称")
    implementing_unit = OptionalText("实施单位")
    attribute = models.CharField(
        "项目属性", max_length=10, choices=Attribute.choices, null=True, blank=True
    )
    period = OptionalText("项目期", help_text="如：一年、长期、2023年—2025年")

    has_budget = models.BooleanField("含预算信息", default=True)
    budget_total = AmountField("预算数（年度资金总额）")
    budget_fiscal = AmountField("其中：财政资金")
    budget_superior = AmountField("上级资金")
    budget_other = AmountField("其他资金")
    budget_midterm_total = AmountField("中期资金总额")
    budget_midterm_fiscal = AmountField("中期：财政拨款")
    budget_midterm_other = AmountField("中期：其他资金")

    purpose = OptionalText("资金用途")
    midterm_goal = OptionalText("中期目标")
    annual_goal = OptionalText("年度目标")

    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目"
        ordering = ["filing", "order", "id"]

    def __str__(self):
        return self.name



class SpendingCheckpoint(models.Model):
    """Cumulative share of the budget spent by the end of a month."""

    project = models.ForeignKey(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="spending_plan"
    )
    order = models.PositiveIntegerField("序号", default=0)
    month = models.PositiveSmallIntegerField("月份（月底）")
    percent = AmountField("累计支出比例（%）")

    class Meta:
        verbose_name = "资金支出计划节点"
        verbose_name_plural = "资金支出计划节点"
        ordering = ["project", "order", "id"]

    def __str__(self):
        return f"{self.month}月底"
