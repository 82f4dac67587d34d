"""Settings for GreenComp, read from the environment (see .env.example).

A bad value fails at start-up: django-environ raises on a malformed boolean, integer or URL.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
SEED_FIXTURES_DIR = BASE_DIR / "fixtures"  # the real competitions of the seeds, in our own JSON format

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def env_bool(name: str, default: bool) -> bool:
    """Like env.bool, but a value that is not clearly true or false stops start-up instead of meaning False."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise environ.ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or ("insecure-dev-key-" + "x" * 40 if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

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
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks.backends.database",
    "greencomp",
    "competitions",
    "quotas",
    "applications",
    "reviews",
    "notifications",
    # portal: the public home, 通知公告 and the API (issue 16)
    "rest_framework",
    "drf_spectacular",
    "portal",
    "showcase",  # 成果展示与银企对接 (issue 16)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "greencomp.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "greencomp.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "greencomp.middleware.AbsoluteSessionLimitMiddleware",
    "greencomp.middleware.IdleSessionMiddleware",
    "greencomp.middleware.SecondFactorMiddleware",
    "greencomp.middleware.PasswordRotationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "greencomp.urls"
WSGI_APPLICATION = "greencomp.wsgi.application"

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
                "greencomp.context_processors.portal",
                "notifications.context_processors.unread",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_greencomp")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "greencomp.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "notifications.backends.UnreadCountBackend",  # ModelBackend + the bell's unread count in the user query
]
# PBKDF2 stays first: at Django's defaults Argon2id costs no less CPU per login on this 2-core machine (and 100 MiB
# per hash); `make bench-logins` measures both (issue 15).
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "greencomp.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "greencomp.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": env.int("PASSWORD_MIN_CHAR_CLASSES", default=3)},
    },
]
# Rotation (MLPS): 0 disables; otherwise users are asked to change a password older than this.
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: idle timeout via a sliding expiry that IdleSessionMiddleware moves on at most once a minute (exact to
# the minute, without an UPDATE per request), absolute limit via middleware.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_HOURS", default=12) * 3600
SESSION_COOKIE_HTTPONLY = True

# django-axes: lock a username for LOGIN_LOCKOUT_MINUTES from its fifth failure. Attempts during the lock are
# refused without being counted, so a stranger cannot keep extending it; a password reset lifts it.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Lock the account after 5 failures from anywhere; the combination also satisfies axes.W006.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "greencomp.views_security.locked_out"
AXES_CLIENT_IP_CALLABLE = "greencomp.ratelimit.client_ip"
AXES_VERBOSE = False
# Behind N trusted proxies the client is the N-th address from the right of X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if env_bool("BEHIND_TLS_PROXY", default=False) else 0)


def env_rate(name: str, default: str) -> tuple[int, int]:
    """'N/M' = at most N requests per M minutes from one client address; anything else stops start-up."""
    raw = env.str(name, default=default)
    count, _, minutes = raw.partition("/")
    if not (count.strip().isdigit() and minutes.strip().isdigit() and int(minutes) > 0):
        raise environ.ImproperlyConfigured(f"{name}={raw!r} is not a rate: use N/M (N requests per M minutes).")
    return int(count), int(minutes) * 60


# Per-address limits, counted in the database so that every application server shares them.
RATE_LIMITS = {
    "login": env_rate("RATE_LIMIT_LOGIN", "30/15"),  # failed sign-ins, whatever the username
    "two_factor": env_rate("RATE_LIMIT_TWO_FACTOR", "20/15"),
    "register": env_rate("RATE_LIMIT_REGISTER", "20/60"),
    "password_reset": env_rate("RATE_LIMIT_PASSWORD_RESET", "10/60"),
    "objection": env_rate("RATE_LIMIT_OBJECTION", "10/60"),
    # portal (issue 16): public search, and the API per client address (anonymous) and per token
    "portal_search": env_rate("RATE_LIMIT_PORTAL_SEARCH", "120/15"),
    "api_anon": env_rate("RATE_LIMIT_API_ANON", "300/15"),
    "api_token": env_rate("RATE_LIMIT_API_TOKEN", "3000/15"),
}

# Two-factor sign-in (django-otp, TOTP plus single-use recovery codes). Required for secretariat accounts in
# production (MLPS: two factors for administrators); off under `make run` so the demo passwords suffice.
OTP_REQUIRED_FOR_SECRETARIAT = env_bool("OTP_REQUIRED_FOR_SECRETARIAT", default=not DEBUG)
# The bench's bare reference view (greencomp.seed.bench_views) is mounted only when this is on (make bench).
BENCH_VIEWS = env_bool("BENCH_VIEWS", default=False)
OTP_TOTP_ISSUER = "绿色发展竞赛管理平台"
OTP_RECOVERY_CODES = 10

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["greencomp.formats"]  # one date style: 2025年6月30日 in text, 2025-06-30 in tables

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media-not-served/"  # media is served only through permission-checked views
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": env.str("DEFAULT_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", default=20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Excel imports (greencomp/imports.py): checked before openpyxl reads anything, then while it reads.
IMPORT_MAX_UPLOAD_MB = env.int("IMPORT_MAX_UPLOAD_MB", default=10)
IMPORT_MAX_MEMBERS = env.int("IMPORT_MAX_MEMBERS", default=100)  # parts inside the .xlsx zip
IMPORT_MAX_MEMBER_MB = env.int("IMPORT_MAX_MEMBER_MB", default=20)  # one part, uncompressed
IMPORT_MAX_TOTAL_MB = env.int("IMPORT_MAX_TOTAL_MB", default=50)  # all parts, uncompressed
IMPORT_MAX_RATIO = env.int("IMPORT_MAX_RATIO", default=100)  # uncompressed / compressed, for parts over 1 MB
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20000)  # rows below the header, blank ones too
IMPORT_MAX_STRINGS = env.int("IMPORT_MAX_STRINGS", default=100000)  # distinct texts (shared strings)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=64)  # columns searched for the header row
IMPORT_SECONDS = env.int("IMPORT_SECONDS", default=10)  # time budget of one read (gunicorn's timeout is 30 s)
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@greencomp.local")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's own address, for the links in mails sent by the worker (which has no request to ask).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Background jobs (mail, reminders, exports): django-tasks' database backend, worked by `manage.py db_worker`
# (any number of workers on PostgreSQL, one on SQLite). Under pytest jobs run at once, in the caller;
# the tests that exercise the queue itself switch to the database backend and run the worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend" if "pytest" in sys.modules
                     else "django_tasks.backends.database.DatabaseBackend"}}
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)
EXPORT_PROGRESS_SECONDS = 0.5

# The API (portal/api.py, issue 16): token authentication only (no session, so no CSRF), read-only, throttled
# through the database counters of greencomp/ratelimit.py so that every application server shares them.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["portal.api_auth.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api_auth.AnonThrottle", "portal.api_auth.TokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "portal.api_auth.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "绿色发展竞赛管理平台 API",
    "DESCRIPTION": "公开接口：竞赛、通知公告、公示名单与评比结果（与门户公开页面的内容一致）。"
                   "令牌接口：参赛项目、申报书、评分汇总、先进推荐、绩效提升清单，范围与页面相同。"
                   "令牌在“接口令牌”页面创建，请求头 Authorization: Token <令牌>。",
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # 绩效现状 and 绩效提升目标 share one choice set: one schema name for it.
    "ENUM_NAME_OVERRIDES": {"GradingLevelEnum": "applications.models.improvement.GradingLevel"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers; production values come from the environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", default=False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "greencomp.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
    },
}
