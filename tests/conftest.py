"""Shared fixtures: temporary data directories and paths to the test files."""
from __future__ import annotations

from pathlib import Path

import pytest

from indicators.store import Store

FILES = Path(__file__).parent / "files"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_store(tmp_path: Path) -> Store:
    """A store over a data directory that does not exist yet."""
    return Store(tmp_path / "data")


@pytest.fixture
def files() -> Path:
    """Folder of hand-made CSV files used by ingestion tests."""
    return FILES
