"""Background tasks of the reports app (django-tasks, as targets/tasks.py):
a round's ZIP (reports.bundle.round_zip; a monitoring or a self-evaluation
round, by its kind) built for the reviewer or admin who asked, over the reports they can see. round_zip renders in
forked children and takes minutes for a province: never in a web request.

    start_round_export(user, exercise) -> RoundExport   (queued on commit)
    run_round_export(export_id, workers=None)            (the task's work)
"""
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .bundle import entry_of, round_zip
from .kinds import for_exercise
from .models import RoundExport
from .visibility import reports_for_user

logger = logging.getLogger(__name__)


def start_round_export(user, exercise):
    """Record an export of the round for `user` and queue its task once the
    record is committed."""
    export = RoundExport.objects.create(exercise=exercise, created_by=user)
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id):
    try:
        result = build_round_export.enqueue(export_id)
    except Exception as error:  # no queue table, a broken backend: say so on the page
        RoundExport.objects.filter(pk=export_id).update(
            state=RoundExport.State.FAILED, error=f"无法加入后台任务队列：{error}", finished_at=timezone.now())
        return
    RoundExport.objects.filter(pk=export_id).update(task_id=str(result.id)[:64])


@task()
def build_round_export(export_id):
    run_round_export(export_id)
    return export_id


def round_reports(exercise, user):
    """The round's reports `user` can see, in the overview's unit order."""
    return (reports_for_user(user).filter(exercise=exercise).select_related("unit")
            .order_by("unit__code", "pk"))


def run_round_export(export_id, workers=None):
    """Build the ZIP of an export, keeping its state in the database."""
    claimed = RoundExport.objects.filter(pk=export_id, state=RoundExport.State.QUEUED).update(
        state=RoundExport.State.RUNNING, started_at=timezone.now())
    if not claimed:
        return  # already run (a task retried, or run twice by hand)
    export = RoundExport.objects.select_related("exercise", "created_by").get(pk=export_id)
    try:
        reports = list(round_reports(export.exercise, export.created_by))
        RoundExport.objects.filter(pk=export_id).update(total=len(reports))
        content = round_zip([entry_of(r) for r in reports], title=export.exercise.title, workers=workers,
                            kind=for_exercise(export.exercise))
        export.refresh_from_db()
        export.file.save(f"{export.pk}-{export.exercise.pk}.zip", ContentFile(content), save=False)
        export.state, export.finished_at, export.error = RoundExport.State.DONE, timezone.now(), ""
        export.save(update_fields=["file", "state", "finished_at", "error"])
    except Exception as error:
        RoundExport.objects.filter(pk=export_id).update(
            state=RoundExport.State.FAILED, error=str(error)[:2000] or error.__class__.__name__,
            finished_at=timezone.now())
        raise
    try:
        prune_round_exports()
    except OSError:
        logger.exception("删除过期的任务导出文件失败")


def prune_round_exports(now=None):
    """Delete the ZIPs finished more than BULK_EXPORT_KEEP_DAYS ago (as the
    filing bulk export keeps its own) and mark them 已过期; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.BULK_EXPORT_KEEP_DAYS)
    pruned = 0
    for export in RoundExport.objects.filter(state=RoundExport.State.DONE, finished_at__lt=cutoff):
        name = export.file.name
        if RoundExport.objects.filter(pk=export.pk, state=RoundExport.State.DONE).update(
                state=RoundExport.State.EXPIRED, file=""):
            if name:
                export.file.storage.delete(name)
            pruned += 1
    return pruned
