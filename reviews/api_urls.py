"""The JSON API under /api/ (described at /api/openapi.json)."""
from django.urls import path

from reports.api_urls import urlpatterns as monitoring_routes

from . import api, api_docs
from .actions import ACTIONS

app_name = "api"

urlpatterns = [
    path("openapi.json", api.openapi, name="openapi"),
    path("docs/", api_docs.page, name="docs"),
    path("filings/", api.filings, name="filings"),
    path("filings/<int:pk>/export.json", api.export, name="export"),
    path("filings/<int:pk>/comments/", api.comments, name="comments"),
    path("filings/<int:pk>/rounds/", api.rounds, name="rounds"),
    # One route per review action, named after it (api:submit …).
    *(path(f"filings/<int:pk>/{name}/", api.transition_endpoint, {"action": name}, name=name) for name in ACTIONS),
    *monitoring_routes,  # monitoring rounds and reports (reports/api_urls.py)
]
