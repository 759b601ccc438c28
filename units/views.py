"""Pages of one's own account (changing one's password) and, for admins,
loading the roster workbook: upload, see what it would do, confirm."""
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from config.uploads import workbook_upload_problem
from targets.views.exports import attachment

from . import permissions
from .roster import RosterError, apply_roster, read_roster, roster_bytes, template_bytes

ROSTER_SALT = "units.roster"
ROSTER_MAX_AGE = 3600  # seconds a checked roster may be confirmed in


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Everyone changes their own password (admins set others' in the
    Django admin). Django keeps this session signed in and ends the user's
    sessions elsewhere: they were signed with the old password's hash."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")
    success_message = "密码已修改。在其他设备上的登录已失效，请用新密码重新登录。"


@login_required
def roster(request):
    """Upload a roster and see what it would create and update; the rows
    read travel to the confirmation signed, not stored."""
    permissions.check(request.user, permissions.MANAGE_ROSTER)
    if request.method != "POST":
        return render(request, "units/roster.html")
    upload = request.FILES.get("roster")
    problem = workbook_upload_problem(upload)
    if problem:
        return render(request, "units/roster.html", {"problems": [problem]})
    try:
        rows = read_roster(upload)
        checked = apply_roster(rows, dry_run=True)
    except RosterError as error:
        return render(request, "units/roster.html", {"problems": error.errors, "file_name": upload.name})
    token = signing.dumps({"name": upload.name, "rows": rows}, salt=ROSTER_SALT, compress=True)
    return render(request, "units/roster.html", {
        "file_name": upload.name, "result": checked, "new_accounts": len(checked.passwords), "token": token})


@login_required
@require_POST
def roster_confirm(request):
    permissions.check(request.user, permissions.MANAGE_ROSTER)
    try:
        payload = signing.loads(request.POST.get("token", ""), salt=ROSTER_SALT, max_age=ROSTER_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, "名册检查结果已失效，请重新上传。")
        return redirect("roster")
    try:
        result = apply_roster(payload["rows"])
    except RosterError as error:  # the database changed since the check
        return render(request, "units/roster.html", {"problems": error.errors, "file_name": payload["name"]})
    response = render(request, "units/roster.html",
                      {"file_name": payload["name"], "result": result, "done": True})
    add_never_cache_headers(response)  # it shows initial passwords
    return response


@login_required
@require_GET
def roster_template(request):
    permissions.check(request.user, permissions.MANAGE_ROSTER)
    return attachment(template_bytes(), "名册模板.xlsx", "xlsx")


@login_required
@require_GET
def roster_current(request):
    """The roster of what there is now, to edit and load again."""
    permissions.check(request.user, permissions.MANAGE_ROSTER)
    data, _ = roster_bytes()
    return attachment(data, f"名册-{timezone.localdate():%Y%m%d}.xlsx", "xlsx")
