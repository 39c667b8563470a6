"""One settings module, driven by the environment (django-environ).

With no environment at all the portal runs on the *embedded default*: SQLite, Celery eager on the
in-memory broker, local file storage and console e-mail — enough for `make run` on a laptop. The
embedded default does not debug: a wrong address shows the portal's Russian 404 page, not Django's
technical page; its secret key is generated once into the git-ignored `.secret-key`, and WhiteNoise
serves the static files straight from their sources (no collectstatic).

DEBUG has three states:
- unset — the embedded default described above (loopback, plain HTTP);
- DEBUG=1 — development: Django's debug pages, runserver serves static files (never media:
  uploaded and generated files leave only through permission-checked views);
- DEBUG=0 — production: must provide SECRET_KEY and ALLOWED_HOSTS; secure cookies, HSTS, SSL
  redirect, WhiteNoise over collectstatic's manifest.
DATABASE_URL and REDIS_URL/CELERY_BROKER_URL switch to PostgreSQL and Redis.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

# Lower-case names only: an upper-case import would become a setting (CELERY_QUEUES is one to Celery).
from config import nodes

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional; absent in CI and tests

# Production is asked for explicitly (DEBUG=0); no DEBUG at all is the embedded default.
EMBEDDED_DEFAULT = "DEBUG" not in os.environ
DEBUG = env.bool("DEBUG", default=False)
PRODUCTION = not DEBUG and not EMBEDDED_DEFAULT


def _local_secret_key(path: Path) -> str:
    """The embedded default's key: generated on first start, kept in a git-ignored file so that
    sessions survive a restart. Never used in production (DEBUG=0 requires SECRET_KEY)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        key = secrets.token_urlsafe(50)
        handle.write(key)
    return key


if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
elif EMBEDDED_DEFAULT:
    SECRET_KEY = env("SECRET_KEY", default="") or _local_secret_key(BASE_DIR / ".secret-key")
else:
    # Production must never fall back to a known key: refuse to start instead.
    try:
        SECRET_KEY = env("SECRET_KEY")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off") from exc

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # full-text search of the practice bank (SearchVector, SearchQuery)
    "rules",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets from PyPI: /api/docs/ works offline
    "django_htmx",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "schools",
    "reporting",
    "programs",
    "monitoring",
    "indices",
    "accounts",
    "surveys",
    "resources",
    "curators",
    "risks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Marks heavy reads for the replica router (a no-op without REPLICA_DATABASE_URL).
    "config.replica.ReplicaMiddleware",
    # A body over the limit sent to /api/ gets a JSON 413 before anything reads it.
    "config.api.errors.ApiBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second-factor device confirmed this session (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: they tell why a session ended or what it still owes (accounts/middleware.py).
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A save that breaks a database constraint: a 409 page with its Russian message, never a 500.
    "schools.integrity.IntegrityErrorMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # In production static files are served by WhiteNoise from STATIC_ROOT (collectstatic); on the
    # embedded default WhiteNoise serves them from the finders (below); in DEBUG runserver does.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.navigation.navigation",
            ],
            # Russian numbers, plurals and years in every template without {% load %}.
            "builtins": ["schools.templatetags.portal"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Reuse connections and check them before use, so a restarted PostgreSQL is reconnected
# transparently instead of failing the first request after the restart.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)

# Heavy reads (API lists, exports, analytics pages) on a streaming read replica when one is given;
# config/replica.py falls back to the primary when the replica is down or lags.
REPLICA_DATABASE_URL = env("REPLICA_DATABASE_URL", default="")
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=10.0)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=5.0)
REPLICA_ROUTES = env.list(
    "REPLICA_ROUTES",
    default=[
        "api:*",
        "indices:export",
        "indices:compare",
        "indices:risk*",
        "indices:results*",
        "monitoring:dashboard*",
        "monitoring:collection_export",
    ],
)
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = env.db("REPLICA_DATABASE_URL")
    DATABASES["replica"].update(CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True)
    # A replica that does not answer within two seconds is treated as down.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "schools.User"

