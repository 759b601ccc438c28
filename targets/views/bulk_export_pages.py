"""Bulk export pages for admins: start an export of a year (by region and
status), follow its progress (a JSON endpoint polled by
static/js/bulk_export.js) and download the finished ZIP."""
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from targets.models import BulkExport, Filing, FilingStatus
from targets.services.export_housekeeping import fail_stalled_exports
from targets.tasks import start_bulk_export
from targets.visibility import bulk_exports_for_user
from targets.views.exports import PRIVATE_DOWNLOAD
from units import permissions
from units.models import Region

RECENT = 20


class BulkExportForm(forms.Form):
    year = forms.IntegerField(label="预算年度", min_value=2000, max_value=2100)
    region = forms.ModelChoiceField(label="行政区划（含下级）", queryset=Region.objects.order_by("path"),
                                    required=False, empty_label="全部地区")
    status = forms.ChoiceField(label="申报状态", required=False,
                               choices=[("", "全部状态"), *FilingStatus.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Indent regions by depth so the province, city, county tree reads.
        self.fields["region"].label_from_instance = lambda r: "　" * (r.path.count("/") - 2) + r.name
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"


def _export_for(request, export_pk):
    """The export if the user may see it (404 otherwise), and is an admin (403)."""
    export = get_object_or_404(bulk_exports_for_user(request.user), pk=export_pk)
    permissions.check(request.user, permissions.BULK_EXPORT)
    return export


@login_required
def bulk_exports(request):
    permissions.check(request.user, permissions.BULK_EXPORT)
    fail_stalled_exports()  # so that the list does not show a dead export as running
    latest_year = Filing.objects.order_by("-year").values_list("year", flat=True).first()
    form = BulkExportForm(request.POST or None, initial={"year": latest_year or timezone.now().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        export = start_bulk_export(request.user, data["year"], data["region"], data["status"])
        messages.success(request, f"已开始批量导出 {export}，完成后可在下方下载。")
        return redirect("targets:bulk_exports")
    exports = bulk_exports_for_user(request.user).select_related("created_by")[:RECENT]
    return render(request, "targets/bulk_exports.html",
                  {"form": form, "exports": exports, "keep_days": settings.BULK_EXPORT_KEEP_DAYS})


def status_data(export):
    return {
        "id": export.pk,
        "state": export.state,
        "state_label": export.get_state_display(),
        "total": export.total,
        "done": export.done,
        "percent": export.percent,
        "error": export.error,
        "download_url": reverse("targets:bulk_export_download", args=[export.pk])
        if export.state == BulkExport.State.DONE else None,
    }


@login_required
@require_GET
def bulk_export_status(request, export_pk):
    fail_stalled_exports()  # a polling page learns that the export stopped
    return JsonResponse(status_data(_export_for(request, export_pk)))


@login_required
@require_GET
def bulk_export_download(request, export_pk):
    export = _export_for(request, export_pk)
    if export.state == BulkExport.State.EXPIRED:
        messages.warning(request, f"该批量导出的 ZIP 文件已超过保留期限（{settings.BULK_EXPORT_KEEP_DAYS} 天）被删除，请重新导出。")
        return redirect("targets:bulk_exports")
    if export.state != BulkExport.State.DONE or not export.file:
        messages.info(request, "该批量导出尚未完成。")
        return redirect("targets:bulk_exports")
    try:
        zipped = export.file.open("rb")
    except FileNotFoundError:  # removed from MEDIA_ROOT by hand
        messages.error(request, "该批量导出的 ZIP 文件已不在服务器上，请重新导出。")
        return redirect("targets:bulk_exports")
    response = FileResponse(zipped, content_type="application/zip")
    # RFC 5987 so browsers keep the Chinese file name.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(export.download_name())}"
    response["Cache-Control"] = PRIVATE_DOWNLOAD
    return response
