"""URL map: pages by app, the JSON API, the Django admin, error pages."""
from django.contrib import admin
from django.urls import include, path

from targets.views.home import home

admin.site.site_header = "绩效目标填报审核系统 · 系统管理"
admin.site.site_title = "绩效目标填报审核系统"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("units.urls")),
    path("filings/", include("targets.urls")),
    path("reviews/", include("reviews.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("reviews.api_urls")),
    path("admin/", admin.site.urls),
]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
# 400 and 500 are Django's own views with templates/400.html and 500.html.
