"""Fixtures of the export tests: one warm render browser for the session, the bundled data's store."""
from __future__ import annotations

import pytest

from indicators.exports import rendering
from indicators.scoring.service import get_store

from tests.conftest import PROJECT


@pytest.fixture(scope="session")
def renderer():
    """One warm kaleido browser for every test of the session that renders (started on first use)."""
    with rendering.warm_browser():
        yield rendering


@pytest.fixture(scope="module")
def store():
    return get_store(str(PROJECT / "data"))
