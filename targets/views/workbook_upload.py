"""Uploading a filled-in workbook into the unit's own draft: upload, see
what would change field by field and where the reviewers' comments go,
confirm. The document read from the
upload travels to the confirm step signed (not stored), together with the
filing version it was compared against, so a stale preview is refused."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from config.uploads import workbook_upload_problem
from reviews.comments import comments_through_import
from reviews.workspace import group_changes
from targets.interchange import DocumentRefused
from targets.interchange.schema import listed_problems
from targets.services import filing_import, workbook_replace
from targets.services.editing import EditConflict, NotEditable

from .access import editable_filing

SIGNING_SALT = "targets.workbook_upload"
PREVIEW_MAX_AGE = 3600  # seconds a preview may be confirmed in


def _problems_page(request, filing, problems):
    return render(request, "targets/workbook_upload.html",
                  {"filing": filing, "problems": listed_problems(problems)})


@login_required
def upload(request, pk):
    filing = editable_filing(request, pk)
    if request.method != "POST":
        return render(request, "targets/workbook_upload.html", {"filing": filing})
    upload = request.FILES.get("workbook")
    problem = workbook_upload_problem(upload)
    if problem:
        return _problems_page(request, filing, [problem])
    try:
        reading, changes = workbook_replace.read_upload(filing, upload.read(), request.user)
    except DocumentRefused as refused:
        return _problems_page(request, filing, [str(p) for p in refused.problems])
    token = signing.dumps(
        {"filing": filing.pk, "version": filing.version, "name": upload.name, "document": reading.document},
        salt=SIGNING_SALT, compress=True,
    )
    return render(request, "targets/workbook_upload.html", {
        "filing": filing, "file_name": upload.name, "changes": changes, "groups": group_changes(changes),
        "warnings": reading.warnings, "token": token,
        "comment_fates": comments_through_import(filing, reading.document),
    })


@login_required
@require_POST
def confirm(request, pk):
    filing = editable_filing(request, pk)
    try:
        payload = signing.loads(request.POST.get("token", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, "导入预览已失效，请重新上传工作簿。")
        return redirect("targets:workbook_upload", filing.pk)
    if payload.get("filing") != filing.pk:
        messages.error(request, "导入预览不属于本申报，请重新上传工作簿。")
        return redirect("targets:workbook_upload", filing.pk)
    try:
        changes = filing_import.replace_content(
            filing.pk, payload["document"], request.user, f"从工作簿“{payload['name']}”导入",
            expected_version=payload["version"],
        )
    except EditConflict:
        messages.error(request, "预览之后申报已被修改，未导入。请重新上传工作簿，核对修改后再确认。")
        return redirect("targets:workbook_upload", filing.pk)
    except NotEditable as error:
        messages.error(request, str(error))
        return redirect("targets:filing", filing.pk)
    messages.success(request, f"已从工作簿导入，共 {len(changes)} 处修改。")
    return redirect("targets:filing", filing.pk)
