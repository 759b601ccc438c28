"""Reviewer pages and the review panel's POST endpoints."""
from django.urls import path, re_path

from . import views
from .actions import ACTIONS

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("overview/", views.overview, name="overview"),
    path("notices/", views.notices, name="notices"),
    path("notices/read/", views.notices_read, name="notices_read"),
    path("notices/<int:notice_id>/read/", views.notice_read, name="notice_read"),
    path("filings/<int:pk>/", views.filing_review, name="filing"),
    path("filings/<int:pk>/history/", views.history, name="history"),
    path("filings/<int:pk>/changes/", views.changes_since_last_round, name="changes"),
    path("filings/<int:pk>/rounds/<int:number>/", views.round_diff, name="round_diff"),
    path("filings/<int:pk>/rounds/<int:number>/snapshot.json", views.round_snapshot,
         name="round_snapshot"),
    path("filings/<int:pk>/comments/", views.add_comment, name="comment_add"),
    path("filings/<int:pk>/comments/<int:comment_id>/answer/", views.answer_comment,
         name="comment_answer"),
    path("filings/<int:pk>/comments/<int:comment_id>/reply/", views.reply_comment, name="comment_reply"),
    path("filings/<int:pk>/comments/<int:comment_id>/close/", views.close_comment, name="comment_close"),
    re_path(rf"^filings/(?P<pk>[0-9]+)/(?P<action>{'|'.join(ACTIONS)})/$", views.transition_view,
            name="transition"),
]
