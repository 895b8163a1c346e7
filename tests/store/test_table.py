"""The store's Delta Lake table (local and on S3): read by independent readers (deltalake's own reader, pyarrow over the table's files,
DuckDB through Arrow) it holds the dashboard's current values and history; a writer killed (SIGKILL) at any moment
of a commit leaves either the whole upload or nothing, never half of one, and the next commit lands."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from deltalake import DeltaTable

from indicators.store.integrity import leftovers
from indicators.store.objects import Location, S3Path, filesystem
from indicators.store.observations import KEY_COLUMNS, Store
from indicators.store.table import options
from tests.conftest import PROJECT

VALUE_COLUMNS = KEY_COLUMNS + ["value", "upload_id"]


def frame(values: dict[str, float], period: str = "2019") -> pd.DataFrame:
    """SDG 8.8.2 observations, iso3 -> value."""
    return pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": list(values), "period": period,
                         "value": list(values.values())})


def delta(table: Location, version: int | None = None) -> DeltaTable:
    """deltalake's own reader of a table, local or on S3 (credentials and endpoint from the environment)."""
    return DeltaTable(str(table), version=version, storage_options=options(table))


def files_alone(table: Location) -> pa.Table:
    """The rows of the table's current data files read by pyarrow alone (the file list from deltalake)."""
    uris = delta(table).file_uris()
    if isinstance(table, S3Path):
        return ds.dataset([u[len("s3://"):] for u in uris], format="parquet", filesystem=filesystem()).to_table()
    return ds.dataset(uris, format="parquet").to_table()


def independent_current(table: Location, version: int | None = None) -> pd.DataFrame:
    """Current values computed from deltalake's own reader alone: each row's upload, the upload's commit version and
    retractions from the table history's userMetadata; the latest non-retracted upload wins a key."""
    dt = delta(table, version)
    commit_version, retracted = {}, set()
    for h in dt.history():
        rec = json.loads(h["userMetadata"])
        if rec["kind"] == "commit":
            commit_version[rec["upload_id"]] = h["version"]
        else:
            retracted.add(rec["upload_id"])
    rows = dt.to_pyarrow_table().to_pandas()
    rows = rows[~rows["upload_id"].isin(retracted)].copy()
    rows["v"] = rows["upload_id"].map(commit_version)
    rows = rows.sort_values("v").drop_duplicates(KEY_COLUMNS, keep="last")
    return canonical(rows)


def canonical(df: pd.DataFrame) -> pd.DataFrame:
    """Values and their uploads, sorted, plain index, missing codes as None."""
    out = df[VALUE_COLUMNS].astype(object).where(df[VALUE_COLUMNS].notna(), None)
    return out.sort_values(KEY_COLUMNS, key=lambda s: s.astype(str)).reset_index(drop=True)


def test_deltalakes_reader_finds_the_same_current_values_and_history(root):
    store = Store(root)
    u1 = store.commit(frame({"KEN": 3.5, "UGA": 4.0}), "g", "a.csv", "a")
    u2 = store.commit(frame({"KEN": 5.0}), "g", "b.csv", "b")
    store.commit(frame({"TZA": 1.0, "KEN": 6.0}), "g", "c.csv", "c")
    store.retract(store.uploads()["upload_id"].iloc[-1], "g", "wrong")
    table = root / "observations"
    mine = canonical(store.observations())
    assert mine.set_index("iso3")["value"].to_dict() == {"KEN": 5.0, "UGA": 4.0}
    pd.testing.assert_frame_equal(independent_current(table), mine)
    v2 = int(store.uploads().set_index("upload_id").at[u2, "version"])
    pd.testing.assert_frame_equal(independent_current(table, v2), canonical(store.as_of(u2)))   # time travel
    assert delta(table).version() == 3 and store.version().endswith("-v3")
    files = files_alone(table)                                                                 # pyarrow alone
    assert sorted(files.column("upload_id").unique().to_pylist()) == sorted(store.uploads()["upload_id"])
    arrow = delta(table).to_pyarrow_dataset()                                                  # DuckDB via Arrow
    n = duckdb.connect().execute("SELECT count(*) FROM arrow WHERE upload_id = ?", [u1]).fetchall()[0][0]
    assert n == 2


