"""Admin views of the review records; rounds and the history are read-only."""
from django.contrib import admin

from targets.admin import ReadOnlyAdmin

from .models import Comment, LogEntry, Notice, Opening, Reply, Round


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["filing", "number", "cycle", "adjustment", "action", "from_status", "to_status", "actor", "conclusion", "created_at"]
    list_filter = ["action", "conclusion"]
    search_fields = ["filing__unit_name", "comment"]


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "filing_id", "action", "user", "summary"]
    list_filter = ["action"]
    search_fields = ["summary"]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["filing", "target", "subject", "author", "created_at", "answered_at", "closed_at"]
    list_filter = ["target"]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ["comment", "author", "text", "created_at"]


@admin.register(Opening)
class OpeningAdmin(ReadOnlyAdmin):
    list_display = ["round", "reviewer", "opened_at"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "message", "created_at", "read_at"]
