"""Settings for the «Наставничество» portal, read from the environment.

Defaults suit a newcomer's laptop: SQLite in the project folder, Celery tasks run
eagerly in-process, e-mail printed to the console. Production sets DEBUG=false and
the variables documented in README.md.
"""

import hashlib
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_key, env_list, env_secret, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105 — only when DEBUG

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rules",
    "csp",
    "axes",
    # The portal's own apps, from the ground up (see README «Architecture»).
    "accounts",
    "audit",
    "people",
    "mentoring",
    "programs",
    "surveys",
    "documents",
    "notifications",
    "monitoring",
    "recognition",
    "municipal",
    "association",
    "region",
    "signatures",
    "public",
    "portal",
    "backups",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.CurrentSchoolMiddleware",
    # After the school is known: a form sent to it has the school's to-do lists counted again.
    "portal.freshness.ChangesMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused for too many wrong passwords into the lockout page.
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.school_and_roles",
                "portal.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
# A PostgreSQL read replica for the reports (config/routers.py, docs/DEPLOYMENT.md). Without
# DATABASE_REPLICA_URL the alias is the primary itself and nothing is routed to it; in tests it
# mirrors the primary, as Django recommends for testing a replica set-up.
READ_REPLICA = bool(env_str("DATABASE_REPLICA_URL"))
DATABASES["replica"] = {
    **(
        dj_database_url.parse(env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
        if READ_REPLICA
        else DATABASES["default"]
    ),
    "TEST": {"MIRROR": "default"},
}
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked (see «Lockouts» below).
    "axes.backends.AxesStandaloneBackend",
    # The portal's actions: accounts/permissions.py, refusing for good what it refuses.
    "accounts.permissions.PortalPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockouts (django-axes). After AXES_FAILURE_LIMIT wrong passwords for one login from one address,
# that login is refused from that address for AXES_COOLOFF_TIME; a user elsewhere still logs in.
# The portal login, /admin/, the signing password and the password change all count
# (accounts/lockouts.py). Counted in the database, so every web process sees the same count
# with or without CACHE_URL. A director unlocks the school's people at /accounts/lockouts/.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockouts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockouts.client_address"
AXES_USERNAME_CALLABLE = "accounts.lockouts.attempted_username"
# No history of successful logins is kept; a refused attempt keeps its form minus these fields.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "old_password",
    "new_password1",
    "new_password2",
    "csrfmiddlewaretoken",
]
# How many reverse proxies stand between the visitor and gunicorn (README «Deploying»): 0 takes
# the connection's address; 1 (one nginx that appends to X-Forwarded-For) takes the address that
# proxy saw, whatever the visitor wrote into the header themself.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
# Password-reset mails per hour, per e-mail address and per visitor's address (django-ratelimit);
# beyond them the page answers the same and no mail is sent.
PASSWORD_RESET_MAILS_PER_EMAIL = env_int("PASSWORD_RESET_MAILS_PER_EMAIL", 3)
PASSWORD_RESET_MAILS_PER_ADDRESS = env_int("PASSWORD_RESET_MAILS_PER_ADDRESS", 10)
RATELIMIT_USE_CACHE = "limits"
# Uploaded PDFs whose signature a visitor's address may check per hour (/v/check/, /v/<code>/).
VERIFY_FILE_CHECKS_PER_ADDRESS = env_int("VERIFY_FILE_CHECKS_PER_ADDRESS", 60)

# Language and time. The server stores UTC; CurrentSchoolMiddleware activates the
# current school's own time zone, so pages show its local time.
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Moscow"
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Upload limits (portal/uploads.py), each file type checked by its content. A file no record refers
# to any more is deleted by the daily «portal.clean_orphan_files» once it is a day old.
EVIDENCE_MAX_MB = env_int("EVIDENCE_MAX_MB", 20)
CONSENT_SCAN_MAX_MB = env_int("CONSENT_SCAN_MAX_MB", 10)
PUBLIC_FILE_MAX_MB = env_int("PUBLIC_FILE_MAX_MB", 20)
LOGO_MAX_MB = env_int("LOGO_MAX_MB", 2)
LOGO_MAX_PIXELS = env_int("LOGO_MAX_PIXELS", 4096 * 4096)
# Spreadsheet imports (people, pairs): the upload, the rows read from it, and what its XLSX may unpack to.
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 10)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 100)
# Encrypts and authenticates the archives of «manage.py backup» (AES-256-GCM): 32 bytes in base64,
# in BACKUP_KEY or in the file named by BACKUP_KEY_FILE. Keep it away from the archives.
BACKUP_KEY = env_key("BACKUP_KEY")
# Encrypts the private keys of the signing certificates at rest (signatures/keys.py): a long random
# string in SIGNING_KEY_PASSPHRASE or in the file named by SIGNING_KEY_PASSPHRASE_FILE. Only while
# DEBUG a passphrase derived from SECRET_KEY stands in; in production signing refuses without it.
SIGNING_KEY_PASSPHRASE = env_secret("SIGNING_KEY_PASSPHRASE") or (
    hashlib.sha256(f"signing-key-passphrase:{SECRET_KEY}".encode()).hexdigest() if DEBUG else ""
)
# Certificates the portal issues: the directors' for a year, the deployment's root for ten.
SIGNING_CERTIFICATE_DAYS = env_int("SIGNING_CERTIFICATE_DAYS", 365)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "nastavnichestvo@localhost")
# Where django.core.mail.backends.filebased.EmailBackend writes each message, one file apiece.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))

