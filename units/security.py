"""Sign-in throttling (per account and per address) and the optional
Content-Security-Policy header."""
import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import caches
from django.core.exceptions import ValidationError

THROTTLED_STATUS = 429


def _key(kind, value):
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def client_address(request):
    # Behind a proxy REMOTE_ADDR is the proxy; the deployment says which
    # header the proxy sets (e.g. HTTP_X_REAL_IP), never trusted otherwise.
    header = getattr(settings, "LOGIN_THROTTLE_ADDRESS_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


class LoginThrottle:
    """Counts failed sign-ins in fixed windows: LOGIN_THROTTLE_ACCOUNT_LIMIT
    per username and LOGIN_THROTTLE_ADDRESS_LIMIT per client address within
    LOGIN_THROTTLE_WINDOW seconds."""

    def __init__(self, request, username):
        self.cache = caches[getattr(settings, "LOGIN_THROTTLE_CACHE", "default")]
        self.window = settings.LOGIN_THROTTLE_WINDOW
        self.keys = [
            (_key("account", (username or "").strip().lower()), settings.LOGIN_THROTTLE_ACCOUNT_LIMIT),
            (_key("address", client_address(request)), settings.LOGIN_THROTTLE_ADDRESS_LIMIT),
        ]

    def blocked(self):
        return any((self.cache.get(key) or 0) >= limit for key, limit in self.keys)

    def failed(self):
        for key, _ in self.keys:
            self.cache.add(key, 0, self.window)
            try:
                self.cache.incr(key)
            except ValueError:  # expired between add and incr
                self.cache.set(key, 1, self.window)

    def succeeded(self):
        # Only the account's count: one good password must not reset the
        # address's count for guesses at other accounts.
        self.cache.delete(self.keys[0][0])


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "登录失败次数过多，请 %(minutes)s 分钟后再试。",
    }

    def clean(self):
        self.throttled = False
        throttle = LoginThrottle(self.request, self.data.get("username"))
        if throttle.blocked():
            # Refused before the password is looked at, so a blocked
            # account answers the same whether the password is right.
            self.throttled = True
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_THROTTLE_WINDOW // 60)},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.failed()
            raise
        throttle.succeeded()
        return cleaned


class ThrottledLoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = THROTTLED_STATUS
        return response


class ContentSecurityPolicyMiddleware:
    """Adds CSP_POLICY as Content-Security-Policy when CSP_ENABLED (the
    environment's DJANGO_CSP); the templates have no inline script, so the
    strict default policy holds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(settings, "CSP_ENABLED", False) and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CSP_POLICY
        return response
