"""Keyed HMAC-SHA256 blind index for looking identifiers up without storing them in clear.

The key (``DJANGO_BLIND_INDEX_KEY``) is separate from the encryption keys. Values are normalised
first (case, spaces, hyphens) so the same identifier written differently finds the same row.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings


def normalise_identifier(value: str) -> str:
    return re.sub(r"[\s\-]", "", value).casefold()


def blind_index(value: str, *, purpose: str) -> str:
    """Hex HMAC of the normalised value; ``purpose`` separates the index spaces (email, rrn, pan)."""
    message = f"{purpose}\x00{normalise_identifier(value)}".encode()
    return hmac.new(settings.BLIND_INDEX_KEY, message, hashlib.sha256).hexdigest()
