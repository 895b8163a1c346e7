"""The upload log of the store, folded from its table's commits: one row per upload (its record, the table version
that committed it, its status), damaged commits quarantined (left out, reported; a damaged retraction that still
names its upload still retracts it: data is withheld rather than served against a retraction nobody can read)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from indicators.store.delta_log import TABLE_DIR, Commit, LOG_DIR
from indicators.store.integrity import Damage, check_record

LOG_COLUMNS = ["upload_id", "group", "committed_at", "file_name", "sha256", "rows_accepted", "rows_rejected",
               "note", "indicators", "status", "retracted_at", "retracted_by", "retraction_note", "version"]
MAINTENANCE = ("OPTIMIZE", "CREATE TABLE", "CHECKPOINT", "SET TBLPROPERTIES", "ADD CONSTRAINT", "VACUUM START",
               "VACUUM END", "RESTORE")


@dataclass
class Log:
    """The fold of a table's commits: upload records with their versions, retractions, details, damage."""

    commits: dict[str, tuple[dict[str, Any], int]] = field(default_factory=dict)
    retractions: dict[str, dict[str, Any]] = field(default_factory=dict)
    damaged: list[Damage] = field(default_factory=list)
    good: list[Commit] = field(default_factory=list)

    def details(self) -> dict[str, dict]:
        """upload_id -> the 'details' block of its record (layout, rows set aside, ...)."""
        return {u: rec.get("details") or {} for u, (rec, _) in self.commits.items()}


def commit_path(c: Commit) -> str:
    """A commit file's path relative to the data directory."""
    return f"{TABLE_DIR}/{LOG_DIR}/{c.name}"


def _retracted_in(c: Commit) -> str | None:
    """The upload a (possibly damaged) commit retracts, from its application transaction id."""
    ids = [a.split(":", 1)[1] for a in c.app_ids if a.startswith("retract:")]
    return ids[0] if ids else None


def fold(commits: list[Commit], id_re: re.Pattern) -> Log:
    """Fold commits (oldest first) into the upload log; the first retraction of an upload is the one that counts."""
    log = Log()
    for c in commits:
        ours = any(a.startswith(("upload:", "retract:")) for a in c.app_ids)
        if c.record is None and not c.damage and not ours and (c.operation.upper() in MAINTENANCE or not c.adds):
            log.good.append(c)                     # an operator's compaction or checkpoint: no record, no new rows
            continue
        rec, why = (None, c.damage) if c.damage else check_record(c.record, id_re)
        if rec is not None:
            kind = rec.get("kind", "commit")
            prefix = "upload:" if kind == "commit" else "retract:"
            if f"{prefix}{rec['upload_id']}" not in c.app_ids:
                rec, why = None, "its upload id is missing or is not the one its transaction names"
        if rec is None:
            log.damaged.append(Damage(commit_path(c), "damaged", why or "no upload record in its commit"))
            target = _retracted_in(c)
            if target:
                log.retractions.setdefault(target, {"note": "(retraction record damaged)"})
            continue
        if rec.get("kind") == "retract":
            log.retractions.setdefault(rec["upload_id"], rec)
        elif rec["upload_id"] not in log.commits:
            log.commits[rec["upload_id"]] = (rec, c.version)
            log.good.append(c)
    return log


def uploads_frame(log: Log) -> pd.DataFrame:
    """One row per upload (LOG_COLUMNS), in commit order (table version)."""
    rows = []
    for uid, (rec, version) in log.commits.items():
        r = log.retractions.get(uid)
        rows.append({
            "upload_id": uid, "group": rec.get("group"), "committed_at": rec.get("committed_at"),
            "file_name": rec.get("file_name"), "sha256": rec.get("sha256"),
            "rows_accepted": int(rec.get("rows_accepted", 0)), "rows_rejected": int(rec.get("rows_rejected", 0)),
            "note": rec.get("note"), "indicators": ",".join(rec.get("indicators", [])),
            "status": "retracted" if r else "committed",
            "retracted_at": r.get("retracted_at") if r else None,
            "retracted_by": r.get("group") if r else None,
            "retraction_note": r.get("note") if r else None, "version": version,
        })
    df = pd.DataFrame(rows, columns=LOG_COLUMNS)
    for c in ("rows_accepted", "rows_rejected", "version"):
        df[c] = df[c].astype("int64")
    for c in set(LOG_COLUMNS) - {"rows_accepted", "rows_rejected", "version"}:
        df[c] = df[c].astype("object")
    return df.sort_values("version", kind="stable").reset_index(drop=True)
