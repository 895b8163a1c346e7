"""The store: a Delta Lake table of observations (one commit per upload, carrying its record), DuckDB as the query
engine.

Layout of a data directory (a folder, or an s3://bucket/prefix URL: indicators.store.objects):
    observations/                         a Delta Lake table (written by the `deltalake` package)
        _delta_log/<version>.json         one commit per upload (its rows' data file added, its record in the
                                          commit's userMetadata, transaction id upload:<id>) or per retraction
                                          (no rows, its record, transaction id retract:<id>); never rewritten
        part-*.parquet                    the data files (immutable; never deleted by the product)
    context/migrant_stock.parquet         UN DESA bilateral migrant stock (weights for corridor averages)

An upload is visible only once its commit file exists (Delta's commit protocol: the file of a new version is
created only if absent, so a crash never leaves a half-committed upload and of two writers one retries). The data
version is the table version; the current value of a key (indicator, place, period, sex) is the one of the latest
committed (highest version), non-retracted upload.
"""
from __future__ import annotations

from indicators.i18n import _

import json
import os
import re
import threading
from collections import OrderedDict
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from indicators.store.config import data_dir as resolve_data_dir
from indicators.store.duck_tables import annual_table, as_frame, build_tables
from indicators.store.schema import KEY_COLUMNS, OBS_COLUMNS, OBS_SCHEMA, UPLOAD_ID_RE  # noqa: F401  (re-exported)
from indicators.store.delta_log import TABLE_DIR, latest_version, live_files, replay, table_id
from indicators.store.files import new_upload_id, sha256_file, utc_now
from indicators.store.integrity import Damage, clean_leftovers, report
from indicators.store.objects import S3Path
from indicators.store.records import Log, fold, uploads_frame
from indicators.store.table import Conflict, append

PERIOD_RE = re.compile(r"^([0-9]{4})(Q[1-4])?$")
MEMO_SIZE = 256


def period_year(period: pd.Series) -> pd.Series:
    """Numeric year of periods like '2023' or '2023Q2'."""
    return period.str.slice(0, 4).astype("int16")


def to_observation_table(frame: pd.DataFrame, upload_id: str) -> pa.Table:
    """Conform an observation frame to the stored schema (year derived, defaults filled)."""
    df = pd.DataFrame({c: frame[c] if c in frame.columns else None for c in OBS_COLUMNS})
    for col in ("indicator_id", "iso3", "origin_iso3", "destination_iso3", "period", "sex", "source", "note"):
        df[col] = df[col].astype("object").where(df[col].notna(), None)
    df["sex"] = df["sex"].where(df["sex"].notna(), "total")
    bad = ~df["period"].astype(str).str.fullmatch(PERIOD_RE)
    if bad.any():                            # ASCII digits only: int() would read ٢٠٢٠ as 2020 under another key
        raise ValueError(f"period {df['period'][bad].iloc[0]!r} is not a year (2023) or a quarter (2023Q2)")
    df["year"] = period_year(df["period"].astype(str))
    df["value"] = df["value"].astype("float64") + 0.0      # -0.0 is stored as 0.0 (one zero, one key value)
    df["upload_id"] = upload_id
    return pa.Table.from_pandas(df[OBS_COLUMNS], schema=OBS_SCHEMA, preserve_index=False)


def _quotable(log: pd.DataFrame) -> dict[str, Any]:
    """The number of log records (commits and retractions) of an upload log and the date of the latest."""
    stamps = [str(t)[:10] for t in list(log["committed_at"]) + list(log["retracted_at"]) if t and t == t]
    return {"number": len(log) + int(log["retracted_at"].notna().sum()), "date": max(stamps) if stamps else None}


