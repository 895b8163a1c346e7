"""The store on object storage (an s3:// data directory, moto on loopback): the storage options that make commits
safe (conditional writes, never unsafe renames), objects read and written like files, and the commit protocol's
promises with several writers and readers at once, on S3 and on a local folder alike: a writer holding an old view
of the table commits after the latest version, several processes committing at once on an empty store all land (on
S3 their commit puts collide: 412, retried on the next version; with a server that ignores If-None-Match commits
are overwritten and this test fails), and a reader never sees part of an upload."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest
from deltalake import DeltaTable

from indicators.store import table as table_mod
from indicators.store.objects import S3Path, allow_http, listdir, location, storage_options
from indicators.store.observations import Store
from tests.conftest import PROJECT
from tests.store.layout import commits


def frame(values: dict[str, float], period: str = "2019") -> pd.DataFrame:
    """SDG 8.8.2 observations, iso3 -> value."""
    return pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": list(values), "period": period,
                         "value": list(values.values())})


def test_storage_options_ask_for_conditional_writes_and_take_the_environment(monkeypatch):
    for k, v in {"AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_DEFAULT_REGION": "eu-west-3",
                 "AWS_ENDPOINT_URL": "http://127.0.0.1:9000"}.items():
        monkeypatch.setenv(k, v)
    for k in ("AWS_REGION", "AWS_SESSION_TOKEN", "AWS_ALLOW_HTTP", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(k, raising=False)
    assert storage_options() == {"conditional_put": "etag", "AWS_ACCESS_KEY_ID": "id",
                                 "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "eu-west-3",
                                 "AWS_ENDPOINT_URL": "http://127.0.0.1:9000", "AWS_ALLOW_HTTP": "true"}
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://minio.example.org:9000")       # http off loopback: not allowed
    assert "AWS_ALLOW_HTTP" not in storage_options() and not allow_http("http://minio.example.org:9000")
    monkeypatch.setenv("AWS_S3_ALLOW_UNSAFE_RENAME", "true")
    with pytest.raises(ValueError, match="overwrite each other's commit"):
        storage_options()


def test_a_data_directory_may_be_a_url():
    loc = location("s3://bucket/some/prefix/")
    assert isinstance(loc, S3Path) and str(loc) == "s3://bucket/some/prefix"
    assert str(loc / "observations" / "_delta_log") == "s3://bucket/some/prefix/observations/_delta_log"
    assert (loc / "a" / "b.json").relative_to(loc).as_posix() == "a/b.json" and (loc / "x").parent == loc


def test_objects_are_read_written_listed_and_deleted(s3_dir):
    assert not s3_dir.exists()
    with pytest.raises(FileNotFoundError):
        listdir(s3_dir)
    (s3_dir / "proposals" / "u1.json").write_bytes(b'{"a": 1}')
    assert (s3_dir / "proposals" / "u1.json").read_bytes() == b'{"a": 1}' and s3_dir.is_dir()
    assert listdir(s3_dir) == ["proposals"] and listdir(s3_dir / "proposals") == ["u1.json"]
    assert (s3_dir / "proposals" / "u1.json").stat().st_size == 8
    (s3_dir / "proposals" / "u1.json").unlink()
    assert not (s3_dir / "proposals" / "u1.json").exists()
    with pytest.raises(FileNotFoundError):
        (s3_dir / "nothing.json").read_bytes()


def test_a_writer_holding_an_old_view_commits_after_the_latest_version(root, monkeypatch):
    store = Store(root)
    store.commit(frame({"KEN": 1.0}), "g", "a.csv", "a")                              # version 0
    stale = DeltaTable(str(root / "observations"), storage_options=table_mod.options(root / "observations"))
    b = Store(root).commit(frame({"UGA": 2.0}), "g", "b.csv", "b")                   # version 1, by another writer
    (v1, before), = [(p, p.read_bytes()) for p, _ in commits(root) if p.name.startswith("00000000000000000001")]
    monkeypatch.setattr(table_mod, "_open", lambda path: stale)       # this writer's table object still is at v0
    c = store.commit(frame({"TZA": 3.0}), "g", "c.csv", "c")
    assert v1.read_bytes() == before                                  # v1 is not overwritten
    monkeypatch.undo()
    log = Store(root).uploads()
    assert list(log["version"]) == [0, 1, 2] and list(log["upload_id"])[1:] == [b, c]
    assert Store(root).observations().set_index("iso3")["value"].to_dict() == {"KEN": 1.0, "UGA": 2.0, "TZA": 3.0}


WRITER = """
import pathlib, sys, time
import pandas as pd
from indicators.store.observations import Store
store, name, go = Store(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[4])
while not go.exists():
    time.sleep(0.001)
for k in range(int(sys.argv[3])):
    f = pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["KEN", "UGA", "TZA"] * 100,
                      "period": [str(y) for y in range(1900, 2000) for _ in range(3)], "value": float(k)})
    print(store.commit(f, name, f"{name}-{k}.csv", "0"), flush=True)
"""


def test_processes_committing_at_once_all_land(root, tmp_path):
    env, go = {**os.environ, "PYTHONPATH": str(PROJECT)}, tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(root), f"w{i}", "5", str(go)], env=env, cwd=PROJECT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(4)]
    time.sleep(2.5)                                   # every interpreter up and waiting
    go.touch()                                        # all start at once, on an empty store (the first commits race)
    ids = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err[-2000:]
        ids += out.split()
    log = Store(root).uploads()
    assert sorted(log["upload_id"]) == sorted(ids) and len(ids) == 20
    assert sorted(log["version"]) == list(range(20)) and set(log["rows_accepted"]) == {300}
    creations = [k for k, (_, acts) in enumerate(commits(root)) if any("metaData" in a for a in acts)]
    assert creations == [0]                           # one table: no writer created it a second time
    counts = Store(root).query("SELECT upload_id, count(*) AS n FROM obs_all GROUP BY upload_id")
    assert dict(zip(counts["upload_id"], counts["n"])) == {u: 300 for u in ids}


def test_a_reader_never_sees_part_of_an_upload(root):
    writer, seen, problems = Store(root), [], []
    writer.commit(frame({"KEN": 0.0}), "g", "first.csv", "0")
    done = threading.Event()

    def read() -> None:
        reader = Store(root)                          # a long-lived reader, as a dashboard worker
        while not done.is_set():
            con = reader.connection()                 # one data version: the log and the rows read together
            log = con.execute("SELECT upload_id, rows_accepted FROM uploads").df()
            counts = con.execute("SELECT upload_id, count(*) AS n FROM obs_all GROUP BY upload_id").df()
            got = dict(zip(counts["upload_id"], counts["n"]))
            if got != dict(zip(log["upload_id"], log["rows_accepted"])):
                problems.append(got)
            seen.append(len(log))
    t = threading.Thread(target=read)
    t.start()
    try:
        for k in range(6):
            f = pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": "KEN",
                              "period": [f"{y}Q{q}" for y in range(1800, 2024) for q in range(1, 5)], "value": k})
            writer.commit(f, "g", f"{k}.csv", "0")
    finally:
        done.set()
        t.join()
    assert problems == [] and len(seen) > 1 and max(seen) <= 7 and Store(root).uploads().shape[0] == 7
