"""Settings for TIPT, read from environment variables (and a local ``.env`` file if present).

| variable | default |
|---|---|
| DJANGO_SECRET_KEY | required; the site refuses to start without it |
| DJANGO_DEBUG | off |
| DJANGO_ALLOWED_HOSTS | ``localhost,127.0.0.1`` |
| DATABASE_URL | a SQLite file ``db.sqlite3`` beside manage.py |
| TIME_ZONE | ``America/St_Lucia`` |

and the others in README.md's table.
"""

import re
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's local settings (written by `make run`); real environment variables win.
environ.Env.read_env(env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it in the environment (or in .env for local work); "
        "TIPT never generates a key for you."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks (it patches the admin's forms).
    "modeltranslation",
    "tipt.apps.TIPTAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "auditlog",
    "axes",
    "recommendations",
]

MIDDLEWARE = [
    # First, so it sees every response, refusals included (see the class).
    "tipt.middleware.HeadWithoutBodyMiddleware",
    # Before the HTTPS redirect and the Host check, which a load balancer's probe cannot pass.
    "tipt.middleware.HealthCheckMiddleware",
    # Cached public pages for visitors without a session, before the middleware they never need
    # (the headers SecurityMiddleware adds are stored with each page; see the module).
    "recommendations.public.middleware.PublicPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, with the staff workspace in the language each staff member asks for.
    "tipt.middleware.WorkspaceLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tipt.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "tipt.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# Checking a kept connection before each request costs a round trip on every page, cached ones
# included (a quarter of their throughput on PostgreSQL, see bench/run.py); without it, a
# connection broken by a database restart fails one request per worker and is then replaced.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DATABASE_CONN_HEALTH_CHECKS", default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends more on compiling TIPT's short queries (and the export's
    # per-row subqueries) than it saves; see bench/run.py.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses throttled logins before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in French (recommendations/translation.py): English is the original, always filled;
# a French version falls back to it where none was entered.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)


def _translated_field_label(name, language):
    """The English field keeps the field's own label ("title"), the French one says so."""
    if language == MODELTRANSLATION_DEFAULT_LANGUAGE:
        return name
    return format_lazy("{} ({})", name, gettext_lazy("in French"))


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _translated_field_label
# Dates are read and shown day first in both languages (31/03/2027, and ISO): see tipt/formats/.
FORMAT_MODULE_PATH = ["tipt.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="America/St_Lucia")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic also writes each stylesheet gzipped and in Brotli, and WhiteNoise sends the
    # smallest one the browser accepts: the pages' one render-blocking file is a quarter the size.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# One Redis shared by every app server when REDIS_URL is set; otherwise a per-process cache,
# enough for a single server.
REDIS_URL = env.str("REDIS_URL", default="")
# Seconds to wait for Redis to accept a connection, and then for each answer. A cache read takes
# a millisecond on a working network; when Redis hangs, a page waits this long once and is then
# rendered without the cache for a while (see recommendations/public/cache.py).
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.25)
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.25)
# On PostgreSQL, each process keeps the page versions and listens for their changes, so a cached
# page costs no query (see recommendations/public/page_versions.py); off, it reads them each time.
TIPT_PAGE_VERSION_NOTIFICATIONS = env.bool("TIPT_PAGE_VERSION_NOTIFICATIONS", default=True)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tipt",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Staff sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Transport and browser security (on by default whenever debug is off) ---
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [
    # security.W021 (HSTS preload off): preloading binds the whole domain and its subdomains to
    # HTTPS in browsers for months; that is the domain owner's decision, made with
    # DJANGO_HSTS_PRELOAD=1, not a default an app can take for them.
    "security.W021",
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (see README, Deploy).
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    }
}

