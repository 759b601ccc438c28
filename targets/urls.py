"""Filing pages: start, overview, department part, projects, downloads."""
from django.urls import path, register_converter

from .views import bulk_export_pages, editor, exports, filings, workbook_upload

app_name = "targets"


class FormatConverter:
    """The formats a whole filing downloads in."""

    regex = "json|xlsx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TableFormatConverter(FormatConverter):
    """The official tables of one project: XLSX or PDF (JSON is per filing)."""

    regex = "xlsx|pdf"


register_converter(FormatConverter, "export_format")
register_converter(TableFormatConverter, "table_format")

urlpatterns = [
    path("new/", filings.start_filing, name="start"),
    path("parse-value/", filings.parse_value_reading, name="parse_value"),
    path("session/", editor.session_status, name="session_status"),
    path("<int:pk>/", filings.filing_detail, name="filing"),
    path("<int:pk>/settings/", filings.filing_settings, name="settings"),
    path("<int:pk>/department/", editor.department_editor, name="department"),
    path("<int:pk>/projects/new/", editor.project_editor, name="project_new"),
    path("<int:pk>/projects/<int:project_pk>/", editor.project_editor, name="project"),
    path("<int:pk>/projects/<int:project_pk>/delete/", filings.delete_project, name="project_delete"),
    path("<int:pk>/projects/<int:project_pk>/move/<str:direction>/", filings.move_project,
         name="project_move"),
    path("<int:pk>/preview/", exports.preview, name="preview"),
    path("<int:pk>/projects/<int:project_pk>/preview/", exports.preview, name="project_preview"),
    path("<int:pk>/export.<export_format:fmt>", exports.download, name="download"),
    path("<int:pk>/projects/<int:project_pk>/export.<table_format:table_format>",
         exports.download_project, name="project_download"),
    path("<int:pk>/import/", workbook_upload.upload, name="workbook_upload"),
    path("<int:pk>/import/confirm/", workbook_upload.confirm, name="workbook_upload_confirm"),
    path("exports/", bulk_export_pages.bulk_exports, name="bulk_exports"),
    path("exports/<int:export_pk>/status.json", bulk_export_pages.bulk_export_status, name="bulk_export_status"),
    path("exports/<int:export_pk>/download/", bulk_export_pages.bulk_export_download, name="bulk_export_download"),
]