def test_the_bundled_store_read_by_deltalake_alone():
    table = PROJECT / "data" / "observations"
    pd.testing.assert_frame_equal(independent_current(table), canonical(Store(PROJECT / "data").observations()))


WRITER = """
import sys, numpy as np, pandas as pd
from indicators.store.observations import Store
from indicators.store.countries import country_table
store, isos = Store(sys.argv[1]), sorted(country_table()["iso3"])[:150]
for k in range(1000):
    n = 150 * 64 * 4
    f = pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": np.repeat(isos, 256),
                      "period": [f"{y}Q{q}" for y in range(1960, 2024) for q in range(1, 5)] * 150,
                      "value": float(k % 10)})
    store.commit(f, "g", f"{k}.csv", "0")
    print("committed", flush=True)
"""


def test_a_writer_killed_mid_commit_leaves_whole_uploads_or_nothing(root):
    rng = random.Random(7)
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    for _ in range(3 if isinstance(root, S3Path) else 8):             # each round starts a Python process
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(root)], env=env, cwd=PROJECT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        proc.stdout.readline()                                     # one commit done: the next one is under way
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = Store(root)
        log = store.uploads()
        counts = store.query("SELECT upload_id, count(*) AS n FROM obs_all GROUP BY upload_id")
        assert dict(zip(counts["upload_id"], counts["n"])) == dict(zip(log["upload_id"], log["rows_accepted"]))
        assert store.damaged() == [] and delta(root / "observations").version() == len(log) - 1
    assert Store(root).commit(frame({"KEN": 1.0}), "g", "after.csv", "0")
    assert {d.kind for d in leftovers(root, grace=-1)} <= {"orphan", "temporary"}


@pytest.mark.parametrize("key", ["delta.enableExpiredLogCleanup", "delta.appendOnly"])
def test_the_table_keeps_its_history(root, key):
    store = Store(root)
    store.commit(frame({"KEN": 1.0}), "g", "a.csv", "0")
    conf = delta(root / "observations").metadata().configuration
    assert conf[key] == {"delta.enableExpiredLogCleanup": "false", "delta.appendOnly": "true"}[key]


def test_an_operators_compaction_and_checkpoint_change_no_value_record_or_past_state(tmp_path):
    store = Store(tmp_path / "data")
    u1 = store.commit(frame({"KEN": 3.5, "UGA": 4.0}), "g", "a.csv", "a")
    u2 = store.commit(frame({"KEN": 5.0}), "g", "b.csv", "b")
    store.retract(u2, "g", "wrong")
    before = (canonical(store.observations()), store.uploads().drop(columns="version"), canonical(store.as_of(u2)),
              store.data_version()["number"])
    token = store.version()
    dt = DeltaTable(str(tmp_path / "data" / "observations"))
    assert dt.optimize.compact()["numFilesRemoved"] == 2             # README: what an operator may run
    dt.create_checkpoint()
    after = Store(tmp_path / "data")
    assert token.endswith("-v2") and after.version() == token.replace("-v2", "-v3") and after.damaged() == [] and len(after.live_files()) == 1
    pd.testing.assert_frame_equal(canonical(after.observations()), before[0])
    pd.testing.assert_frame_equal(after.uploads().drop(columns="version"), before[1])
    pd.testing.assert_frame_equal(canonical(after.as_of(u2)), before[2])        # the old files are still there
    assert after.data_version()["number"] == before[3] == 3 and canonical(after.as_of(u1)).shape[0] == 2
    assert leftovers(tmp_path / "data", grace=-1) == []               # files a compaction removed are not orphans
