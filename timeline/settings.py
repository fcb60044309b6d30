"""Settings for the Russia–Japan Incident Timeline, read from the environment.

One module for every environment (healthchecks style): development defaults apply only
while DEBUG is on; with DEBUG off a real SECRET_KEY is required.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from timeline.env import env_bool, env_choice, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent


def read_env_file(path: Path) -> None:
    """Development settings from a git-ignored ``.env`` (written by ``make run``).

    ``NAME=value`` lines, ``#`` comments; the real environment wins, so a deployment's own
    variables are never overridden. A line that is not ``NAME=value`` stops the site.
    """
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.removeprefix("export ").partition("=")
        name = name.strip()
        if not equals or not name.isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value.")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(name, value)


# Under pytest the test defaults apply even without TESTING=1 (pytest-django imports the
# settings before any conftest could set it).
TESTING = env_bool("TESTING", default="pytest" in sys.modules)
# Tests never read the developer's .env: a local DEBUG=1 must not change how they run.
if not TESTING:
    read_env_file(Path(os.environ.get("ENV_FILE") or BASE_DIR / ".env"))

DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if env_bool("THROWAWAY_SECRET_KEY"):
        # Set by manage.py for code-only commands (makemigrations, …): nothing is signed.
        SECRET_KEY = secrets.token_urlsafe(50)
    elif not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site refuses to start without a real "
            "secret key: set SECRET_KEY (50+ random characters) or DEBUG=1 for development."
        )
    else:
        SECRET_KEY = _DEV_SECRET_KEY
elif not (DEBUG or TESTING) and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("SECRET_KEY is too short or is the development key.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG or TESTING else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = "Russia–Japan Incident Timeline"
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "incidents.apps.CurationAdminConfig",  # django.contrib.admin, with the review queue
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "corsheaders",
    "django_tasks_db",
    "incidents",
    "timeline",
    "watch",
    "loadtest",  # tooling: synthetic data and the benchmark; not part of the site
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The language from the address (/ja/…, /ru/…), before anything resolves the URL: the
    # address patterns of /ja/ and /ru/ match only with their language active
    # (timeline/middleware/locale.py). Never from Accept-Language or a cookie.
    "timeline.middleware.locale.PathLocaleMiddleware",
    # CORS (django-cors-headers) for the views marked @open_data (timeline/middleware/cors.py).
    "timeline.middleware.cors.OpenDataMiddleware",
    # ETag/Last-Modified from the data version; 304 before the view
    # (timeline/middleware/conditional.py).
    # Reads of anonymous public GETs from a replica, if any (timeline/middleware/db_router.py).
    "timeline.middleware.db_router.ReplicaMiddleware",
    "timeline.middleware.conditional.DataVersionMiddleware",
    # Finished public responses per data version (timeline/middleware/response_cache.py).
    "timeline.middleware.response_cache.ResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "timeline.middleware.security.SecurityHeadersMiddleware",
    # After an editor's save, count "/" again before a reader asks (timeline/middleware/warming.py).
    "timeline.middleware.warming.WarmTimelineMiddleware",
    # Last, so that axes sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "timeline.urls"
WSGI_APPLICATION = "timeline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "timeline.public.context_processors.site",
            ],
        },
    },
]

# Recount the unfiltered timeline in the request that saved a change
# (timeline/middleware/warming.py).
WARM_TIMELINE_AFTER_WRITES = env_bool("WARM_TIMELINE_AFTER_WRITES", True)

# Threads that load an export's next chunks while its request thread writes the file
# (timeline/exports/loading.py, pipelined): each holds a database connection of its own. 0: none.
EXPORT_LOADERS = env_int("EXPORT_LOADERS", 1, minimum=0)

# Database: SQLite file by default, PostgreSQL (psycopg 3 + Django's pool) via DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        options = DATABASES["default"].setdefault("OPTIONS", {})
        # With the database down, fail within seconds rather than hold every request (and
        # the health check) for long: a refused or unanswered connection attempt gives up
        # after DB_CONNECT_TIMEOUT, and a request waits at most DB_POOL_TIMEOUT for a
        # connection. gunicorn.conf.py sizes the pool to the threads, so a healthy site
        # never waits for one; only an unreachable database does.
        options.setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 2, minimum=1))
        options["pool"] = {
            "min_size": env_int("DB_POOL_MIN", 2, minimum=0),
            "max_size": env_int("DB_POOL_MAX", 10, minimum=1),
            "timeout": env_int("DB_POOL_TIMEOUT", 2, minimum=1),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

# Read replicas (PostgreSQL streaming replicas of the primary): anonymous public reads go
# to them, everything else to the primary (timeline/middleware/db_router.py).
for _n, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{_n}"] = dj_database_url.parse(_url, conn_max_age=0)
    DATABASES[f"replica{_n}"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES[f"replica{_n}"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["timeline.middleware.db_router.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Tests log users in hundreds of times: a fast hasher there (never in production).
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login protection: lock an account+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
# Behind N reverse proxies that append to X-Forwarded-For, the client is the N-th entry
# from the right (timeline/middleware/client_ip.py). 0 (the default): the header is ignored, since a
# client could otherwise choose its own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "timeline.middleware.client_ip.client_ip"

# The site in three languages: English at /…, Japanese at /ja/…, Russian at /ru/… (the address
# alone decides: timeline/middleware/locale.py). The admin, the API and /healthz are English.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語"), ("ru", "Русский")]
# The interface's Japanese and Russian catalogs (compiled by `make run` and CI).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Dates in every form as YYYY-MM-DD, whatever the locale would use, and English's display
# formats as en-gb's (timeline/formats/). The public pages' dates: timeline/public/dates.py.
FORMAT_MODULE_PATH = ["timeline.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# Caching: local memory by default; REDIS_URL shares it between app servers.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database, so any app server can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Security headers. Content-Security-Policy with nonces; htmx is configured to need
# neither inline styles nor eval (see templates/base.html).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# CORS: any site may read the views marked @open_data (the API, exports, feeds, citations)
# with a plain GET and no credentials. The view decides, never the address: the regex matches
# nothing and timeline/middleware/cors.py answers django-cors-headers' per-request signal.
CORS_URLS_REGEX = r"(?!)"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
# Any request header (the wildcard holds for requests without credentials).
CORS_ALLOW_HEADERS = ("*",)
CORS_EXPOSE_HEADERS = ("Content-Disposition", "Link")
CORS_PREFLIGHT_MAX_AGE = 86400

if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto, set SECURE_PROXY_SSL=1.
if env_bool("SECURE_PROXY_SSL"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "format": "time=%(asctime)s level=%(levelname)s logger=%(name)s msg=%(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", LOG_LEVELS, "WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

LOGIN_URL = "admin:login"

# Email (incidents/notifications.py), through Django's mailers: printed to the console in
# development, SMTP in production (a local mail server unless EMAIL_HOST names another).
# Tests get Django's in-memory outbox whatever is set here.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if DEBUG and not EMAIL_HOST:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST or "localhost",
                # Unset: 465 with SSL, 587 with TLS, else 25 (the backend's choice).
                "port": env_int("EMAIL_PORT", 0, minimum=0) or None,
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
                "use_ssl": env_bool("EMAIL_USE_SSL"),
                "timeout": env_int("EMAIL_TIMEOUT", 10, minimum=1),
            },
        }
    }
del EMAIL_HOST  # a deprecated setting name once MAILERS is defined
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "timeline@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the site is, for the links in emails (e.g. https://timeline.example.org).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# Article import (incidents/importing/): a pasted article may be up to the importer's own
# 5 MB cap, so that the editor gets the importer's message rather than a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Fetching article URLs refuses private and loopback addresses (SSRF); tests serve pages on
# 127.0.0.1 and switch this on.
IMPORT_ALLOW_PRIVATE_HOSTS = env_bool("IMPORT_ALLOW_PRIVATE_HOSTS", default=False)

# Source watch (watch/): polls run on Django's task framework. In production the tasks wait
# in the database for `manage.py db_worker` (django-tasks-db), and `manage.py watch_sources
# work` enqueues each source when its poll is due; tests run them at once, no worker needed.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", "watch"],
    }
}
# Items scoring at least this (0–1, watch/relevance.py) are shown in the inbox.
WATCH_RELEVANCE_THRESHOLD = 0.5
