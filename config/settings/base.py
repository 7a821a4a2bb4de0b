"""Settings shared by every environment. Environment variables are read only in ``env.py``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from config.settings import env as E

BASE_DIR = E.BASE_DIR
DEBUG = E.DJANGO_DEBUG
SECRET_KEY = E.DJANGO_SECRET_KEY or ""
ALLOWED_HOSTS = E.DJANGO_ALLOWED_HOSTS
SITE_URL = E.DJANGO_SITE_URL.rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "axes",
    "onboarding",
    "onboarding.verification",
    "onboarding.review",
    "ocr_integration",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "onboarding.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "onboarding.middleware.NoStoreMiddleware",
    # axes last: it reads the authentication outcome of the request.
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
                "onboarding.context_processors.roles",
            ],
        },
    }
]

DATABASES = {
    "default": E.env.db_url_config(E.DATABASE_URL)
    if E.DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "var" / "db.sqlite3"}
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "onboarding.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff-login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "home"

# Staff lock-out after repeated failures (django-axes): 5 failures per username, 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Lock-out is per staff account (W006 is about IP-only rotation, which a per-account lock already covers).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_SAMESITE = "Lax"

# Customer sign-in links: valid this long, usable once.
CUSTOMER_LINK_MAX_AGE_SECONDS = 60 * 60 * 24

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# Nothing routes MEDIA_URL, and MEDIA_ROOT is an empty folder: the private storage keeps its files
# under its own location (DJANGO_PRIVATE_STORAGE_DIR), reachable only through authenticated views.
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "var" / "no-public-media"

# Encryption key ring: "kid:base64(32 bytes),..." — first is primary. Environments fill it in.
ENCRYPTION_KEYS: dict[str, bytes] = {}
ENCRYPTION_PRIMARY_KEY_ID = ""
BLIND_INDEX_KEY = b""

if E.DJANGO_STORAGE_BACKEND == "s3":
    _default_storage: dict[str, Any] = {
        "BACKEND": "onboarding.security.storage.EncryptedS3Storage",
        "OPTIONS": {
            "bucket_name": E.DJANGO_S3_BUCKET,
            "endpoint_url": E.DJANGO_S3_ENDPOINT_URL or None,
            "region_name": E.DJANGO_S3_REGION or None,
            "access_key": E.DJANGO_S3_ACCESS_KEY_ID or None,
            "secret_key": E.DJANGO_S3_SECRET_ACCESS_KEY or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "onboarding.security.storage.EncryptedFileSystemStorage",
        "OPTIONS": {"location": E.DJANGO_PRIVATE_STORAGE_DIR},
    }
STORAGES: dict[str, dict[str, Any]] = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: the whole request body is refused before it is read when larger than this.
MAX_REQUEST_BYTES = E.DJANGO_MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600

EMAIL_CONFIG = E.env.email_url_config(E.DJANGO_EMAIL_URL)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = E.DJANGO_DEFAULT_FROM_EMAIL

# Celery: at-least-once delivery, idempotent tasks, ids only in arguments, JSON only.
CELERY_BROKER_URL = E.CELERY_BROKER_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not E.CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 150
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "onboarding.api.exceptions.exception_handler",
}

# OCR: provider name -> class and options; provider order per document kind (first that answers).
OCR_PROVIDERS = {
    "local": {"class": "ocr_integration.local.provider.LocalOcrProvider", "options": {}},
    "nhn": {
        "class": "ocr_integration.providers.nhn.client.NhnOcrProvider",
        "options": {
            "base_url": E.NHN_OCR_BASE_URL,
            "oauth_base_url": E.NHN_OAUTH_BASE_URL,
            "appkey": E.NHN_APPKEY,
            "secret_key": E.NHN_SECRET_KEY,
            "uak_id": E.NHN_UAK_ID,
            "uak_secret": E.NHN_UAK_SECRET,
            "api_version": E.NHN_API_VERSION,
        },
    },
    "clova": {
        "class": "ocr_integration.providers.clova.client.ClovaOcrProvider",
        "options": {"invoke_url": E.CLOVA_INVOKE_URL, "secret": E.CLOVA_SECRET},
    },
}
OCR_NTS = {"base_url": E.NTS_BASE_URL, "service_key": E.NTS_SERVICE_KEY}
OCR_EMULATOR = {
    "secret_key": E.OCR_EMULATOR_SECRET_KEY,
    "uak_id": E.OCR_EMULATOR_UAK_ID,
    "uak_secret": E.OCR_EMULATOR_UAK_SECRET,
    "clova_secret": E.OCR_EMULATOR_CLOVA_SECRET,
    "nts_service_key": E.OCR_EMULATOR_NTS_SERVICE_KEY,
}
OCR_LOCAL_THREADS = E.OCR_LOCAL_THREADS
OCR_TESSDATA_DIR = E.OCR_TESSDATA_DIR


def _parse_order(text: str) -> dict[str, list[str]]:
    order: dict[str, list[str]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        kind, _sep, names = part.partition("=")
        order[kind.strip()] = [n.strip() for n in names.split(",") if n.strip()]
    return order


OCR_PROVIDER_ORDER = {
    "id_card": ["local"],
    "credit_card": ["local"],
    "business_registration": ["local"],
    **_parse_order(E.OCR_PROVIDER_ORDER),
}
OCR_TIMEOUT_SECONDS = E.OCR_TIMEOUT_SECONDS
OCR_MAX_RETRIES = E.OCR_MAX_RETRIES
OCR_REVIEW_THRESHOLDS: dict[str, float] = {}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": E.DJANGO_LOG_LEVEL},
    "loggers": {"django.request": {"level": "WARNING"}},
}
