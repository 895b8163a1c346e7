"""Scorecards materialised on disk once per data version and shared by every worker and process that reads the same
data directory (computed once, shared by all), through the store's disk cache (indicators.store.disk_cache). The key
is the data version, the scoring code and the catalogue, so a new upload, a code change or a catalogue edit never
serves a stale scorecard; a process that starts on an existing data version reads what is already there.
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from indicators.store.catalogue import CATALOGUE_ENV, CATALOGUE_PATH
from indicators.store.disk_cache import CACHE_ENV, cache_root, file_fingerprint, load, materialised, prune

__all__ = ["CACHE_ENV", "WARM_ENV", "card_path", "load", "materialised", "prune_versions", "version_dir", "warm_once"]

WARM_ENV = "MPD_WARM_SCORECARDS"            # "1": after the first scorecard of a data version, compute the rest
KEEP_VERSIONS = 4                           # older data versions' folders are removed
SCORING_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the scoring code (a new deployment never reads a scorecard computed by older code)."""
    h = hashlib.sha1()
    for p in sorted(SCORING_DIR.glob("*.py")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:12]


def version_dir(data_root: Path, version: str) -> Path:
    """The folder of one data version (data version + scoring code + catalogue in force)."""
    catalogue = file_fingerprint(Path(os.environ.get(CATALOGUE_ENV) or CATALOGUE_PATH))
    return cache_root(data_root) / f"{version}-{code_fingerprint()}-{catalogue}"


def card_path(data_root: Path, version: str, year: int, weights: dict[str, float] | None, aggregation: str) -> Path:
    """Where one scorecard lives: year, rule and (for custom weights) a hash of the weights."""
    w = "default" if not weights else hashlib.sha1(repr(sorted(weights.items())).encode()).hexdigest()[:12]
    return version_dir(data_root, version) / f"{int(year)}_{aggregation}_{w}.pkl"


def prune_versions(data_root: Path) -> None:
    """Keep the folders of the most recently used data versions only."""
    prune(cache_root(data_root), KEEP_VERSIONS)


_WARMED: set[str] = set()
_WARM_LOCK = threading.Lock()


def warm_once(folder: Path, job: Callable[[], None]) -> bool:
    """Run `job` in a background thread once per data version and process when $MPD_WARM_SCORECARDS is 1."""
    if os.environ.get(WARM_ENV, "0") != "1":
        return False
    with _WARM_LOCK:
        if str(folder) in _WARMED:
            return False
        _WARMED.add(str(folder))
    threading.Thread(target=job, name="warm-scorecards", daemon=True).start()
    return True
