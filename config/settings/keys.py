"""Parsing of the key ring settings (kept out of env.py so tests can call it directly)."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def parse_key_ring(text: str) -> tuple[dict[str, bytes], str]:
    """``"k2:BASE64,k1:BASE64"`` -> ({"k2": key, "k1": key}, "k2"). Each key is 32 bytes (AES-256)."""
    ring: dict[str, bytes] = {}
    primary = ""
    for item in filter(None, (p.strip() for p in text.split(","))):
        kid, sep, b64 = item.partition(":")
        if not sep or not kid or len(kid) > 32 or not kid.isascii():
            raise ImproperlyConfigured("DJANGO_ENCRYPTION_KEYS entries look like 'keyid:base64key'.")
        try:
            key = base64.b64decode(b64, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured(f"Encryption key {kid!r} is not valid base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"Encryption key {kid!r} must be 32 bytes.")
        ring[kid] = key
        primary = primary or kid
    if not ring:
        raise ImproperlyConfigured("DJANGO_ENCRYPTION_KEYS is empty.")
    return ring, primary


def parse_blind_index_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ImproperlyConfigured("DJANGO_BLIND_INDEX_KEY is not valid base64.") from exc
    if len(key) < 32:
        raise ImproperlyConfigured("DJANGO_BLIND_INDEX_KEY must be at least 32 bytes.")
    return key


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def dev_secrets(path: Path) -> dict[str, str]:
    """Secrets for the embedded default, generated once and kept in var/ (never committed).

    Persisting them matters: files encrypted in one run must still open in the next.
    """
    if path.exists():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ENCRYPTION_KEYS": f"dev1:{new_key()}",
        "DJANGO_BLIND_INDEX_KEY": new_key(),
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    path.chmod(0o600)
    return data
