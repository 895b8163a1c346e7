"""File primitives of the store: atomic writes (temporary name, fsync, rename), hashes, time stamps and upload ids."""
from __future__ import annotations

import hashlib
import os
import secrets
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from indicators.store.objects import S3Path


def utc_now() -> str:
    """Current UTC time as an ISO-8601 string with microseconds."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_upload_id() -> str:
    """A fresh, time-sortable, collision-safe upload id."""
    return "u" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f") + "-" + secrets.token_hex(3)


def sha256_file(path: str | os.PathLike | S3Path) -> str:
    """Hex SHA-256 of a file's (or an object's) bytes."""
    if isinstance(path, S3Path):
        return hashlib.sha256(path.read_bytes()).hexdigest()
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(directory: Path) -> None:
    """Flush a directory entry to disk (best effort on platforms without O_DIRECTORY)."""
    fsync_path(directory)


def fsync_path(path: Path) -> None:
    """Flush a file or a folder to disk (best effort: nothing when it cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path | S3Path, payload: bytes) -> None:
    """Write bytes to `path` atomically: temporary name in the same directory, fsync, rename (an object on S3 is put
    whole: it is visible whole or not at all)."""
    if isinstance(path, S3Path):
        path.write_bytes(payload)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".tmp-{secrets.token_hex(6)}-{path.name}"
    with open(tmp, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def atomic_write_table(path: Path, table: pa.Table) -> None:
    """Write an Arrow table as Parquet atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".tmp-{secrets.token_hex(6)}-{path.name}"
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def exclusive_write_bytes(path: Path, payload: bytes) -> None:
    """Write bytes to `path` only if it does not exist yet (FileExistsError otherwise): written and fsynced under a
    temporary name, then hard-linked to its name, which fails atomically when another writer got there first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".tmp-{secrets.token_hex(6)}-{path.name}"
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)
