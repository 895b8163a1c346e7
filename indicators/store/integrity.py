"""The store's integrity: log records read defensively (a damaged one is quarantined, never fatal), the problems of a
data directory listed for the operator, and the clean-up of what killed commits leave behind.

Quarantine: a log record that cannot be read (truncated, not JSON, not the shape of a record, or naming another
upload than its file name) is left out of the store's view and reported (a log line, `python -m indicators check`,
a notice on the upload history); the file itself is left where it is, untouched, until the operator moves it aside
(`check --quarantine`, into quarantine/). A damaged commit record hides its upload; a damaged retraction record still
retracts its upload (data is withheld rather than served against a retraction nobody can read).

Clean-up (after every commit, and `check --clean`): temporary files (`.tmp-*`) and data or proposal files that no log
record names (by file name: damaged and quarantined records count), each only when older than a grace period, so a
commit in progress in another process is never touched. A file some record ever named is never deleted.
"""
from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOG = logging.getLogger(__name__)
QUARANTINE_DIR = "quarantine"
ORPHAN_GRACE_SECONDS = 3600.0          # a commit writes its data file and its record within seconds
STORE_DIRS = ("observations", "proposals")


@dataclass(frozen=True)
class Damage:
    """One problem of a data directory: the file (relative to it), what kind of problem, and why."""

    path: str
    kind: str          # damaged | missing | orphan | temporary
    reason: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}: {self.reason}"


def upload_id_of(name: str) -> str:
    """The upload id a log file name belongs to: '<id>.commit.json', '<id>.retract[.<stamp>].json'."""
    for marker in (".commit.", ".retract."):
        if marker in name:
            return name.split(marker)[0]
    return name[:-5] if name.endswith(".json") else name


def read_record(path: Path, id_re) -> tuple[dict[str, Any] | None, str | None]:
    """(record, None) for a readable log record of the right shape, else (None, why it is damaged)."""
    try:
        with open(path, "rb") as fh:
            rec = json.loads(fh.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"unreadable ({type(exc).__name__}: {str(exc)[:120]})"
    if not isinstance(rec, dict):
        return None, "not a record (a JSON object was expected)"
    uid, kind = rec.get("upload_id"), rec.get("kind", "commit")
    if not isinstance(uid, str) or not id_re.match(uid) or uid != upload_id_of(path.name):
        return None, "its upload id is missing or is not the one in its file name"
    if kind not in ("commit", "retract"):
        return None, f"unknown kind of record {str(kind)[:40]!r}"
    stamp = rec.get("committed_at" if kind == "commit" else "retracted_at")
    if not isinstance(stamp, str) or not stamp:
        return None, "its time stamp is missing"
    if kind == "commit" and not (isinstance(rec.get("group"), str) and _whole(rec.get("rows_accepted", 0))
                                 and isinstance(rec.get("indicators", []), list)):
        return None, "a field (group, rows_accepted, indicators) is missing or of the wrong type"
    return rec, None


def _whole(v: Any) -> bool:
    """True for a non-negative integer (not a bool)."""
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def report(damaged: list[Damage]) -> None:
    """One log line per damaged record (the web server's log, the CLI's stderr)."""
    for d in damaged:
        LOG.warning("store: record quarantined (left out of every view): %s", d)


def named_uploads(root: Path) -> set[str]:
    """Upload ids that some record names, by file name: the log and the quarantine, damaged records included."""
    out: set[str] = set()
    for sub in ("log", QUARANTINE_DIR):
        try:
            out |= {upload_id_of(n) for n in os.listdir(root / sub) if not n.startswith(".")}
        except (FileNotFoundError, NotADirectoryError):
            pass
    return out


def leftovers(root: Path, grace: float = ORPHAN_GRACE_SECONDS) -> list[Damage]:
    """Temporary files and unnamed data or proposal files older than the grace period."""
    named, now, out = named_uploads(root), time.time(), []
    for sub in ("log",) + STORE_DIRS:
        try:
            entries = list(os.scandir(root / sub))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for e in entries:
            try:
                old = e.is_file(follow_symlinks=False) and now - e.stat(follow_symlinks=False).st_mtime > grace
            except OSError:
                continue
            if not old:
                continue
            if e.name.startswith(".tmp-"):
                out.append(Damage(f"{sub}/{e.name}", "temporary", "left by an interrupted write"))
            elif sub != "log" and e.name.rsplit(".", 1)[0] not in named and not e.name.startswith("."):
                out.append(Damage(f"{sub}/{e.name}", "orphan", "no log record names it (a commit killed before "
                                                               "its record was written)"))
    return out


def clean_leftovers(root: Path, grace: float = ORPHAN_GRACE_SECONDS) -> list[Damage]:
    """Delete the leftovers (see leftovers); returns what was deleted. Never raises (a read-only store is fine)."""
    done = []
    for d in leftovers(root, grace):
        try:
            (root / d.path).unlink()
            done.append(d)
            LOG.info("store: deleted %s", d)
        except OSError:
            continue
    return done


def quarantine(root: Path, damaged: list[Damage]) -> list[Path]:
    """Move damaged log records into quarantine/ (kept, never deleted); returns their new paths."""
    out = []
    for d in damaged:
        src = root / d.path
        if d.kind != "damaged" or not src.is_file():
            continue
        dest = root / QUARANTINE_DIR / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dest)
        out.append(dest)
    return out
