"""The store on object storage (an s3:// data directory, moto on loopback): the storage options that make commits
safe (conditional writes, never unsafe renames), objects read and written like files, and the commit protocol's
promises with several writers and readers at once, on S3 and on a local folder alike: a writer holding a stale view
of the table never overwrites another's commit, several processes committing at once all land, and a reader never
sees part of an upload."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

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


def test_a_writer_with_a_stale_view_never_overwrites_a_commit(root, monkeypatch):
    store = Store(root)
    store.commit(frame({"KEN": 1.0}), "g", "a.csv", "a")                              # version 0
    stale = DeltaTable(str(root / "observations"), storage_options=table_mod.options(root / "observations"))
    b = Store(root).commit(frame({"UGA": 2.0}), "g", "b.csv", "b")                   # version 1, by another writer
    (v1, before), = [(p, p.read_bytes()) for p, _ in commits(root) if p.name.startswith("00000000000000000001")]
    monkeypatch.setattr(table_mod, "_open", lambda path: stale)       # this writer still believes v0 is the latest
    c = store.commit(frame({"TZA": 3.0}), "g", "c.csv", "c")
    assert v1.read_bytes() == before                                  # v1 was not overwritten: the put of v1 failed
    monkeypatch.undo()
    log = Store(root).uploads()
    assert list(log["version"]) == [0, 1, 2] and list(log["upload_id"])[1:] == [b, c]
    assert Store(root).observations().set_index("iso3")["value"].to_dict() == {"KEN": 1.0, "UGA": 2.0, "TZA": 3.0}


WRITER = """
import sys
import pandas as pd
from indicators.store.observations import Store
store, name = Store(sys.argv[1]), sys.argv[2]
for k in range(int(sys.argv[3])):
    f = pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["KEN", "UGA", "TZA"] * 100,
                      "period": [str(y) for y in range(1900, 2000) for _ in range(3)], "value": float(k)})
    print(store.commit(f, name, f"{name}-{k}.csv", "0"), flush=True)
"""


def test_processes_committing_at_once_all_land(root):
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(root), f"w{i}", "4"], env=env, cwd=PROJECT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(3)]
    ids = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err[-2000:]
        ids += out.split()
    log = Store(root).uploads()
    assert sorted(log["upload_id"]) == sorted(ids) and len(ids) == 12
    assert sorted(log["version"]) == list(range(12)) and set(log["rows_accepted"]) == {300}
    counts = Store(root).query("SELECT upload_id, count(*) AS n FROM obs_all GROUP BY upload_id")
    assert dict(zip(counts["upload_id"], counts["n"])) == {u: 300 for u in ids}


def test_a_reader_never_sees_part_of_an_upload(root):
    writer, seen, problems = Store(root), [], []
    writer.commit(frame({"KEN": 0.0}), "g", "first.csv", "0")
    done = threading.Event()

    def read() -> None:
        reader = Store(root)                          # a long-lived reader, as a dashboard worker
        while not done.is_set():
            log = reader.uploads()
            counts = reader.query("SELECT upload_id, count(*) AS n FROM obs_all GROUP BY upload_id")
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
