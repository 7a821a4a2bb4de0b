"""Every environment variable the product reads, in one place (django-environ).

Secrets also accept ``<NAME>_FILE`` pointing at a file that holds the value (container secrets).
"""

from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
_dotenv = BASE_DIR / ".env"
if _dotenv.exists():
    environ.Env.read_env(str(_dotenv))


def secret(name: str, default: str | None = None) -> str | None:
    """Read a secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return env.str(name, default=default)  # type: ignore[no-any-return]


DJANGO_DEBUG = env.bool("DJANGO_DEBUG", default=False)
DJANGO_SECRET_KEY = secret("DJANGO_SECRET_KEY")
DJANGO_ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
DATABASE_URL = env.str("DATABASE_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# "kid:base64key,kid2:base64key"; the first is the primary used for new writes.
DJANGO_ENCRYPTION_KEYS = secret("DJANGO_ENCRYPTION_KEYS")
DJANGO_BLIND_INDEX_KEY = secret("DJANGO_BLIND_INDEX_KEY")
DJANGO_STORAGE_BACKEND = env.str("DJANGO_STORAGE_BACKEND", default="local")  # local | s3
DJANGO_PRIVATE_STORAGE_DIR = env.str("DJANGO_PRIVATE_STORAGE_DIR", default=str(BASE_DIR / "var" / "private"))
# Test settings only: a storage folder shared with a worker process started by the services suite.
DJANGO_TEST_STORAGE_DIR = env.str("DJANGO_TEST_STORAGE_DIR", default="")
DJANGO_S3_BUCKET = env.str("DJANGO_S3_BUCKET", default="")
DJANGO_S3_ENDPOINT_URL = env.str("DJANGO_S3_ENDPOINT_URL", default="")
DJANGO_S3_REGION = env.str("DJANGO_S3_REGION", default="")
DJANGO_S3_ACCESS_KEY_ID = secret("DJANGO_S3_ACCESS_KEY_ID", "")
DJANGO_S3_SECRET_ACCESS_KEY = secret("DJANGO_S3_SECRET_ACCESS_KEY", "")
DJANGO_EMAIL_URL = env.str("DJANGO_EMAIL_URL", default="consolemail://")
DJANGO_DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="onboarding@localhost")
DJANGO_SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000")
# Requests with a larger body are refused before it is read (uploads are at most 5 MB).
DJANGO_MAX_REQUEST_BYTES = env.int("DJANGO_MAX_REQUEST_BYTES", default=6 * 1024 * 1024)
DJANGO_LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO")

# OCR providers. Provider order per document kind: "id_card=nhn,local;credit_card=local".
OCR_PROVIDER_ORDER = env.str("OCR_PROVIDER_ORDER", default="")
OCR_TIMEOUT_SECONDS = env.float("OCR_TIMEOUT_SECONDS", default=30.0)
OCR_MAX_RETRIES = env.int("OCR_MAX_RETRIES", default=2)
NHN_OCR_BASE_URL = env.str("NHN_OCR_BASE_URL", default="https://api-ocr.nhncloudservice.com")
NHN_OAUTH_BASE_URL = env.str("NHN_OAUTH_BASE_URL", default="https://oauth.api.nhncloudservice.com")
NHN_APPKEY = env.str("NHN_APPKEY", default="")
NHN_SECRET_KEY = secret("NHN_SECRET_KEY", "")
NHN_UAK_ID = secret("NHN_UAK_ID", "")
NHN_UAK_SECRET = secret("NHN_UAK_SECRET", "")
NHN_API_VERSION = env.str("NHN_API_VERSION", default="")  # "2.1"/"1.1" (token) or "2.0"/"1.0" (secret key)
CLOVA_INVOKE_URL = env.str("CLOVA_INVOKE_URL", default="")
CLOVA_SECRET = secret("CLOVA_SECRET", "")
NTS_BASE_URL = env.str("NTS_BASE_URL", default="https://api.odcloud.kr")
NTS_SERVICE_KEY = secret("NTS_SERVICE_KEY", "")

# The in-repo provider emulator's accepted credentials (public defaults; see docs/providers.md).
OCR_EMULATOR_SECRET_KEY = env.str("OCR_EMULATOR_SECRET_KEY", default="emulator-secret")
OCR_EMULATOR_UAK_ID = env.str("OCR_EMULATOR_UAK_ID", default="emulator-uak-id")
OCR_EMULATOR_UAK_SECRET = env.str("OCR_EMULATOR_UAK_SECRET", default="emulator-uak-secret")
OCR_EMULATOR_CLOVA_SECRET = env.str("OCR_EMULATOR_CLOVA_SECRET", default="emulator-secret")
OCR_EMULATOR_NTS_SERVICE_KEY = env.str("OCR_EMULATOR_NTS_SERVICE_KEY", default="emulator-secret")
# The embedded engine: ONNX threads and Tesseract's data directory ("" = Debian's).
OCR_LOCAL_THREADS = env.int("OCR_LOCAL_THREADS", default=2)
OCR_TESSDATA_DIR = env.str("OCR_TESSDATA_DIR", default="")
