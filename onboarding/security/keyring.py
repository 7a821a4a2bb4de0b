"""AES-256-GCM encryption on the key ring from settings, with the key id inside each ciphertext.

Format (bytes): ``b"KE1" | len(kid) | kid | nonce(12) | ciphertext+tag``. The header is also the
associated data, together with a caller-supplied context (e.g. ``"onboarding.User.email"``), so
a ciphertext copied to another column or object does not decrypt there. Keys rotate by putting a
new key first in ``DJANGO_ENCRYPTION_KEYS``: new writes use it, old ciphertexts still open.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

MAGIC = b"KE1"


class DecryptionError(Exception):
    """The ciphertext is damaged, was moved, or its key is not in the ring. Carries no data."""


def _ring() -> dict[str, bytes]:
    ring: dict[str, bytes] = settings.ENCRYPTION_KEYS
    if not ring:
        raise DecryptionError("no encryption keys configured")
    return ring


def primary_key_id() -> str:
    return str(settings.ENCRYPTION_PRIMARY_KEY_ID or next(iter(_ring())))


def encrypt(plaintext: bytes, *, context: str = "") -> bytes:
    kid = primary_key_id().encode("ascii")
    header = MAGIC + bytes([len(kid)]) + kid
    nonce = os.urandom(12)
    sealed = AESGCM(_ring()[kid.decode()]).encrypt(nonce, plaintext, header + context.encode())
    return header + nonce + sealed


def key_id_of(blob: bytes) -> str:
    if not blob.startswith(MAGIC) or len(blob) < 4:
        raise DecryptionError("not an encrypted object")
    n = blob[3]
    return blob[4 : 4 + n].decode("ascii", errors="replace")


def decrypt(blob: bytes, *, context: str = "") -> bytes:
    kid = key_id_of(blob)
    header_len = 4 + len(kid)
    key = _ring().get(kid)
    if key is None:
        raise DecryptionError("the key this object was written with is not in the key ring")
    header, nonce, sealed = blob[:header_len], blob[header_len : header_len + 12], blob[header_len + 12 :]
    try:
        return AESGCM(key).decrypt(nonce, sealed, header + context.encode())
    except InvalidTag:
        raise DecryptionError("ciphertext failed authentication") from None


def is_encrypted(blob: bytes) -> bool:
    return blob.startswith(MAGIC)
