"""A local S3-compatible object store for the tests: moto's standalone server in its own
process, reached over HTTP exactly as a real store would be."""

import socket
import subprocess
import sys
from contextlib import contextmanager

import boto3

from bench.servers import serving

# moto accepts any keys; these name nobody's account.
ACCESS_KEY = "tipt-test-access-key"
SECRET_KEY = "tipt-test-secret-key"
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def object_store():
    """The address of a fresh S3-compatible server, until the block ends."""
    port = free_port()
    with serving(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        port,
        "/moto-api/",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as address:
        yield address


def s3_client(address):
    return boto3.client(
        "s3",
        endpoint_url=address,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )


def bucket(address, name) -> str:
    s3_client(address).create_bucket(Bucket=name)
    return name


def site_settings(address, name) -> dict[str, str]:
    """The environment variables that point the site at the bucket ``name`` there."""
    return {
        "TIPT_S3_BUCKET": name,
        "TIPT_S3_ENDPOINT_URL": address,
        "TIPT_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "TIPT_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "TIPT_S3_REGION": REGION,
    }
