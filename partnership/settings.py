"""Settings for the LSP Portal, read from the environment.

Two modes:

* the embedded default (nothing set): SQLite in the project folder, tasks run eagerly,
  email printed to the console, ``DEBUG`` on — what ``make run`` uses on a laptop;
* production (``DJANGO_PRODUCTION=1``): ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be
  given, ``DEBUG`` is off, cookies are secure, HTTPS and HSTS are enforced, and
  ``python manage.py check --deploy`` reports nothing.

Every other service is chosen by URL: ``DATABASE_URL``, ``CELERY_BROKER_URL``,
``CACHE_URL``. See docs/CONFIGURATION.md for the full list.
"""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str
from .file_stores import file_stores

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = env_bool("DJANGO_PRODUCTION", False)
DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_PRODUCTION is set.")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
else:
    # Only for the embedded default; production refuses to start without SECRET_KEY.
    SECRET_KEY = env_str("SECRET_KEY", "django-insecure-local-development-key-not-for-production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) when DJANGO_PRODUCTION is set.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "partnership.admin_site.PortalAdminConfig",  # django.contrib.admin, scoped to the partnership
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    # Project apps, in the one direction their imports flow.
    "partnership",
    "themes",
    "indicators",
    "returns",
    "consultation",
    # The pages people work in, each built on the apps above; none imports another.
    "board",
    "public",
    "reports",
    "plan_packages",
    # The demo plan, the residents' demo and the synthetic dataset: the top layer, imported by no app.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "partnership.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before CommonMiddleware, so that its added slash keeps the partnership in the path.
    "partnership.middleware.PartnershipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "partnership.middleware.ServiceUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnership.urls"
WSGI_APPLICATION = "partnership.wsgi.application"

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
                "partnership.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
# ``DB_POOLER=transaction``: DATABASE_URL names a pooler in transaction mode (PgBouncer's
# ``pool_mode = transaction``), which hands each transaction to whichever PostgreSQL session
# is free. Nothing the portal does may then outlive a transaction on the server: the
# partnership is set per transaction in every mode (partnership.scope); server-side cursors
# (``.iterator()``), which outlive it, are turned off here; prepared statements are never
# made (Django's psycopg backend binds on the client, with ``prepare_threshold=None``), and
# the URL may not turn them on. docs/DEPLOYMENT.md, "Connection pooling (PgBouncer)".
DB_POOLER = env_str("DB_POOLER", "none").strip().lower() or "none"
if DB_POOLER not in ("none", "transaction"):
    raise ImproperlyConfigured(
        f"DB_POOLER={DB_POOLER!r}: use 'transaction' (behind PgBouncer's transaction mode) or 'none'."
    )
if DB_POOLER == "transaction":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    _session_bound = {"server_side_binding", "prepare_threshold"} & set(DATABASES["default"].get("OPTIONS", {}))
    if _session_bound:
        raise ImproperlyConfigured(
            f"DB_POOLER=transaction: remove {', '.join(sorted(_session_bound))} from DATABASE_URL;"
            " prepared statements do not survive a pooler in transaction mode."
        )
# On PostgreSQL, each request and task sets ``lsp.partnership`` in its transaction for the
# row-level security policies (partnership.scope, partnership.rls). The portal must then
# connect as an ordinary role such as ``lsp_app`` (docs/DEPLOYMENT.md): superusers skip RLS.
ROW_LEVEL_SECURITY = env_bool("ROW_LEVEL_SECURITY", DATABASES["default"]["ENGINE"].endswith("postgresql"))
# The ordinary role the portal connects as; ``migrate`` grants it its rights (partnership.rls).
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", "lsp_app")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partnership.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before checking passwords
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "returns:signed-in"  # each role lands on its own work
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

# Brute-force protection: 5 failures per username and address lock that pair out for
# 30 minutes (django-axes locks out for ever unless a cool-off is set). The pair, not the
# username alone: a stranger elsewhere cannot lock the real user out; nor the address
# alone: colleagues behind one office address cannot lock each other out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The address is the client's as our proxies saw it (TRUSTED_PROXY_COUNT), read by the
# same function as the rate limits, not the proxy's that every client comes through.
AXES_CLIENT_IP_CALLABLE = "partnership.client_address.client_ip"

# Cache: local memory unless CACHE_URL names a Redis server (production).
_cache_url = env_str("CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "partnership.redis_cache.RedisCache", "LOCATION": _cache_url}}
elif _cache_url in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_URL={_cache_url!r}: use redis://host:port/db or leave it unset.")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files nothing may serve (uploads awaiting confirmation, report builds): never under MEDIA_ROOT.
PRIVATE_ROOT = env_str("PRIVATE_ROOT", str(BASE_DIR / "private"))

# Object storage: with S3_BUCKET set, every file store below lives in that one S3-compatible
# bucket, each under its own prefix, so that a file one machine wrote (a worker's report
# build, a web node's upload) is there for every other. The bucket stays private: objects
# are written with no ACL, and downloads go through the portal's views, which check
# permission and then redirect to a URL signed for S3_SIGNED_URL_SECONDS (partnership.files).
# Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or
# the machine's role). Unset: the local disk, as in the embedded default.
S3_BUCKET = env_str("S3_BUCKET", "")
S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL", "")  # another provider, MinIO or moto; blank: AWS
S3_REGION = env_str("S3_REGION", "eu-west-2")
S3_SIGNED_URL_SECONDS = env_int("S3_SIGNED_URL_SECONDS", 300)
if not 1 <= S3_SIGNED_URL_SECONDS <= 7 * 24 * 3600:  # SigV4 signatures last at most a week
    raise ImproperlyConfigured(f"S3_SIGNED_URL_SECONDS={S3_SIGNED_URL_SECONDS}: use 1 to 604800 seconds.")


STORAGES = {
    # Uploads waiting for their preview to be confirmed ("return_imports": returns' draft
    # data, and plan packages), and every build of the annual report ("report_builds", sent by the
    # portal's views after their permission check, so that a report nobody has published
    # cannot be downloaded by guessing its name): private. "published_reports": copies of
    # published reports at stable names (reports/<plan>-annual-report-<year>.pdf), which a
    # web server may serve as they are from MEDIA_ROOT (docs/DEPLOYMENT.md).
    **file_stores(
        s3_bucket=S3_BUCKET,
        s3_endpoint_url=S3_ENDPOINT_URL,
        s3_region=S3_REGION,
        signed_url_seconds=S3_SIGNED_URL_SECONDS,
        private_root=PRIVATE_ROOT,
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (development, tests) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST", PRODUCTION)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Django's form renderer, with a <select>'s options written in Python (an area list has 250).
FORM_RENDERER = "partnership.form_renderer.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: printed to the console unless EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Absolute links in emails (reminders, confirmations): e.g. https://lsp.example.org
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000" if not PRODUCTION else "").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "LSP Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no broker, tasks run in-process so the embedded default still works.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Reminders are a daily beat task that asks the database what is due, never countdown/eta
# (with Redis, long delays outlive the visibility timeout and re-run: celery#4400).
CELERY_BEAT_SCHEDULE = {
    "return-reminders": {"task": "indicators.send_return_reminders", "schedule": crontab(hour=7, minute=0)},
    "purge-import-uploads": {"task": "indicators.purge_import_uploads", "schedule": crontab(hour=3, minute=30)},
    "purge-plan-package-uploads": {
        "task": "plan_packages.purge_package_uploads",
        "schedule": crontab(hour=3, minute=35),
    },
    "requeue-stale-report-builds": {"task": "reports.requeue_stale_builds", "schedule": crontab(minute="*/5")},
    "consultation-closing-reminders": {
        "task": "consultation.send_closing_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "purge-consultation-data": {"task": "consultation.purge_consultation_data", "schedule": crontab(hour=3, minute=45)},
}
# The annual report's PDF builds run on their own queue, on their own memory-capped workers.
CELERY_TASK_ROUTES = {"reports.build_annual_report": {"queue": "pdf"}}
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD_KB", 1_000_000)

# Production hardening: all of this is what `check --deploy` asks for.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TRUST_X_FORWARDED_PROTO", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): everything from this site only, no inline or
# third-party scripts, never framed. Inline *styles* stay allowed for the SVG charts'
# presentation; no script can run from them.
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
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# Logs go to standard output; LOG_FORMAT=json gives one JSON object a line for a log collector.
LOG_FORMAT = env_str("LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use plain or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# The portal's own settings.
# Anonymous visitors' public pages are cached this long, and invalidated at once when
# anything they show changes (partnership/cache.py). 0 turns the page cache off.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300)
# The board dashboard's content, shared by viewers with the same reach; 0: off.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300)
# A forum's return has five fields per indicator and two per indicator per area: at 25
# areas that is already ~930 fields, over Django's default of 1,000 a few indicators on.
# Only signed-in partners post forms this big; public forms are small and rate-limited.
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 20_000)
# Importing a return from CSV or Excel (returns/imports.py): every limit below stops a
# small hostile file from holding a web worker. A refusal is a message on the upload page.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
# Reading stops after this many rows with problems: the user fixes those and uploads again.
IMPORT_MAX_ROW_ERRORS = env_int("IMPORT_MAX_ROW_ERRORS", 100)
# Wall-clock budget for reading one file (a 10,000-row return takes 1-4 s); well under
# gunicorn's 30 s timeout, since confirming reads the file again before saving.
IMPORT_TIME_LIMIT_SECONDS = env_int("IMPORT_TIME_LIMIT_SECONDS", 10)
# An .xlsx is a zip of XML files, checked before openpyxl reads any of them: their
# unpacked sizes (all together, and each one), the cells the sheet declares or holds, and
# the XML elements openpyxl parses up front (shared strings, styles, ...) plus those in
# the sheet besides its cells.
IMPORT_MAX_XLSX_UNPACKED_BYTES = env_int("IMPORT_MAX_XLSX_UNPACKED_BYTES", 100 * 1024 * 1024)
IMPORT_MAX_XLSX_PART_BYTES = env_int("IMPORT_MAX_XLSX_PART_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_XLSX_CELLS = env_int("IMPORT_MAX_XLSX_CELLS", 250_000)
IMPORT_MAX_XLSX_ELEMENTS = env_int("IMPORT_MAX_XLSX_ELEMENTS", 100_000)
# Amber band around a target, as a percentage of the target, unless an indicator sets its own.
RAG_DEFAULT_TOLERANCE_PERCENT = env_int("RAG_DEFAULT_TOLERANCE_PERCENT", 5)
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (rate limits and the
# sign-in lockout read the client's address from the right of it). 0: use the connection's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Password reset links: at most this many emails to one address, and this many requests
# from one client address, in a window of this many seconds (partnership/views.py).
PASSWORD_RESET_LIMIT_PER_EMAIL = env_int("PASSWORD_RESET_LIMIT_PER_EMAIL", 3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env_int("PASSWORD_RESET_LIMIT_PER_CLIENT", 10)
PASSWORD_RESET_LIMIT_SECONDS = env_int("PASSWORD_RESET_LIMIT_SECONDS", 3600)
# Residents' comments: pre-moderation unless this is on; reports that hide a comment.
COMMENTS_POST_MODERATION = env_bool("COMMENTS_POST_MODERATION", False)
COMMENT_REPORTS_TO_HIDE = env_int("COMMENT_REPORTS_TO_HIDE", 3)
FORM_MIN_FILL_SECONDS = env_int("FORM_MIN_FILL_SECONDS", 3)
# Rejected and never-confirmed comments, responses and requests are deleted after this.
CONSULTATION_RETENTION_DAYS = env_int("CONSULTATION_RETENTION_DAYS", 90)
# Consultations closing within this many days are flagged "closing soon" (and their followers told).
CONSULTATION_CLOSING_SOON_DAYS = env_int("CONSULTATION_CLOSING_SOON_DAYS", 3)
# A resident's confirmation link works for this many days.
CONSULTATION_CONFIRM_DAYS = env_int("CONSULTATION_CONFIRM_DAYS", 7)
# Per-scope overrides of consultation.ratelimit.DEFAULT_LIMITS: {"comment": (count, seconds), ...}.
CONSULTATION_RATE_LIMITS: dict[str, tuple[int, int]] = {}
# Annual report builds. A build records a heartbeat every third of its lease; one silent
# for a whole lease has lost its worker and is taken over (a restarted worker resumes it as
# soon as the lease runs out). A build queued but not started for REPORT_STALE_MINUTES is
# sent again (its message was lost).
REPORT_BUILD_LEASE_SECONDS = env_int("REPORT_BUILD_LEASE_SECONDS", 30)
REPORT_STALE_MINUTES = env_int("REPORT_STALE_MINUTES", 15)
# The annual report PDF's standard (WeasyPrint's pdf_variant); a tagged PDF if WeasyPrint lacks it.
REPORT_PDF_VARIANT = env_str("REPORT_PDF_VARIANT", "pdf/ua-1")
REPORT_SOFT_TIME_LIMIT_SECONDS = env_int("REPORT_SOFT_TIME_LIMIT_SECONDS", 300)
REPORT_TIME_LIMIT_SECONDS = env_int("REPORT_TIME_LIMIT_SECONDS", REPORT_SOFT_TIME_LIMIT_SECONDS + 60)
if REPORT_BUILD_LEASE_SECONDS < 3:
    raise ImproperlyConfigured(f"REPORT_BUILD_LEASE_SECONDS={REPORT_BUILD_LEASE_SECONDS}: use 3 seconds or more.")
# Officers are reminded this many days before a return's deadline, on the day, and after it.
RETURN_REMINDER_DAYS_BEFORE = env_int("RETURN_REMINDER_DAYS_BEFORE", 7)
