"""Test settings: fixed keys, fast hashing, mail kept in memory, storage in a temporary folder."""

from __future__ import annotations

import tempfile

from config.settings import env as E
from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES
from config.settings.keys import parse_blind_index_key, parse_key_ring

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
ENCRYPTION_KEYS, ENCRYPTION_PRIMARY_KEY_ID = parse_key_ring(
    E.DJANGO_ENCRYPTION_KEYS
    or "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,test0:HxwdHh8QERITFBUWFxgZGhscHR4fAAECAwQFBgcICQo="
)
BLIND_INDEX_KEY = parse_blind_index_key(E.DJANGO_BLIND_INDEX_KEY or "YmxpbmQtaW5kZXgta2V5LWZvci10ZXN0cy1vbmx5LTMyYg==")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_STORAGE_DIR = E.DJANGO_TEST_STORAGE_DIR or tempfile.mkdtemp(prefix="kyc-test-storage-")
if STORAGES["default"]["BACKEND"].endswith("EncryptedFileSystemStorage"):
    STORAGES["default"]["OPTIONS"] = {"location": PRIVATE_STORAGE_DIR}
ALLOWED_HOSTS = ["*"]
