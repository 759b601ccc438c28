"""Pages of one's own account: changing one's password."""
from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse_lazy


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Everyone changes their own password (admins set others' in the
    Django admin). Django keeps this session signed in and ends the user's
    sessions elsewhere: they were signed with the old password's hash."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")
    success_message = "密码已修改。在其他设备上的登录已失效，请用新密码重新登录。"
