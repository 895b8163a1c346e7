"""Where an upload lives in the store's Delta table, for tests that look at files: its commit file, its data files,
the retraction commits of an upload (read straight from the table's log, not through the store; local or on S3)."""
from __future__ import annotations

import json

from indicators.store.objects import Location, listdir

TABLE = "observations"


def commits(root: Location) -> list[tuple[Location, list[dict]]]:
    """(commit file, its actions) for every readable commit of the table, oldest first."""
    out, log = [], root / TABLE / "_delta_log"
    try:
        names = sorted(n for n in listdir(log) if n.endswith(".json"))
    except FileNotFoundError:
        names = []
    for path in (log / n for n in names):
        try:
            out.append((path, [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]))
        except ValueError:
            continue
    return out


def _with_app_id(root: Location, app_id: str) -> list[tuple[Location, list[dict]]]:
    """The commits carrying an application transaction id."""
    return [(p, acts) for p, acts in commits(root) if any(a.get("txn", {}).get("appId") == app_id for a in acts)]


def commit_file(root: Location, uid: str) -> Location:
    """The commit file of an upload."""
    (path, _), = _with_app_id(root, f"upload:{uid}")
    return path


def data_files(root: Location, uid: str) -> list[Location]:
    """The data files an upload's commit added."""
    (_, acts), = _with_app_id(root, f"upload:{uid}")
    return [root / TABLE / a["add"]["path"] for a in acts if "add" in a]


def retraction_commits(root: Location, uid: str) -> list[Location]:
    """The retraction commits of an upload."""
    return [p for p, _ in _with_app_id(root, f"retract:{uid}")]


def record(path: Location) -> dict:
    """The record a commit carries (its commitInfo's userMetadata)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        info = json.loads(line).get("commitInfo")
        if info:
            return json.loads(info["userMetadata"])
    raise AssertionError(f"no commitInfo in {path}")
