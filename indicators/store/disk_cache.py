"""A disk cache shared by every process reading one data directory: objects pickled once, written atomically, never
rewritten, computed once under an inter-process lock. It lives outside the data directory (reading a store writes
nothing into it): $MPD_CACHE_DIR, else the system temporary folder, one folder per data directory (or s3:// URL:
several servers over one store share the materialised scorecards when they share $MPD_CACHE_DIR). The files are
written only by this code; the folder must not be writable by anyone else (they are pickles).
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from indicators.store.files import atomic_write_bytes
from indicators.store.objects import is_url

CACHE_ENV = "MPD_CACHE_DIR"


def cache_root(data_root: Path | str | None = None) -> Path:
    """The cache folder of one data directory (or the shared one for reference data, without a directory)."""
    base = Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "mpd-scorecards")
    key = "reference" if data_root is None else str(data_root) if is_url(data_root) else str(Path(data_root).resolve())
    return base / hashlib.sha1(key.encode()).hexdigest()[:16]


def file_fingerprint(*paths: Path) -> str:
    """A hash of files' contents (for code) or of their path, size and modification time (for data files)."""
    h = hashlib.sha1()
    for p in paths:
        st = Path(p).stat()
        h.update(f"{Path(p).resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()[:12]


def load(path: Path) -> Any | None:
    """A cached object, or None when absent or unreadable (an unreadable file is recomputed)."""
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
def lock(folder: Path, name: str = "") -> Iterator[None]:
    """An exclusive inter-process lock on one cache folder, or on one object in it (`name`)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".lock{'-' + name if name else ''}", "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def try_lock(folder: Path, name: str) -> Iterator[bool]:
    """The lock `name` of a cache folder taken if free (yields True, released at the end), else False at once."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".lock-{name}", "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def held(folder: Path, name: str) -> bool:
    """True while the lock `name` of a cache folder is held (by any process, or another holder in this one)."""
    if not (folder / f".lock-{name}").exists():
        return False
    with try_lock(folder, name) as free:
        return not free


def materialised(path: Path, compute: Callable[[], Any]) -> Any:
    """Read the object at path, or compute it once under its own lock (others asking for it wait, then read; others
    asking for another object of the folder do not wait)."""
    obj = load(path)
    if obj is not None:
        return obj
    with lock(path.parent, path.name):
        obj = load(path)
        if obj is None:
            obj = compute()
            save(path, obj)
    return obj


def prune(root: Path, keep: int) -> None:
    """Remove all but the `keep` most recently used folders under root (a cache: safe to delete)."""
    if not root.exists():
        return
    dirs = sorted((d for d in root.iterdir() if d.is_dir()), key=lambda d: d.stat().st_mtime, reverse=True)
    for d in dirs[keep:]:
        shutil.rmtree(d, ignore_errors=True)
