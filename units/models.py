"""Regions (行政区划), budget units (预算单位) and the people who work in them."""
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr

from targets.frameworks import LAYOUT_CHOICES


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"

    code = models.CharField("行政区划代码", max_length=6, null=True, blank=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids ("/1/5/17/") so "this region and everything
    # below it" is one indexed prefix query at any depth.
    path = models.CharField("层级路径", max_length=255, editable=False, db_index=True, default="")
    layout = models.CharField(
        "默认版式",
        max_length=10,
        choices=LAYOUT_CHOICES,
        blank=True,
        help_text="留空则沿用上级区划的版式",
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(code__isnull=False), name="region_code_unique"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
            if path != self.path:
                old, self.path = self.path, path
                super().save(update_fields=["path"])
                if old:
                    self._move_descendants(old, path)

    def _move_descendants(self, old, new):
        """Give the regions below a moved region its new path prefix: who
        may see which units follows these paths (targets.visibility)."""
        Region.objects.filter(path__startswith=old).exclude(pk=self.pk).update(
            path=Concat(Value(new), Substr("path", len(old) + 1), output_field=models.CharField()))

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "上级区划不能是本区划或其下级。"})
            ancestor = ancestor.parent

    def effective_layout(self):
        """The layout of this region, inherited from above when not set."""
        region = self
        while region is not None:
            if region.layout:
                return region.layout
            region = region.parent
        return "hebei"

    @staticmethod
    def level_for_code(code):
        if code and code.endswith("0000"):
            return Region.Level.PROVINCE
        if code and code.endswith("00"):
            return Region.Level.CITY
        return Region.Level.COUNTY

    @staticmethod
    def ancestor_codes(code):
        """Codes of the city and province a 6-digit code sits under."""
        if not code or len(code) != 6:
            return []
        candidates = [code[:4] + "00", code[:2] + "0000"]
        return [c for c in candidates if c != code]


class BudgetUnit(models.Model):
    region = models.ForeignKey(
        Region, verbose_name="行政区划", on_delete=models.PROTECT, related_name="units"
    )
    # A unit code such as 224001 repeats across regions: region and code
    # together identify a unit.
    code = models.CharField("单位编码", max_length=50, null=True, blank=True)
    name = models.CharField("单位名称", max_length=200)
    layout = models.CharField(
        "版式", max_length=10, choices=LAYOUT_CHOICES, blank=True, help_text="留空则沿用行政区划的版式"
    )

    class Meta:
        verbose_name = "预算单位"
        verbose_name_plural = "预算单位"
        ordering = ["region__path", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code"],
                condition=Q(code__isnull=False),
                name="unit_code_unique_in_region",
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}" if self.code else self.name

    def effective_layout(self):
        return self.layout or self.region.effective_layout()


class User(AbstractUser):
    class Role(models.TextChoices):
        STAFF = "staff", "填报人"
        REVIEWER = "reviewer", "审核人"
        ADMIN = "admin", "管理员"

    role = models.CharField("角色", max_length=10, choices=Role.choices, default=Role.STAFF)
    unit = models.ForeignKey(
        BudgetUnit,
        verbose_name="所属预算单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="填报人所在的预算单位",
    )
    organisation = models.CharField(
        "所在机构", max_length=200, blank=True, help_text="如：怀来县财政局"
    )
    jurisdiction = models.ManyToManyField(
        Region,
        verbose_name="审核辖区",
        blank=True,
        related_name="reviewers",
        help_text="审核人负责的行政区划（含其下级全部区划）",
    )
    phone = models.CharField("联系电话", max_length=50, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def clean(self):
        super().clean()
        if self.role == self.Role.STAFF and self.unit_id is None:
            raise ValidationError({"unit": "填报人必须属于一个预算单位。"})

    def save(self, *args, **kwargs):
        # `createsuperuser` knows nothing of our roles and would leave the
        # default 填报人 without a unit, whose home page cannot be shown.
        if self.is_superuser and self.role == self.Role.STAFF and self.unit_id is None:
            self.role = self.Role.ADMIN
        super().save(*args, **kwargs)

    @property
    def is_unit_staff(self):
        # A superuser made before save() set its role is an admin too.
        return self.role == self.Role.STAFF and not self.is_superuser

    @property
    def is_reviewer(self):
        return self.role == self.Role.REVIEWER

    @property
    def is_app_admin(self):
        return self.role == self.Role.ADMIN or self.is_superuser

    def display_name(self):
        return self.get_full_name() or self.username
