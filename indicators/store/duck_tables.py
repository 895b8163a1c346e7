"""The in-memory DuckDB tables of one table version: `uploads` (the folded log), `obs_all` (every committed row with its
upload's group, time, version and retraction) and `obs_current` (the current value of each key: a view of the live
rows, keys shared by several live uploads resolved once in a small table)."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from indicators.store.delta_log import TABLE_DIR, live_files, replay
from indicators.store.integrity import Damage
from indicators.store.objects import S3Path, read_parquet_objects
from indicators.store.records import Log, fold, uploads_frame
from indicators.store.schema import KEY_COLUMNS, OBS_COLUMNS, OBS_SCHEMA, UPLOAD_ID_RE


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
    shared = [int(v) for (v,) in con.execute(SHARED_SQL).fetchall()]
    live = "SELECT * EXCLUDE (retracted) FROM obs_all WHERE NOT retracted"
    if not shared:                  # every key has one live row: the current values are the live rows
        con.execute(f"CREATE VIEW obs_current AS {live}")
        return con, log, damaged
    versions = ", ".join(map(str, shared))
    con.execute(f"""CREATE TABLE obs_shadowing AS {live} AND version IN ({versions})
        QUALIFY row_number() OVER (PARTITION BY {', '.join(KEY_COLUMNS)} ORDER BY version DESC) = 1""")
    con.execute(f"CREATE VIEW obs_current AS {live} AND version NOT IN ({versions}) "
                "UNION ALL SELECT * FROM obs_shadowing")
    return con, log, damaged


# the live uploads sharing an indicator with another live upload: only their rows can have a newer value of a key
# (one upload holds one row per key: uploads are validated for duplicate keys)
SHARED_SQL = """
    SELECT DISTINCT version FROM (SELECT DISTINCT version, indicator_id FROM obs_all WHERE NOT retracted)
    QUALIFY count(*) OVER (PARTITION BY indicator_id) > 1 ORDER BY version"""
ALL_SQL = """
    CREATE OR REPLACE TABLE obs_all AS
    SELECT o.*, u."group" AS upload_group, u.committed_at, u.version, u.status = 'retracted' AS retracted
    FROM ({rows}) o JOIN uploads u USING (upload_id)"""


def load_observations(con: duckdb.DuckDBPyConnection, files: list) -> list[Damage]:
    """Table obs_all (the data files' rows with their upload's group, time, version and retraction), read and joined
    in one pass; a damaged or missing file is left out and reported (its upload shows no values). Objects on S3 are
    read through pyarrow (DuckDB's S3 extension is not needed)."""
    if files and isinstance(files[0], S3Path):
        table, bad = read_parquet_objects(files, OBS_SCHEMA)
        _from_arrow(con, table)
        return [Damage(f"{TABLE_DIR}/{p.name}", kind, why) for p, kind, why in bad]
    files = [str(f) for f in files]
    sql = ALL_SQL.format(rows=f"SELECT {', '.join(OBS_COLUMNS)} FROM read_parquet(?)")
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
        _from_arrow(con, pa.Table.from_pylist([], schema=OBS_SCHEMA))
    return damaged


def _from_arrow(con: duckdb.DuckDBPyConnection, table: pa.Table) -> None:
    """Table obs_all from observation rows held in Arrow."""
    con.register("obs_arrow", table)
    con.execute(ALL_SQL.format(rows="SELECT * FROM obs_arrow"))
    con.unregister("obs_arrow")


# Per indicator, place and year of the current values: the mean, the number of periods, the last period, and the
# distinct sources, uploads and groups joined. A key's rows nearly always come from one upload with one source, so
# those are read from min() (and the upload's record); the distinct parts are joined only for the keys with several.
ANNUAL_SQL = """
    WITH a AS MATERIALIZED (
        SELECT indicator_id, iso3, origin_iso3, destination_iso3, year, avg(value) AS value, count(*) AS n_periods,
               max(period) AS last_period, min(source) AS s0, max(source) AS s1, min(version) AS v0,
               max(version) AS v1
        FROM obs_current WHERE sex = $sex AND ($ids::VARCHAR[] IS NULL OR list_contains($ids::VARCHAR[], indicator_id))
        GROUP BY ALL),
    m AS (SELECT indicator_id, iso3, origin_iso3, destination_iso3, year FROM a WHERE v0 <> v1 OR s0 <> s1),
    d AS (
        SELECT o.indicator_id, o.iso3, o.origin_iso3, o.destination_iso3, o.year,
               string_agg(DISTINCT o.source, '; ') AS source, string_agg(DISTINCT o.upload_id, ',') AS upload_ids,
               string_agg(DISTINCT o.upload_group, '; ') AS groups
        FROM obs_current o SEMI JOIN m ON {same}
        WHERE o.sex = $sex GROUP BY ALL)
    SELECT a.indicator_id, a.iso3, a.origin_iso3, a.destination_iso3, a.year::INTEGER AS year, a.value, a.n_periods,
           a.last_period, CASE WHEN d.year IS NULL THEN a.s0 ELSE d.source END AS source,
           CASE WHEN d.year IS NULL THEN u.upload_id ELSE d.upload_ids END AS upload_ids,
           CASE WHEN d.year IS NULL THEN u."group" ELSE d.groups END AS groups
    FROM a LEFT JOIN d ON {same_d} LEFT JOIN uploads u ON u.version = a.v0"""
_KEYS = ("indicator_id", "iso3", "origin_iso3", "destination_iso3", "year")


def annual_table(con: duckdb.DuckDBPyConnection, sex: str, ids: list[str] | None) -> pa.Table:
    """The current values with quarters averaged within each year (ANNUAL_SQL), of the given indicators only when
    given, fetched through Arrow, in no particular order."""
    same = " AND ".join(f"o.{k} IS NOT DISTINCT FROM m.{k}" for k in _KEYS)
    sql = ANNUAL_SQL.format(same=same, same_d=same.replace("o.", "a.").replace("m.", "d."))
    return con.sql(sql, params={"sex": sex, "ids": ids}).to_arrow_table()


def as_frame(table: pa.Table) -> pd.DataFrame:
    """A DataFrame of an Arrow result with the dtypes DuckDB's .df() gives (a text column with no value is object)."""
    df = table.to_pandas()
    for name, col in zip(table.column_names, table.columns):
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            if col.null_count == len(col):
                df[name] = pd.Series([None] * len(df), index=df.index, dtype=object)
    return df
