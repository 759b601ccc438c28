"""Error pages in Chinese, inside the site's frame. Our own refusals say why
(PermissionDenied("审核工作台仅对审核人和管理员开放。")); Django's own
messages ("No Filing matches the given query.") are English and say
nothing a user can act on, so the pages show only messages in Chinese."""
import re

from django.shortcuts import render

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _message(exception):
    message = str(exception or "")
    return message if CHINESE.search(message) else ""


def page_not_found(request, exception):
    return render(request, "404.html", {"message": _message(exception)}, status=404)


def permission_denied(request, exception):
    return render(request, "403.html", {"message": _message(exception)}, status=403)
