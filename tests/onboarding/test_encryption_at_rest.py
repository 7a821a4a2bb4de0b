"""Files and identifiers are ciphertext at rest; keys rotate; tampering and moving are detected."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import override_settings

from onboarding.models import User
from onboarding.security import keyring
from onboarding.security.blind_index import blind_index
from onboarding.selectors import user_get_by_email

JPEG_LIKE = b"\xff\xd8\xff\xe0" + b"resident card picture bytes 900101-1234567" * 20


def test_stored_file_is_ciphertext_on_disk_and_opens_as_plaintext() -> None:
    name = default_storage.save("documents/card.jpg", ContentFile(JPEG_LIKE))

    raw = Path(default_storage.path(name)).read_bytes()
    assert raw.startswith(keyring.MAGIC)
    assert b"900101-1234567" not in raw and b"\xff\xd8\xff" not in raw
    with default_storage.open(name) as fh:
        assert fh.read() == JPEG_LIKE


def test_stored_file_gets_a_random_name_inside_storage_and_no_url() -> None:
    name = default_storage.save("documents/passwd.jpg", ContentFile(JPEG_LIKE))

    assert name.startswith("documents/") and "passwd" not in name
    with pytest.raises(SuspiciousFileOperation):
        default_storage.save("documents/../../etc/passwd.jpg", ContentFile(JPEG_LIKE))
    assert Path(default_storage.path(name)).resolve().is_relative_to(Path(default_storage.location).resolve())
    with pytest.raises(NotImplementedError):
        default_storage.url(name)


def test_tampered_stored_file_refuses_to_open() -> None:
    name = default_storage.save("documents/x.jpg", ContentFile(JPEG_LIKE))
    path = Path(default_storage.path(name))
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0x01
    path.write_bytes(bytes(blob))

    with pytest.raises(keyring.DecryptionError):
        default_storage.open(name)


def test_file_moved_to_another_name_refuses_to_open() -> None:
    first = default_storage.save("documents/a.jpg", ContentFile(JPEG_LIKE))
    second = default_storage.save("documents/b.jpg", ContentFile(b"other"))
    Path(default_storage.path(second)).write_bytes(Path(default_storage.path(first)).read_bytes())

    with pytest.raises(keyring.DecryptionError):
        default_storage.open(second)


def test_old_key_still_opens_after_a_new_primary_key_is_added(settings) -> None:  # type: ignore[no-untyped-def]
    name = default_storage.save("documents/old.jpg", ContentFile(JPEG_LIKE))
    old_kid = keyring.key_id_of(Path(default_storage.path(name)).read_bytes())
    new_ring = {"new9": b"\x09" * 32, **settings.ENCRYPTION_KEYS}

    with override_settings(ENCRYPTION_KEYS=new_ring, ENCRYPTION_PRIMARY_KEY_ID="new9"):
        fresh = default_storage.save("documents/new.jpg", ContentFile(JPEG_LIKE))
        assert keyring.key_id_of(Path(default_storage.path(fresh)).read_bytes()) == "new9"
        with default_storage.open(name) as fh:
            assert fh.read() == JPEG_LIKE
    assert old_kid != "new9"


@pytest.mark.django_db
def test_encrypted_column_holds_ciphertext_in_the_database(customer: User) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM onboarding_user WHERE id = %s", [customer.pk])
        (raw,) = cursor.fetchone()

    assert "alice" not in raw and "example.com" not in raw
    assert raw.startswith("enc:")
    assert base64.b64decode(raw[4:]).startswith(keyring.MAGIC)
    assert User.objects.get(pk=customer.pk).email == "alice@example.com"


@pytest.mark.django_db
def test_ciphertext_copied_into_another_row_context_still_bound_to_its_column(customer: User) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM onboarding_user WHERE id = %s", [customer.pk])
        (raw,) = cursor.fetchone()
    blob = base64.b64decode(raw[4:])

    with pytest.raises(keyring.DecryptionError):
        keyring.decrypt(blob, context="onboarding.User.first_name")


@pytest.mark.django_db
def test_encrypted_column_cannot_be_filtered_by_plaintext() -> None:
    with pytest.raises(TypeError, match="blind index"):
        list(User.objects.filter(email="alice@example.com"))


@pytest.mark.django_db
def test_blind_index_finds_user_and_is_keyed(customer: User, other_customer: User, settings) -> None:  # type: ignore[no-untyped-def]
    assert user_get_by_email(email="  ALICE@example.com") == customer
    assert user_get_by_email(email="nobody@example.com") is None

    index = blind_index("alice@example.com", purpose="email")
    assert index != hashlib.sha256(b"alice@example.com").hexdigest()
    assert index != blind_index("alice@example.com", purpose="rrn")
    assert settings.BLIND_INDEX_KEY not in settings.ENCRYPTION_KEYS.values()
