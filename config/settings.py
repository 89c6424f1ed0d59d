"""Settings for the CPPCC work-plan application.

Everything that differs between machines comes from environment variables,
read by the strict helpers in `config.env`; `.env.example` lists each one.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_path,
    env_str,
    env_time_zone,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core ------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string, or set DEBUG=1 for development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_tasks_db",
    "simple_history",
    "axes",
    # The project's apps, lowest layer first (docs/architecture.md).
    "core",
    "organisation",
    "audit",
    "plans",
    "activities",
    "trash",
    "reviews",
    "progress",
    "importing",
    "calendars",
    "printing",
    "editor",
    "exports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files before anything else touches the request (docs/deploy.md).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Lets the change history (docs/history.md) record who made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "organisation.middleware.SessionTimeoutMiddleware",
    "audit.middleware.DeniedRequestMiddleware",
    # Last, so it sees the login view's answer and turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------

DATABASES = {"default": env_database("DATABASE_URL", default_sqlite_path=BASE_DIR / "db.sqlite3")}
# Keep connections open between requests (seconds; 0 closes them after each request),
# and check a kept connection before using it, so a restarted PostgreSQL is
# reconnected to instead of failing the first request after the restart.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two saves at once queue for the write lock when their transactions begin
    # (up to 20 s) instead of one failing half-way with "database is locked";
    # the later one then sees the earlier one's version (docs/concurrency.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication --------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "editor:list"
LOGOUT_REDIRECT_URL = "login"
# django-axes counts failed logins first; it needs the request, which Django's
# login form and the admin pass to authenticate() (docs/security.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Login throttling and sessions (docs/security.md) ------------------------

# Failures of one login name from one address before that pair is locked out,
# and for how long. Keyed on the pair, so a stranger guessing a colleague's
# name from elsewhere cannot lock the colleague out.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", default=15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_CLIENT_IP_CALLABLE = "audit.ip.client_ip"
# The audit log (audit.Event) already records every login; no second log, and
# no start-up banner on every manage.py command.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Name of a request header set by a trusted reverse proxy that carries the
# client's address (e.g. X-Real-IP). Default none: such headers are written by
# the client unless a proxy overwrites them, and trusting them would let anyone
# pick a new address per attempt (escaping the lockout) and forge the audit log.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")

# Idle timeout: the session store drops a session this long after its last
# save, and organisation.middleware.SessionTimeoutMiddleware saves it at most once a
# minute while the user is active (saving on every request would cost a write each).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", default=30, minimum=1) * 60
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
# Absolute lifetime from login, however busy the session (the same middleware).
SESSION_LIFETIME = env_int("SESSION_LIFETIME_HOURS", default=12, minimum=1) * 3600

# --- Language and time -----------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_time_zone("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- Plan checks -------------------------------------------------------------

# A committee leading more activities than this in one month gets a warning.
PLAN_MAX_LEADS_PER_MONTH = env_int("PLAN_MAX_LEADS_PER_MONTH", default=3, minimum=1)

# --- Review and approval -----------------------------------------------------

# Whether whoever submitted a plan may also approve it (reviews.services).
PLAN_ALLOW_SELF_APPROVAL = env_bool("PLAN_ALLOW_SELF_APPROVAL", default=False)

# --- Static files ----------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("STATIC_ROOT", BASE_DIR / "staticfiles")
# Production serves `collectstatic`'s compressed, content-hashed copies through
# WhiteNoise (far-future caching is then safe); development and the tests serve
# the files as they are, so no collectstatic run is needed there.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without collectstatic's copies, WhiteNoise serves the source files (as runserver does).
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# --- Uploaded and generated files -------------------------------------------
# Through Django's storage API (STORAGES["default"]), so that a shared or an
# S3-compatible store can replace the disk (docs/deploy.md). Never served as
# static files: the app hands each one out after checking permission.

MEDIA_ROOT = env_path("MEDIA_ROOT", BASE_DIR / "media")
MEDIA_URL = "media/"

# --- Background tasks (docs/deploy.md, "Background exports") -------------------
# "database": PDFs and Word files are made by `manage.py db_worker` processes
# (django-tasks-db), so a long render never holds up a web worker. "immediate":
# made inside the request, for `make run` and the tests, with no worker to start.

TASKS_BACKEND = env_choice(
    "TASKS_BACKEND", "immediate" if DEBUG else "database", ["database", "immediate"]
)
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
    }
}
# An export running longer than this (seconds) lost its worker and is marked failed.
EXPORT_JOB_TIMEOUT = env_int("EXPORT_JOB_TIMEOUT", default=600, minimum=10)
# The worker gives up a render after this many seconds, and the job fails saying the
# plan is too long (exports.services.time_limit). Below EXPORT_JOB_TIMEOUT, so that a
# render still under way is never taken for a dead worker's.
EXPORT_RENDER_TIME_LIMIT = env_int("EXPORT_RENDER_TIME_LIMIT", default=300, minimum=1)
if EXPORT_RENDER_TIME_LIMIT >= EXPORT_JOB_TIMEOUT:
    raise ImproperlyConfigured(
        f"EXPORT_RENDER_TIME_LIMIT={EXPORT_RENDER_TIME_LIMIT} must be below "
        f"EXPORT_JOB_TIMEOUT={EXPORT_JOB_TIMEOUT}: a job running longer than that "
        "is marked failed as if its worker had died."
    )
# A plan whose appendix table has at least this many rows prints it in a second
# process while the body is laid out (printing/parts.py); 0 never does.
PDF_APPENDIX_APART_ROWS = env_int("PDF_APPENDIX_APART_ROWS", default=40)

# --- Forms -----------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security --------------------------------------------------------------
# Production defaults pass `manage.py check --deploy`. Behind a proxy that ends
# TLS, set SECURE_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers poll the health check over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Everything the pages load is served by the app itself; no CDN, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Logging ---------------------------------------------------------------

LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"layout_progress": {"()": "printing.stages.LayoutProgress"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", LOG_LEVELS)},
    "loggers": {
        # WeasyPrint reports every layout step at INFO, and warns about CSS meant
        # for browsers (the print stylesheet serves the preview too).
        "weasyprint": {"level": "ERROR"},
        # Its "Page N" steps feed the export job's page (printing/stages.py);
        # the filter lets none of the steps through.
        "weasyprint.progress": {"level": "INFO", "filters": ["layout_progress"]},
        # django-axes reports every login at INFO; the audit log has them. Failures stay (WARNING).
        "axes": {"level": "WARNING"},
    },
}
