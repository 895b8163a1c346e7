"""The store's previous layout (before Delta Lake), kept to migrate from it and to measure against it:

    observations/<upload_id>.parquet      one immutable file per committed upload
    log/<upload_id>.commit.json           the upload record (who, when, file, SHA-256, rows, note)
    log/<upload_id>.retract[.<ts>].json   a retraction record

`events` reads such a directory as the store's history, in the order it happened; `write_upload` is that layout's
writer (data file, then record, each atomically), used by the migration tests and bench/ingest.py.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from indicators.store.files import atomic_write_bytes, atomic_write_table
from indicators.store.integrity import Damage, check_record

OLD_LOG = "log"
OLD_OBS = "observations"


@dataclass(frozen=True)
class Event:
    """One thing that happened to an old store: an upload (with its data file) or a retraction."""

    stamp: str
    kind: str                  # commit | retract
    record: dict[str, Any]
    data_file: Path | None = None


def _upload_id_of(name: str) -> str:
    """The upload id a log file name belongs to: '<id>.commit.json', '<id>.retract[.<stamp>].json'."""
    for marker in (".commit.", ".retract."):
        if marker in name:
            return name.split(marker)[0]
    return name[:-5]


def is_legacy(root: Path) -> bool:
    """True when a data directory has the previous layout (a log/ folder of records)."""
    return (root / OLD_LOG).is_dir()


def events(root: Path, id_re) -> tuple[list[Event], list[Damage]]:
    """Every upload and first retraction of an old data directory, oldest first (uploads by (committed_at, id), a
    retraction at its own time), and what is damaged (records unreadable, data files missing)."""
    out, damaged, retracted = [], [], set()
    log = root / OLD_LOG
    for name in sorted(os.listdir(log)) if log.is_dir() else []:
        if name.startswith(".") or not name.endswith(".json"):
            continue
        try:
            rec, why = check_record(json.loads((log / name).read_bytes().decode("utf-8")), id_re)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            rec, why = None, f"unreadable ({type(exc).__name__})"
        if rec is not None and rec["upload_id"] != _upload_id_of(name):
            rec, why = None, "its upload id is not the one in its file name"
        if rec is None:
            damaged.append(Damage(f"{OLD_LOG}/{name}", "damaged", why or ""))
        elif rec.get("kind") == "retract":
            if rec["upload_id"] not in retracted:
                retracted.add(rec["upload_id"])
                out.append(Event(rec["retracted_at"], "retract", rec))
        else:
            data = root / OLD_OBS / f"{rec['upload_id']}.parquet"
            if not data.is_file():
                damaged.append(Damage(f"{OLD_OBS}/{data.name}", "missing", "its commit record exists but the data "
                                                                           "file does not"))
            out.append(Event(rec["committed_at"], "commit", rec, data))
    order = {"commit": 0, "retract": 1}
    return sorted(out, key=lambda e: (e.stamp, order[e.kind], e.record["upload_id"])), damaged


def write_upload(root: Path, table: pa.Table, record: dict[str, Any]) -> None:
    """The previous layout's commit: the data file, then the record that makes the upload exist."""
    atomic_write_table(root / OLD_OBS / f"{record['upload_id']}.parquet", table)
    atomic_write_bytes(root / OLD_LOG / f"{record['upload_id']}.commit.json",
                       json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))


def write_retraction(root: Path, record: dict[str, Any]) -> None:
    """The previous layout's retraction record."""
    atomic_write_bytes(root / OLD_LOG / f"{record['upload_id']}.retract.json",
                       json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
