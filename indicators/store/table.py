"""Writing the store's Delta Lake table through the `deltalake` package: one commit per upload (its rows and its
record), one commit per retraction (no rows, its record). The commit protocol is Delta's: a new version's commit
file is created only if absent, so of two writers at once one wins and the other retries on the next version
(appends never conflict); each commit carries an application transaction id (`upload:<id>`, `retract:<id>`), and
two commits with the same id at once conflict, so an upload id is used once and one retraction of an upload wins.

On S3 (an s3:// data directory) the commit file is put with `If-None-Match: *` (deltalake's conditional writes,
indicators.store.objects), which gives the same create-only-if-absent protocol. A commit's files are flushed to disk
(fsync) before the upload is reported done. Nothing is ever removed: the table is created with expired-log clean-up off and a century of log and file
retention, and the store never runs VACUUM (README, "Store on Delta Lake": what an operator may compact and how).
"""
from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from indicators.store.objects import Location, S3Path, listdir, parquet_source, storage_options

TABLE_CONFIG = {
    "delta.enableExpiredLogCleanup": "false",
    "delta.logRetentionDuration": "interval 36500 days",
    "delta.deletedFileRetentionDuration": "interval 36500 days",
    "delta.appendOnly": "true",
}

MAX_RETRIES = 200          # versions taken by other writers meanwhile before a commit gives up (appends never conflict)


class Conflict(Exception):
    """Another writer committed the same application id (the same upload id, or a retraction of the same upload)."""


def _commit_properties(record: dict[str, Any], app_id: str, retries: int = MAX_RETRIES):
    """The commit's properties: the record as userMetadata, the application transaction, no log clean-up."""
    from deltalake import CommitProperties, Transaction
    return CommitProperties(custom_metadata={"userMetadata": json.dumps(record, ensure_ascii=False)},
                            app_transactions=[Transaction(app_id, 1)], max_commit_retries=retries)


def options(path: Location) -> dict[str, str] | None:
    """deltalake's storage options for the table (credentials, endpoint, conditional writes on S3; none locally)."""
    return storage_options() if isinstance(path, S3Path) else None


def _open(path: Location):
    """The table for writing, None when it does not exist yet; ValueError when its log cannot be read."""
    from deltalake import DeltaTable
    from deltalake.exceptions import DeltaError, TableNotFoundError
    try:
        return DeltaTable(str(path), storage_options=options(path))
    except TableNotFoundError:
        return None
    except (DeltaError, OSError) as exc:
        raise ValueError("the store's table log cannot be read, so nothing can be committed: run `python -m "
                         "indicators check` and restore the damaged commit file from a backup "
                         f"({str(exc).splitlines()[0][:160]})") from None


def used(path: Location, app_id: str) -> bool:
    """True when some commit of the table carries this application id."""
    dt = _open(path)
    return dt is not None and dt.transaction_version(app_id) is not None


def append(path: Location, table: pa.Table, record: dict[str, Any], app_id: str) -> int:
    """Commit `table`'s rows (possibly none) with `record` as one new table version; returns the version.
    Conflict when another commit carries app_id (before or at the same moment). The commit that creates the table
    is tried once only: when another writer created it meanwhile, this one appends to that table (left to retry,
    deltalake would commit a second table creation at a later version, with a new table id)."""
    from deltalake import PostCommitHookProperties, WriterProperties, write_deltalake
    from deltalake.exceptions import DeltaError
    dt = _open(path)
    if dt is not None and dt.transaction_version(app_id) is not None:
        raise Conflict(app_id)
    props = _commit_properties(record, app_id, MAX_RETRIES if dt is not None else 0)
    before = _data_names(path)
    try:
        write_deltalake(dt if dt is not None else str(path), table, mode="append", storage_options=options(path),
                        configuration=TABLE_CONFIG if dt is None else None, commit_properties=props,
                        writer_properties=WriterProperties(compression="ZSTD"),
                        post_commithook_properties=PostCommitHookProperties(cleanup_expired_logs=False))
    except DeltaError as exc:
        remove_unnamed(path, before, record["upload_id"])
        now = _open(path)
        if "Concurrent transaction" in str(exc) or (now is not None and now.transaction_version(app_id) is not None):
            raise Conflict(app_id) from None
        if dt is None and now is not None:          # another writer created the table meanwhile: append to it
            return append(path, table, record, app_id)
        raise
    except BaseException:
        remove_unnamed(path, before, record["upload_id"])
        raise
    version = _version_of(path, app_id)
    _flush(path, version)
    return version


def _flush(path: Location, version: int) -> None:
    """Flush a commit's data files, its commit file and their folders to disk before the upload is reported done
    (the store does not rely on the Delta writer's own flushing; an object store has acknowledged them durable)."""
    if isinstance(path, S3Path):
        return
    from indicators.store.delta_log import LOG_DIR, read_commit
    from indicators.store.files import fsync_path
    name = f"{version:020d}.json"
    for f in [path / p for p in read_commit(path, name).adds] + [path / LOG_DIR / name, path, path / LOG_DIR]:
        fsync_path(f)


def _data_names(path: Location) -> set[str]:
    """The data file names in the table's folder."""
    try:
        return {n for n in listdir(path) if n.endswith(".parquet")}
    except (FileNotFoundError, NotADirectoryError):
        return set()


def remove_unnamed(path: Location, before: set[str], upload_id: str) -> list[str]:
    """After a failed commit: delete the data files it wrote (new since `before`, named by no commit, every row of
    this upload by the file's statistics), never another writer's; returns their names."""
    import pyarrow.parquet as pq
    from indicators.store.delta_log import named_files, replay
    named, gone = named_files(replay(path)), []
    for name in sorted(_data_names(path) - before - named):
        try:
            meta = pq.read_metadata(parquet_source(path / name))
            col = meta.schema.to_arrow_schema().get_field_index("upload_id")
            stats = [meta.row_group(i).column(col).statistics for i in range(meta.num_row_groups)]
            if col >= 0 and stats and all(s is not None and s.has_min_max and s.min == s.max == upload_id
                                          for s in stats):
                (path / name).unlink()
                gone.append(name)
        except (OSError, ValueError, IndexError):
            continue
    return gone


def _version_of(path: Location, app_id: str) -> int:
    """The version of the commit that carries app_id (the one just written)."""
    from indicators.store.delta_log import replay
    for c in reversed(replay(path)):
        if app_id in c.app_ids:
            return c.version
    raise RuntimeError(f"commit {app_id} not found after writing it")
