"""The store's integrity: log records read defensively (a damaged one is quarantined, never fatal), the problems of a
data directory listed for the operator, and the clean-up of what killed commits leave behind.

Quarantine: a table commit (observations/_delta_log/<version>.json) that cannot be read, or whose record (the
commit's userMetadata) is not the shape of an upload or retraction record or names another upload than its
transaction, is left out of the store's view and reported (a log line, `python -m indicators check`, a notice on the
upload history). It is never moved or rewritten (every Delta reader needs the log whole): the operator restores it
from a backup. A damaged upload commit hides its upload; a damaged retraction still retracts its upload when its
transaction id can be read (data is withheld rather than served against a retraction nobody can read).

Clean-up (after every commit, and `check --clean`): temporary files (ours `.tmp-*`, the Delta writer's `_commit_*`
and `*#n`), data files no commit names and proposal files of no upload, each only when older than a grace period, so
a commit in progress in another process (or on another server, over object storage) is never touched. The same
clean-up runs on an s3:// data directory (listing with modification times, deleting objects). A file some commit ever named is never deleted; while a
commit file is damaged no data file is called an orphan.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from indicators.store.delta_log import LOG_DIR, TABLE_DIR, named_files, replay
from indicators.store.objects import Location, scan

LOG = logging.getLogger(__name__)
ORPHAN_GRACE_SECONDS = 3600.0          # a commit writes its data file and its record within seconds
PROPOSALS = "proposals"


@dataclass(frozen=True)
class Damage:
    """One problem of a data directory: the file (relative to it), what kind of problem, and why."""

    path: str
    kind: str          # damaged | missing | orphan | temporary
    reason: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}: {self.reason}"


def check_record(rec: Any, id_re) -> tuple[dict[str, Any] | None, str | None]:
    """(record, None) for an upload or retraction record of the right shape, else (None, why it is damaged)."""
    if not isinstance(rec, dict):
        return None, "no upload record in its commit (a JSON object was expected)"
    uid, kind = rec.get("upload_id"), rec.get("kind", "commit")
    if not isinstance(uid, str) or not id_re.match(uid):
        return None, "its upload id is missing or is not the one its transaction names"
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


def _temporary(name: str) -> bool:
    """A name a writer uses before its file is in place (ours: .tmp-*; the Delta writer's: _commit_*, *#n)."""
    return name.startswith((".tmp-", "_commit_")) or "#" in name or name.endswith(".tmp")


def leftovers(root: Location, grace: float = ORPHAN_GRACE_SECONDS) -> list[Damage]:
    """Temporary files, data files no commit names and proposals of no upload, older than the grace period. When a
    commit file is damaged nothing is called an orphan (what it named cannot be told)."""
    commits = replay(root / TABLE_DIR)
    sure = not any(c.damage for c in commits)
    named = named_files(commits)
    uploads = {a.split(":", 1)[1] for c in commits for a in c.app_ids if a.startswith("upload:")}
    now, out = time.time(), []
    for sub, kind in ((TABLE_DIR, "data"), (f"{TABLE_DIR}/{LOG_DIR}", "log"), (PROPOSALS, "proposal")):
        for name, mtime, is_file in scan(root / sub):
            if not is_file or now - mtime <= grace or name.startswith(".") and not name.startswith(".tmp-"):
                continue
            if _temporary(name):
                out.append(Damage(f"{sub}/{name}", "temporary", "left by an interrupted write"))
            elif sure and ((kind == "data" and name.endswith(".parquet") and name not in named)
                           or (kind == "proposal" and name.endswith(".json") and name[:-5] not in uploads)):
                out.append(Damage(f"{sub}/{name}", "orphan", "no commit names it (a commit killed before its "
                                                           "table version was written)"))
    return out


def clean_leftovers(root: Location, grace: float = ORPHAN_GRACE_SECONDS) -> list[Damage]:
    """Delete the leftovers (see leftovers); returns what was deleted. Never raises (a read-only store is fine)."""
    done = []
    try:
        found = leftovers(root, grace)
    except OSError:
        return done
    for d in found:
        try:
            (root / d.path).unlink()
            done.append(d)
            LOG.info("store: deleted %s", d)
        except OSError:
            continue
    return done


def quarantine(root: Location, damaged: list[Damage]) -> list[str]:
    """What `check --quarantine` does with damaged commit files: nothing is moved (every Delta reader needs the log
    whole, and it is never rewritten); returns one line per file telling the operator what to do."""
    return [f"kept {d.path} in place (a table commit is never moved or rewritten: restore this file from a backup; "
            "until then the store serves everything else)" for d in damaged
            if d.kind == "damaged" and d.path.startswith(f"{TABLE_DIR}/{LOG_DIR}/")]
