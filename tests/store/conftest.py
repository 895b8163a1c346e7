"""The store's tests run over a local data directory and over an s3:// one (moto on loopback, tests/s3_server.py):
`empty_store` and `root` are parametrised, so each promise is tested on both."""
from __future__ import annotations

import pytest

from indicators.store.objects import Location
from indicators.store.observations import Store


@pytest.fixture(params=["local", "s3"])
def root(request, tmp_path) -> Location:
    """A data directory that does not exist yet: a local folder, or a fresh prefix on the S3 server."""
    return tmp_path / "data" if request.param == "local" else request.getfixturevalue("s3_dir")


@pytest.fixture
def empty_store(root) -> Store:
    """A store over a data directory that does not exist yet (local or on S3)."""
    return Store(root)
