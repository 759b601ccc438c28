"""The JSON API under /api/ (described at /api/openapi.json)."""
from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("openapi.json", api.openapi, name="openapi"),
    path("filings/", api.filings, name="filings"),
    path("filings/<int:pk>/export.json", api.export, name="export"),
    path("filings/<int:pk>/submit/", api.transition_endpoint, {"action": "submit"}, name="submit"),
    path("filings/<int:pk>/return/", api.transition_endpoint, {"action": "return"}, name="return"),
    path("filings/<int:pk>/approve/", api.transition_endpoint, {"action": "approve"}, name="approve"),
    path("filings/<int:pk>/reopen/", api.transition_endpoint, {"action": "reopen"}, name="reopen"),
]
