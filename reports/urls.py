"""The monitoring pages (运行监控): reports, their live lights, rounds."""
from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:report_pk>/", views.report_page, name="report"),
    path("<int:report_pk>/lights/", views.report_lights, name="lights"),
    # The review actions a report takes (reviews.transitions.REPORT_ACTIONS).
    *[path(f"<int:report_pk>/{action}/", views.report_transition, {"action": action}, name=action)
      for action in ("submit", "return", "approve")],
    path("<int:report_pk>/rectify/", views.report_rectify, name="rectify"),
    path("<int:report_pk>/adjust/", views.report_adjust, name="adjust"),
    path("exercises/", views.exercise_list, name="exercises"),
    path("exercises/new/", views.exercise_open, name="exercise_open"),
    path("exercises/<int:exercise_pk>/", views.exercise_overview, name="overview"),
    path("exercises/<int:exercise_pk>/refresh/", views.exercise_refresh, name="refresh"),
]
