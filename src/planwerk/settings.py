"""Settings for planwerk. Every deployment choice is read from the environment.

PLANWERK_DEBUG          "1" for development (never in production)
PLANWERK_SECRET_KEY     required unless PLANWERK_DEBUG=1
DATABASE_URL            default: SQLite file in ./var/planwerk.sqlite3
PLANWERK_ALLOWED_HOSTS  comma-separated, default "localhost,127.0.0.1"
PLANWERK_EMAIL_BACKEND  default: console backend in debug, SMTP otherwise
PLANWERK_EMAIL_HOST / _PORT / _USER / _PASSWORD / _USE_TLS, PLANWERK_FROM_EMAIL
PLANWERK_MEDIA_ROOT     where uploaded and generated files are stored
PLANWERK_REMINDER_DAYS  days before a consultation's deadline that the reminder goes out (3)
PLANWERK_COORDINATION_EMAIL  the coordination's address, for reminders nobody else can get
PLANWERK_STATIC_ROOT    where collectstatic writes
PLANWERK_SECURE         "1" behind HTTPS: secure cookies, HSTS
PLANWERK_CACHE_URL      redis://...: the shared cache (default: a table in the database)
PLANWERK_DB_CONN_MAX_AGE  seconds a database connection is kept (checked before reuse)
PLANWERK_LANGUAGES      interface languages, e.g. "de,en,tr,ar,ru" (German is always one)
PLANWERK_TRUSTED_PROXY_HEADER / _COUNT  where the visitor's address comes from behind proxies
PLANWERK_LOGIN_FAILURE_LIMIT / PLANWERK_LOGIN_COOLOFF_MINUTES  login throttling
PLANWERK_ACCOUNT_LINK_DAYS  how long the link of an invitation to an account works (7)
PLANWERK_RESIDENT_LINK_MINUTES  how long a resident's sign-in link works (60)
PLANWERK_OPARL_LICENSE  the licence of the open data served through OParl (a URL)
PLANWERK_OPARL_CONTACT_EMAIL / _NAME  whom users of the OParl interface may write to
(docs/operations.md describes each.)
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("PLANWERK_VAR_DIR", Path.cwd() / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("PLANWERK_DEBUG")
TESTING = env_flag("PLANWERK_TESTING")

SECRET_KEY = os.environ.get("PLANWERK_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "PLANWERK_SECRET_KEY is not set. Set it in the environment "
            "(or PLANWERK_DEBUG=1 for local development)."
        )

ALLOWED_HOSTS = env_list("PLANWERK_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("PLANWERK_CSRF_TRUSTED_ORIGINS", "")

# planwerk's apps first: where two apps translate the same text, the earlier one's
# German wins, and planwerk's wording should.
INSTALLED_APPS = [
    "planwerk.core",
    "planwerk.audit",
    "planwerk.processes",
    "planwerk.bodies",
    "planwerk.elections",
    "planwerk.papers",
    "planwerk.meetings",
    "planwerk.accounts",
    "planwerk.decisions",
    "planwerk.council",
    "planwerk.consultations",
    "planwerk.digest",
    "planwerk.events",
    "planwerk.residents",
    "planwerk.participation",
    "planwerk.proposals",
    "planwerk.timeline",
    "planwerk.oparl",
    "planwerk.demo",
    "planwerk.archive",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "planwerk.core.middleware.LanguageMiddleware",
    "planwerk.core.middleware.NulBytePathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "planwerk.urls"
WSGI_APPLICATION = "planwerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "planwerk.core.context.roles",
                "planwerk.core.context.live_updates",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'planwerk.sqlite3'}"),
        conn_max_age=int(os.environ.get("PLANWERK_DB_CONN_MAX_AGE", "0")),
        # A kept connection is checked before a request uses it: after the database
        # restarted or ended it, the request gets a new one instead of an error.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if not os.environ.get("DATABASE_URL"):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Writers wait for each other instead of failing at once; IMMEDIATE takes the
    # write lock at the start of a transaction, so no transaction fails half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Logins are throttled per account and client address (django-axes): after
# PLANWERK_LOGIN_FAILURE_LIMIT wrong passwords for one account from one address, that
# account cannot log in from that address for PLANWERK_LOGIN_COOLOFF_MINUTES. The same
# account logs in from any other address, so nobody can lock the coordinator out
# from everywhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Residents sign in by a one-time link sent to their address (planwerk.residents).
    "sesame.backends.ModelBackend",
]
SESAME_ONE_TIME = True
SESAME_MAX_AGE = int(os.environ.get("PLANWERK_RESIDENT_LINK_MINUTES", "60")) * 60
AXES_FAILURE_LIMIT = int(os.environ.get("PLANWERK_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PLANWERK_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "planwerk.core.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "planwerk.core.views.login_locked_out"
AXES_RESET_ON_SUCCESS = True
# The pause runs from the lockout; more wrong passwords during it do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Keep failures only (for the lockout), not a log of every login.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The link in an invitation to set up an account (accounts/) works this long, and
# only once.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PLANWERK_ACCOUNT_LINK_DAYS", "7")) * 24 * 3600

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# The interface languages. German comes first and is the fallback: what is not
# translated into the visitor's language is shown in German.
ALL_LANGUAGES = {
    "de": _("German"),
    "en": _("English"),
    "tr": _("Turkish"),
    "ar": _("Arabic"),
    "ru": _("Russian"),
}
_language_codes = env_list("PLANWERK_LANGUAGES", ",".join(ALL_LANGUAGES))
_unknown_languages = [code for code in _language_codes if code not in ALL_LANGUAGES]
if _unknown_languages:
    raise ImproperlyConfigured(
        f"PLANWERK_LANGUAGES names languages planwerk does not know: {_unknown_languages}; "
        f"known are {', '.join(ALL_LANGUAGES)}."
    )
LANGUAGE_CODE = "de"
LANGUAGES = [("de", ALL_LANGUAGES["de"])] + [
    (code, ALL_LANGUAGES[code]) for code in dict.fromkeys(_language_codes) if code != "de"
]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS: list[Path] = []

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("PLANWERK_STATIC_ROOT", VAR_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("PLANWERK_MEDIA_ROOT", VAR_DIR / "media"))
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

WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if TESTING:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = os.environ.get(
    "PLANWERK_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("PLANWERK_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PLANWERK_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PLANWERK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PLANWERK_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("PLANWERK_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("PLANWERK_FROM_EMAIL", "planwerk@localhost")
# Consultations: reminders go out this many days before a deadline; when nobody of
# the consulted body has an address, the reminder goes to the coordination's.
REMINDER_DAYS = int(os.environ.get("PLANWERK_REMINDER_DAYS", "3"))
COORDINATION_EMAIL = os.environ.get("PLANWERK_COORDINATION_EMAIL", "")
# OParl (docs/oparl.md): the licence of the data (by default the German open data
# licence with attribution, as cities use it) and a contact for its users.
OPARL_LICENSE = os.environ.get("PLANWERK_OPARL_LICENSE", "https://www.govdata.de/dl-de/by-2-0")
OPARL_CONTACT_EMAIL = os.environ.get("PLANWERK_OPARL_CONTACT_EMAIL", COORDINATION_EMAIL)
OPARL_CONTACT_NAME = os.environ.get("PLANWERK_OPARL_CONTACT_NAME", "")

# The cache holds the throttles' counts, so it is shared by every worker and app
# server: a table in the database (created by `planwerk migrate`), or Redis where
# PLANWERK_CACHE_URL is set. Tests count in memory, each test afresh; the shared
# backends have tests of their own (tests/core/test_cache.py).
CACHE_TABLE = "planwerk_cache"
CACHES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "planwerk.core.cache.DatabaseCache",
        "LOCATION": CACHE_TABLE,
        # Counters must not be culled while their window lasts.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
if TESTING:  # never a real Redis: every test empties the cache
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif os.environ.get("PLANWERK_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["PLANWERK_CACHE_URL"],
            "KEY_PREFIX": os.environ.get("PLANWERK_CACHE_PREFIX", "planwerk"),
        }
    }

# The visitor's address, for throttles and the login lockout. Behind a reverse proxy
# every request comes from the proxy: name the header in which the proxy passes the
# visitor's address (e.g. X-Forwarded-For) and how many proxies stand in front.
# Only the entry written by the outermost trusted proxy is used; entries further left
# come from the visitor and can be forged.
TRUSTED_PROXY_HEADER = os.environ.get("PLANWERK_TRUSTED_PROXY_HEADER", "").strip()
TRUSTED_PROXY_COUNT = int(os.environ.get("PLANWERK_TRUSTED_PROXY_COUNT", "1"))
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("PLANWERK_TRUSTED_PROXY_COUNT must be 1 or more.")

SECURE = env_flag("PLANWERK_SECURE")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# planwerk's own page for a form sent without a valid CSRF token.
CSRF_FAILURE_VIEW = "planwerk.core.views.csrf_failure"
if SECURE:
    SECURE_SSL_REDIRECT = env_flag("PLANWERK_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content security policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# The process definition loaded by `make run` and shown when nothing else is chosen.
PLANWERK_DEFAULT_PROCESS = os.environ.get("PLANWERK_DEFAULT_PROCESS", "")

# How often (seconds) the coordinator's dashboard and the projector ask for new counts.
PLANWERK_POLL_SECONDS = int(os.environ.get("PLANWERK_POLL_SECONDS", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PLANWERK_LOG_LEVEL", "INFO")},
    # Each failed login is counted quietly; a lockout is logged as a warning.
    "loggers": {"axes": {"level": "WARNING"}},
}
