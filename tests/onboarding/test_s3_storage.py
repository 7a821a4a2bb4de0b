"""The encrypted storage over S3: a real S3 API (moto's server) on a loopback socket."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import boto3
import pytest
from django.core.files.base import ContentFile
from moto.server import ThreadedMotoServer

from onboarding.security import keyring
from onboarding.security.storage import EncryptedS3Storage

PLAIN = b"\x89PNG\r\n\x1a\n business certificate 611-01-99810" * 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, region_name="ap-northeast-2", aws_access_key_id="k", aws_secret_access_key="s"
    ).create_bucket(Bucket="kyc-private", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
    yield endpoint
    server.stop()


def test_s3_objects_are_ciphertext_and_open_through_the_storage(s3_endpoint: str) -> None:
    storage = EncryptedS3Storage(
        bucket_name="kyc-private",
        endpoint_url=s3_endpoint,
        region_name="ap-northeast-2",
        access_key="k",
        secret_key="s",
        default_acl="private",
        file_overwrite=False,
    )
    name = storage.save("documents/cert.png", ContentFile(PLAIN))

    raw = (
        boto3.client(
            "s3",
            endpoint_url=s3_endpoint,
            region_name="ap-northeast-2",
            aws_access_key_id="k",
            aws_secret_access_key="s",
        )
        .get_object(Bucket="kyc-private", Key=name)["Body"]
        .read()
    )
    assert raw.startswith(keyring.MAGIC) and b"611-01-99810" not in raw and b"PNG" not in raw
    assert storage.read_raw(name) == raw
    assert "cert" not in name and name.startswith("documents/")
    with storage.open(name) as fh:
        assert fh.read() == PLAIN
    with pytest.raises(NotImplementedError):
        storage.url(name)
