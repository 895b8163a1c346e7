"""Reading the store's Delta Lake table log: one commit file per table version (`_delta_log/<version>.json`, a line
of JSON per action), replayed commit by commit so that a damaged commit file costs only its own commit.

The store writes through the `deltalake` package (indicators.store.table); it reads the log itself, because a reader
that stops at the first unreadable commit would take the whole store down with one damaged file. What it reads is
the Delta protocol's own: `add` and `remove` actions (data files), `txn` actions (the store's application ids,
`upload:<id>` and `retract:<id>`) and `commitInfo`, whose `userMetadata` holds the upload or retraction record as
JSON. Commit files are immutable once written, so each is parsed once per process (keyed by name, size and time).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from indicators.store.objects import Location, listdir

TABLE_DIR = "observations"
LOG_DIR = "_delta_log"
COMMIT_RE = re.compile(r"^([0-9]{20})\.json$")
RECORD_KEY = "userMetadata"
_PARSED: dict[tuple[str, int, int], "Commit"] = {}


@dataclass
class Commit:
    """One table version: its record (None when damaged), data files added and removed, application ids."""

    version: int
    name: str
    record: dict[str, Any] | None = None
    adds: list[str] = field(default_factory=list)
    removes: list[str] = field(default_factory=list)
    app_ids: list[str] = field(default_factory=list)
    operation: str = ""
    damage: str | None = None


def log_dir(table: Location) -> Location:
    """The `_delta_log` folder of a table."""
    return table / LOG_DIR


def commit_names(table: Location) -> list[str]:
    """The commit file names of the table, oldest first (empty when there is no table yet)."""
    try:
        names = listdir(log_dir(table))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(n for n in names if COMMIT_RE.match(n))


def latest_version(table: Location) -> int | None:
    """The table's latest version (one directory listing), None when there is no table yet."""
    names = commit_names(table)
    return int(names[-1][:20]) if names else None


def read_commit(table: Location, name: str) -> Commit:
    """One commit file parsed (cached while its name, size and modification time are unchanged; on object storage by
    name alone: a commit object is created once, conditionally, and never rewritten, so no request is spent on it)."""
    path = log_dir(table) / name
    try:
        st = path.stat() if isinstance(path, Path) else None
    except OSError as exc:
        return Commit(int(name[:20]), name, damage=f"unreadable ({type(exc).__name__})")
    key = (str(path), st.st_size, st.st_mtime_ns) if st else (str(path), 0, 0)
    if key in _PARSED:
        return _PARSED[key]
    commit = _parse(path, int(name[:20]), name)
    if st or not commit.damage:                # a failed request to object storage is read again next time
        _PARSED[key] = commit
    return commit


def _parse(path: Location, version: int, name: str) -> Commit:
    """Parse the actions of one commit file; any unreadable line marks the whole commit damaged (what could be read is
    kept, so a damaged retraction still names its upload)."""
    commit = Commit(version, name)
    try:
        lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    except OSError as exc:
        commit.damage = f"unreadable commit file ({type(exc).__name__})"
        return commit
    actions = []
    for line in (ln for ln in lines if ln.strip()):
        try:
            action = json.loads(line)
        except ValueError as exc:
            commit.damage = f"unreadable commit file ({type(exc).__name__}: {str(exc)[:100]})"
            continue
        if isinstance(action, dict):
            actions.append(action)
        else:
            commit.damage = "a line of the commit file is not an action"
    if not actions:
        commit.damage = commit.damage or "not a commit file (no actions)"
    for action in actions:
        if isinstance(action.get("add"), dict):
            commit.adds.append(unquote(str(action["add"].get("path"))))
        elif isinstance(action.get("remove"), dict):
            commit.removes.append(unquote(str(action["remove"].get("path"))))
        elif isinstance(action.get("txn"), dict):
            commit.app_ids.append(str(action["txn"].get("appId")))
        elif isinstance(action.get("commitInfo"), dict):
            info = action["commitInfo"]
            commit.operation = str(info.get("operation", ""))
            commit.record = _record(info.get(RECORD_KEY))
    return commit


def _record(raw: Any) -> dict[str, Any] | None:
    """The store's record in a commit's userMetadata, or None when absent or not a JSON object."""
    if not isinstance(raw, str):
        return None
    try:
        rec = json.loads(raw)
    except ValueError:
        return None
    return rec if isinstance(rec, dict) else None


def replay(table: Location, version: int | None = None) -> list[Commit]:
    """Every commit of the table up to `version` (default: the latest), oldest first."""
    out = []
    for name in commit_names(table):
        if version is not None and int(name[:20]) > version:
            break
        out.append(read_commit(table, name))
    return out


def live_files(commits: list[Commit]) -> dict[str, int]:
    """Data file (relative to the table) -> the version that added it, for the files live after these commits; the
    files of a damaged commit are left out (it cannot be told what they were)."""
    files: dict[str, int] = {}
    for c in commits:
        if c.damage:
            continue
        for p in c.adds:
            files[p] = c.version
        for p in c.removes:
            files.pop(p, None)
    return files


def named_files(commits: list[Commit]) -> set[str]:
    """Every data file some commit ever named (added or removed): never deleted by the store."""
    return {p for c in commits for p in c.adds + c.removes}


def table_id(table: Location) -> str:
    """The table's unique id (from its first commit's metaData), '' when unknown."""
    names = commit_names(table)
    if not names:
        return ""
    try:
        for line in (log_dir(table) / names[0]).read_text(encoding="utf-8").splitlines():
            action = json.loads(line)
            if isinstance(action, dict) and isinstance(action.get("metaData"), dict):
                return str(action["metaData"].get("id", ""))
    except (OSError, UnicodeDecodeError, ValueError):
        pass
    return ""