# Celery: without a broker URL, tasks run eagerly in the calling process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or env_str("REDIS_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# The worker keeps the root handlers of LOGGING, and with them the personal-data redaction.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "activate-due-mentorships": {"task": "mentoring.activate_due", "schedule": 60 * 60},
    # 06:00 UTC is the same calendar day in every Russian time zone (08:00 in Kaliningrad,
    # 18:00 in Kamchatka); each school's rules run on its own local date.
    "notification-reminders": {"task": "notifications.run_reminders", "schedule": crontab(hour=6, minute=0)},
    # The indicators of the academic year are frozen on 30 June (seed 000 §1.6). 11:00 UTC is still
    # 30 June in every Russian time zone (13:00 in Kaliningrad, 23:00 in Kamchatka); the daily runs
    # of July and August only catch up a school the 30 June run missed.
    "monitoring-freeze-results": {
        "task": "monitoring.freeze_due",
        "schedule": crontab(hour=11, minute=0, month_of_year="6-8"),
    },
    "clean-orphan-files": {"task": "portal.clean_orphan_files", "schedule": crontab(hour=3, minute=30)},
    # The schools' stored indicators the municipality's and the region's pages read (municipal.figures).
    "refresh-school-figures": {"task": "municipal.refresh_all_figures", "schedule": crontab(hour=1, minute=15)},
}

# The cache is shared by every web process (docs/DEPLOYMENT.md): in Redis with CACHE_URL; without
# it in production, in the database table the accounts migration makes; only a development
# server (DEBUG) keeps it in its own memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("CACHE_URL"),
    }
    if env_str("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if DEBUG
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rate_limit_cache",
        "KEY_PREFIX": "portal",
        # Django's default of 300 entries would cull the to-do lists, boards and dashboards of a
        # municipality's users on every few pages (portal.freshness keeps one entry per list).
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# The rate limits' counters (RATELIMIT_USE_CACHE) are shared by every web process: in Redis, or
# without CACHE_URL in a database table (made by the accounts migration «rate_limit_cache_table»).
CACHES["limits"] = (
    {**CACHES["default"], "KEY_PREFIX": "limits"}
    if env_str("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "rate_limit_cache"}
)

# Security. Production (DEBUG=false) gets secure cookies and HSTS by default.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Staff share staff-room computers and rarely close the browser: the session cookie dies with
# the browser, and a session idle for SESSION_COOKIE_AGE expires (every request renews it).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 2 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts, styles and fonts from the portal's own static
# files only: no inline script, no eval, no style attribute. data: images are Bootstrap's
# SVG icons in its CSS; object-src 'self' is the PDF preview. Framing: config/csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
# Who may embed the public widget (public:widget) in an iframe: the schools' own sites, which
# the portal does not know, so any by default; a deployment may list them, comma-separated.
WIDGET_FRAME_ANCESTORS = env_list("WIDGET_FRAME_ANCESTORS", ["*"])

# The portal's public address, printed on signed documents (the QR code and short link) and in
# survey links. A production start without it would print unreachable QR codes, so it is refused.
PUBLIC_BASE_URL = env_url("PUBLIC_BASE_URL")
if not PUBLIC_BASE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PUBLIC_BASE_URL must be set when DEBUG is false: the address printed on signed documents"
        )
    PUBLIC_BASE_URL = "http://127.0.0.1:8000"

# Domain settings.
YOUNG_SPECIALIST_YEARS = env_int("YOUNG_SPECIALIST_YEARS", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every handler redacts personal data (e-mails, phones, SNILS, names, query strings).
    "filters": {"redact_personal_data": {"()": "config.log_redaction.RedactPersonalData"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_personal_data"]},
        "server": {"class": "logging.StreamHandler", "formatter": "server", "filters": ["redact_personal_data"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default handlers (console, mail_admins) carry no redaction: «django» logs
        # through the root handlers, runserver's request lines through «server».
        "django": {"level": "INFO"},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates every render at INFO; the portal logs refusals itself.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "pymorphy3": {"level": "WARNING"},
        # django-axes narrates every login at INFO; a failure or a lockout is a WARNING.
        "axes": {"level": "WARNING"},
    },
}
