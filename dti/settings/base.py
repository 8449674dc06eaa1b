"""Settings for the DTI scorecard.

Everything is here and driven by the environment (see `.env.example`); production
differs from development only by its environment. `test.py` only makes tests fast.
"""

from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

# GENERAL
# ------------------------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The secret key is required unless DEBUG is on: a production server must never
# run with a key that is in the repository.
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-dev-only-key-do-not-use-in-production"
    if DEBUG
    else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
APP_VERSION = "0.1.0"

TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
USE_I18N = True
# Vietnamese first; English one click away (prefix /en/).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first date input in Vietnamese (Django's "vi" locale parses 01/07/2025 as 7 January).
FORMAT_MODULE_PATH = ["dti.formats"]

# DATABASES
# ------------------------------------------------------------------------------
# An embedded SQLite file by default so that one command runs the app on a fresh
# machine; DATABASE_URL=postgres://… selects PostgreSQL (psycopg 3).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# 0 (a connection per request) unless set; gunicorn (deploy/gunicorn.conf.py) sets
# 600. A kept connection is checked before a request reuses it, so a restarted
# database costs no failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] != 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# URLS
# ------------------------------------------------------------------------------
ROOT_URLCONF = "dti.urls"
WSGI_APPLICATION = "dti.wsgi.application"

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
# "ninja" as an app: its docs page then loads Swagger UI from its own static files
# (otherwise from a CDN, which our CSP and our users' networks refuse).
THIRD_PARTY_APPS = ["django_htmx", "simple_history", "axes", "ninja"]
# Order is the direction of dependency: provinces ← indicators ← reports.
LOCAL_APPS = ["provinces", "indicators", "reports"]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so static files get it too (see the module for why at all).
    "indicators.security_headers.LegacyXssProtectionMiddleware",
    # WhiteNoise right after SecurityMiddleware so static files skip the rest (the
    # subclass gives hashed files a one-year immutable cache, as nginx does).
    "indicators.static_files.StaticFilesMiddleware",
    # One read of the data version per request (front cache, page cache, ETag, catalog).
    "indicators.caching.version.DataVersionMiddleware",
    # A warm public page answered here, final headers and compressed body as stored:
    # the rest of the stack runs only on a miss (see the module).
    "indicators.caching.front.FrontPageCacheMiddleware",
    # Compresses what the views send (HTML, CSV, JSON), below WhiteNoise, which answers
    # static files above with its own precompressed copies, and above everything
    # that writes the body. It adds random bytes to every compressed response (BREACH
    # mitigation; the front cache stores one such body per public page, which holds no
    # secret); the page cache's ETag comes out weak (W/"…"), which If-None-Match accepts.
    "django.middleware.gzip.GZipMiddleware",
    # The data API's read-only CORS and HEAD (reports.api.cors): before anything that
    # could answer an API preflight itself.
    "reports.api.cors.ReadOnlyCorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # LocaleMiddleware after sessions, before CommonMiddleware (it may redirect).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: records request.user as the author of every change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# AUTHENTICATION
# ------------------------------------------------------------------------------
# Axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
# Django's four validators: new and changed passwords (admin forms, createsuperuser,
# changepassword) must be long enough, not like the username, not a common password
# and not all digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Lock a username from one address after 5 failures for 1 hour; locking by the pair
# (not the address alone) keeps one attacker from locking every admin of an office.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# Behind a reverse proxy REMOTE_ADDR is the proxy's, the same for everyone: one
# attacker would lock every user out. With DTI_TRUSTED_PROXY_COUNT proxies in front
# (deploy/nginx: 1), the client is the address the outermost of them saw in
# X-Forwarded-For; 0 (no proxy) keeps REMOTE_ADDR and ignores the header.
DTI_TRUSTED_PROXY_COUNT = env.int("DTI_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "indicators.login.client_ip"

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Project templates first, then the apps' (admin, simple-history), as APP_DIRS
            # would; the sources are compacted once when loaded (dti/loaders.py: no
            # indentation, no blank lines), so pages are small at no cost per request.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        (
                            "dti.loaders.CompactLoader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                # No "context_processors.csp": the CSP has no nonce (see SECURE_CSP), and
                # without a csp_nonce in the context no tag writes one into a page.
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "indicators.context_processors.synthetic",
            ],
        },
    },
]

# STATIC
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
# Where collectstatic writes (make serve) and nginx reads (deploy/nginx).
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Uploaded files waiting for their confirm (indicators.entry.pending; `clean_uploads`).
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# DATA
# ------------------------------------------------------------------------------
# The published figures the loader reads (`python manage.py load_dti_data`).
DTI_DATA_DIR = Path(env("DTI_DATA_DIR", default=str(BASE_DIR / "fixtures" / "sources" / "dti")))

# CACHES
# ------------------------------------------------------------------------------
# In-process by default; with REDIS_URL (redis://127.0.0.1:6379/0) Django's Redis
# backend, so several app servers share one page cache (indicators.caching.pages).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("DTI_CACHE_PREFIX", default="dti"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# Rendered public pages are cached per data version (off: DTI_PAGE_CACHE=false).
DTI_PAGE_CACHE = env.bool("DTI_PAGE_CACHE", default=True)
# PostgreSQL only: keep the data version in memory, pushed by LISTEN/NOTIFY, instead
# of one query per request (indicators.caching.version; default false: read per request).
DTI_VERSION_LISTEN = env.bool("DTI_VERSION_LISTEN", default=False)

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie (htmx gets the token from hx-headers in the page,
# forms from their hidden field), so scripts need not see it either.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Behind the TLS-terminating proxy (deploy/nginx), which sets X-Forwarded-Proto
# itself on every request: trust it for request.is_secure(). Never true without
# such a proxy, or any client could claim https.
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Origins, besides the request's own host, allowed to POST (CSRF), e.g.
# https://dti.example.org when the proxy forwards another Host.
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Strict CSP: no inline script, no eval. Every script is a file of ours ('self'): the
# pages hold no inline script at all (data travels as <script type="application/json">,
# which never runs). No per-response nonce either, so a public page is the same bytes
# for every visitor and can be served from the page cache as it is, compressed
# included (indicators.caching.front). plotly.js fills two pre-seeded, *empty* <style>
# elements through CSSOM (see base.html): style-src allows exactly the empty element
# by its hash, which styles nothing, so injected markup still cannot style anything.
# Style attributes: plotly.js styles its SVG through CSSOM (element.style), which
# CSP allows, but its colour bar also writes an *empty* style attribute
# (setAttribute("style", "")). Rather than 'unsafe-inline' for attributes, allow
# exactly that empty value by its hash: an empty attribute styles nothing, so
# injected markup still cannot style anything. Any other style attribute is refused.
EMPTY_STYLE_SHA256 = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, EMPTY_STYLE_SHA256],
    "style-src-attr": [CSP.UNSAFE_HASHES, EMPTY_STYLE_SHA256],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# ADMIN
# ------------------------------------------------------------------------------
ADMIN_URL = env("DJANGO_ADMIN_URL", default="quan-tri/")

# DATA ENTRY
# ------------------------------------------------------------------------------
# An upload bigger than this is refused before it is read (a year is ~15 KB).
# Benchmark servers only: show the synthetic units of `make_synthetic` (with a banner).
DTI_INCLUDE_SYNTHETIC = env.bool("DTI_INCLUDE_SYNTHETIC", default=False)
DTI_IMPORT_MAX_BYTES = env.int("DTI_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
