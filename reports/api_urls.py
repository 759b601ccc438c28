"""The monitoring routes of the JSON API, joined to reviews.api_urls (the
"api" namespace) and described in reviews/openapi.py."""
from django.urls import path

from reviews.transitions import REPORT_ACTIONS

from . import api

urlpatterns = [
    path("monitoring-rounds/", api.rounds, name="monitoring_rounds"),
    path("monitoring-rounds/<int:pk>/", api.round_detail, name="monitoring_round"),
    path("reports/", api.reports, name="reports"),
    path("reports/<int:pk>/", api.report, name="report"),
    path("reports/<int:pk>/lights/", api.lights, name="report_lights"),
    # One route per review action a report takes (api:report_submit …).
    *(path(f"reports/<int:pk>/{name}/", api.report_transition, {"action": name}, name=f"report_{name}")
      for name in REPORT_ACTIONS),
]
