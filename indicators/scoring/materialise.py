"""Scorecards materialised on disk once per data version and shared by every worker and process that reads the same
data directory (computed once, shared by all), through the store's disk cache (indicators.store.disk_cache). The key
is the data version, the scoring code and the catalogue, so a new upload, a code change or a catalogue edit never
serves a stale scorecard; a process that starts on an existing data version reads what is already there.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from indicators.store.catalogue import CATALOGUE_ENV, CATALOGUE_PATH
from indicators.store.delta_log import TABLE_DIR, log_dir
from indicators.store.files import atomic_write_bytes
from indicators.store.objects import location
from indicators.store.disk_cache import (CACHE_ENV, cache_root, file_fingerprint, held, load, materialised, prune,
    save, try_lock)

__all__ = ["CACHE_ENV", "UPDATING_FOR", "WARM_ENV", "being_materialised", "card_path", "choose", "commit_age", "load",
           "mark_done", "materialised", "object_path", "prune_versions", "save", "served", "version_dir",
           "versions_with", "warm_once", "warming"]

WARM_ENV = "MPD_WARM_SCORECARDS"            # "1" (a server thread) or "process": after a commit, compute the rest
KEEP_VERSIONS = 4                           # older data versions' folders are removed
WARMING = "warming"                         # the lock held by whoever materialises a data version's default objects
DONE = "DONE"                               # written in a data version's folder once all of them are materialised
GRACE = 15.0                                # seconds after a commit during which its version counts as being
                                            # materialised even before a worker has taken the warming lock
UPDATING_FOR = 8.0                          # seconds after a commit during which a page not yet drawn over its scores
                                            # is served as drawn before (pages._layouts); later it is drawn when asked
SCORING_DIR = Path(__file__).resolve().parent
LOG = logging.getLogger(__name__)


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


def object_path(data_root: Path, version: str, name: str) -> Path:
    """Where another object of a data version lives (a name of letters, digits, '-', '_' and '.'; any other
    character is replaced and the name made unique by a hash of it)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    if safe != name:
        safe += "-" + hashlib.sha1(name.encode()).hexdigest()[:8]
    return version_dir(data_root, version) / f"{safe}.pkl"


def prune_versions(data_root: Path) -> None:
    """Keep the folders of the most recently used data versions only."""
    prune(cache_root(data_root), KEEP_VERSIONS)


WARM_PROCESS = "process"     # $MPD_WARM_SCORECARDS=process: warm in a low-priority process, not a server thread
WARM_NICE = 10               # its niceness: the servers' request threads come first on a busy machine
_WARMED: set[str] = set()
_WARM_LOCK = threading.Lock()


def warming_on() -> bool:
    """Whether new data versions are warmed ($MPD_WARM_SCORECARDS 1 or process)."""
    return os.environ.get(WARM_ENV, "0") in ("1", WARM_PROCESS)


def warm_once(folder: Path, job: Callable[[], None]) -> bool:
    """Run `job` in a background thread once per data version and process when $MPD_WARM_SCORECARDS is 1 or
    `process` (then the job starts the warming as a process of its own: warm_command)."""
    if not warming_on():
        return False
    with _WARM_LOCK:
        if str(folder) in _WARMED:
            return False
        _WARMED.add(str(folder))
    threading.Thread(target=job, name="warm-scorecards", daemon=True).start()
    return True


def warm_command(data_root: Path | str) -> list[str]:
    """The command that materialises the current data version of a data directory (`python -m indicators warm`)."""
    return [sys.executable, "-m", "indicators", "warm", "--data-dir", str(data_root)]


def run_niced(command: list[str]) -> int:
    """Run a command at lower priority (WARM_NICE) and wait for it; its exit code (logged when not 0)."""
    done = subprocess.run(command, preexec_fn=lambda: os.nice(WARM_NICE), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    if done.returncode:
        LOG.warning("warming failed (%s): %s", done.returncode, done.stderr[-500:])
    return done.returncode


# ---------------------------------------------------------------- "scores updating": which data version to serve
def at_version(version: str, n: int) -> str:
    """The data version token of table version n of the same table as `version` ('<table id>-v<n>')."""
    return f"{version.rpartition('-v')[0]}-v{n}"


def table_version(version: str) -> int | None:
    """The table version of a data version token '<table id>-v<N>' (None for 'empty')."""
    head, sep, n = version.rpartition("-v")
    return int(n) if sep and head and n.isdigit() else None


def choose(current: int, have: Iterable[int], updating: bool) -> int:
    """The table version whose object a reader is served: the current one when it has it or when nothing is being
    materialised, else the newest earlier version that has it (the current one when none has)."""
    have = set(have)
    if current in have or not updating:
        return current
    return max((v for v in have if v < current), default=current)


def version_folders(data_root: Path, version: str) -> dict[int, Path]:
    """The folders of every table version of this table (same scoring code and catalogue) in the disk cache."""
    folder = version_dir(data_root, version)
    head = version.rpartition("-v")[0]
    pattern = re.compile(re.escape(head) + r"-v([0-9]+)" + re.escape(folder.name[len(version):]))
    try:
        names = os.listdir(folder.parent)
    except FileNotFoundError:
        return {}
    return {int(m.group(1)): folder.parent / d for d in names if (m := pattern.fullmatch(d))}


def versions_with(data_root: Path, version: str, name: str) -> set[int]:
    """The table versions of this table (same scoring code and catalogue) whose folder holds the object `name`."""
    return {n for n, folder in version_folders(data_root, version).items() if (folder / name).exists()}


def being_materialised(data_root: Path, version: str) -> bool:
    """True while a data version's default objects are being materialised after its commit: warming is on, the version
    is not done, and a worker holds its warming lock or its commit is younger than GRACE seconds."""
    folder = version_dir(data_root, version)
    if table_version(version) is None or not warming_on() or (folder / DONE).exists():
        return False
    if held(folder, WARMING):
        return True
    age = commit_age(data_root, version)
    return age is not None and age < GRACE


def commit_age(data_root: Path, version: str) -> float | None:
    """Seconds since the commit of a data version (None for 'empty' or when its record cannot be read)."""
    n = table_version(version)
    if n is None:
        return None
    try:
        return time.time() - (log_dir(location(data_root) / TABLE_DIR) / f"{n:020d}.json").stat().st_mtime
    except OSError:
        return None


def served(data_root: Path, version: str, name: str) -> str:
    """The data version whose object `name` a reader is served (see choose): the current version's once it exists."""
    n = table_version(version)
    if n is None or (version_dir(data_root, version) / name).exists() or not being_materialised(data_root, version):
        return version
    return at_version(version, choose(n, versions_with(data_root, version, name), True))


def warming(data_root: Path, version: str):
    """The warming lock of a data version, taken if free (a context yielding True), else False at once."""
    return try_lock(version_dir(data_root, version), WARMING)


def mark_done(data_root: Path, version: str) -> None:
    """Record that every default object of a data version is materialised (readers stop looking elsewhere)."""
    atomic_write_bytes(version_dir(data_root, version) / DONE, b"done\n")
