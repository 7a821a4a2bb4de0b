"""Production: refuses to start without its secrets; hardened cookies and headers; whitenoise."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from config.settings import env as E
from config.settings.base import *  # noqa: F403
from config.settings.base import MIDDLEWARE, STORAGES
from config.settings.keys import parse_blind_index_key, parse_key_ring

_REQUIRED = {
    "DJANGO_SECRET_KEY": E.DJANGO_SECRET_KEY,
    "DJANGO_ENCRYPTION_KEYS": E.DJANGO_ENCRYPTION_KEYS,
    "DJANGO_BLIND_INDEX_KEY": E.DJANGO_BLIND_INDEX_KEY,
    "DATABASE_URL": E.DATABASE_URL,
    "DJANGO_ALLOWED_HOSTS": E.env.str("DJANGO_ALLOWED_HOSTS", default=""),
}
_missing = sorted(name for name, value in _REQUIRED.items() if not value)
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables (or NAME_FILE): " + ", ".join(_missing)
    )

DEBUG = False
SECRET_KEY = E.DJANGO_SECRET_KEY or ""
ENCRYPTION_KEYS, ENCRYPTION_PRIMARY_KEY_ID = parse_key_ring(E.DJANGO_ENCRYPTION_KEYS or "")
BLIND_INDEX_KEY = parse_blind_index_key(E.DJANGO_BLIND_INDEX_KEY or "")
if BLIND_INDEX_KEY in ENCRYPTION_KEYS.values():
    raise ImproperlyConfigured("DJANGO_BLIND_INDEX_KEY must differ from every encryption key.")

# whitenoise serves the collected static files right after the security middleware.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = E.env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
X_FRAME_OPTIONS = "DENY"
