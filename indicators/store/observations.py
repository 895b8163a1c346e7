"""The store: immutable Parquet files per upload, an append-only upload log, DuckDB as the query engine.

Layout of a data directory (DESIGN §2):
    observations/<upload_id>.parquet      one immutable file per committed upload
    log/<upload_id>.commit.json           the upload record (who, when, file, SHA-256, rows, note)
    log/<upload_id>.retract.json          a retraction record, created exclusively (older stores: .retract.<ts>.json);
                                          nothing is ever deleted
    context/migrant_stock.parquet         UN DESA bilateral migrant stock (weights for corridor averages)

Every write goes to a temporary name in the same directory, is fsynced, then renamed, so a crash never leaves a
half-written file visible. An upload is visible only once its log record exists (the record is written last).
The current value of a key (indicator, place, period, sex) is the one of the latest committed, non-retracted upload.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from indicators.store.config import data_dir as resolve_data_dir
from indicators.store.files import (
    atomic_write_bytes, atomic_write_table, exclusive_write_bytes, new_upload_id, sha256_file, utc_now)
from indicators.store.integrity import Damage, clean_leftovers, read_record, report, upload_id_of

KEY_COLUMNS = ["indicator_id", "iso3", "origin_iso3", "destination_iso3", "period", "sex"]
OBS_SCHEMA = pa.schema([
    ("indicator_id", pa.string()),
    ("iso3", pa.string()),
    ("origin_iso3", pa.string()),
    ("destination_iso3", pa.string()),
    ("period", pa.string()),
    ("year", pa.int16()),
    ("value", pa.float64()),
    ("sex", pa.string()),
    ("source", pa.string()),
    ("note", pa.string()),
    ("upload_id", pa.string()),
])
OBS_COLUMNS = [f.name for f in OBS_SCHEMA]
LOG_COLUMNS = ["upload_id", "group", "committed_at", "file_name", "sha256", "rows_accepted", "rows_rejected",
               "note", "indicators", "status", "retracted_at", "retracted_by", "retraction_note"]
UPLOAD_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
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


class Store:
    """A data directory seen through DuckDB; tables are rebuilt once per data version (a new upload or retraction)."""

    def __init__(self, root: str | os.PathLike | None = None):
        self.root = resolve_data_dir(root)
        self.obs_dir = self.root / "observations"
        self.log_dir = self.root / "log"
        self.context_dir = self.root / "context"
        self._lock = threading.RLock()
        self._cached_version: str | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._memo: OrderedDict[Any, Any] = OrderedDict()
        self._damaged: list[Damage] = []

    # ------------------------------------------------------------------ versioning and connection
    def version(self) -> str:
        """A token that changes whenever an upload is committed or retracted (cheap: one directory listing)."""
        try:
            names = sorted(n for n in os.listdir(self.log_dir) if n.endswith(".json") and not n.startswith("."))
        except FileNotFoundError:
            names = []
        return hashlib.sha1("\n".join(names).encode()).hexdigest()[:16]

    def connection(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB cursor over the current data version (tables rebuilt only when the version changes)."""
        version = self.version()
        with self._lock:
            if self._con is None or version != self._cached_version:
                self._con = self._build(version)
                self._cached_version = version
                self._memo = OrderedDict()
            return self._con.cursor()

    def memo(self, key: Any, compute) -> Any:
        """Cache `compute()` for the current data version (invalidated when an upload lands or is retracted).

        Least recently used entries beyond MEMO_SIZE are dropped, so many weight combinations cannot exhaust memory.
        """
        self.connection()
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        value = compute()
        with self._lock:
            self._memo[key] = value
            while len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return value

    def peek(self, key: Any) -> Any:
        """What memo() holds for key in the current data version, or None (never computes)."""
        self.connection()
        with self._lock:
            return self._memo.get(key)

    def _build(self, version: str) -> duckdb.DuckDBPyConnection:
        """Create the in-memory tables `uploads`, `obs_all` and `obs_current` for one data version."""
        con = duckdb.connect(":memory:")
        log = self._read_log()
        con.register("log_df", log)
        con.execute("CREATE TABLE uploads AS SELECT * FROM log_df")
        con.unregister("log_df")
        committed = log["upload_id"].tolist()
        files = [str(self.obs_dir / f"{u}.parquet") for u in committed if (self.obs_dir / f"{u}.parquet").exists()]
        if files:
            self._load_observations(con, files)
        else:
            con.register("empty_obs", pa.Table.from_pylist([], schema=OBS_SCHEMA))
            con.execute("CREATE TABLE obs_raw AS SELECT * FROM empty_obs")
            con.unregister("empty_obs")
        con.execute("""
            CREATE TABLE obs_all AS
            SELECT o.*, u."group" AS upload_group, u.committed_at, u.status = 'retracted' AS retracted
            FROM obs_raw o JOIN uploads u USING (upload_id)
        """)
        con.execute("""
            CREATE TABLE obs_current AS
            SELECT * EXCLUDE (retracted) FROM obs_all WHERE NOT retracted
            QUALIFY row_number() OVER (
                PARTITION BY indicator_id, iso3, origin_iso3, destination_iso3, period, sex
                ORDER BY committed_at DESC, upload_id DESC) = 1
        """)
        con.execute("DROP TABLE obs_raw")
        return con

    def _load_observations(self, con: duckdb.DuckDBPyConnection, files: list[str]) -> None:
        """Table obs_raw from the data files; a damaged file is left out and reported (its upload shows no values)."""
        sql = "CREATE OR REPLACE TABLE obs_raw AS SELECT * FROM read_parquet(?, union_by_name = true)"
        try:
            con.execute(sql, [files])
            return
        except duckdb.Error:
            pass
        good = []
        for f in files:
            try:
                con.execute("CREATE OR REPLACE TEMP TABLE probe AS SELECT * FROM read_parquet(?)", [f])
                good.append(f)
            except duckdb.Error as exc:
                damage = Damage(f"observations/{os.path.basename(f)}", "damaged",
                                f"unreadable data file ({str(exc).splitlines()[0][:120]})")
                self._damaged.append(damage)
                report([damage])
        con.execute("DROP TABLE IF EXISTS probe")
        if good:
            con.execute(sql, [good])
        else:
            con.register("empty_obs", pa.Table.from_pylist([], schema=OBS_SCHEMA))
            con.execute("CREATE TABLE obs_raw AS SELECT * FROM empty_obs")
            con.unregister("empty_obs")

    def _read_log(self) -> pd.DataFrame:
        """All commit and retraction records folded into one row per upload, with its status; a damaged record is
        quarantined (left out, reported; a damaged retraction still retracts its upload)."""
        records, retractions, damaged = [], {}, []
        if self.log_dir.exists():
            for name in sorted(os.listdir(self.log_dir)):
                if name.startswith(".") or not name.endswith(".json"):
                    continue
                rec, why = read_record(self.log_dir / name, UPLOAD_ID_RE)
                if rec is None:
                    damaged.append(Damage(f"log/{name}", "damaged", why))
                    if ".retract." in name:
                        retractions.setdefault(upload_id_of(name), {"note": "(retraction record damaged)"})
                elif rec.get("kind") == "retract":
                    retractions.setdefault(rec["upload_id"], rec)
                else:
                    records.append(rec)
        if damaged != self._damaged:
            report(damaged)
        self._damaged = damaged
        rows = []
        for rec in records:
            r = retractions.get(rec["upload_id"])
            rows.append({
                "upload_id": rec["upload_id"], "group": rec.get("group"), "committed_at": rec.get("committed_at"),
                "file_name": rec.get("file_name"), "sha256": rec.get("sha256"),
                "rows_accepted": int(rec.get("rows_accepted", 0)), "rows_rejected": int(rec.get("rows_rejected", 0)),
                "note": rec.get("note"), "indicators": ",".join(rec.get("indicators", [])),
                "status": "retracted" if r else "committed",
                "retracted_at": r.get("retracted_at") if r else None,
                "retracted_by": r.get("group") if r else None,
                "retraction_note": r.get("note") if r else None,
            })
        df = pd.DataFrame(rows, columns=LOG_COLUMNS)
        for c in ("rows_accepted", "rows_rejected"):
            df[c] = df[c].astype("int64")
        for c in set(LOG_COLUMNS) - {"rows_accepted", "rows_rejected"}:
            df[c] = df[c].astype("object")
        return df.sort_values(["committed_at", "upload_id"], kind="stable").reset_index(drop=True)

    # ------------------------------------------------------------------ writes
    def commit(self, frame: pd.DataFrame, group: str, file_name: str, sha256: str, note: str | None = None,
               upload_id: str | None = None, committed_at: str | None = None, rows_rejected: int = 0) -> str:
        """Store validated observations as one new immutable upload; returns its id. The log record is written last."""
        upload_id = upload_id or new_upload_id()
        if not UPLOAD_ID_RE.match(upload_id):
            raise ValueError(f"invalid upload id {upload_id!r}")
        if (self.log_dir / f"{upload_id}.commit.json").exists():
            raise ValueError(f"upload {upload_id} already exists")
        table = to_observation_table(frame, upload_id)
        record = {
            "kind": "commit", "upload_id": upload_id, "group": group, "committed_at": committed_at,
            "file_name": file_name, "sha256": sha256, "rows_accepted": table.num_rows,
            "rows_rejected": int(rows_rejected), "note": note or "",
            "indicators": sorted(set(table.column("indicator_id").to_pylist())),
        }
        json.dumps(record, ensure_ascii=False).encode("utf-8")      # refuses (ValueError) before any byte is written
        atomic_write_table(self.obs_dir / f"{upload_id}.parquet", table)
        record["committed_at"] = committed_at or utc_now()
        atomic_write_bytes(self.log_dir / f"{upload_id}.commit.json",
                           json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
        clean_leftovers(self.root)
        return upload_id

    def retract(self, upload_id: str, group: str, note: str | None = None) -> dict[str, Any]:
        """Hide an upload from current values by writing a retraction record; nothing is deleted."""
        if not UPLOAD_ID_RE.match(upload_id) or not (self.log_dir / f"{upload_id}.commit.json").exists():
            raise KeyError(f"no upload {upload_id!r}")
        already = ValueError(f"upload {upload_id} is already retracted")
        if any(n.startswith(f"{upload_id}.retract.") for n in os.listdir(self.log_dir)):
            raise already
        record = {"kind": "retract", "upload_id": upload_id, "group": group, "retracted_at": utc_now(),
                  "note": note or ""}
        payload = json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8")
        try:                                  # one name per upload, created exclusively: of two at once, one wins
            exclusive_write_bytes(self.log_dir / f"{upload_id}.retract.json", payload)
        except FileExistsError:
            raise already from None
        return record

    def damaged(self) -> list[Damage]:
        """The log records of the current data version that are damaged and left out of every view."""
        self.connection()
        return list(self._damaged)

    # ------------------------------------------------------------------ reads
    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run SQL against the current data version and return a DataFrame."""
        return self.connection().execute(sql, params or []).df()

    def uploads(self) -> pd.DataFrame:
        """The upload log, one row per upload, oldest first, with status committed/retracted."""
        return self.query("SELECT * FROM uploads ORDER BY committed_at, upload_id")

    def observations(self, indicator_id: str | None = None, history: bool = False) -> pd.DataFrame:
        """Current observations (or every stored version with `history=True`), optionally for one indicator."""
        table = "obs_all" if history else "obs_current"
        where = "WHERE indicator_id = ?" if indicator_id else ""
        return self.query(f"SELECT * FROM {table} {where} ORDER BY indicator_id, iso3, origin_iso3, "
                          f"destination_iso3, period, committed_at", [indicator_id] if indicator_id else [])

    def as_of(self, upload_id: str) -> pd.DataFrame:
        """Current values as they stood right after `upload_id` was committed (retractions made later ignored)."""
        return self.query("""
            WITH t AS (SELECT committed_at FROM uploads WHERE upload_id = ?)
            SELECT o.* EXCLUDE (retracted) FROM obs_all o JOIN uploads u USING (upload_id), t
            WHERE (u.committed_at, u.upload_id) <= (t.committed_at, ?)
              AND (u.retracted_at IS NULL OR u.retracted_at > t.committed_at)
            QUALIFY row_number() OVER (
                PARTITION BY indicator_id, iso3, origin_iso3, destination_iso3, period, sex
                ORDER BY o.committed_at DESC, o.upload_id DESC) = 1
            ORDER BY indicator_id, iso3, origin_iso3, destination_iso3, period
        """, [upload_id, upload_id])

    def annual(self, sex: str = "total") -> pd.DataFrame:
        """Current values with quarters averaged within each year: one value per indicator, place and year."""
        return self.memo(("annual", sex), lambda: self.query("""
            SELECT indicator_id, iso3, origin_iso3, destination_iso3, year::INTEGER AS year,
                   avg(value) AS value, count(*) AS n_periods, max(period) AS last_period,
                   string_agg(DISTINCT source, '; ') AS source, string_agg(DISTINCT upload_id, ',') AS upload_ids,
                   string_agg(DISTINCT upload_group, '; ') AS groups
            FROM obs_current WHERE sex = ?
            GROUP BY ALL ORDER BY indicator_id, iso3, origin_iso3, destination_iso3, year
        """, [sex]))

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
            return pd.read_parquet(path)
        return self.memo("migrant_stock", load)

    def data_version(self) -> dict[str, Any]:
        """The data version as people can quote it: the number of log records (commits and retractions) and the date
        of the latest, with the store's version token."""
        log = self.uploads()
        stamps = [str(t)[:10] for t in list(log["committed_at"]) + list(log["retracted_at"]) if t and t == t]
        number = len(log) + int(log["retracted_at"].notna().sum())
        return {"number": number, "date": max(stamps) if stamps else None, "token": self.version()}

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