AUTHENTICATION_BACKENDS = [
    # First: refuses a login that is locked out after repeated wrong passwords.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on over OpenID Connect: answers nothing unless OIDC_ENABLED (below).
    "accounts.oidc.PortalOIDCBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions (docs/security.md): an absolute lifetime from sign-in and a sign-out after a time without
# requests (0 turns the idle timeout off). Seconds, from the environment.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=3600)

# Second factor (django-otp): staff of the region and committees, methodologists, superusers and admin
# users must confirm a code from an authenticator app when OTP_REQUIRED is on. On in production unless
# turned off; off in the embedded default and DEBUG, so the demo signs in with passwords.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=PRODUCTION)
OTP_TOTP_ISSUER = "Портал поддержки школ"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin shows no device secrets

# Single sign-on (mozilla-django-oidc), only when the region's provider is configured. The endpoints
# are the provider's (its /.well-known/openid-configuration lists them); nothing is discovered at run time.
OIDC_ENABLED = bool(env("OIDC_RP_CLIENT_ID", default=""))
if OIDC_ENABLED:
    try:
        OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
        OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
        OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
        OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
        OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
        OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(
            "OIDC_RP_CLIENT_ID is set: also set OIDC_RP_CLIENT_SECRET and OIDC_OP_AUTHORIZATION_ENDPOINT, "
            "OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT"
        ) from exc
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", default="openid email profile")
# The claim whose values are looked up in the claim mappings (admin: «Сопоставления единого входа»).
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", default="groups")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
OIDC_CREATE_USER = True
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"

# Russian UI. Source strings are written in Russian and marked with gettext, so another
# language is one `makemessages` away without a translation step for the primary one.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = env("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party front-end assets are installed from the npm registry by `make` (package.json);
# they are served from node_modules, never committed.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # Charts (reporting/charts.py, static/js/charts.js): vega-embed's build carries Vega's expression
    # interpreter (vega-interpreter), used instead of eval under the CSP.
    ("vendor/vega", NODE_MODULES / "vega" / "build"),
    ("vendor/vega-lite", NODE_MODULES / "vega-lite" / "build"),
    ("vendor/vega-embed", NODE_MODULES / "vega-embed" / "build"),
]
# Uploaded and generated files: local disk (MEDIA_ROOT) by default; S3-compatible object storage
# when STORAGE_URL or AWS_STORAGE_BUCKET_NAME is set, so that every web node and worker sees the
# same files. Either way files are read only through the storage API by permission-checked views.
OBJECT_STORAGE = nodes.object_storage_options(env("STORAGE_URL", default=""), os.environ)
STORAGES = {
    "default": (
        {"BACKEND": nodes.S3_BACKEND, "OPTIONS": OBJECT_STORAGE}
        if OBJECT_STORAGE
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The embedded default has no collectstatic step: WhiteNoise finds the files where they live and
# picks up edits without a restart.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PORTAL_MAX_UPLOAD_BYTES = env.int("PORTAL_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# A multipart body sent to the API (a progress report with its evidence files): above it, a JSON
# 413 in Russian before anything reads the body (config.api.errors.ApiBodyLimitMiddleware).
API_MAX_UPLOAD_BODY_BYTES = env.int("API_MAX_UPLOAD_BODY_BYTES", default=2 * PORTAL_MAX_UPLOAD_BYTES)

# Cache and broker: Redis when configured, in-process otherwise.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # django-redis with IGNORE_EXCEPTIONS: if Redis goes down the cache behaves as empty and pages
    # keep working (sessions are written through to the database, login throttling lives there);
    # /healthz reports it.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    # Sessions are read from Redis and written through to the database: any web node finds the
    # session without a database read, and a Redis restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
# Without a real broker there is no worker: run tasks in-process so the embedded default works.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL.startswith("memory://"))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message for another worker
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# How a killed worker's task comes back. A prefork child that dies is requeued at once (the line
# above); when the whole worker dies (SIGKILL, OOM, a lost container) its unacknowledged message
# stays in Redis and any worker that starts, or sweeps later, delivers it again once it is older
# than the visibility timeout. So the timeout must exceed the longest report build, or a slow
# build is handed out twice (harmless — report_build is idempotent — but wasted work).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# One queue per kind of work (config/nodes.py); docker-compose.yml runs a worker pool per queue.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = nodes.celery_routes()
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BEAT_SCHEDULE = {
    "monitoring-collection-reminders": {
        "task": "monitoring.tasks.send_collection_reminders",
        "schedule": crontab(hour=8, minute=0),  # before the deadline and on the day after
    },
    "reports-monthly-program-monitoring": {
        "task": "programs.reports.monthly_program_reports",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
    "reports-requeue": {
        "task": "reporting.tasks.requeue_reports",
        "schedule": crontab(minute="*/10"),  # jobs ordered while the broker was down are not lost
    },
    "reports-cleanup": {
        "task": "reporting.tasks.cleanup_reports",
        "schedule": crontab(hour=3, minute=30),
    },
    "access-log-retention": {
        "task": "schools.tasks.purge_access_log",
        "schedule": crontab(hour=3, minute=45),
    },
    "programs-review-reminders": {
        "task": "programs.tasks.send_review_reminders",
        "schedule": crontab(hour=7, minute=10),  # two days before the review deadline, and after it
    },
    "programs-due-digest": {
        "task": "programs.tasks.send_due_digests",
        "schedule": crontab(hour=7, minute=0),  # every morning, Moscow time
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The portal's own hashed, scoped tokens only: DRF's authtoken (an unscoped second token
        # path, visible in the admin) is not installed.
        "rest_framework.authentication.SessionAuthentication",
        "config.api.authentication.PortalTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Every API error in Russian, in one JSON shape (detail, code, errors): config/api/errors.py.
    "EXCEPTION_HANDLER": "config.api.errors.api_exception_handler",
    # Per token (config/api/throttling.py): reads and writes are counted apart. The environment may
    # change them (bench/api.py measures the server, not the limit, and raises them).
    "DEFAULT_THROTTLE_RATES": {
        "api_read": env("API_THROTTLE_READ", default="120/min"),
        "api_write": env("API_THROTTLE_WRITE", default="30/min"),
    },
}
# Rendered API list pages kept in the cache (config/api/page_cache.py). Off only to measure the
# cold path (bench/api.py starts a server without it) or to rule the cache out when debugging.
API_PAGE_CACHE = env.bool("API_PAGE_CACHE", default=True)
SPECTACULAR_SETTINGS = {
    "TITLE": "API портала поддержки школ",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "DESCRIPTION": (
        "REST API портала: реестр школ, программы и мероприятия с ходом выполнения, показатели, их значения "
        "и целевые значения, расчёты индексов. Доступ — по токену (заголовок «Authorization: Token <токен>»), "
        "выданному органом управления образованием; токен видит только свою область (муниципалитет или школу) "
        "и только то, что видит его учётная запись. Списки отдаются в JSON и CSV (?format=csv)."
    ),
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.views.schema.postprocess",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProgramStatusEnum": "programs.models.Program.Status",
        "ProgressStatusEnum": "programs.models.ProgressReport.Status",
        "RunStatusEnum": "indices.models.Run.Status",
        "ExecutorLevelEnum": "programs.models.MeasureAssignment.Level",
    },
}

# The access log (sign-ins, exports, downloads) keeps a year by default; a beat task deletes older rows.
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=365)

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Password guessing: five wrong passwords for a user from one address lock that pair for an hour.
# Password reset: at most this many e-mails per address and requests per client (IP) an hour
# (config/password_reset.py; counted in the cache).
PASSWORD_RESET_PER_ADDRESS = env.int("PASSWORD_RESET_PER_ADDRESS", default=3)
PASSWORD_RESET_PER_CLIENT = env.int("PASSWORD_RESET_PER_CLIENT", default=10)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# Content-Security-Policy: no inline scripts anywhere (every script is a static file), nothing
# loaded from other origins — the portal works offline. Inline style attributes are allowed for
# progress bars and SVG charts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Security: strict in production; the embedded default and DEBUG run on plain HTTP on loopback.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

PORTAL_NAME = "Портал поддержки школ"
