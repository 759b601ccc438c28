"""The monitoring pages (运行监控): reports, their live lights, rounds."""
from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:report_pk>/", views.report_page, name="report"),
    path("<int:report_pk>/lights/", views.report_lights, name="lights"),
    path("exercises/", views.exercise_list, name="exercises"),
    path("exercises/new/", views.exercise_open, name="exercise_open"),
    path("exercises/<int:exercise_pk>/", views.exercise_overview, name="overview"),
]
