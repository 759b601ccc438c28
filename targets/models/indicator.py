"""Indicator rows (绩效指标) with the parsed reading of their value."""
from django.db import models

from targets.values import KIND_LABELS, parse_value

from .fields import AMOUNT_DECIMAL_PLACES, AMOUNT_MAX_DIGITS, AmountField, OptionalText


class Indicator(models.Model):
    class Period(models.TextChoices):
        ANNUAL = "annual", "年度"
        MIDTERM = "midterm", "中期"

    class ValueKind(models.TextChoices):
        EMPTY = "", "未填写"
        QUANTITATIVE = "quantitative", KIND_LABELS["quantitative"]
        QUALITATIVE = "qualitative", KIND_LABELS["qualitative"]

    filing = models.ForeignKey(
        "targets.Filing", verbose_name="申报", on_delete=models.CASCADE, related_name="indicators"
    )
    # Null for the department-level indicators of the 部门整体支出绩效目标表.
    project = models.ForeignKey(
        "targets.Project",
        verbose_name="项目",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    period = models.CharField("期间", max_length=10, choices=Period.choices, default=Period.ANNUAL)
    order = models.PositiveIntegerField("序号", default=0)
    level1 = models.TextField("一级指标")
    level2 = models.TextField("二级指标")
    name = models.TextField("三级指标")
    description = OptionalText("绩效指标描述")
    value = OptionalText("指标值")
    basis = OptionalText("指标值确定依据")
    standard = OptionalText("绩效标准")
    weight = AmountField("分值/权重")

    # Derived from `value` by targets.values.parse_value on every save.
    value_kind = models.CharField(
        "指标值类型", max_length=12, choices=ValueKind.choices, blank=True, editable=False
    )
    value_operator = models.CharField("比较符", max_length=2, blank=True, editable=False)
    value_number = models.DecimalField(
        "指标数值",
        max_digits=AMOUNT_MAX_DIGITS + 10,
        decimal_places=AMOUNT_DECIMAL_PLACES,
        null=True,
        blank=True,
        editable=False,
    )
    value_unit = models.CharField("计量单位", max_length=20, blank=True, editable=False)

    class Meta:
        verbose_name = "绩效指标"
        verbose_name_plural = "绩效指标"
        # One order across both periods of a project keeps the document's row
        # order exactly, whatever the mix of 中期 and 年度 rows.
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["filing", "project", "order"])]

    def __str__(self):
        return self.name

    # The columns refresh_parsed_value() derives from `value`.
    PARSED_VALUE_COLUMNS = ("value_kind", "value_operator", "value_number", "value_unit")

    def refresh_parsed_value(self):
        parsed = parse_value(self.value)
        self.value_kind = parsed.kind
        self.value_operator = parsed.operator
        self.value_number = parsed.number
        self.value_unit = parsed.unit
        return parsed

    def save(self, *args, **kwargs):
        self.refresh_parsed_value()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "value" in update_fields:
            kwargs["update_fields"] = set(update_fields) | set(self.PARSED_VALUE_COLUMNS)
        super().save(*args, **kwargs)

    @property
    def parsed_value(self):
        return parse_value(self.value)
