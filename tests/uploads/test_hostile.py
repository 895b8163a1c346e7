"""The hostile and malformed upload corpus (tests/hostile/, built by make_corpus.py, described in MANIFEST.json).

Each file is rejected with a clear message naming the row and column where there is one, and the data directory is
byte-identical afterwards; or, where the file is legitimately readable, it is accepted with exactly the right values.
Limits for the suite: 64 KiB and 1,000 rows (so the over-limit files stay small).
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from indicators.uploads.ingest import ingest
from indicators.store.observations import Store

from tests.conftest import HOSTILE
MANIFEST = json.loads((HOSTILE / "MANIFEST.json").read_text(encoding="utf-8"))
CASES = MANIFEST["files"]


def seeded(root: Path) -> Store:
    """A store with one upload already committed, so 'nothing changed' is checked against real files."""
    store = Store(root)
    store.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["UGA"], "period": "2018",
                               "value": [2.0]}), "seed", "seed.csv", "0")
    return store


def test_corpus_is_big_and_documented():
    assert len(CASES) >= 40
    assert sum(c["outcome"] == "reject" for c in CASES) >= 40
    on_disk = {p.name for p in HOSTILE.glob("*.csv")}
    assert on_disk == {c["file"] for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_hostile_file(case, tmp_path):
    store = seeded(tmp_path / "data")
    before = store.file_state()
    res = ingest(HOSTILE / case["file"], group="hostile tester", store=store, max_bytes=MANIFEST["max_bytes"],
                 max_rows=MANIFEST["max_rows"])
    if case["outcome"] == "reject":
        assert not res.ok and res.upload_id is None, f"{case['file']} was accepted"
        assert store.file_state() == before, "a rejected file must leave the data directory byte-identical"
        first = res.problems[0]
        assert case["reason"] in first.reason, [str(p) for p in res.problems[:5]]
        assert first.row == case.get("row"), str(first)
        if case.get("column"):
            assert first.column == case["column"], str(first)
        assert len(first.reason) > 10 and str(first)             # a sentence, with its place in the file
    else:
        assert res.ok, [str(p) for p in res.problems[:5]]
        got = store.observations("labour_rights_sdg882")
        got = got[got["upload_id"] == res.upload_id]
        assert sorted(got[["iso3", "period", "value"]].values.tolist()) == sorted(case["values"])


def test_accepted_text_is_stored_verbatim(tmp_path):
    store = seeded(tmp_path / "data")
    res = ingest(HOSTILE / "html_in_note.csv", group="g", store=store)
    obs = store.observations("labour_rights_sdg882")
    assert obs[obs["upload_id"] == res.upload_id]["note"].tolist() == ["<script>alert(1)</script><b>bold</b>"]
    res = ingest(HOSTILE / "quoted_newline_in_note.csv", group="g", store=store)
    obs = store.observations("labour_rights_sdg882")
    assert obs[obs["upload_id"] == res.upload_id]["note"].dropna().tolist() == ["first line\nsecond line"]


def test_over_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    import builtins
    path = HOSTILE / "over_size_limit.csv"
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        assert Path(str(file)) != path, "the file was opened although it is over the limit"
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr(builtins, "open", guarded)
    res = ingest(path, group="g", store=Store(tmp_path / "d"), max_bytes=MANIFEST["max_bytes"])
    assert not res.ok and "over the limit" in res.problems[0].reason