class Store:
    """A data directory seen through DuckDB; tables are rebuilt once per data version (a new upload or retraction).

    The data version is the version of the Delta table `observations/`; `as_of(upload)` reads the table as it stood
    at the version that committed that upload (time travel)."""

    def __init__(self, root: str | os.PathLike | S3Path | None = None):
        self.root = resolve_data_dir(root)
        self.table_dir = self.root / TABLE_DIR
        self.obs_dir = self.table_dir
        self.context_dir = self.root / "context"
        self._lock = threading.RLock()
        self._cached_version: str | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._memo: OrderedDict[Any, Any] = OrderedDict()
        self._memo_version: str | None = None
        self._con_lock = threading.Lock()
        self._damaged: list[Damage] = []
        self._log = Log()
        self._table_id = ""

    # ------------------------------------------------------------------ versioning and connection
    def table_version(self) -> int | None:
        """The Delta table's latest version (None before the first upload): one listing of its log."""
        return latest_version(self.table_dir)

    def version(self) -> str:
        """A token that changes whenever an upload is committed or retracted: the table's id and version."""
        v = self.table_version()
        if v is None:
            return "empty"
        if not self._table_id:
            self._table_id = table_id(self.table_dir)
        return f"{self._table_id[:8]}-v{v}"

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB cursor over the current data version (tables rebuilt only when the version changes; readers of the
        memo do not wait for a rebuild)."""
        version = self.version()
        with self._con_lock:
            if self._con is None or version != self._cached_version:
                self._con, self._log, damaged = build_tables(self.table_dir, self.table_version())
                if [str(d) for d in damaged] != [str(d) for d in self._damaged]:
                    report(damaged)
                self._damaged = damaged
                self._cached_version = version
            return self._con.cursor()

    def _memo_of(self, version: str) -> OrderedDict:
        """The memo of a data version (emptied when the version changed: one listing of the table log, no tables
        built)."""
        with self._lock:
            if version != self._memo_version:
                self._memo, self._memo_version = OrderedDict(), version
            return self._memo

    def memo(self, key: Any, compute) -> Any:
        """Cache `compute()` for the current data version (invalidated when an upload lands or is retracted).

        Least recently used entries beyond MEMO_SIZE are dropped, so many weight combinations cannot exhaust memory.
        """
        version = self.version()
        memo = self._memo_of(version)
        with self._lock:
            if key in memo:
                memo.move_to_end(key)
                return memo[key]
        value = compute()
        with self._lock:
            if key in memo:                            # computed meanwhile by another thread: one value per key
                return memo[key]
            if self._memo is memo:                     # not kept when a newer version landed meanwhile
                memo[key] = value
                while len(memo) > MEMO_SIZE:
                    memo.popitem(last=False)
        return value

    def peek(self, key: Any) -> Any:
        """What memo() holds for key in the current data version, or None (never computes)."""
        memo = self._memo_of(self.version())
        with self._lock:
            return memo.get(key)

    # ------------------------------------------------------------------ writes
    def commit(self, frame: pd.DataFrame, group: str, file_name: str, sha256: str, note: str | None = None,
               upload_id: str | None = None, committed_at: str | None = None, rows_rejected: int = 0) -> str:
        """Store validated observations as one new upload (one table commit carrying its record); returns its id."""
        upload_id = upload_id or new_upload_id()
        table = to_observation_table(frame, upload_id)
        record = {
            "kind": "commit", "upload_id": upload_id, "group": group, "committed_at": committed_at,
            "file_name": file_name, "sha256": sha256, "rows_accepted": table.num_rows,
            "rows_rejected": int(rows_rejected), "note": note or "",
            "indicators": sorted(set(table.column("indicator_id").to_pylist())),
        }
        return self.commit_table(table, record, stamp=committed_at is None)

    def commit_table(self, table: pa.Table, record: dict[str, Any], stamp: bool = True) -> str:
        """Commit a conformed observation table and its record as one table version (the record's time stamped now
        unless stamp is False); ValueError when the id is invalid or used, or the record cannot be encoded."""
        upload_id = record["upload_id"]
        if not UPLOAD_ID_RE.match(upload_id):
            raise ValueError(f"invalid upload id {upload_id!r}")
        json.dumps(record, ensure_ascii=False).encode("utf-8")      # refuses (ValueError) before any byte is written
        if stamp:
            record["committed_at"] = utc_now()
        try:
            append(self.table_dir, table, record, f"upload:{upload_id}")
        except Conflict:
            raise ValueError(f"upload {upload_id} already exists") from None
        clean_leftovers(self.root)
        return upload_id

    def exists(self, upload_id: str) -> bool:
        """True when an upload with this id was committed (whatever became of it since)."""
        return UPLOAD_ID_RE.match(upload_id) is not None and any(
            f"upload:{upload_id}" in c.app_ids for c in replay(self.table_dir))

    def retract(self, upload_id: str, group: str, note: str | None = None) -> dict[str, Any]:
        """Hide an upload from current values with a retraction commit (its record, no rows); nothing is deleted."""
        if not self.exists(upload_id):
            raise KeyError(_("no upload {id}").format(id=repr(upload_id)))
        already = ValueError(_("upload {id} is already retracted").format(id=upload_id))
        record = {"kind": "retract", "upload_id": upload_id, "group": group, "retracted_at": utc_now(),
                  "note": note or ""}
        try:                                  # one application id per retraction: of two at once, one wins
            append(self.table_dir, pa.Table.from_pylist([], schema=OBS_SCHEMA), record, f"retract:{upload_id}")
        except Conflict:
            raise already from None
        return record

    def damaged(self) -> list[Damage]:
        """The commits and data files of the current data version that are damaged and left out of every view."""
        self.connection()
        return list(self._damaged)

    def details(self) -> dict[str, dict]:
        """upload_id -> the 'details' block of its record (layout, rows set aside, ...), current data version."""
        self.connection()
        return self._log.details()

    def live_files(self) -> list[str]:
        """The data files of the current data version, relative to the data directory."""
        self.connection()
        return [f"{TABLE_DIR}/{f}" for f in live_files(self._log.good)]

    # ------------------------------------------------------------------ reads
    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run SQL against the current data version and return a DataFrame."""
        return self.connection().execute(sql, params or []).df()

    def uploads(self) -> pd.DataFrame:
        """The upload log, one row per upload, oldest first, with status committed/retracted."""
        return self.query("SELECT * FROM uploads ORDER BY version")

    def observations(self, indicator_id: str | None = None, history: bool = False) -> pd.DataFrame:
        """Current observations (or every stored version with `history=True`), optionally for one indicator."""
        table = "obs_all" if history else "obs_current"
        where = "WHERE indicator_id = ?" if indicator_id else ""
        return self.query(f"SELECT * FROM {table} {where} ORDER BY indicator_id, iso3, origin_iso3, "
                          f"destination_iso3, period, version", [indicator_id] if indicator_id else [])

    def as_of(self, upload_id: str) -> pd.DataFrame:
        """Current values as they stood right after `upload_id` was committed: the table read at that upload's version
        (time travel; retractions made later are not in it)."""
        log = self.uploads()
        hit = log[log["upload_id"] == upload_id]
        if hit.empty:
            return self.query("SELECT * EXCLUDE (retracted) FROM obs_all WHERE false")
        con, _, _ = build_tables(self.table_dir, int(hit["version"].iloc[0]))
        return con.execute("SELECT * FROM obs_current ORDER BY indicator_id, iso3, origin_iso3, destination_iso3, "
                           "period").df()

    def annual(self, sex: str = "total", indicators: tuple[str, ...] | None = None) -> pd.DataFrame:
        """Current values with quarters averaged within each year: one value per indicator, place and year (of the
        given indicators only, when given), in no particular order."""
        ids = None if indicators is None else list(indicators)
        return self.memo(("annual", sex, indicators), lambda: as_frame(annual_table(self.connection(), sex, ids)))

    def latest(self, year: int, windows: dict[str, float | None], sex: str = "total") -> pd.DataFrame:
        """Latest annual value per indicator and place within [year - window, year] (window None = no limit)."""
        win = pd.DataFrame({"indicator_id": list(windows),
                            "window": [1e9 if w is None or pd.isna(w) else float(w) for w in windows.values()]})
        con = self.connection()
        con.register("windows", win)
        return con.execute("""
            WITH a AS (
                SELECT indicator_id, iso3, origin_iso3, destination_iso3, year::INTEGER AS year, avg(value) AS value
                FROM obs_current WHERE sex = ? AND year <= ? GROUP BY ALL)
            SELECT a.indicator_id, iso3, origin_iso3, destination_iso3,
                   arg_max(value, a.year) AS value, max(a.year) AS year_used
            FROM a JOIN windows w ON a.indicator_id = w.indicator_id
            WHERE a.year >= ? - w."window"
            GROUP BY ALL ORDER BY 1, 2, 3, 4
        """, [sex, year, year]).df()

    def corridor_table(self, indicator_id: str, year: int, window: float | None = 5) -> pd.DataFrame:
        """Latest value of one corridor indicator per corridor within the window, costliest first."""
        out = self.latest(year, {indicator_id: window})
        out = out[out["origin_iso3"].notna()][["origin_iso3", "destination_iso3", "value", "year_used"]]
        return out.sort_values("value", ascending=False).reset_index(drop=True)

    def series(self, indicator_id: str, iso3: str | None = None, origin_iso3: str | None = None,
               destination_iso3: str | None = None) -> pd.DataFrame:
        """Time series of one indicator for one country or corridor (all periods, current values)."""
        if iso3:
            return self.query("SELECT * FROM obs_current WHERE indicator_id = ? AND iso3 = ? ORDER BY period",
                              [indicator_id, iso3])
        return self.query("""SELECT * FROM obs_current WHERE indicator_id = ?
                             AND (? IS NULL OR origin_iso3 = ?) AND (? IS NULL OR destination_iso3 = ?)
                             ORDER BY origin_iso3, destination_iso3, period""",
                          [indicator_id, origin_iso3, origin_iso3, destination_iso3, destination_iso3])

    def migrant_stock(self) -> pd.DataFrame:
        """UN DESA bilateral migrant stock (origin_iso3, destination_iso3, year, stock_total); empty if absent."""
        path = self.context_dir / "migrant_stock.parquet"

        def load() -> pd.DataFrame:
            if not path.exists():
                return pd.DataFrame({"origin_iso3": pd.Series(dtype=object), "destination_iso3": pd.Series(dtype=object),
                                     "year": pd.Series(dtype="int64"), "stock_total": pd.Series(dtype="int64")})
            return pq.read_table(path.open_input()).to_pandas() if isinstance(path, S3Path) else pd.read_parquet(path)
        return self.memo("migrant_stock", load)

    def data_version(self) -> dict[str, Any]:
        """The data version as people can quote it: the number of log records (commits and retractions) and the date
        of the latest, with the store's version token."""
        version = self.table_version()
        if version is None:
            return {**_quotable(self.uploads()), "token": self.version()}
        return self.memo("data-version", lambda: self.data_version_at(version))

    def data_version_at(self, table_version: int) -> dict[str, Any]:
        """The data version as it stood at an earlier table version (its log replayed up to it): number, date, the
        latest upload committed by then (None before any) and the version token."""
        log = uploads_frame(fold(replay(self.table_dir, table_version), UPLOAD_ID_RE))
        latest = log.loc[log["version"].idxmax(), "upload_id"] if len(log) else None
        return {**_quotable(log), "upload": latest, "token": f"{self.version().rpartition('-v')[0]}-v{table_version}"}

    def data_years(self) -> list[int]:
        """Years that have at least one current observation."""
        return [int(y) for y in self.query("SELECT DISTINCT year FROM obs_current ORDER BY year")["year"]]

    def file_state(self) -> dict[str, str]:
        """Relative path -> SHA-256 of every file under the data directory (to prove a rejection changed nothing)."""
        out: dict[str, str] = {}
        if self.root.exists():
            for p in sorted(self.root.rglob("*")):
                if p.is_file():
                    out[str(p.relative_to(self.root))] = sha256_file(p)
        return out
