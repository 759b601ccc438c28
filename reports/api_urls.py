"""The reports routes of the JSON API, joined to reviews.api_urls (the
"api" namespace) and described in reviews/openapi.py. The rounds of 运行监控
and of 绩效自评 have a path each and the same views, the kind passed by the
route (as the review actions pass their name); reports of both kinds share
/api/reports/ (a report's id names it whatever its kind)."""
from django.urls import path

from reviews.transitions import REPORT_ACTIONS

from . import api
from .models import Exercise

ROUND_PATHS = {Exercise.Kind.MONITORING: "monitoring", Exercise.Kind.EVALUATION: "evaluation"}

urlpatterns = [
    *(route for kind, word in ROUND_PATHS.items() for route in (
        path(f"{word}-rounds/", api.rounds, {"kind": kind}, name=f"{word}_rounds"),
        path(f"{word}-rounds/<int:pk>/", api.round_detail, {"kind": kind}, name=f"{word}_round"),
    )),
    path("reports/", api.reports, name="reports"),
    path("reports/<int:pk>/", api.report, name="report"),
    path("reports/<int:pk>/lights/", api.lights, name="report_lights"),
    path("reports/<int:pk>/review-scores/", api.review_scores, name="report_review_scores"),
    # One route per review action a report takes (api:report_submit …).
    *(path(f"reports/<int:pk>/{name}/", api.report_transition, {"action": name}, name=f"report_{name}")
      for name in REPORT_ACTIONS),
]
