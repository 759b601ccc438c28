"""Filing pages: start, overview, department part, projects, downloads."""
from django.urls import path

from .views import editor, filings

app_name = "targets"

urlpatterns = [
    path("new/", filings.start_filing, name="start"),
    path("parse-value/", filings.parse_value_reading, name="parse_value"),
    path("<int:pk>/", filings.filing_detail, name="filing"),
    path("<int:pk>/settings/", filings.filing_settings, name="settings"),
    path("<int:pk>/department/", editor.department_editor, name="department"),
    path("<int:pk>/projects/new/", editor.project_editor, name="project_new"),
    path("<int:pk>/projects/<int:project_pk>/", editor.project_editor, name="project"),
    path("<int:pk>/projects/<int:project_pk>/delete/", filings.delete_project, name="project_delete"),
    path("<int:pk>/projects/<int:project_pk>/move/<str:direction>/", filings.move_project,
         name="project_move"),
]
