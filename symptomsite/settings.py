"""SymptomSite settings, read from environment variables (symptomsite/env.py).

With nothing set the site runs on a local SQLite file with a local-memory cache and
console email, so `migrate && runserver` works right after a clone. Production
hardening follows from DEBUG being off. A malformed value stops start-up with the
variable's name. Every variable is listed in README.md.
"""

import datetime
import importlib.util
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from .env import env_bool, env_cache, env_db, env_email, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# The content API's framework (django-ninja), found without importing it: the API loads on
# its first request (api/urls.py), not in every server process. Its templates and static
# files (the Swagger UI of the docs page, served from here, no CDN) are listed below by
# path, which is what installing it as an app would do, and that would import it.
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent  # type: ignore[union-attr,arg-type]

DEBUG = env_bool("DEBUG", False)
INSECURE_SECRET_KEY = "insecure-development-key-set-SECRET_KEY-in-production"  # noqa: S105
# Management commands and tests may run with the well-known key; symptomsite/wsgi.py
# refuses to serve with it unless DEBUG is on.
SECRET_KEY = env_str("SECRET_KEY") or INSECURE_SECRET_KEY
# Seals the audit chain, revisions, sign-offs and publications (reviews/provenance/sealing.py). Keep it
# outside the database, apart from its backups: whoever has it and database access can
# rewrite history. Serving with DEBUG off refuses the published development key.
INSECURE_AUDIT_KEY = "insecure-development-key-set-AUDIT_KEY-in-production"  # noqa: S105
AUDIT_KEY = env_str("AUDIT_KEY") or INSECURE_AUDIT_KEY
# Where `manage.py audit_anchor` appends the chain's head, for verify_audit_log to check
# against: a path on another disk or host than the database.
AUDIT_ANCHOR_FILE = env_str("AUDIT_ANCHOR_FILE", str(BASE_DIR / "var" / "audit-anchors.jsonl"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "symptomsite.errors.csrf_failure"  # the site's 403 page, saying what to do

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django.contrib.postgres",  # full-text and trigram search; inert on SQLite
    "nested_admin",
    "crispy_forms",
    "crispy_bootstrap5",
    # Second factors (TOTP and recovery codes) and the login wizard that asks for them.
    "django_otp",
    "symptomsite.apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp, named for the admin home
    "symptomsite.apps.BackupCodesConfig",  # django_otp.plugins.otp_static
    "two_factor",
    # Login throttling and lockout.
    "symptomsite.apps.SignInAttemptsConfig",  # axes
    "csp",
    # Background jobs (django.tasks, backported): each job a row in the database.
    "django_tasks",
    "django_tasks_db",
    # The three layers, bottom up (docs/architecture.md): content, review, public site.
    "articles",
    "reviews",
    "public",
    "api",
    "demo",
    "symptomsite",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: hashed, precompressed, served before the rest
    "symptomsite.languages.PathLanguageMiddleware",  # the address's language, never Accept-Language
    # Compresses what everything below makes (brotli or gzip), never a page that carries a
    # CSRF token or depends on who asks; below whitenoise, which sends its own .br/.gz files.
    "public.replica.ReplicaReadsMiddleware",  # readers' pages from the replica, when there is one
    "public.edge.EdgeTagsMiddleware",  # names what a response shared caches may keep shows (xkey)
    "symptomsite.compression.CompressionMiddleware",
    "symptomsite.middleware.CachePolicyMiddleware",  # no shared caching unless a view asks for it
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "symptomsite.middleware.BadInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "reviews.accounts.security.SecondFactorMiddleware",
    "articles.history.ContentAuthorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "symptomsite.content_security.SiteCSPMiddleware",
    "symptomsite.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Nothing runs or loads that the site does not serve itself: no inline script or style,
# no CDN, no third party told what a reader reads. The admin is held to the same.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins before any password check
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "symptomsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "symptomsite.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "symptomsite.wsgi.application"

DATABASES = {
    "default": {
        **env_db("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Keep connections open between requests: opening one costs more than a page.
        "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend, checking kept connections only after they have been idle.
    DATABASES["default"]["ENGINE"] = "symptomsite.postgres"
# DATABASE_REPLICA_URL: a streaming replica of DATABASE_URL (PostgreSQL, made with
# `pg_basebackup -R`). Readers' pages and the API read from it; staff, every write and any
# session that has just written read from the primary (public/replica.py).
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **env_db("DATABASE_REPLICA_URL", ""),
        "ENGINE": "symptomsite.postgres",
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 2},
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["public.replica.ReplicaRouter"]
# How long after a write a session reads from the primary at most, while the replica has
# not yet replayed it; and how long a purge waits for the replica before it retries.
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 30, minimum=1)

# CACHE_URL (or REDIS_URL): e.g. redis://127.0.0.1:6379/0; unset, a per-process memory cache.
CACHES = {"default": env_cache("CACHE_URL", env_str("REDIS_URL") or "locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same cache, storing bytes and JSON with an HMAC instead of pickles: a value
    # written into Redis by anyone else is never run, only ignored (symptomsite/redis_cache.py).
    CACHES["default"]["BACKEND"] = "symptomsite.redis_cache.SignedRedisCache"
# How many server processes serve the site: gunicorn reads WEB_CONCURRENCY as its number of
# workers. Unset means "possibly more than one", so with DEBUG off a per-process cache is a
# `check --deploy` error unless WEB_CONCURRENCY=1 says there is only one (symptomsite/checks.py).
WEB_CONCURRENCY = env_int("WEB_CONCURRENCY", 0)

# HTTP caching of public pages (public/http.py): browsers keep a page HTTP_MAX_AGE seconds,
# shared caches (a CDN, a caching proxy) HTTP_SHARED_MAX_AGE, then both ask again with the
# page's ETag and get a 304 if nothing changed. A withdrawal reaches readers behind a
# shared cache within HTTP_SHARED_MAX_AGE seconds at most.
HTTP_MAX_AGE = env_int("HTTP_MAX_AGE", 60)
HTTP_SHARED_MAX_AGE = env_int("HTTP_SHARED_MAX_AGE", 300)
# Edge caches (Varnish with the xkey vmod, deploy/varnish/) that a sign-off, withdrawal or
# annual confirmation purges, each by the address it takes PURGE requests at, comma
# separated: e.g. http://127.0.0.1:6081/. A purge is a background job (public/edge.py)
# that `manage.py run_jobs` runs; unset, nothing is enqueued and no worker is needed.
EDGE_PURGE_URLS = env_list("EDGE_PURGE_URLS")

# Background jobs: a job is a row in the database, written in the transaction of the
# change that asks for it (a job exists exactly when the change committed), and run by
# `manage.py run_jobs`. A job whose worker stopped without finishing runs again: at once
# when its worker's process is gone from this host, else after JOB_LEASE_SECONDS.
# Three queues: "default" (edge purges: a withdrawal must reach readers in seconds),
# "exports" (the static mirror's updates, slower) and "daily" (the recurring jobs below,
# slower still): a worker may take only the first.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "exports", "daily"]}}
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 600, minimum=1)
# Recurring jobs (public/schedule.py): the workers enqueue each one daily at its local time
# (TIME_ZONE), HH:MM; an empty time turns it off (run its command from cron instead).
RECURRING_JOBS = {
    "check_links": ("reviews.operations.daily.check_links_daily", env_str("LINK_CHECK_AT", "04:15")),
    "send_review_reminders": ("reviews.operations.daily.send_reminders_daily", env_str("REVIEW_REMINDERS_AT", "07:00")),
    "export_mirrors": ("public.export.export_mirrors", env_str("MIRROR_EXPORT_AT", "03:30")),
}

# EMAIL_URL: smtp://, smtp+tls://, smtps://, consolemail:// (default) or memorymail://.
_email = env_email("EMAIL_URL", "consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SymptomSite <reviews@symptomsite.invalid>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Validates nothing: records every password change in the audit log, whatever the path.
    {"NAME": "reviews.accounts.audit.PasswordChangeAudit"},
]

LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "reviews:start"  # the workspace for reviewers, the admin for editors

# Staff sessions end after 8 hours without a request, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_HOURS", 8, minimum=1) * 3600
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The article editor posts a whole article at once: at most 3,000 rows (MAX_ROWS_PER_POST
# in articles/admin.py) of about ten fields each, plus four per list of rows. Django's
# default of 1,000 fields refused an article of 140 entries with a bare 400; these bounds
# hold the largest article the admin accepts (tests/articles/test_editor.py checks it),
# and the page itself stops a form past them before sending, with the input kept.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 40_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Signing off and withdrawing ask for the password and a code again after this long.
REAUTH_MINUTES = env_int("REAUTH_MINUTES", 15, minimum=1)

# Five wrong passwords for one account from one address lock that account at that address,
# and fifty from one address (for any accounts) lock the address, for LOGIN_LOCKOUT_MINUTES
# (reviews/accounts/lockout.py): nobody can lock staff out from elsewhere. A second factor
# is what stops a guessed password; this stops the guessing.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "reviews.accounts.lockout.StaffLockout"
AXES_CLIENT_IP_CALLABLE = "reviews.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_USERNAME_CALLABLE = "reviews.accounts.security.login_username"

OTP_TOTP_ISSUER = env_str("SITE_NAME", "SymptomSite")

LANGUAGE_CODE = "en-us"  # the content's spelling; pages, feed and mails say so
LANGUAGES = [("en-us", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # the interface in Spanish: `make messages` (USE_I18N is on by default)
TIME_ZONE = env_str("TIME_ZONE", "UTC")
FORMAT_MODULE_PATH = ["symptomsite.formats"]  # one date format across the site, per language
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_DIR / "static"]
# Where `manage.py export_site` writes the public site as static files; when set, every
# sign-off and withdrawal rewrites the exported pages it changes once it commits.
STATIC_EXPORT_DIR = env_str("STATIC_EXPORT_DIR", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # With DEBUG off, `collectstatic` writes every file under a hashed name with gzip and
        # brotli copies, and pages link the hashed names, which whitenoise serves with a
        # far-future, immutable Cache-Control; serving without a collectstatic is refused
        # at start-up (symptomsite/checks.py). With DEBUG on, files are served as they are.
        # The test suite renders pages without a collectstatic, on the plain storage
        # (tests/conftest.py); tests/public/test_http_caching.py runs the real one.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Development and tests serve static files from the app folders (no collectstatic).
WHITENOISE_USE_FINDERS = DEBUG
# Source maps are fetched only by developer tools: compressing them (brotli at its best
# quality) took half of collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
warnings.filterwarnings("ignore", message="No directory at")
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The review workflow's part of the content admin (articles/workflow.py).
EDITORIAL_WORKFLOW = "reviews.workspace.editorial.ReviewWorkflow"

# Annual review: a sign-off is due again after REVIEW_INTERVAL_DAYS; past the due date
# by REVIEW_GRACE_DAYS the public page says its review is overdue.
REVIEW_INTERVAL_DAYS = env_int("REVIEW_INTERVAL_DAYS", 365, minimum=1)
REVIEW_GRACE_DAYS = env_int("REVIEW_GRACE_DAYS", 30)
REVIEW_DUE_SOON_DAYS = env_int("REVIEW_DUE_SOON_DAYS", 30)

# Absolute base URL (no trailing slash) of canonical links, JSON-LD, the sitemap and
# feed, and links in reminder emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The public review log's name (its checkpoints' origin line): unique to this log, by
# convention its host and path. Witnesses and verifiers expect it, so keep it for good.
REVIEW_LOG_ORIGIN = env_str("REVIEW_LOG_ORIGIN", SITE_URL.split("://", 1)[-1] + "/log")

# Reader problem reports: at most REPORT_RATE_LIMIT per REPORT_RATE_PERIOD seconds from
# one address.
REPORT_RATE_LIMIT = env_int("REPORT_RATE_LIMIT", 5, minimum=1)
REPORT_RATE_PERIOD = env_int("REPORT_RATE_PERIOD", 3600, minimum=1)
# Behind a proxy (BEHIND_PROXY=1: nginx, as in docs/deployment.md) requests are https when
# it says so, and a client's address (report limits, login lockout) is the one the
# outermost of TRUSTED_PROXIES proxies saw (1 with BEHIND_PROXY, else 0): each adds the
# address it was called from to X-Forwarded-For; entries left of those are the client's.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1 if BEHIND_PROXY else 0)

# Part of every cached page's key: set it per deployment (e.g. the git commit) so new
# templates and static file names are served at once.
RELEASE = env_str("RELEASE", "dev")

# Shown to readers on every page.
SITE_NAME = env_str("SITE_NAME", "SymptomSite")

# What readers are told to do, worded for where the site is read (the content never names a
# number): e.g. 999 and "NHS 111" in the UK, 112 and "your doctor or an out-of-hours service".
EMERGENCY_NUMBER = env_str("EMERGENCY_NUMBER", "911")
URGENT_ADVICE = env_str("URGENT_ADVICE", "your doctor's office, an urgent care center or a nurse advice line")

# HTTPS=1 for a deployment served over HTTPS (every public one): redirect plain HTTP, and
# tell browsers (HSTS) to use HTTPS for a year, subdomains included. Each part can be
# set on its own too.
HTTPS = env_bool("HTTPS", False)
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)  # lets the site be submitted to the preload list
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Reference link checker (`manage.py check_links`, reviews/operations/links.py; daily from cron):
# seconds to wait for an answer, requests at once (always one at a time per host, at least
# LINK_CHECK_HOST_DELAY_MS apart). Private, loopback and link-local addresses are never
# fetched unless LINK_CHECK_ALLOW_PRIVATE_HOSTS (tests; an intranet mirror): a reference
# must not make the server reach into its own network.
LINK_CHECK_TIMEOUT = env_int("LINK_CHECK_TIMEOUT", 10, minimum=1)
LINK_CHECK_WORKERS = env_int("LINK_CHECK_WORKERS", 8, minimum=1)
LINK_CHECK_HOST_DELAY_MS = env_int("LINK_CHECK_HOST_DELAY_MS", 1000)
LINK_CHECK_ALLOW_PRIVATE_HOSTS = env_bool("LINK_CHECK_ALLOW_PRIVATE_HOSTS", False)

# Provenance (reviews/provenance/signing.py): at sign-off the site signs the canonical JSON of the
# revision that goes live with its Ed25519 key, and publishes the public keys at
# /.well-known/symptomsite-keys.json and /api/v1/keys. SIGNING_KEY is the private key (its
# 32 bytes in base64, or a PEM), or SIGNING_KEY_FILE a file holding it; `manage.py
# create_signing_key` makes one. Unset, sign-offs still work but are not signed (the API
# and pages say so, and `check --deploy` warns). After a rotation, list the previous
# public keys in SIGNING_OLD_PUBLIC_KEYS (comma-separated, base64) so signatures made
# with them stay verifiable, and run `manage.py sign_live_articles`.
from .env import DEVELOPMENT_SIGNING_KEY, env_public_keys, env_signing_key  # noqa: E402  (kept with the block it serves)

SIGNING_KEY = env_signing_key("SIGNING_KEY", file_name="SIGNING_KEY_FILE")
if SIGNING_KEY == DEVELOPMENT_SIGNING_KEY and not DEBUG:
    raise ImproperlyConfigured(
        "SIGNING_KEY is the published development key: anyone can sign with it. It works only with DEBUG on; "
        "make a key of your own with `manage.py create_signing_key`."
    )
SIGNING_OLD_PUBLIC_KEYS = env_public_keys("SIGNING_OLD_PUBLIC_KEYS")
# Content API (api/): how long clients and shared caches may keep an answer before
# asking again (an unchanged article then costs a 304).
API_MAX_AGE = env_int("API_MAX_AGE", 300)
