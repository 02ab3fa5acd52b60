"""Django settings for Teilhabe: read only from the environment (see .env.example)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from teilhabe.core.env import env_bool, env_int, env_key, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TEILHABE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
# Keys with defaults that only ever work locally: production refuses to start with them.
INSECURE_DEFAULT_SECRET_KEY = "insecure-local-development-key-never-use-in-production"
SECRET_KEY = env_key("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY, production=not DEBUG, min_length=50)
# The key of the evaluator's pseudonyms (HMAC-SHA256 of a person's row, `core.pseudonyms`): kept
# apart from SECRET_KEY, so rotating that one keeps the pseudonyms; changing this one changes all.
INSECURE_DEFAULT_PSEUDONYM_KEY = "insecure-local-pseudonym-key-never-use-in-production"
PSEUDONYM_KEY = env_key(
    "PSEUDONYM_KEY", INSECURE_DEFAULT_PSEUDONYM_KEY, production=not DEBUG, min_length=32
)
# The key of the evaluation's research exports (HMAC-SHA256, `evaluation.pseudonyms`): its own,
# so the pseudonyms of one evaluation contract cannot be linked to the pages' pseudonyms nor,
# once it is changed for the next contract, to an earlier provider's files (docs/evaluation.md).
INSECURE_DEFAULT_EVALUATION_KEY = "insecure-local-evaluation-key-never-use-in-production"
EVALUATION_PSEUDONYM_KEY = env_key(
    "EVALUATION_PSEUDONYM_KEY", INSECURE_DEFAULT_EVALUATION_KEY, production=not DEBUG, min_length=32
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# The state's postcodes with coordinates: the guide's search finds places by postcode.
GUIDE_POSTCODES_CSV = env_str(
    "GUIDE_POSTCODES_CSV", str(BASE_DIR.parent / "shared" / "data" / "nrw-postcodes.csv")
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "teilhabe.core",
    "teilhabe.territory",
    "teilhabe.centres",
    "teilhabe.concepts",
    "teilhabe.funding",
    "teilhabe.network",
    "teilhabe.events",
    "teilhabe.measures",
    "teilhabe.proofs",
    "teilhabe.controlling",
    "teilhabe.guide",
    "teilhabe.evaluation",
    "teilhabe.quality",
    "teilhabe.accounts",
    "teilhabe.pages",
]

MIDDLEWARE = [
    "teilhabe.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A repeated anonymous search of the guide's API, answered early (guide/fast_answers.py).
    "teilhabe.guide.fast_answers.StoredSearchAnswerMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "teilhabe.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "teilhabe.core.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "teilhabe.urls"
WSGI_APPLICATION = "teilhabe.wsgi.application"
ASGI_APPLICATION = "teilhabe.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "teilhabe" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "teilhabe.core.context_processors.platform",
            ],
        },
    },
]

# Embedded SQLite by default (WAL mode, see teilhabe.core.apps); PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'teilhabe.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # Wait for a writer instead of failing at once; IMMEDIATE avoids deadlocking upgrades.
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "teilhabe.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:start"
LOGOUT_REDIRECT_URL = "pages:start"

# Sessions end after inactivity (every request renews them) and with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
# Only once every subdomain serves HTTPS; preload also asks the browsers to ship the host.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"

# Failed logins: locked for a while after a few failures per account and address. The counter
# is the account, whatever was typed (username, e-mail, any case): accounts/lockout.py.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "teilhabe.accounts.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "teilhabe.accounts.views.locked_out"
AXES_VERBOSE = False
# Reverse proxies in front of the application that append the client's address to
# X-Forwarded-For (0: none, REMOTE_ADDR is the client). One rule for the login lockout and the
# events' rate limit: core/client_ip.py, docs/operations.md.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "teilhabe.core.client_ip.client_ip"

OTP_TOTP_ISSUER = "Teilhabe"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "teilhabe" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "teilhabe" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded documents (concepts, attachments): checked by content, at most this size.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Funding: a condition shows as "due soon" this many days before its deadline; an application
# covers at most this many funding years.
CONDITION_DUE_SOON_DAYS = env_int("CONDITION_DUE_SOON_DAYS", 14)
FUNDING_MAX_YEARS = env_int("FUNDING_MAX_YEARS", 3)
# Proof of use (Verwendungsnachweis) due this many months after each funding year ends
# (an assumption: the source does not give the deadline; domain.md).
PROOF_OF_USE_MONTHS = env_int("PROOF_OF_USE_MONTHS", 6)
# Events: a place offered from the waiting list waits this long for its confirmation;
# participants' personal data is anonymised this many months after the event; anonymous
# registrations per IP address and hour (docs/events.md).
EVENTS_OFFER_HOURS = env_int("EVENTS_OFFER_HOURS", 48)
EVENTS_RETENTION_MONTHS = env_int("EVENTS_RETENTION_MONTHS", 12)
# Accessibility needs (given with consent to make the event accessible) are deleted this many
# days after the event, long before the rest of the participants' data.
EVENTS_ACCESS_NEEDS_DAYS = env_int("EVENTS_ACCESS_NEEDS_DAYS", 14)
EVENTS_REGISTRATIONS_PER_HOUR = env_int("EVENTS_REGISTRATIONS_PER_HOUR", 10)
# A network import queued or running without progress for this many minutes has lost its
# worker: its page offers to start it again (docs/network.md).
NETWORK_IMPORT_STALL_MINUTES = env_int("NETWORK_IMPORT_STALL_MINUTES", 10)
# Programme controlling: the KIs are reminded of a report this many days before its deadline
# (and once after it, while it is not submitted; docs/controlling.md).
CONTROLLING_REMINDER_DAYS = env_int("CONTROLLING_REMINDER_DAYS", 14)
# The public guide's map (docs/guide.md, "Public pages"): a tile server's URL template
# (https, with {z}, {x} and {y}; empty by default: the map then shows the district's boundary
# and the markers on a plain background, and no request leaves our host) and the attribution
# the tile server asks for. The tile host is added to the map page's img-src only.
GUIDE_MAP_TILE_URL = env_str("GUIDE_MAP_TILE_URL", "")
GUIDE_MAP_ATTRIBUTION = env_str("GUIDE_MAP_ATTRIBUTION", "")
if GUIDE_MAP_TILE_URL and (
    not GUIDE_MAP_TILE_URL.startswith("https://")
    or not all(part in GUIDE_MAP_TILE_URL for part in ("{z}", "{x}", "{y}"))
):
    raise ImproperlyConfigured("GUIDE_MAP_TILE_URL must be an https URL with {z}, {x} and {y}")

# Machine translation of the guide's texts (issue 19; docs/operations.md, docs/guide.md):
# "" none (the pages offer none), "deepl" or "libretranslate". Requests time out after
# GUIDE_TRANSLATOR_TIMEOUT seconds and carry at most GUIDE_TRANSLATOR_MAX_CHARS characters.
GUIDE_TRANSLATOR = env_str("GUIDE_TRANSLATOR", "")
if GUIDE_TRANSLATOR not in ("", "deepl", "libretranslate"):
    raise ImproperlyConfigured("GUIDE_TRANSLATOR is one of '', 'deepl', 'libretranslate'.")
GUIDE_TRANSLATOR_TIMEOUT = max(1, min(env_int("GUIDE_TRANSLATOR_TIMEOUT", 20), 120))
GUIDE_TRANSLATOR_MAX_CHARS = max(1_000, min(env_int("GUIDE_TRANSLATOR_MAX_CHARS", 30_000), 100_000))
DEEPL_API_KEY = env_secret("DEEPL_API_KEY")
DEEPL_API_URL = env_str("DEEPL_API_URL", "https://api-free.deepl.com")
LIBRETRANSLATE_URL = env_str("LIBRETRANSLATE_URL", "")
LIBRETRANSLATE_API_KEY = env_secret("LIBRETRANSLATE_API_KEY")
# The integration guide (docs/guide.md): an offer not reviewed for this many days is flagged to
# its KI, and hidden from the public after the second number; anonymous feedback on offers per
# client address and hour, and per offer and day.
GUIDE_REVIEW_FLAG_DAYS = env_int("GUIDE_REVIEW_FLAG_DAYS", 180)
GUIDE_REVIEW_HIDE_DAYS = env_int("GUIDE_REVIEW_HIDE_DAYS", 365)
if not 1 <= GUIDE_REVIEW_FLAG_DAYS <= GUIDE_REVIEW_HIDE_DAYS:
    raise ImproperlyConfigured(
        "GUIDE_REVIEW_FLAG_DAYS must be at least 1 and at most GUIDE_REVIEW_HIDE_DAYS."
    )
GUIDE_FEEDBACK_PER_HOUR = env_int("GUIDE_FEEDBACK_PER_HOUR", 5)
GUIDE_FEEDBACK_PER_OFFER_DAY = env_int("GUIDE_FEEDBACK_PER_OFFER_DAY", 20)
# The Open Referral HSDS 3.0 schemas the guide's import validates against (read from the disk,
# never fetched; docs/guide.md, "Import"): the directory holding service_with_definitions.json.
HSDS_SCHEMA_DIR = env_str("HSDS_SCHEMA_DIR", str(BASE_DIR.parent / "shared" / "data" / "hsds"))

# Background tasks (django-tasks): by default a row in the database that `manage.py db_worker`
# runs (`make run` starts it beside the server; docs/operations.md). TASKS_BACKEND=immediate
# runs each task at once in the enqueuing process (a development machine without a worker).
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[env_str("TASKS_BACKEND", "database")]
    }
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
        if env_str("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Teilhabe <noreply@teilhabe.invalid>")
# Where feedback from the accessibility statement goes (BITV 2.0 § 7 feedback channel).
ACCESSIBILITY_CONTACT_EMAIL = env_str(
    "ACCESSIBILITY_CONTACT_EMAIL", "barrierefreiheit@teilhabe.invalid"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "teilhabe.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools report every font subset at INFO: one decision PDF, seven lines.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 100
