from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "运行监控与绩效自评"
    default_auto_field = "django.db.models.BigAutoField"
