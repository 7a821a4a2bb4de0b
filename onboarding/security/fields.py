"""``EncryptedTextField``: a text column whose database value is AES-GCM ciphertext (base64).

The associated data binds each ciphertext to ``app_label.Model.field``, so a value copied into
another column fails to decrypt. The column can't be filtered on; use a blind index beside it.
"""

from __future__ import annotations

import base64
from typing import Any

from django.db import models

from onboarding.security import keyring

PREFIX = "enc:"


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest with the key ring"

    def _context(self) -> str:
        model = getattr(self, "model", None)
        return f"{model._meta.label}.{self.name}" if model is not None else self.name

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        blob = keyring.encrypt(str(value).encode("utf-8"), context=self._context())
        return PREFIX + base64.b64encode(blob).decode("ascii")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        if not value.startswith(PREFIX):
            raise keyring.DecryptionError("column holds an unencrypted value")
        blob = base64.b64decode(value[len(PREFIX) :])
        return keyring.decrypt(blob, context=self._context()).decode("utf-8")

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull"}:
            raise TypeError(f"encrypted fields cannot be filtered with {lookup_name!r}; use a blind index")
        return super().get_lookup(lookup_name)
