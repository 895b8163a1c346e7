"""A commit that fails leaves nothing behind, and what killed commits left is cleaned up (issue 12, item 7): the note
and file name are checked before the first byte is written; a failure after the data file was written removes it;
temporary files and data or proposal files that no log record names are deleted after the next commit, only when
older than the grace period; a file some record names (even a damaged or quarantined one) is never deleted."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

from indicators.store.observations import Store
from indicators.uploads import commit as commit_module
from indicators.uploads.commit import commit
from indicators.uploads.ingest import ingest_bytes
from indicators.uploads.prepare import prepare

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
    store = Store(tmp_path / "data")
    prep = prepare(GOOD, "a.csv")

    def disk_full(path, payload):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(commit_module, "atomic_write_bytes", disk_full)
    with pytest.raises(OSError):
        commit(store, prep, "g")
    assert [p for p in store.file_state() if not p.startswith(".")] == []


def test_leftovers_of_killed_commits_are_cleaned_on_the_next_commit(tmp_path):
    store = Store(tmp_path / "data")
    first = ingest_bytes(GOOD, "a.csv", "g", store=store)
    obs, log, props = store.obs_dir, store.log_dir, store.root / "proposals"
    props.mkdir()
    old = [age(obs / "u-killed.parquet"), age(obs / ".tmp-abc-u-x.parquet"), age(log / ".tmp-abc-u-x.commit.json"),
           age(props / "u-killed.json")]
    young = obs / "u-in-progress.parquet"               # a commit of another process, still writing
    young.write_bytes(b"x")
    named = age(obs / f"{first.upload_id}.parquet")       # old, but its record names it
    assert {d.path for d in integrity().leftovers(store.root)} == {str(p.relative_to(store.root)) for p in old}
    second = ingest_bytes(GOOD.replace(b"KEN", b"UGA"), "b.csv", "g", store=store)
    assert second.ok
    assert not any(p.exists() for p in old) and young.exists() and named.exists()
    assert (obs / f"{second.upload_id}.parquet").exists()


def test_a_file_named_by_a_damaged_or_quarantined_record_is_kept(tmp_path):
    store = Store(tmp_path / "data")
    uid = store.commit(pd.DataFrame({"indicator_id": ["labour_rights_sdg882"], "iso3": ["KEN"], "period": ["2019"],
                                     "value": [3.0]}), "g", "a.csv", "0")
    record = store.log_dir / f"{uid}.commit.json"
    record.write_bytes(b"{trunc")                        # damaged: its data file is still named by it
    data = age(store.obs_dir / f"{uid}.parquet")
    assert integrity().clean_leftovers(store.root) == [] and data.exists()
    (store.root / "quarantine").mkdir()
    os.replace(record, store.root / "quarantine" / record.name)
    assert integrity().clean_leftovers(store.root) == [] and data.exists()


def test_a_read_only_store_is_not_an_error(tmp_path, monkeypatch):
    store = Store(tmp_path / "data")
    ingest_bytes(GOOD, "a.csv", "g", store=store)
    age(store.obs_dir / "u-killed.parquet")

    def refuse(self, *a, **k):
        raise PermissionError("read-only")
    clean = integrity().clean_leftovers
    monkeypatch.setattr(Path, "unlink", refuse)
    assert clean(store.root) == []
