"""Where things live: the project root, the bundled data directory and the configurable data directory."""
from __future__ import annotations

import os
from pathlib import Path

STORE_PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_DIR = STORE_PACKAGE_DIR.parent
PROJECT_ROOT = PACKAGE_DIR.parent
REFERENCE_DIR = STORE_PACKAGE_DIR / "reference"
BUNDLED_DATA_DIR = PROJECT_ROOT / "data"
ASSETS_DIR = PROJECT_ROOT / "assets"
DATA_DIR_ENV = "MPD_DATA_DIR"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Resolve the data directory: an explicit path, else $MPD_DATA_DIR, else the bundled `data/`."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return BUNDLED_DATA_DIR
