"""NHN Cloud's electronic envelope ("전자 봉투"), provider-contracts.md §1.5.

A fresh 32-byte symmetric key per request is wrapped with the provider's RSA public key using
RSA/ECB/PKCS1Padding (RSAES-PKCS1-v1_5, not OAEP) and sent Base64-encoded in ``Symmetric-Key``.
Image bytes and request/response strings use AES-256-CBC with PKCS7 padding and IV = key[0:16]:
the image part travels as raw ciphertext, strings as standard Base64 (with padding) of the
ciphertext of their UTF-8 bytes.

Key material never leaves this module in logs or ``repr``; call ``wipe()`` (or use the envelope as a
context manager) when the request is done. Python cannot guarantee that no copy survives in memory,
but the key is held in a ``bytearray`` so at least our own copy is overwritten.
"""

from __future__ import annotations

import base64
import binascii
import os
from types import TracebackType

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding as rsa_padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ocr_integration.errors import OcrEnvelopeError

KEY_BYTES = 32
IV_BYTES = 16


def load_public_key(b64_der: str, *, provider: str = "nhn") -> RSAPublicKey:
    """The ``result.key`` of ``public-keys/{service}``: Base64 of a DER SubjectPublicKeyInfo."""
    try:
        key = serialization.load_der_public_key(base64.b64decode(b64_der, validate=True))
    except (ValueError, binascii.Error, UnsupportedAlgorithm) as exc:
        raise OcrEnvelopeError("the provider's public key could not be loaded", provider=provider) from exc
    if not isinstance(key, RSAPublicKey):
        raise OcrEnvelopeError("the provider's public key is not an RSA key", provider=provider)
    return key


def public_key_to_b64(key: RSAPublicKey) -> str:
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode("ascii")


def aes_encrypt(key: bytes | bytearray, plaintext: bytes) -> bytes:
    """AES-256-CBC, PKCS7, IV = key[0:16]; returns raw ciphertext (no IV prefix)."""
    _check_key(key)
    padder = sym_padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(bytes(key)), modes.CBC(bytes(key[:IV_BYTES]))).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def aes_decrypt(key: bytes | bytearray, ciphertext: bytes) -> bytes:
    """Inverse of ``aes_encrypt``; a wrong key/IV or truncated data raises ``OcrEnvelopeError``."""
    _check_key(key)
    if not ciphertext or len(ciphertext) % IV_BYTES:
        raise OcrEnvelopeError("encrypted data is not a whole number of AES blocks")
    decryptor = Cipher(algorithms.AES(bytes(key)), modes.CBC(bytes(key[:IV_BYTES]))).decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    unpadder = sym_padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise OcrEnvelopeError("encrypted data has invalid padding (wrong key or IV?)") from exc


def rsa_wrap(public_key: RSAPublicKey, key: bytes | bytearray) -> str:
    """``Symmetric-Key`` header value: Base64(RSA-PKCS1-v1_5(public_key, key))."""
    return base64.b64encode(public_key.encrypt(bytes(key), rsa_padding.PKCS1v15())).decode("ascii")


def rsa_unwrap(private_key: RSAPrivateKey, header_value: str) -> bytearray:
    """The provider side of ``rsa_wrap`` (used by the emulator and the interop tests)."""
    try:
        wrapped = base64.b64decode(header_value, validate=True)
        key = bytearray(private_key.decrypt(wrapped, rsa_padding.PKCS1v15()))
    except (ValueError, binascii.Error) as exc:
        raise OcrEnvelopeError("the symmetric key could not be unwrapped") from exc
    if len(key) != KEY_BYTES:
        raise OcrEnvelopeError("the symmetric key is not 32 bytes")
    return key


def encrypt_text(key: bytes | bytearray, value: str) -> str:
    return base64.b64encode(aes_encrypt(key, value.encode("utf-8"))).decode("ascii")


def decrypt_text(key: bytes | bytearray, value: str) -> str:
    try:
        raw = base64.b64decode(value, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise OcrEnvelopeError("an encrypted value is not valid Base64") from exc
    try:
        return aes_decrypt(key, raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise OcrEnvelopeError("a decrypted value is not UTF-8") from exc


def _check_key(key: bytes | bytearray) -> None:
    if len(key) != KEY_BYTES:
        raise OcrEnvelopeError("the symmetric key must be 32 bytes")


class Envelope:
    """One request's symmetric key, wrapped for the provider's public key.

    ``symmetric_key_header`` goes into the ``Symmetric-Key`` header; ``encrypt``/``encrypt_text``
    prepare the request; ``decrypt_text`` reads the encrypted response values. The key is never
    shown by ``repr`` and is zeroed by ``wipe()``; never reuse an envelope across requests.
    """

    def __init__(self, public_key: RSAPublicKey, *, provider: str = "nhn", key: bytes | None = None) -> None:
        self.provider = provider
        self._key = bytearray(key if key is not None else os.urandom(KEY_BYTES))
        _check_key(self._key)
        self.symmetric_key_header = rsa_wrap(public_key, self._key)

    def __repr__(self) -> str:
        return f"<Envelope provider={self.provider!r}>"

    def encrypt(self, plaintext: bytes) -> bytes:
        return aes_encrypt(self._live_key(), plaintext)

    def encrypt_text(self, value: str) -> str:
        return encrypt_text(self._live_key(), value)

    def decrypt_text(self, value: str) -> str:
        try:
            return decrypt_text(self._live_key(), value)
        except OcrEnvelopeError as exc:
            exc.provider = self.provider
            raise

    def wipe(self) -> None:
        for i in range(len(self._key)):
            self._key[i] = 0
        self._key = bytearray()

    def _live_key(self) -> bytearray:
        if len(self._key) != KEY_BYTES:
            raise OcrEnvelopeError("the envelope was already wiped", provider=self.provider)
        return self._key

    def __enter__(self) -> Envelope:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.wipe()
