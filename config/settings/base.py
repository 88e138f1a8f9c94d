"""Settings shared by every environment. Secrets and hosts come from the environment."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, SELF

from config.env import env_bool, env_int, env_list, env_str
from config.mail import mail_from_environment

django_stubs_ext.monkeypatch()  # lets Generic[...] admin and queryset classes run

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(env_str("CIVICDESK_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# load_demo resets the demo accounts to published passwords: never on a real council's data.
CIVICDESK_ALLOW_DEMO = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "huey.contrib.djhuey",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "civicdesk.core",
    "civicdesk.councils",
    "civicdesk.catalogue",
    "civicdesk.residents",
    "civicdesk.cases",
    "civicdesk.contacts",
    "civicdesk.performance",
    "civicdesk.planning",
    "civicdesk.privacy",
    "civicdesk.api",
    "civicdesk.portal",
    "civicdesk.backoffice",
    "civicdesk.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "civicdesk.core.middleware.PersonalPagesNotStored",  # private, no-store on personal pages
    "civicdesk.core.body_limit.BodyLimitMiddleware",  # 413 before a body over its limit is read
    "civicdesk.core.busy.BusyDatabaseMiddleware",  # 503 + Retry-After when the database is busy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "civicdesk.api.idempotency.IdempotencyMiddleware",  # Idempotency-Key on API POSTs (ADR 33)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "civicdesk.core.middleware.RefuseNulBytes",  # 400 for a NUL in the path, query or form
    "civicdesk.core.middleware.MethodNotAllowedPage",  # 405 as a GOV.UK page, not an empty one
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "civicdesk.core.jinja.environment",
            "autoescape": True,
            "context_processors": ["civicdesk.core.context.page_context"],
        },
    },
    {
        # The Django admin and allauth's sign-in pages use Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "civicdesk" / "core" / "django_templates"],
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

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'civicdesk.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",  # writers queue at BEGIN; call imports rely on it
        # How long a write waits for another's lock before it is answered 503 (ADR 29): imports
        # write in chunks of a second or less, so 5 s is ample and a worker never hangs for 20.
        "timeout": env_int("SQLITE_TIMEOUT_SECONDS", default=5, minimum=1),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "backoffice:home"
ACCOUNT_ADAPTER = "civicdesk.councils.accounts.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]

# Mail, for password reset (config/mail.py): EMAIL_URL, or EMAIL_HOST with EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS; from DEFAULT_FROM_EMAIL. With none,
# nothing is sent and the reset page says to ask the council administrator.
_MAIL = mail_from_environment()
CIVICDESK_MAIL_CONFIGURED = _MAIL.configured
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = _MAIL.host
EMAIL_PORT = _MAIL.port
EMAIL_HOST_USER = _MAIL.user
EMAIL_HOST_PASSWORD = _MAIL.password
EMAIL_USE_TLS = _MAIL.use_tls
EMAIL_USE_SSL = _MAIL.use_ssl
EMAIL_TIMEOUT = 10  # seconds: a mail server that does not answer must not hold a web process
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Civic Desk <civicdesk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Files residents send (photos with reports). Nothing routes MEDIA_URL: these are personal data,
# read by staff only through a view that checks their council, never at a guessable address.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Request bodies (civicdesk/core/body_limit.py): one over its path's limit is refused with 413
# before it is read. The report page takes a photo of up to 10 MB with the form around it.
BODY_MAX_BYTES = 1024 * 1024
BODY_MAX_BYTES_BY_PATH = [(r"^/councils/[^/]+/report/[^/]+/$", 12 * 1024 * 1024)]
BODY_TOO_LARGE_ANSWER = "config.errors.too_large"
DATABASE_BUSY_ANSWER = "config.errors.busy"  # civicdesk/core/busy.py
DATA_UPLOAD_MAX_MEMORY_SIZE = BODY_MAX_BYTES  # a body's fields, files aside
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # a larger file goes to a temporary file
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000  # the admin's membership lists are the longest forms
DATA_UPLOAD_MAX_NUMBER_FILES = 1  # the report page's one photo is the only file we take

# Limits that hold (ADR 26, docs/deploy.md). Counts every web process must share (Open311
# throttles, sign-in and tracking limits) live in the default cache: the database's by default
# (its table comes with `migrate`: civicdesk/core/migrations), Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL", "")
CACHES: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "civicdesk_cache",
        # Culling deletes entries whatever their use: keep room for every counter in a window.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
# How many proxies of ours stand in front of the app, each adding to X-Forwarded-For; the
# client's address is the entry that many from the right (civicdesk/core/client_address.py).
# 0: the header is not believed at all. DRF and allauth are told the same.
CIVICDESK_TRUSTED_PROXIES = env_int("CIVICDESK_TRUSTED_PROXIES", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = CIVICDESK_TRUSTED_PROXIES
# The track page's guesses (civicdesk/portal/track_limits.py), as (guesses, seconds).
CIVICDESK_TRACK_GUESSES_PER_REFERENCE = (
    env_int("CIVICDESK_TRACK_GUESSES_PER_REFERENCE", default=10, minimum=1),
    3600,
)
CIVICDESK_TRACK_GUESSES_PER_ADDRESS = (
    env_int("CIVICDESK_TRACK_GUESSES_PER_ADDRESS", default=30, minimum=1),
    600,
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "civicdesk.api.authentication.ApiTokenAuthentication",  # ADR 32
    ],
    # Every list pages: ?limit=1..200 (more is a 400 naming `limit`), ?offset=0.. .
    "DEFAULT_PAGINATION_CLASS": "civicdesk.api.pagination.StaffPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "civicdesk.api.json_parser.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "civicdesk.api.errors.exception_handler",
    # Open311 requests per client address (civicdesk/api/open311/throttles.py), counted in the
    # shared default cache (CACHES above).
    "NUM_PROXIES": CIVICDESK_TRUSTED_PROXIES,
    "DEFAULT_THROTTLE_RATES": {
        "open311_read": env_str("OPEN311_READ_RATE", "600/minute"),
        "open311_write": env_str("OPEN311_WRITE_RATE", "60/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Civic Desk staff API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is for staff tools: signed in, like the API it describes.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "civicdesk.cases.vocabulary.Status",
        "CaseOutcomeEnum": "civicdesk.cases.vocabulary.Outcome",
        "ContactOutcomeEnum": "civicdesk.contacts.vocabulary.ContactOutcome",
        "ChannelEnum": "civicdesk.contacts.vocabulary.ContactChannel",
        "TriageChannelEnum": "civicdesk.api.triage_serializers.CHANNEL_CHOICES",
        "ActionEnum": "civicdesk.api.triage_serializers.ACTION_CHOICES",
        "SupportActionEnum": "civicdesk.api.triage_serializers.SUPPORT_ACTION_CHOICES",
    },
}

# Open311 GeoReport v2 (docs/open311.md): discovery's contact, and the caps of a listing.
OPEN311_CONTACT = env_str(
    "OPEN311_CONTACT", "Ask the council's digital team for an Open311 API key."
)
OPEN311_MAX_REQUESTS = 1000
OPEN311_WINDOW_DAYS = 90

HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "civicdesk",
    "filename": str(DATA_DIR / "huey.sqlite3"),
    "immediate": False,
}
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "civicdesk",
        "url": REDIS_URL,
        "immediate": False,  # else huey runs tasks in-process whenever DEBUG is on
    }

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"  # in the shape of the interface asked
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
