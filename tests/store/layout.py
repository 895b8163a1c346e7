"""Where an upload lives in the store's Delta table, for tests that look at files: its commit file, its data files,
the retraction commits of an upload (read straight from the table's log, not through the store)."""
from __future__ import annotations

import json
from pathlib import Path

TABLE = "observations"


def commits(root: Path) -> list[tuple[Path, list[dict]]]:
    """(commit file, its actions) for every readable commit of the table, oldest first."""
    out = []
    for path in sorted((root / TABLE / "_delta_log").glob("*.json")):
        try:
            out.append((path, [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]))
        except ValueError:
            continue
    return out


def _with_app_id(root: Path, app_id: str) -> list[tuple[Path, list[dict]]]:
    """The commits carrying an application transaction id."""
    return [(p, acts) for p, acts in commits(root) if any(a.get("txn", {}).get("appId") == app_id for a in acts)]


def commit_file(root: Path, uid: str) -> Path:
    """The commit file of an upload."""
    (path, _), = _with_app_id(root, f"upload:{uid}")
    return path


def data_files(root: Path, uid: str) -> list[Path]:
    """The data files an upload's commit added."""
    (_, acts), = _with_app_id(root, f"upload:{uid}")
    return [root / TABLE / a["add"]["path"] for a in acts if "add" in a]


def retraction_commits(root: Path, uid: str) -> list[Path]:
    """The retraction commits of an upload."""
    return [p for p, _ in _with_app_id(root, f"retract:{uid}")]


def record(path: Path) -> dict:
    """The record a commit carries (its commitInfo's userMetadata)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        info = json.loads(line).get("commitInfo")
        if info:
            return json.loads(info["userMetadata"])
    raise AssertionError(f"no commitInfo in {path}")
