"""Settings for 绩效目标填报审核系统, driven by environment variables.

DATABASE_URL selects the database (sqlite:///path or postgres://...);
without it a SQLite file in the project is used. DJANGO_DEBUG,
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS configure a deployment.
"""
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


# As in healthchecks: a source checkout runs in debug mode for local trials;
# a deployment sets DJANGO_DEBUG=0 and then must provide a real secret key.
DEBUG = env_flag("DJANGO_DEBUG", default=True)

_INSECURE_KEY = "django-insecure-local-development-only"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY == _INSECURE_KEY:
    if not DEBUG and not env_flag("DJANGO_ALLOW_INSECURE_KEY"):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a long random value when DJANGO_DEBUG is off."
        )
    SECRET_KEY = _INSECURE_KEY
elif len(SECRET_KEY) < 50 and not DEBUG and not env_flag("DJANGO_ALLOW_INSECURE_KEY"):
    # Django's own check --deploy minimum: a short key can be guessed, and
    # with it sessions and password-reset links forged.
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is {len(SECRET_KEY)} characters long; use at least 50 random characters."
    )

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "units",
    "targets",
    "reviews",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"


def database_from_url(url):
    """Django's DATABASES entry for a sqlite:/// or postgres:// URL."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = unquote(parsed.path[1:]) if parsed.path.startswith("/") else parsed.path
        return sqlite_database(Path(path) if path else BASE_DIR / "db.sqlite3")
    if parsed.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "jixiao",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parsed.scheme!r} is not supported")


def sqlite_database(path):
    # WAL lets readers go on while one writer commits; IMMEDIATE transactions
    # and a busy timeout make concurrent writers wait instead of failing.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else sqlite_database(BASE_DIR / "db.sqlite3")
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "units.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "units.passwords.MinimumLengthValidator"},  # its message in Chinese
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# The sign-in page after signing out removes the editor's drafts kept in
# this browser (static/js/signed_out.js), so the next person sees none.
LOGOUT_REDIRECT_URL = "/accounts/login/?signed_out=1"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions end after eight working hours or when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_AGE", 8 * 3600))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the page scripts read it for fetch() calls

if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "jixiao@localhost")
# The SMTP server of django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("DJANGO_EMAIL_USE_SSL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Review workflow and security (reviews, units.security) -------------------

MIDDLEWARE.append("config.csp.ContentSecurityPolicyMiddleware")
MIDDLEWARE.append("reviews.middleware.ApiErrorsMiddleware")

# Content-Security-Policy (config/csp.py), on unless DJANGO_CSP=0. No
# template has an inline script; inline style attributes are allowed.
CSP_ENABLED = env_flag("DJANGO_CSP", default=True)
CSP_POLICY = os.environ.get(
    "DJANGO_CSP_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)

# Sign-in throttling: failures counted per account and per client address.
LOGIN_THROTTLE_ACCOUNT_LIMIT = int(os.environ.get("DJANGO_LOGIN_ACCOUNT_LIMIT", 5))
LOGIN_THROTTLE_ADDRESS_LIMIT = int(os.environ.get("DJANGO_LOGIN_ADDRESS_LIMIT", 20))
LOGIN_THROTTLE_WINDOW = int(os.environ.get("DJANGO_LOGIN_WINDOW", 15 * 60))


def request_meta_key(header):
    """request.META's key for a header name: X-Real-IP is HTTP_X_REAL_IP;
    REMOTE_ADDR and HTTP_… names stay as they are."""
    key = header.strip().upper().replace("-", "_")
    return key if key in ("", "REMOTE_ADDR") or key.startswith("HTTP_") else f"HTTP_{key}"


# Behind a proxy every REMOTE_ADDR is the proxy's, and counting by it would
# let 20 failures from anyone lock everyone out. So with DJANGO_DEBUG=0 the
# address is counted only when DJANGO_CLIENT_ADDRESS_HEADER names where it
# is (the header the proxy sets, or REMOTE_ADDR with no proxy in front);
# without it only accounts are counted. A checkout serves itself.
LOGIN_THROTTLE_ADDRESS_HEADER = request_meta_key(
    os.environ.get("DJANGO_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR" if DEBUG else "")
)
# The counts live in the "shared" cache: a table in the database that every
# app process and host already shares (units/migrations/0002 creates it), so
# a second app server does not give a guesser a second set of tries.
LOGIN_THROTTLE_CACHE = "shared"
CACHES = {
    # Per process: results that are the same wherever they are computed
    # (checks of a document, keyed by its digest).
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Far above what sign-ins fill, since past MAX_ENTRIES the table is
    # culled and a third of the live failure counts would go with it.
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jixiao_cache",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
}
if os.environ.get("DJANGO_CACHE_DIR"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ["DJANGO_CACHE_DIR"],
    }

# Niceness of the processes that render tables in the background (the PDF
# worker of each web process, bulk-export children): page views go first.
TABLES_RENDER_NICENESS = int(os.environ.get("DJANGO_RENDER_NICENESS", 10))
# Seconds one rendering of a filing's tables may take (a download's PDF, a
# bulk export's filing); past it the process rendering it is stopped and the
# user told so. A whole 20 × 15 filing takes 2–4 s; gunicorn's timeout is 120 s.
TABLES_RENDER_TIMEOUT = float(os.environ.get("DJANGO_RENDER_TIMEOUT", 60))

# The API answers a failed CSRF check in JSON.
CSRF_FAILURE_VIEW = "reviews.api.csrf_failure"

# Base address for links in notice e-mails, e.g. https://jixiao.example.org
SITE_URL = os.environ.get("DJANGO_SITE_URL", "")

# Submitting to the browsers' HSTS preload list is an operator's decision
# (DJANGO_HSTS_PRELOAD=1); until then the preload reminder is not an issue.
if not DEBUG and not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Request limits (docs/filing-format.md, "Limits") ----------------------------

# A request body (a form, a filing/1 document posted to the API) up to 10 MB:
# a filing of 30 projects with 300 indicator rows is about 3 MB of JSON, and
# 10 MB of JSON can take half a gigabyte to parse. Uploaded files count
# apart (config/uploads.py: 5 MB a workbook).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Each indicator row of the editor is about a dozen form fields: Django's
# default of 1,000 refused a project of 120 rows. Room for 1,000 rows.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 15_000

# --- Background tasks (bulk export) ---------------------------------------------

# django-tasks with its database backend: the queue is a table in our own
# database, so the embedded default needs no broker; `manage.py db_worker`
# runs the tasks, on this machine or on any other that reaches the database
# (and the MEDIA_ROOT storage the ZIP files are written to).
TASKS = {"default": {"BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Processes that render the tables of a bulk export (default: every core).
BULK_EXPORT_WORKERS = int(os.environ.get("DJANGO_BULK_EXPORT_WORKERS", "0")) or os.cpu_count() or 1
# Days a finished bulk export's ZIP is kept (a province's year is hundreds of
# MB); every new export, and `manage.py prune_exports`, delete older ones.
BULK_EXPORT_KEEP_DAYS = int(os.environ.get("DJANGO_BULK_EXPORT_KEEP_DAYS", "7"))
