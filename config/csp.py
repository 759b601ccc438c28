"""Content-Security-Policy on every response: scripts, styles, fonts and
images only from our own static files (Bootstrap and the rest are vendored),
so an injected <script> or a page framed elsewhere does nothing."""
from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Sets settings.CSP_POLICY unless CSP_ENABLED is off (DJANGO_CSP=0) or
    the view set a policy of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CSP_ENABLED and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CSP_POLICY
        return response
