"""The files of the report pages (运行监控, issue 17 item 5; 绩效自评, issue
18 item 5), as a filing's, for both kinds of report alike (reports.kinds
says which table and reader a report's kind has):

- downloads of a report's official table (执行监控表 or 自评表: XLSX, PDF;
  one project or the whole report) for whoever sees the report
  (reports.downloads);
- the upload of a filled workbook into the report by its staff while it is
  editable: preview of the changes, then confirm (reports.upload), the
  document travelling signed to the confirm step with the version it was
  compared against, so a stale preview is refused;
- a round's ZIP built in the background for the reviewer or admin who asks
  (reports.tasks), its progress and its download.

Every view starts from reports.visibility: outside the user's reach is 404."""
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from config.uploads import workbook_upload_problem
from reviews.workspace import group_changes
from targets.interchange.schema import listed_problems
from targets.tables import pdf_worker
from targets.views.exports import PRIVATE_DOWNLOAD, attachment
from units import permissions

from .bundle import round_zip_filename
from .downloads import FORMATS, report_file
from .kinds import for_exercise, kind_of
from .models import RoundExport
from .replacement import DocumentRefused
from .saving import EditConflict, NotEditable
from .tasks import start_round_export
from .upload import apply_upload, read_upload
from .visibility import exercises_for_user, reports_for_user

SIGNING_SALT = "reports.workbook_upload"
PREVIEW_MAX_AGE = 3600  # seconds a preview may be confirmed in
RECENT_EXPORTS = 10


def _report(request, pk):
    """A report the user sees (404 otherwise)."""
    return get_object_or_404(reports_for_user(request.user).select_related("exercise", "unit"), pk=pk)


# --- downloads -----------------------------------------------------------------

@login_required
@require_GET
def report_download(request, report_pk, table_format, project_number=None):
    """The report's tables (project_number: one project's, 1-based) as XLSX or PDF."""
    report = _report(request, report_pk)
    fmt = table_format
    if fmt not in FORMATS:
        raise Http404
    try:
        content, filename = report_file(report, fmt, None if project_number is None else project_number - 1)
    except IndexError:
        raise Http404 from None
    except pdf_worker.RenderTimeout as error:
        messages.error(request, str(error))
        return redirect("reports:report", report.pk)
    return attachment(content, filename, fmt)


# --- the upload of a filled workbook ----------------------------------------------

def _editable_report(request, pk):
    """The report if the user sees it (404) and is one who edits it (403:
    a reviewer); whether it is editable now is the caller's to say."""
    report = _report(request, pk)
    permissions.check_actor(request.user, permissions.EDIT, report)
    return report


def _not_editable(request, report):
    messages.error(request, f"此报告{report.get_status_display()}，不能导入工作簿。")
    return redirect("reports:report", report.pk)


def _upload_page(request, report, **context):
    return render(request, "reports/upload.html", {"report": report, "exercise": report.exercise,
                                                   "kind": kind_of(report.document), **context})


@login_required
def report_upload(request, report_pk):
    report = _editable_report(request, report_pk)
    if not report.is_editable:
        return _not_editable(request, report)
    if request.method != "POST":
        return _upload_page(request, report)
    upload = request.FILES.get("workbook")
    problem = workbook_upload_problem(upload)
    if problem:
        return _upload_page(request, report, problems=[problem])
    try:
        document, changes = read_upload(report, upload.read())
    except DocumentRefused as refused:
        return _upload_page(request, report, problems=listed_problems([str(p) for p in refused.problems]))
    token = signing.dumps({"report": report.pk, "version": report.version, "name": upload.name,
                           "document": document}, salt=SIGNING_SALT, compress=True)
    return _upload_page(request, report, file_name=upload.name, changes=changes, groups=group_changes(changes),
                        token=token)


