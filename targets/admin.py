"""Admin views of the filings (read-only: their content changes in the
editor and the import, their state in the workflow, each with a history
entry), deadlines and bulk exports."""
from django.contrib import admin
from django.urls import reverse

from targets import field_catalogue as catalogue

from .models import BulkExport, Deadline, Filing, Indicator, Project, SpendingCheckpoint


class ReadOnly:
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Every field shown as text and none put in a form (a form of a
        # non-editable field would fail, and there is nothing to submit).
        return [field.name for field in self.model._meta.concrete_fields if not field.auto_created]


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


def _columns(*parts):
    """The model columns of catalogue parts, in document order."""
    return [field.column for part in parts for field in catalogue.fields_of(part)]


class ProjectInline(ReadOnly, admin.TabularInline):
    model = Project
    fields = ["order", "code", "name", "budget_total", "budget_fiscal"]
    show_change_link = True


@admin.register(Filing)
class FilingAdmin(ReadOnlyAdmin):
    list_display = ["unit_name", "year", "layout", "status", "amount_unit", "updated_at"]
    list_filter = ["year", "status", "layout"]
    search_fields = ["unit_name", "unit__name", "unit__code"]
    inlines = [ProjectInline]
    fieldsets = [
        (None, {"fields": ["unit", *_columns("unit", "filing"), "status"]}),
        ("单位整体绩效目标", {"fields": ["has_department", *_columns("department")]}),
        ("年度预算申请", {"fields": ["has_budget", *_columns("department.budget")]}),
        ("填报信息", {"fields": ["has_contact", *_columns("contact")]}),
        ("记录", {"fields": ["version", "created_at", "updated_at", "created_by"]}),
    ]

    def view_on_site(self, obj):
        # 在站点上查看: the filing's page, where it is edited and reviewed.
        return reverse("targets:filing", args=[obj.pk])


class SpendingCheckpointInline(ReadOnly, admin.TabularInline):
    model = SpendingCheckpoint


class IndicatorInline(ReadOnly, admin.TabularInline):
    model = Indicator
    fields = ["order", *_columns("indicator"), "value_kind"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "filing", "budget_total", "budget_fiscal"]
    search_fields = ["name", "code", "filing__unit_name"]
    list_select_related = ["filing"]
    inlines = [SpendingCheckpointInline, IndicatorInline]

    def view_on_site(self, obj):
        return reverse("targets:project", args=[obj.filing_id, obj.pk])


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "level1", "level2", "value", "value_kind", "value_operator",
                    "value_number", "value_unit", "period"]
    list_filter = ["period", "value_kind", "level1"]
    search_fields = ["name", "value"]


@admin.register(SpendingCheckpoint)
class SpendingCheckpointAdmin(ReadOnlyAdmin):
    list_display = ["project", "month", "percent"]


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "due_date", "note"]
    list_filter = ["year"]
    autocomplete_fields = ["region"]


@admin.register(BulkExport)
class BulkExportAdmin(admin.ModelAdmin):
    """Bulk exports are started and downloaded on their own page; the admin
    only lists them (and may delete old ones)."""

    list_display = ["created_at", "year", "region_name", "filing_status", "state", "done", "total", "created_by"]
    list_filter = ["state", "year"]
    readonly_fields = [f.name for f in BulkExport._meta.fields]

    def has_add_permission(self, request):
        return False
