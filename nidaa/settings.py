"""Nidaa's one settings module. Every knob is an environment variable; see the README table."""

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from nidaa.core.env import (
    email_settings,
    envbool,
    envint,
    envlist,
    envstr,
    envswitch,
    secret_key,
)
from nidaa.core.languages import languages_from_catalogs

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = secret_key(BASE_DIR / ".secret_key")
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_NAME = envstr("NIDAA_SITE_NAME", "Nidaa")
# The site's public address, for links in mail (e.g. https://campaign.example.org).
NIDAA_SITE_URL = envstr("NIDAA_SITE_URL", f"http://127.0.0.1:{envint('PORT', 8000, minimum=1)}")

INSTALLED_APPS = [
    "nidaa.core",
    "nidaa.accounts",
    "nidaa.boundaries",
    "nidaa.incidents",
    "nidaa.campaigns",
    "nidaa.signatures",
    "nidaa.lobbying",
    "nidaa.events",
    "nidaa.news",
    "nidaa.donations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost: stores anonymous visitors' public pages whole, with the headers the middleware
    # below added. Hits are answered before Django builds a request (nidaa/wsgi.py); this
    # answers the rest (test clients, paths Django decodes).
    "nidaa.core.middleware.PublicPageCacheMiddleware",
    "nidaa.core.middleware.security_headers",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "nidaa.core.middleware.ContentSecurityPolicyMiddleware",  # django-csp's, built once
]

ROOT_URLCONF = "nidaa.urls"
WSGI_APPLICATION = "nidaa.wsgi.application"

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
                "nidaa.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("NIDAA_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Keep connections open between requests (dj-database-url sets 0 for SQLite): opening
    # one runs the pragmas below, and closing the last one checkpoints the WAL, ~10 ms each.
    DATABASES["default"]["CONN_MAX_AGE"] = envint("NIDAA_DB_CONN_MAX_AGE", 60, minimum=0)
    # WAL lets the web server read while the task worker writes; IMMEDIATE transactions
    # take the write lock up front, so concurrent writers wait instead of failing.
    # Tests use a file, not memory: threads then wait for the write lock as in production.
    # NIDAA_TEST_DB names another file, so that two test runs can share a checkout.
    test_db = envstr("NIDAA_TEST_DB", str(BASE_DIR / ".test-db.sqlite3"))
    DATABASES["default"]["TEST"] = {"NAME": test_db}
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory (one process) unless REDIS_URL points at a shared Redis.
REDIS_URL = envstr("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nidaa",
        }
    }
else:
    # Room for every rate-limit bucket and cached page of a busy day; the default 300 entries
    # would let a flood of new addresses evict the buckets that slow it down.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# How long an anonymous visitor's public page is served from the cache (seconds).
NIDAA_PAGE_CACHE_SECONDS = envint("NIDAA_PAGE_CACHE_SECONDS", 30, minimum=0)

# Tasks: the database backend, so the embedded default needs no broker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Nidaa <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
globals().update(email_settings(envstr("EMAIL_URL")))

# Staff accounts
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "admin:index"
OTP_TOTP_ISSUER = SITE_NAME
OTP_WEBAUTHN_RP_NAME = SITE_NAME
OTP_WEBAUTHN_RP_ID = envstr("NIDAA_WEBAUTHN_RP_ID", "localhost")
# Browsers allow WebAuthn only on HTTPS or on http://localhost.
OTP_WEBAUTHN_ALLOWED_ORIGINS = envlist(
    "NIDAA_WEBAUTHN_ORIGINS", f"http://localhost:{envint('PORT', 8000, minimum=1)}"
)
# Sign-in attempts allowed per account and per network address before a pause.
NIDAA_LOGIN_ATTEMPTS = envint("NIDAA_LOGIN_ATTEMPTS", 5, minimum=1)
NIDAA_LOGIN_WINDOW_SECONDS = envint("NIDAA_LOGIN_WINDOW_SECONDS", 900, minimum=1)
# Time allowed between the password and the second factor before starting again (seconds).
NIDAA_SIGNIN_STEP_SECONDS = envint("NIDAA_SIGNIN_STEP_SECONDS", 600, minimum=30)
# A passkey is a second factor here, never a way around the password step (and its throttle).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Languages: English plus every language with a catalog in locale/. Adding a language is adding
# its catalog (see README), not code.
LANGUAGE_CODE = "en"
LOCALE_PATHS = [BASE_DIR / "locale"]


