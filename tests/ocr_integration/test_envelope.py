"""The electronic envelope against an implementation we did not write: the openssl command line."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from ocr_integration import envelope
from ocr_integration.envelope import Envelope
from ocr_integration.errors import OcrEnvelopeError

OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
pytestmark = pytest.mark.skipif(not Path(OPENSSL).exists(), reason="openssl command line not installed")

IMAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3 + b"tail"  # not a multiple of 16: padding matters


def openssl(*args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run([OPENSSL, *args], input=stdin, capture_output=True, check=True).stdout


@pytest.fixture(scope="module")
def rsa_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("rsa")
    private, public = folder / "private.pem", folder / "public.pem"
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(private))
    openssl("pkey", "-in", str(private), "-pubout", "-out", str(public))
    return private, public


def public_key_b64(public_pem: Path) -> str:
    """What NHN's public-keys endpoint returns: Base64 of the DER SubjectPublicKeyInfo."""
    der = openssl("pkey", "-pubin", "-in", str(public_pem), "-outform", "DER")
    return base64.b64encode(der).decode()


def test_openssl_unwraps_our_symmetric_key_and_decrypts_our_image(rsa_pair: tuple[Path, Path], tmp_path: Path) -> None:
    private, public = rsa_pair
    env = Envelope(envelope.load_public_key(public_key_b64(public)))
    (tmp_path / "wrapped.bin").write_bytes(base64.b64decode(env.symmetric_key_header))
    (tmp_path / "image.enc").write_bytes(env.encrypt(IMAGE))

    key = openssl(
        "pkeyutl", "-decrypt", "-inkey", str(private), "-pkeyopt", "rsa_padding_mode:pkcs1",
        "-in", str(tmp_path / "wrapped.bin"),
    )  # fmt: skip
    assert len(key) == 32
    plain = openssl(
        "enc", "-d", "-aes-256-cbc", "-K", key.hex(), "-iv", key[:16].hex(), "-in", str(tmp_path / "image.enc")
    )
    assert plain == IMAGE


def test_openssl_decrypts_our_base64_text_values(rsa_pair: tuple[Path, Path], tmp_path: Path) -> None:
    private, public = rsa_pair
    env = Envelope(envelope.load_public_key(public_key_b64(public)))
    value = env.encrypt_text("홍길동")
    assert base64.b64decode(value, validate=True)  # standard alphabet, padded
    (tmp_path / "wrapped.bin").write_bytes(base64.b64decode(env.symmetric_key_header))
    key = openssl(
        "pkeyutl", "-decrypt", "-inkey", str(private), "-pkeyopt", "rsa_padding_mode:pkcs1",
        "-in", str(tmp_path / "wrapped.bin"),
    )  # fmt: skip
    plain = openssl(
        "enc", "-d", "-aes-256-cbc", "-a", "-A", "-K", key.hex(), "-iv", key[:16].hex(), stdin=value.encode()
    )
    assert plain.decode("utf-8") == "홍길동"


def test_we_unwrap_an_openssl_wrapped_key_and_decrypt_openssl_ciphertext(
    rsa_pair: tuple[Path, Path], tmp_path: Path
) -> None:
    private, public = rsa_pair
    key = openssl("rand", "32")
    (tmp_path / "key.bin").write_bytes(key)
    wrapped = openssl(
        "pkeyutl", "-encrypt", "-pubin", "-inkey", str(public), "-pkeyopt", "rsa_padding_mode:pkcs1",
        "-in", str(tmp_path / "key.bin"),
    )  # fmt: skip
    private_key = serialization.load_pem_private_key(private.read_bytes(), password=None)

    unwrapped = envelope.rsa_unwrap(private_key, base64.b64encode(wrapped).decode())  # type: ignore[arg-type]
    assert bytes(unwrapped) == key

    ciphertext = openssl("enc", "-aes-256-cbc", "-K", key.hex(), "-iv", key[:16].hex(), stdin=IMAGE)
    assert envelope.aes_decrypt(key, ciphertext) == IMAGE
    text = openssl("enc", "-aes-256-cbc", "-a", "-A", "-K", key.hex(), "-iv", key[:16].hex(), stdin=b"900101-1234568")
    assert envelope.decrypt_text(key, text.decode().strip()) == "900101-1234568"


def test_oaep_wrapped_key_is_rejected_because_nhn_uses_pkcs1_v1_5(rsa_pair: tuple[Path, Path], tmp_path: Path) -> None:
    private, public = rsa_pair
    (tmp_path / "key.bin").write_bytes(os.urandom(32))
    wrapped = openssl(
        "pkeyutl", "-encrypt", "-pubin", "-inkey", str(public), "-pkeyopt", "rsa_padding_mode:oaep",
        "-in", str(tmp_path / "key.bin"),
    )  # fmt: skip
    private_key = serialization.load_pem_private_key(private.read_bytes(), password=None)
    with pytest.raises(OcrEnvelopeError):
        envelope.rsa_unwrap(private_key, base64.b64encode(wrapped).decode())  # type: ignore[arg-type]


def test_iv_is_the_first_16_key_bytes_not_zero(tmp_path: Path) -> None:
    key = os.urandom(32)
    zero_iv = openssl("enc", "-aes-256-cbc", "-K", key.hex(), "-iv", "00" * 16, stdin=IMAGE)
    ours = envelope.aes_encrypt(key, IMAGE)
    assert ours != zero_iv
    # CBC with the wrong IV garbles exactly the first block.
    assert envelope.aes_decrypt(key, zero_iv)[:16] != IMAGE[:16]


def test_every_envelope_has_a_fresh_key_and_forgets_it_when_wiped(rsa_pair: tuple[Path, Path]) -> None:
    public = envelope.load_public_key(public_key_b64(rsa_pair[1]))
    first, second = Envelope(public), Envelope(public)
    assert first.encrypt(IMAGE) != second.encrypt(IMAGE)
    assert "key" not in repr(first).replace("Envelope", "")
    first.wipe()
    with pytest.raises(OcrEnvelopeError):
        first.encrypt(IMAGE)


def test_garbage_is_an_envelope_error_not_a_crash() -> None:
    key = os.urandom(32)
    with pytest.raises(OcrEnvelopeError):
        envelope.decrypt_text(key, "not base64 at all!")
    with pytest.raises(OcrEnvelopeError):
        envelope.aes_decrypt(key, b"short")
    with pytest.raises(OcrEnvelopeError):
        envelope.load_public_key("U3RyaW5n")  # the seed's placeholder "String"
