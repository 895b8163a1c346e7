"""Scorecards materialised on disk once per data version and shared by every worker and process that reads the same
data directory (DESIGN: computed once, shared by all). Files are written atomically and never rewritten; one
computation at a time per data version, under an inter-process lock; a process that starts on an existing data
version reads what is already there.

The cache lives outside the data directory (reading a store writes nothing into it): $MPD_CACHE_DIR, else the system
temporary folder, in a folder per data directory. Its key is the data version, the scoring code and the catalogue,
so a new upload, a code change or a catalogue edit never serves a stale scorecard. Cached files are pickles written
only by this process's own code; the cache folder must not be writable by anyone else.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pickle
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from indicators.store.catalogue import CATALOGUE_ENV, CATALOGUE_PATH
from indicators.store.files import atomic_write_bytes

CACHE_ENV = "MPD_CACHE_DIR"
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


def catalogue_fingerprint() -> str:
    """A hash of the catalogue file in force (its path, size and modification time)."""
    path = Path(os.environ.get(CATALOGUE_ENV) or CATALOGUE_PATH)
    st = path.stat()
    return hashlib.sha1(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:12]


def cache_root(data_root: Path) -> Path:
    """The cache folder of one data directory."""
    base = Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "mpd-scorecards")
    return base / hashlib.sha1(str(Path(data_root).resolve()).encode()).hexdigest()[:16]


def version_dir(data_root: Path, version: str) -> Path:
    """The folder of one data version (data version + scoring code + catalogue)."""
    return cache_root(data_root) / f"{version}-{code_fingerprint()}-{catalogue_fingerprint()}"


def card_path(data_root: Path, version: str, year: int, weights: dict[str, float] | None, aggregation: str) -> Path:
    """Where one scorecard lives: year, rule and (for custom weights) a hash of the weights."""
    w = "default" if not weights else hashlib.sha1(repr(sorted(weights.items())).encode()).hexdigest()[:12]
    return version_dir(data_root, version) / f"{int(year)}_{aggregation}_{w}.pkl"


def load(path: Path) -> Any | None:
    """A materialised object, or None when absent or unreadable (an unreadable file is recomputed)."""
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (FileNotFoundError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None


def save(path: Path, obj: Any) -> None:
    """Write atomically (temporary file, fsync, rename); never rewrite an existing file."""
    if not path.exists():
        atomic_write_bytes(path, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


@contextlib.contextmanager
def lock(folder: Path) -> Iterator[None]:
    """An exclusive inter-process lock on one data version's folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def materialised(path: Path, compute: Callable[[], Any]) -> Any:
    """Read the object at path, or compute it once under the version's lock (others wait, then read)."""
    obj = load(path)
    if obj is not None:
        return obj
    with lock(path.parent):
        obj = load(path)
        if obj is None:
            obj = compute()
            save(path, obj)
    return obj


def prune(data_root: Path, keep: int = KEEP_VERSIONS) -> None:
    """Remove the folders of all but the `keep` most recently used data versions (a cache: safe to delete)."""
    root = cache_root(data_root)
    if not root.exists():
        return
    dirs = sorted((d for d in root.iterdir() if d.is_dir()), key=lambda d: d.stat().st_mtime, reverse=True)
    for d in dirs[keep:]:
        shutil.rmtree(d, ignore_errors=True)


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
