from django.contrib import admin

from .models import BulkExport, Deadline, Filing, Indicator, Project, SpendingCheckpoint


class ProjectInline(admin.TabularInline):
    model = Project
    fields = ["order", "code", "name", "budget_total", "budget_fiscal"]
    extra = 0
    show_change_link = True


@admin.register(Filing)
class FilingAdmin(admin.ModelAdmin):
    list_display = ["unit_name", "year", "layout", "status", "amount_unit", "updated_at"]
    list_filter = ["year", "status", "layout"]
    search_fields = ["unit_name", "unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["version", "created_at", "updated_at", "created_by"]
    inlines = [ProjectInline]
    fieldsets = [
        (None, {"fields": ["unit", "unit_name", "year", "layout", "amount_unit", "status"]}),
        ("单位整体绩效目标", {"fields": ["has_department", "functions", "overall_goal", "sub_goals", "safeguards"]}),
        ("年度预算申请", {"fields": ["has_budget", "budget_total", "budget_general_public",
                                  "budget_government_fund", "budget_special_non_tax", "budget_other",
                                  "budget_basic", "budget_project"]}),
        ("填报信息", {"fields": ["has_contact", "prepared_by", "phone", "filed_on", "unit_head"]}),
        ("记录", {"fields": ["version", "created_at", "updated_at", "created_by"]}),
    ]


class SpendingCheckpointInline(admin.TabularInline):
    model = SpendingCheckpoint
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["order", "period", "level1", "level2", "name", "value", "value_kind", "basis"]
    readonly_fields = ["value_kind"]
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "filing", "budget_total", "budget_fiscal"]
    search_fields = ["name", "code", "filing__unit_name"]
    list_select_related = ["filing"]
    raw_id_fields = ["filing"]
    inlines = [SpendingCheckpointInline, IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "level1", "level2", "value", "value_kind", "value_operator",
                    "value_number", "value_unit", "period"]
    list_filter = ["period", "value_kind", "level1"]
    search_fields = ["name", "value"]
    raw_id_fields = ["filing", "project"]
    readonly_fields = ["value_kind", "value_operator", "value_number", "value_unit"]


@admin.register(SpendingCheckpoint)
class SpendingCheckpointAdmin(admin.ModelAdmin):
    list_display = ["project", "month", "percent"]
    raw_id_fields = ["project"]


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
