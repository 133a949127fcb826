"""Settings shared by every environment. Values come from config.env only."""

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, DATA_DIR, env

SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "ninja",  # its Swagger UI served from our static files, not a CDN
    "simple_history",
    "axes",
    "huey.contrib.djhuey",
    "hamafza.core",
    "hamafza.accounts",
    "hamafza.org",
    "hamafza.catalogue",
    "hamafza.trainers",
    "hamafza.plans",
    "hamafza.sessions",
    "hamafza.camps",
    "hamafza.volunteering",
    "hamafza.search",
    "hamafza.library",
    "hamafza.questions",
    "hamafza.mentoring",
    "hamafza.community",
    "hamafza.meetings",
    "hamafza.agreements",
    "hamafza.monitoring",
    "hamafza.surveys",
    "hamafza.assessment",
    "hamafza.research",
    "hamafza.exports",
    "hamafza.notifications",
    "hamafza.audit",
    "hamafza.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "hamafza.core.middleware.ApiLanguageMiddleware",
    "hamafza.core.middleware.LocalizeMiddleware",
    "hamafza.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "hamafza.org.middleware.ScopeMiddleware",
    "axes.middleware.AxesMiddleware",
    "hamafza.core.privacy.NoStoreMiddleware",  # children's data: Cache-Control no-store
]

# Content-Security-Policy (django-csp): every script, style, font and request comes from the site
# itself; no inline script, style attribute or event handler runs (behaviour is in static/js,
# sizes in static/css). data: images are the QR codes and the empty favicon. htmx runs with
# allowEval off (templates/base.html). The Swagger UI at /api/docs uses the same policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hamafza.core.context_processors.hamafza",
                "hamafza.org.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite (WAL) in the data folder unless DATABASE_URL says otherwise.
DATA_DIR.mkdir(parents=True, exist_ok=True)
_default_db = f"sqlite:///{DATA_DIR / 'hamafza.sqlite3'}"
DATABASES = {"default": env.db_url("DATABASE_URL", default=_default_db)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "hamafza.accounts.backends.UsernameOrMobileBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login rate limiting (django-axes): lock an account+address pair after repeated failures. The
# account is the one the typed identifier names (every spelling of it: accounts.identity), the
# address the client's behind the proxies (core.net.client_address; nginx in docs/DEPLOY.md: 1).
# A per-account delay across addresses is added by accounts.signals.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
# Days an API token works after it is made (0: until revoked).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
AXES_CLIENT_IP_CALLABLE = "hamafza.core.net.client_address"
AXES_USERNAME_CALLABLE = "hamafza.accounts.identity.lockout_username"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env.bool("LOGIN_RATE_LIMIT", default=True)

# Internationalisation: Persian first, English complete.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "django_language"
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Tehran")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="hamafza@localhost")
SMS_BACKEND = env.str("SMS_BACKEND", default="hamafza.core.sms.ConsoleSmsBackend")
# HTTP SMS gateway (SMS_BACKEND=hamafza.notifications.sms_http.HttpSmsBackend).
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_API_KEY = env.str("SMS_HTTP_API_KEY", default="")
SMS_HTTP_TIMEOUT = env.float("SMS_HTTP_TIMEOUT", default=10.0)

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://hamafza")}

# Task queue (huey): Redis in production when REDIS_URL is set, embedded SQLite otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "hamafza",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "hamafza",
        "filename": env.str("HUEY_SQLITE_PATH", default=str(DATA_DIR / "huey.sqlite3")),
        "immediate": False,
        "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
    }

# Imports larger than this many rows are parsed by a background job.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=2000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
AXES_VERBOSE = False
