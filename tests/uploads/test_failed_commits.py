"""A commit that fails leaves nothing behind, and what killed commits left is cleaned up (issue 12, item 7): the note
and file name are checked before the first byte is written; a failure after the data file was written removes it
(and only it: not another writer's file in progress); temporary files and data or proposal files that no table
commit names are deleted after the next commit, only when older than the grace period; a file some commit names
(even a damaged one) is never deleted, and while a commit file is unreadable no data file is called an orphan."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from indicators.store.observations import Store
from indicators.uploads.commit import commit
from indicators.uploads.ingest import ingest_bytes
from indicators.uploads.prepare import prepare
from tests.store.layout import commit_file, data_files

GOOD = b"indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,3\n"
GRACE = 3600.0                     # indicators.store.integrity.ORPHAN_GRACE_SECONDS (an hour, README)


def integrity():
    """The store's integrity module (imported when used)."""
    from indicators.store import integrity as module
    assert module.ORPHAN_GRACE_SECONDS == GRACE
    return module


def age(path: Path, seconds: float = GRACE + 60) -> Path:
    """Make a file (created if absent) look older than the grace period."""
    if not path.exists():
        path.write_bytes(b"x")
    t = time.time() - seconds
    os.utime(path, (t, t))
    return path


def test_a_surrogate_note_from_the_page_writes_nothing(tmp_path):
    store = Store(tmp_path / "data")
    prep = prepare(GOOD, "a.csv")
    assert prep.ok
    with pytest.raises(ValueError, match="lone surrogate"):
        commit(store, prep, "g", "caf\ud800")        # the page commits a checked file with the note typed then
    assert store.file_state() == {}


def test_a_failure_after_the_data_file_removes_it(tmp_path, monkeypatch):
    import deltalake
    import pyarrow.parquet as pq
    store = Store(tmp_path / "data")
    ingest_bytes(GOOD, "a.csv", "g", store=store)
    theirs = store.obs_dir / "part-00000-theirs-c000.zstd.parquet"          # another writer's, in progress
    pq.write_table(store.observations()[["upload_id"]].assign(upload_id="u-other").pipe(pa.Table.from_pandas),
                   theirs)
    before = store.file_state()

    def disk_full(target, data, **kwargs):                   # the data file is written, then the commit fails
        pq.write_table(data, store.obs_dir / "part-00000-mine-c000.zstd.parquet")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(deltalake, "write_deltalake", disk_full)
    with pytest.raises(OSError):
        commit(store, prepare(GOOD.replace(b"KEN", b"UGA"), "b.csv"), "g")
    assert store.file_state() == before and theirs.exists()


def test_leftovers_of_killed_commits_are_cleaned_on_the_next_commit(tmp_path):
    store = Store(tmp_path / "data")
    first = ingest_bytes(GOOD, "a.csv", "g", store=store)
    obs, log, props = store.obs_dir, store.obs_dir / "_delta_log", store.root / "proposals"
    props.mkdir()
    old = [age(obs / "part-00000-killed-c000.zstd.parquet"), age(obs / "part-00001-x-c000.zstd.parquet#1"),
           age(log / "_commit_1b2c.json.tmp"), age(props / "u-killed.json")]
    young = obs / "part-00000-in-progress-c000.zstd.parquet"     # a commit of another process, still writing
    young.write_bytes(b"x")
    named, = data_files(store.root, first.upload_id)
    age(named)                                                   # old, but its commit names it
    assert {d.path for d in integrity().leftovers(store.root)} == {str(p.relative_to(store.root)) for p in old}
    second = ingest_bytes(GOOD.replace(b"KEN", b"UGA"), "b.csv", "g", store=store)
    assert second.ok
    assert not any(p.exists() for p in old) and young.exists() and named.exists()
    assert all(p.exists() for p in data_files(store.root, second.upload_id))


@pytest.mark.parametrize("how", ["record", "file"])
def test_a_file_named_by_a_damaged_commit_is_kept(tmp_path, how):
    store = Store(tmp_path / "data")
    uid = store.commit(pd.DataFrame({"indicator_id": ["labour_rights_sdg882"], "iso3": ["KEN"], "period": ["2019"],
                                     "value": [3.0]}), "g", "a.csv", "0")
    data, = data_files(store.root, uid)
    path = commit_file(store.root, uid)
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b'committed_at', b'committed_on') if how == "record" else raw[:40])
    damaged = Store(store.root).damaged()
    assert len(damaged) == 1 and (how == "file" or damaged[0].reason == "its time stamp is missing")
    age(data)
    assert integrity().clean_leftovers(store.root) == [] and data.exists()


def test_a_read_only_store_is_not_an_error(tmp_path, monkeypatch):
    store = Store(tmp_path / "data")
    ingest_bytes(GOOD, "a.csv", "g", store=store)
    age(store.obs_dir / "part-00000-killed-c000.zstd.parquet")

    def refuse(self, *a, **k):
        raise PermissionError("read-only")
    clean = integrity().clean_leftovers
    monkeypatch.setattr(Path, "unlink", refuse)
    assert clean(store.root) == []
