"""Where things live: the project root, the bundled data directory and the configurable data directory (a folder or an
s3:// URL, indicators.store.objects)."""
from __future__ import annotations

import os
from pathlib import Path

from indicators.store.objects import Location, S3Path, location

STORE_PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DIR = STORE_PACKAGE_DIR.parent
PROJECT_ROOT = PACKAGE_DIR.parent
REFERENCE_DIR = STORE_PACKAGE_DIR / "reference"
BUNDLED_DATA_DIR = PROJECT_ROOT / "data"
ASSETS_DIR = PROJECT_ROOT / "assets"
DATA_DIR_ENV = "MPD_DATA_DIR"


def data_dir(explicit: str | os.PathLike | S3Path | None = None) -> Location:
    """Resolve the data directory: an explicit path or s3:// URL, else $MPD_DATA_DIR, else the bundled `data/`."""
    if explicit:
        return location(explicit)
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return location(env)
    return BUNDLED_DATA_DIR
