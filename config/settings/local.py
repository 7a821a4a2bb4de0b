"""The embedded default: one machine, SQLite, local encrypted storage, tasks in-process."""

from __future__ import annotations

from config.settings import env as E
from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR
from config.settings.keys import dev_secrets, parse_blind_index_key, parse_key_ring

DEBUG = E.env.bool("DJANGO_DEBUG", default=True)
_dev = dev_secrets(BASE_DIR / "var" / "dev-secrets.json")
SECRET_KEY = E.DJANGO_SECRET_KEY or _dev["DJANGO_SECRET_KEY"]
ENCRYPTION_KEYS, ENCRYPTION_PRIMARY_KEY_ID = parse_key_ring(E.DJANGO_ENCRYPTION_KEYS or _dev["DJANGO_ENCRYPTION_KEYS"])
BLIND_INDEX_KEY = parse_blind_index_key(E.DJANGO_BLIND_INDEX_KEY or _dev["DJANGO_BLIND_INDEX_KEY"])
