"""The monitoring pages (运行监控): reports, their live lights, rounds."""
from django.urls import path

from . import evaluation_views, views, views_files

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
    # The files (reports/views_files.py): the 执行监控表 out and back in, the round's ZIP.
    path("<int:report_pk>/tables.<str:table_format>", views_files.report_download, name="download"),
    path("<int:report_pk>/projects/<int:project_number>/table.<str:table_format>", views_files.report_download,
         name="download_project"),
    path("<int:report_pk>/upload/", views_files.report_upload, name="upload"),
    path("<int:report_pk>/upload/confirm/", views_files.report_upload_confirm, name="upload_confirm"),
    path("exercises/<int:exercise_pk>/exports/", views_files.round_exports, name="exports"),
    path("exercises/<int:exercise_pk>/exports/<int:round_export_pk>/status/", views_files.round_export_status,
         name="export_status"),
    path("exercises/<int:exercise_pk>/exports/<int:round_export_pk>/download/", views_files.round_export_download,
         name="export_download"),
    # 绩效自评 (reports/evaluation_views.py): the report page itself is reports:report
    # (reports.views.report_page hands an evaluation report over), the overview reports:overview.
    path("<int:report_pk>/scores/", evaluation_views.evaluation_scores, name="evaluation_scores"),
    path("<int:report_pk>/review-score/", evaluation_views.evaluation_review_score, name="evaluation_review_score"),
    path("evaluations/", evaluation_views.evaluation_list, name="evaluations"),
    path("evaluations/new/", evaluation_views.evaluation_open, name="evaluation_open"),
    path("exercises/<int:exercise_pk>/scores.xlsx", evaluation_views.evaluation_overview_xlsx,
         name="evaluation_xlsx"),
]
