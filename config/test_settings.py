"""Settings for the test suite: production settings with the secure-cookie
and HTTPS redirects off, so the test client and the browser tests can speak
plain HTTP to a local server."""
import os

# Tests run with the production settings (debug off), with a throwaway key.
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# The test client and the browser talk to the app with no proxy between.
os.environ.setdefault("DJANGO_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")
# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .settings import *  # noqa: E402,F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
