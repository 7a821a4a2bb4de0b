"""Private storage that encrypts every file at rest, over the local disk or S3 (django-storages).

Files get random names (the user's filename is never used), are sealed with the key ring
(context: the storage name, so an object moved under another name fails to open) and have no URL:
they are served only by authenticated views that read them through this storage.
"""

from __future__ import annotations

import posixpath
import uuid
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

from onboarding.security import keyring


class EncryptedStorageMixin:
    """Encrypt on save, decrypt on open, refuse to make URLs."""

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        # Keep only the folder the caller chose; the file name is always fresh and random.
        folder = posixpath.dirname(name.replace("\\", "/")).lstrip("/")
        folder = "/".join(p for p in folder.split("/") if p not in {"", ".", ".."})
        random_name = f"{uuid.uuid4().hex}.bin"
        return posixpath.join(folder, random_name) if folder else random_name

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        sealed = keyring.encrypt(content.read(), context=f"file:{name}")
        return super()._save(name, ContentFile(sealed))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode:
            raise ValueError("encrypted storage files are written with save(), not opened for writing")
        raw = super()._open(name, "rb")  # type: ignore[misc]
        try:
            blob = raw.read()
        finally:
            raw.close()
        return ContentFile(keyring.decrypt(blob, context=f"file:{name}"), name=name)

    def read_raw(self, name: str) -> bytes:
        """The stored bytes as they are at rest (ciphertext): for tests and key rotation."""
        raw = super()._open(name, "rb")  # type: ignore[misc]
        try:
            return bytes(raw.read())
        finally:
            raw.close()

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise NotImplementedError("stored files have no URL; serve them through an authenticated view")


class EncryptedFileSystemStorage(EncryptedStorageMixin, FileSystemStorage):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        kwargs["base_url"] = None
        super().__init__(**kwargs)


class EncryptedS3Storage(EncryptedStorageMixin, S3Storage):
    pass