LANGUAGES = languages_from_catalogs(BASE_DIR / "locale")
# Per-language number and date formats where Django's own differ from local convention.
FORMAT_MODULE_PATH = ["nidaa.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# Static files: hashed names, compressed, served by the app (WhiteNoise), never from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
# Front-end packages from npm (package.json; `make assets` installs them), served under their name.
STATICFILES_DIRS = [
    ("leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    # The events map's base layer: the world's countries (Natural Earth, 1:110m) as TopoJSON,
    # and the small library that turns it into GeoJSON. No tile server is asked for anything.
    ("world-atlas", BASE_DIR / "node_modules" / "world-atlas"),
    ("topojson-client", BASE_DIR / "node_modules" / "topojson-client" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("NIDAA_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

# Security. NIDAA_HTTPS=on for any deployment behind TLS: it turns on the redirect to HTTPS,
# secure cookies and HSTS (Django sends HSTS only on HTTPS responses).
NIDAA_HTTPS = envbool("NIDAA_HTTPS", False)
SECURE_SSL_REDIRECT = NIDAA_HTTPS
SESSION_COOKIE_SECURE = NIDAA_HTTPS
CSRF_COOKIE_SECURE = NIDAA_HTTPS
SECURE_HSTS_SECONDS = envint("NIDAA_HSTS_SECONDS", 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("NIDAA_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("NIDAA_HSTS_PRELOAD", True)
if envbool("NIDAA_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8  # a staff working day
CSRF_COOKIE_HTTPONLY = True
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# The record's map: an optional tile server, e.g. https://tiles.example.org/{z}/{x}/{y}.png, and
# its credit line. Empty by default: the map then draws only the imported boundaries and asks no
# other host for anything. When set, the Content-Security-Policy lets images come from its host.
NIDAA_MAP_TILE_URL = envstr("NIDAA_MAP_TILE_URL")
NIDAA_MAP_TILE_ATTRIBUTION = envstr("NIDAA_MAP_TILE_ATTRIBUTION")
_tiles = urlsplit(NIDAA_MAP_TILE_URL.replace("{s}", "*"))
if NIDAA_MAP_TILE_URL and (_tiles.scheme not in ("http", "https") or not _tiles.netloc):
    raise ImproperlyConfigured(
        f"NIDAA_MAP_TILE_URL must be an http(s) address, not {NIDAA_MAP_TILE_URL!r}"
    )
MAP_TILE_SOURCES = [f"{_tiles.scheme}://{_tiles.netloc}"] if NIDAA_MAP_TILE_URL else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MAP_TILE_SOURCES],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "manifest-src": [SELF],
    }
}

# Signatures: how long a verification link stays valid, how long unverified signatures (and
# their personal data) are kept, and the named rate-limit policies (requests per period).
NIDAA_VERIFY_LINK_DAYS = envint("NIDAA_VERIFY_LINK_DAYS", 7, minimum=1)
NIDAA_UNVERIFIED_RETENTION_DAYS = envint("NIDAA_UNVERIFIED_RETENTION_DAYS", 30, minimum=1)
NIDAA_SIGN_RATE = envstr("NIDAA_SIGN_RATE", "20/3600")  # per hashed address
NIDAA_SIGN_EMAIL_RATE = envstr("NIDAA_SIGN_EMAIL_RATE", "5/3600")  # per email address
NIDAA_RESEND_RATE = envstr("NIDAA_RESEND_RATE", "3/3600")
NIDAA_VERIFY_RATE = envstr("NIDAA_VERIFY_RATE", "30/3600")
# Mail that cannot be sent is retried with growing delays, this many times in all.
NIDAA_MAIL_ATTEMPTS = envint("NIDAA_MAIL_ATTEMPTS", 8, minimum=1)
# How often the counts are brought up to date, and how often they are recounted exactly.
NIDAA_COUNT_INTERVAL_SECONDS = envint("NIDAA_COUNT_INTERVAL_SECONDS", 5, minimum=1)
NIDAA_RECOUNT_INTERVAL_SECONDS = envint("NIDAA_RECOUNT_INTERVAL_SECONDS", 300, minimum=10)

# Lobbying: look-ups of representatives that reach the database (not answered from the cache),
# per hashed address, written requests/seconds.
NIDAA_LOOKUP_RATE = envstr("NIDAA_LOOKUP_RATE", "60/60")
# Letters written (per hashed address, and per writer's email address) and calls logged.
NIDAA_LETTER_RATE = envstr("NIDAA_LETTER_RATE", "20/3600")
NIDAA_LETTER_EMAIL_RATE = envstr("NIDAA_LETTER_EMAIL_RATE", "10/3600")
NIDAA_CALL_RATE = envstr("NIDAA_CALL_RATE", "30/3600")
# Letters one target gets by email in a day (UTC); the rest wait for the next day, so that
# the target's mail server does not learn to call the platform's mail spam.
NIDAA_LETTERS_PER_TARGET_DAY = envint("NIDAA_LETTERS_PER_TARGET_DAY", 100, minimum=1)
# Days after a letter went out that its writer is asked whether the target replied.
NIDAA_REPLY_ASK_DAYS = envint("NIDAA_REPLY_ASK_DAYS", 14, minimum=1)
# Days after which a letter's writer (name, email, town) and text are erased; counts stay.
NIDAA_LETTER_RETENTION_DAYS = envint("NIDAA_LETTER_RETENTION_DAYS", 60, minimum=1)

# Events: submissions per hashed address, RSVPs per hashed address and per email address, and
# a host's messages to their attendees per event (requests/seconds). RSVPs and event mail are
# deleted this many days after the event ended. Pamphlets and flyers are kept on disk here.
NIDAA_EVENT_SUBMIT_RATE = envstr("NIDAA_EVENT_SUBMIT_RATE", "5/3600")
NIDAA_RSVP_RATE = envstr("NIDAA_RSVP_RATE", "10/3600")
NIDAA_HOST_MESSAGE_RATE = envstr("NIDAA_HOST_MESSAGE_RATE", "5/86400")
NIDAA_EVENT_RETENTION_DAYS = envint("NIDAA_EVENT_RETENTION_DAYS", 30, minimum=1)
NIDAA_PAMPHLET_DIR = Path(envstr("NIDAA_PAMPHLET_DIR", str(BASE_DIR / "pamphlets")))

# News: how often each source is fetched (minutes), by the periodic job below.
NIDAA_NEWS_FETCH_MINUTES = envint("NIDAA_NEWS_FETCH_MINUTES", 30, minimum=5)
# Donations: an appeal not checked again within this many days is hidden and flagged to staff.
NIDAA_APPEAL_RECHECK_DAYS = envint("NIDAA_APPEAL_RECHECK_DAYS", 90, minimum=1)
# Visits to appeals counted per hashed address (requests/seconds); more are sent on, uncounted.
NIDAA_GO_COUNT_RATE = envstr("NIDAA_GO_COUNT_RATE", "20/3600")

# What `manage.py clock` runs, and how often (seconds). See README, "Periodic jobs".
NIDAA_PERIODIC_JOBS = [
    ("nidaa.signatures.tasks.wake_mail_worker", 1),  # mail owed to signers goes out within seconds
    ("nidaa.signatures.counts.update_counts", NIDAA_COUNT_INTERVAL_SECONDS),
    ("nidaa.signatures.counts.recount_all", NIDAA_RECOUNT_INTERVAL_SECONDS),
    ("nidaa.signatures.actions.delete_unverified", 3600),
    ("nidaa.lobbying.tasks.wake_mail_worker", 1),  # letters, their confirmations, reply questions
    ("nidaa.lobbying.actions.ask_about_replies", 3600),
    ("nidaa.lobbying.actions.expire_letters", 3600),
    ("nidaa.events.tasks.wake_mail_worker", 5),  # hosts' and attendees' mail, if one was missed
    ("nidaa.events.actions.queue_reminders", 300),  # the reminder the day before an event
    ("nidaa.events.actions.delete_expired", 3600),
    ("nidaa.news.tasks.wake_news_fetcher", 60),  # news sources due for fetching, to the worker
    ("nidaa.core.privacy.forget_old_ip_keys", 60),  # network-address hashes become unlinkable
]

# Public forms' proof-of-work challenge: "off" only for load tests.
NIDAA_BOT_CHALLENGE = envswitch("NIDAA_BOT_CHALLENGE", "on")
# Hosts that server-side fetching may reach although they are private or loopback (tests only).
NIDAA_FETCH_ALLOW_HOSTS = envlist("NIDAA_FETCH_ALLOW_HOSTS")
# The key that IP addresses are hashed with changes this often (seconds) and is deleted soon
# after; raw IPs are never stored.
NIDAA_IP_KEY_ROTATION_SECONDS = envint("NIDAA_IP_KEY_ROTATION_SECONDS", 86400, minimum=60)
# Evidence originals, kept unchanged and staff-only; never under MEDIA_ROOT or static files.
NIDAA_EVIDENCE_ROOT = Path(envstr("NIDAA_EVIDENCE_ROOT", str(BASE_DIR / "evidence")))
# The largest evidence file accepted, in megabytes.
NIDAA_EVIDENCE_MAX_MB = envint("NIDAA_EVIDENCE_MAX_MB", 200, minimum=1)
# An incident this close (metres) to a notified protected site, after its notification, is a hit.
NIDAA_DECONFLICTION_METRES = envint("NIDAA_DECONFLICTION_METRES", 500, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("NIDAA_LOG_LEVEL", "INFO")},
}
