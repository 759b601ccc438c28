from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import BudgetUnit, Region, User


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "layout"]
    list_filter = ["level", "layout"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(BudgetUnit)
class BudgetUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "layout"]
    list_filter = ["layout"]
    search_fields = ["name", "code", "region__name"]
    autocomplete_fields = ["region"]


@admin.register(User)
class PersonAdmin(UserAdmin):
    list_display = ["username", "first_name", "role", "unit", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "unit__name", "organisation"]
    autocomplete_fields = ["unit"]
    filter_horizontal = ["jurisdiction", "groups", "user_permissions"]
    fieldsets = UserAdmin.fieldsets + (
        ("角色与单位", {"fields": ("role", "unit", "organisation", "jurisdiction", "phone")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("角色与单位", {"fields": ("role", "unit", "organisation", "jurisdiction")}),
    )
