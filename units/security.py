"""Sign-in throttling: failed sign-ins counted per account name and per
client address, in the database every app process shares."""
import hashlib
import unicodedata

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import caches
from django.core.exceptions import ValidationError

THROTTLED_STATUS = 429


def account_name(username):
    """One name for every spelling the sign-in form takes for an account:
    the form applies NFKC (full-width ａｌｉｃｅ is alice) and strips spaces;
    case is folded on top, so no spelling gets a fresh count."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def client_address(request):
    """The address the per-address count is kept under, from the request
    field settings.LOGIN_THROTTLE_ADDRESS_HEADER names (REMOTE_ADDR, or the
    header the deployment's proxy sets); "" when there is none, and then
    only the account is counted."""
    header = settings.LOGIN_THROTTLE_ADDRESS_HEADER
    if not header:
        return ""
    # Our proxy appends the address it saw: with X-Forwarded-For the entries
    # before it are whatever the client sent.
    return request.META.get(header, "").split(",")[-1].strip()


def _slots(kind, value, limit):
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]
    return [f"login-failures:{kind}:{digest}:{number}" for number in range(limit)]


class LoginThrottle:
    """At most LOGIN_THROTTLE_ACCOUNT_LIMIT failed sign-ins per account name
    and LOGIN_THROTTLE_ADDRESS_LIMIT per client address within any
    LOGIN_THROTTLE_WINDOW seconds.

    Each try first claims one of its count's numbered slots, a cache row
    that expires after the window. Claiming is an insert under the cache
    table's primary key, so of many parallel tries only as many as there are
    slots get their password looked at; a read-then-increment would let
    each of them see the same count."""

    def __init__(self, request, username):
        self.cache = caches[settings.LOGIN_THROTTLE_CACHE]
        self.window = settings.LOGIN_THROTTLE_WINDOW
        self.account_slots = _slots("account", account_name(username), settings.LOGIN_THROTTLE_ACCOUNT_LIMIT)
        address = client_address(request)
        self.counts = [self.account_slots]
        if address:
            self.counts.append(_slots("address", address, settings.LOGIN_THROTTLE_ADDRESS_LIMIT))
        self.claimed = []

    def claim(self):
        """Takes a slot from every count the try falls under; False, taking
        none, when one of them has no slot left."""
        for slots in self.counts:
            slot = self._claim_one(slots)
            if slot is None:
                self.release()
                return False
            self.claimed.append(slot)
        return True

    def release(self):
        self.cache.delete_many(self.claimed)
        self.claimed = []

    def _claim_one(self, slots):
        taken = self.cache.get_many(slots)  # reading also deletes expired rows
        for slot in slots:
            if slot not in taken and self.cache.add(slot, 1, self.window):
                return slot
        return None

    def succeeded(self):
        # The account's failures are forgiven, and this try was no failure;
        # the address keeps its count of guesses at other accounts.
        self.cache.delete_many(self.account_slots + self.claimed)


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "登录失败次数过多，请 %(minutes)s 分钟后再试。",
    }

    def clean(self):
        self.throttled = False
        throttle = LoginThrottle(self.request, self.data.get("username"))
        if not throttle.claim():
            # Refused before the password is looked at, so a blocked
            # account answers the same whether the password is right.
            self.throttled = True
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, settings.LOGIN_THROTTLE_WINDOW // 60)},
            )
        cleaned = super().clean()  # a wrong password keeps its slots
        if self.get_user() is not None:
            throttle.succeeded()
        else:  # a field left empty: no password was tried
            throttle.release()
        return cleaned


class ThrottledLoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = THROTTLED_STATUS
        return response

