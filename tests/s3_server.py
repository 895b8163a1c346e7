"""An S3 server on loopback for the tests (moto in server mode, in its own process), and data directories on it.

moto checks `If-None-Match: *` and then writes, so two requests served at the same moment by two threads could both
pass the check; real S3 makes the check and the write one atomic step. The server here serves one request at a time
(werkzeug without threads), which makes moto's conditional write atomic as S3's is: the commit-protocol tests then
test the store, not a race inside the emulator.
"""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest

from indicators.store.objects import S3Path

BUCKET = "mpd-test"
SERVER = """
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server
server = make_server("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=False,
                     request_handler=MotoRequestHandler)
print(server.server_port, flush=True)
server.serve_forever()
"""
ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"}


def start_server() -> tuple[subprocess.Popen, str]:
    """The moto S3 server process and its endpoint URL (a free loopback port)."""
    proc = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    line = proc.stdout.readline().strip()
    if not line.isdigit():
        proc.kill()
        raise RuntimeError("the moto S3 server did not start")
    return proc, f"http://127.0.0.1:{line}"


def make_bucket(endpoint: str, name: str = BUCKET) -> None:
    """Create a bucket on the server."""
    import boto3
    boto3.client("s3", endpoint_url=endpoint, **{k.lower(): v for k, v in ENV.items() if k != "AWS_REGION"},
                 region_name=ENV["AWS_REGION"]).create_bucket(Bucket=name)


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """An S3 server on loopback with one bucket; the AWS_* variables point this process and its children at it."""
    proc, endpoint = start_server()
    mp = pytest.MonkeyPatch()
    for k, v in {**ENV, "AWS_ENDPOINT_URL": endpoint}.items():
        mp.setenv(k, v)
    for k in ("AWS_DEFAULT_REGION", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_S3_ALLOW_UNSAFE_RENAME",
              "AWS_ENDPOINT_URL_S3"):
        mp.delenv(k, raising=False)
    try:
        make_bucket(endpoint)
        yield endpoint
    finally:
        mp.undo()
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def s3_dir(s3_endpoint) -> S3Path:
    """A fresh, empty s3:// data directory (its own prefix in the test bucket)."""
    return S3Path(f"s3://{BUCKET}/{uuid.uuid4().hex[:12]}/data")


def env_for(endpoint: str) -> dict[str, str]:
    """The environment of a child process using the S3 server."""
    return {**os.environ, **ENV, "AWS_ENDPOINT_URL": endpoint}
