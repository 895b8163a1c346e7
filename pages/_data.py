"""The store the pages read (not a page: Dash Pages skips modules starting with '_')."""
from __future__ import annotations

from indicators.scoring.service import get_store
from indicators.store.config import data_dir
from indicators.store.observations import Store


def store() -> Store:
    """The store of the configured data directory (resolved per request, so MPD_DATA_DIR is honoured)."""
    return get_store(str(data_dir()))
