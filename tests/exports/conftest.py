"""Fixtures of the export tests: one warm render browser for the session."""
from __future__ import annotations

import pytest

from indicators.exports import rendering


@pytest.fixture(scope="session")
def renderer():
    """One warm kaleido browser for every test of the session that renders (started on first use)."""
    with rendering.warm_browser():
        yield rendering