@login_required
@require_POST
def report_upload_confirm(request, report_pk):
    report = _editable_report(request, report_pk)
    if not report.is_editable:
        return _not_editable(request, report)
    try:
        payload = signing.loads(request.POST.get("token", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, "导入预览已失效，请重新上传工作簿。")
        return redirect("reports:upload", report.pk)
    if payload.get("report") != report.pk:
        messages.error(request, "导入预览不属于本报告，请重新上传工作簿。")
        return redirect("reports:upload", report.pk)
    try:
        _, changes = apply_upload(report, payload["document"], payload["version"], request.user)
    except EditConflict:
        messages.error(request, "预览之后报告已被修改，未导入。请重新上传工作簿，核对修改后再确认。")
        return redirect("reports:upload", report.pk)
    except NotEditable as refused:
        messages.error(request, str(refused))
        return redirect("reports:report", report.pk)
    except DocumentRefused as refused:
        return _upload_page(request, report, problems=listed_problems([str(p) for p in refused.problems]))
    messages.success(request, f"已从工作簿“{payload['name']}”导入，共 {len(changes)} 处修改。")
    return redirect("reports:report", report.pk)


# --- a round's ZIP -------------------------------------------------------------------

def _exercise(request, pk):
    """The round if the user sees it (404), for reviewers and admins (403)."""
    exercise = get_object_or_404(exercises_for_user(request.user), pk=pk)
    permissions.check(request.user, permissions.USE_WORKSPACE)
    return exercise


def _exports(request, exercise):
    """The round's exports the user may fetch: their own (an export holds
    what its requester sees); an admin, who sees everything, any."""
    exports = RoundExport.objects.filter(exercise=exercise)
    if permissions.may(request.user, permissions.BULK_EXPORT):
        return exports
    return exports.filter(created_by=request.user)


def _export(request, exercise_pk, round_export_pk):
    exercise = _exercise(request, exercise_pk)
    return get_object_or_404(_exports(request, exercise).select_related("exercise"), pk=round_export_pk)


@login_required
def round_exports(request, exercise_pk):
    """GET: the user's exports of the round; POST: start one."""
    exercise = _exercise(request, exercise_pk)
    if request.method == "POST":
        start_round_export(request.user, exercise)
        messages.success(request, f"已开始导出{exercise.title}的全部报告（ZIP），完成后可在下方下载。")
        return redirect("reports:exports", exercise.pk)
    exports = _exports(request, exercise).select_related("created_by")[:RECENT_EXPORTS]
    return render(request, "reports/round_exports.html", {
        "exercise": exercise, "exports": exports, "keep_days": settings.BULK_EXPORT_KEEP_DAYS,
        "kind": for_exercise(exercise),
    })


@login_required
@require_GET
def round_export_status(request, exercise_pk, round_export_pk):
    """As the bulk export's status (static/js/bulk_export.js polls it)."""
    export = _export(request, exercise_pk, round_export_pk)
    done = export.state == RoundExport.State.DONE
    return JsonResponse({
        "id": export.pk, "state": export.state, "state_label": export.get_state_display(),
        "total": export.total, "done": export.total if done else 0, "percent": export.percent,
        "error": export.error,
        "download_url": reverse("reports:export_download", args=[exercise_pk, export.pk]) if done else None,
    })


@login_required
@require_GET
def round_export_download(request, exercise_pk, round_export_pk):
    export = _export(request, exercise_pk, round_export_pk)
    if export.state != RoundExport.State.DONE or not export.file:
        messages.info(request, "该导出已过期，请重新导出。" if export.state == RoundExport.State.EXPIRED
                      else "该导出尚未完成。")
        return redirect("reports:exports", exercise_pk)
    try:
        zipped = export.file.open("rb")
    except FileNotFoundError:
        messages.error(request, "该导出的 ZIP 文件已不在服务器上，请重新导出。")
        return redirect("reports:exports", exercise_pk)
    response = FileResponse(zipped, content_type="application/zip")
    filename = quote(round_zip_filename(export.exercise.title))
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response["Cache-Control"] = PRIVATE_DOWNLOAD
    return response