# Error reports (logs, mails to ADMINS) never carry posted form data: evidence text is posted.
DEFAULT_EXCEPTION_REPORTER_FILTER = "tipt.error_reports.NoPostDataExceptionReporterFilter"
ADMINS = [("TIPT admins", a) for a in env.list("DJANGO_ADMINS", default=[])]
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tipt@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Admin sign-in needs a one-time code from an enrolled TOTP device unless this is off
# (local development only; see README).
TIPT_REQUIRE_2FA = env.bool("TIPT_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "TIPT"

# Failed logins: after AXES_FAILURE_LIMIT failures for one username from one address, that
# pair is refused for AXES_COOLOFF_TIME hours; other users and addresses are not affected.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Behind TIPT_PROXY_COUNT reverse proxies, each appending the address it was reached from to
# X-Forwarded-For, the client's address is the header's Nth entry from the right: the nearest
# proxy is REMOTE_ADDR, and whatever stands further left the client wrote itself. django-axes
# reads the address through django-ipware.
TIPT_PROXY_COUNT = env.int("TIPT_PROXY_COUNT", default=0)
if TIPT_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TIPT_PROXY_COUNT is the number of reverse proxies: 0 or more.")
if TIPT_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    # django-ipware counts the proxies listed in the header, which leaves out the nearest one,
    # and with "left-most" (the client at the left, as proxies append) takes the entry that
    # many places left of the right end.
    AXES_IPWARE_PROXY_ORDER = "left-most"
    AXES_IPWARE_PROXY_COUNT = TIPT_PROXY_COUNT - 1
    # Its v3 algorithm, not strict, reads the header as plain comma-separated entries and skips
    # the ones that are no address. Strict reading gives up on the whole header (back to the
    # proxy's address) as soon as the client adds an entry, and the newer algorithm reads
    # quoted strings, so a client's unclosed quote swallows the entry the proxy added and
    # leaves a forged one in its place (tests/test_login.py).
    IPWARE_ALGORITHM = "legacy"
    IPWARE_STRICT = False

# Internal evidence text is kept out of the audit log (see recommendations/apps.py).
AUDITLOG_INCLUDE_ALL_MODELS = False

# Which status changes by a ministry editor wait for the secretariat's approval before the
# public sees them (recommendations/roles.py, status_change_needs_review): "all" (every one, the
# default), "completed" (only a change to Completed) or "none". The secretariat's own changes
# never wait.
TIPT_STATUS_REVIEW = env.str("TIPT_STATUS_REVIEW", default="all")
if TIPT_STATUS_REVIEW not in ("all", "completed", "none"):
    raise ImproperlyConfigured("TIPT_STATUS_REVIEW is one of: all, completed, none.")

# The public statistics show a breakdown cell of 1 to this many people as "fewer than N + 1",
# and withhold what would let it be worked out (recommendations/selectors/statistics.py).
TIPT_SMALL_COUNT_THRESHOLD = env.int("TIPT_SMALL_COUNT_THRESHOLD", default=4)
if TIPT_SMALL_COUNT_THRESHOLD < 1:
    raise ImproperlyConfigured("TIPT_SMALL_COUNT_THRESHOLD is a number of people: 1 or more.")

# The read-only JSON API under /api/v1/ (recommendations/api/): anonymous, JSON only, each
# client address (read as django-axes reads it, see TIPT_PROXY_COUNT above) allowed
# TIPT_API_RATE requests ("number/second|minute|hour|day"), then answered 429 with Retry-After.
TIPT_API_RATE = env.str("TIPT_API_RATE", default="120/minute")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", TIPT_API_RATE):
    raise ImproperlyConfigured('TIPT_API_RATE is a number of requests a period, e.g. "120/minute".')
REST_FRAMEWORK = {
    # Anonymous: the API shows what the public pages show, to everyone alike, and reads no
    # session or credential (so no CSRF either: it only answers GET, HEAD and OPTIONS).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["recommendations.api.throttling.ClientAddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": TIPT_API_RATE},
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "recommendations.api.pagination.CanonicalPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TIPT open data API",
    "DESCRIPTION": (
        "The public record of the TIP Report's prioritized recommendations, read-only: "
        "countries, reports, recommendations with their threads across the years, published "
        "evidence and approved statistics, exactly as the public pages show them."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# Evidence documents (recommendations/models/documents.py): at most this many megabytes each,
# kept in a private folder outside the static files (`make run` creates it) or, with several
# app servers, in one S3-compatible object store (TIPT_S3_BUCKET). Never served from a public
# path: every download goes through a view that checks who may read it at that moment.
TIPT_DOCUMENT_MAX_MB = env.int("TIPT_DOCUMENT_MAX_MB", default=20)
if TIPT_DOCUMENT_MAX_MB < 1:
    raise ImproperlyConfigured("TIPT_DOCUMENT_MAX_MB is a number of megabytes: 1 or more.")
TIPT_DOCUMENTS_DIR = Path(env.str("TIPT_DOCUMENTS_DIR", default=str(BASE_DIR / "documents")))
TIPT_S3_BUCKET = env.str("TIPT_S3_BUCKET", default="")
if TIPT_S3_BUCKET:
    EVIDENCE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": TIPT_S3_BUCKET,
            # Empty for AWS itself; the address of any other S3-compatible store.
            "endpoint_url": env.str("TIPT_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("TIPT_S3_REGION", default="") or None,
            "access_key": env.str("TIPT_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("TIPT_S3_SECRET_ACCESS_KEY", default="") or None,
            # Private objects, never overwritten; the app streams them after its own checks,
            # so no signed address that could be passed on is ever made.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    EVIDENCE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": TIPT_DOCUMENTS_DIR,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
STORAGES["evidence"] = EVIDENCE_STORAGE

TIPT_DEFAULT_COUNTRY = env.str("TIPT_DEFAULT_COUNTRY", default="saint-lucia")
# Where each open-data ZIP, once built, is kept until the data changes (recommendations/opendata/
# store.py): a folder the app servers' user alone writes to.
TIPT_OPEN_DATA_DIR = env.str("TIPT_OPEN_DATA_DIR", default=str(BASE_DIR / "open-data"))
# The site's address as staff reach it, for the links in reminder emails.
TIPT_SITE_URL = env.str("TIPT_SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "tipt.error_reports.WithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_one_line": {
            "class": "logging.StreamHandler",
            "filters": ["without_traceback"],
        },
    },
    "loggers": {
        # The page cache failing and coming back: one line each (recommendations/public/cache.py).
        "recommendations.public.cache": {"level": "INFO"},
        # Refused requests (foreign Host headers, bad signatures): one line each.
        "django.security": {
            "handlers": ["console_one_line"],
            "level": "WARNING",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}
