"""The in-memory DuckDB tables of one table version: `uploads` (the folded log), `obs_all` (every committed row with its
upload's group, time, version and retraction) and `obs_current` (the current value of each key)."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pyarrow as pa

from indicators.store.delta_log import TABLE_DIR, live_files, replay
from indicators.store.integrity import Damage
from indicators.store.objects import S3Path, read_parquet_objects
from indicators.store.records import Log, fold, uploads_frame
from indicators.store.schema import OBS_COLUMNS, OBS_SCHEMA, UPLOAD_ID_RE


def build_tables(table_dir: Path | S3Path, version: int | None) -> tuple[duckdb.DuckDBPyConnection, Log, list[Damage]]:
    """In-memory tables `uploads`, `obs_all` and `obs_current` for one table version, with the log and damage."""
    con = duckdb.connect(":memory:")
    log = fold(replay(table_dir, version), UPLOAD_ID_RE) if version is not None else Log()
    con.register("log_df", uploads_frame(log))
    con.execute("CREATE TABLE uploads AS SELECT * FROM log_df")
    con.unregister("log_df")
    damaged = list(log.damaged)
    files = [table_dir / f for f in live_files(log.good)]
    damaged += load_observations(con, files)
    con.execute("""
        CREATE TABLE obs_all AS
        SELECT o.*, u."group" AS upload_group, u.committed_at, u.version, u.status = 'retracted' AS retracted
        FROM obs_raw o JOIN uploads u USING (upload_id)
    """)
    con.execute("""
        CREATE TABLE obs_current AS
        SELECT * EXCLUDE (retracted) FROM obs_all WHERE NOT retracted
        QUALIFY row_number() OVER (
            PARTITION BY indicator_id, iso3, origin_iso3, destination_iso3, period, sex
            ORDER BY version DESC) = 1
    """)
    con.execute("DROP TABLE obs_raw")
    return con, log, damaged

def load_observations(con: duckdb.DuckDBPyConnection, files: list) -> list[Damage]:
    """Table obs_raw from the data files; a damaged or missing file is left out and reported (its upload shows
    no values). Objects on S3 are read through pyarrow (DuckDB's S3 extension is not needed)."""
    if files and isinstance(files[0], S3Path):
        table, bad = read_parquet_objects(files, OBS_SCHEMA)
        con.register("obs_arrow", table)
        con.execute("CREATE TABLE obs_raw AS SELECT * FROM obs_arrow")
        con.unregister("obs_arrow")
        return [Damage(f"{TABLE_DIR}/{p.name}", kind, why) for p, kind, why in bad]
    files = [str(f) for f in files]
    sql = f"CREATE OR REPLACE TABLE obs_raw AS SELECT {', '.join(OBS_COLUMNS)} FROM read_parquet(?)"
    if files:
        try:
            con.execute(sql, [files])
            return []
        except duckdb.Error:
            pass
    good, damaged = [], []
    for f in files:
        try:
            con.execute("CREATE OR REPLACE TEMP TABLE probe AS SELECT * FROM read_parquet(?)", [f])
            good.append(f)
        except duckdb.Error as exc:
            why = "missing" if not os.path.exists(f) else "damaged"
            damaged.append(Damage(f"{TABLE_DIR}/{os.path.basename(f)}", why,
                                  f"unreadable data file ({str(exc).splitlines()[0][:120]})"))
    con.execute("DROP TABLE IF EXISTS probe")
    if good:
        con.execute(sql, [good])
    else:
        con.register("empty_obs", pa.Table.from_pylist([], schema=OBS_SCHEMA))
        con.execute("CREATE TABLE obs_raw AS SELECT * FROM empty_obs")
        con.unregister("empty_obs")
    return damaged
