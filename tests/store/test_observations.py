"""The store (local and on S3): atomic immutable uploads, latest-wins, retraction, history, empty directories."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from indicators.store.observations import Store
from indicators.store.files import atomic_write_bytes
from indicators.store.objects import listdir
from tests.store.layout import data_files, retraction_commits


def frame(values, period="2019", iso3=("KEN", "UGA")):
    """Two country observations of SDG 8.8.2."""
    return pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": list(iso3), "period": period,
                         "value": list(values)})


def test_missing_directory_is_an_empty_store(empty_store):
    assert empty_store.observations().empty
    assert empty_store.uploads().empty
    assert empty_store.migrant_stock().empty
    assert not empty_store.root.exists()       # reading creates nothing


def test_commit_then_query(empty_store):
    uid = empty_store.commit(frame([3.5, 4.0]), group="ILO team", file_name="a.csv", sha256="ab", note="n")
    obs = empty_store.observations()
    assert obs.set_index("iso3")["value"].to_dict() == {"KEN": 3.5, "UGA": 4.0}
    assert set(obs["year"]) == {2019} and set(obs["upload_id"]) == {uid}
    log = empty_store.uploads()
    assert log.loc[0, "group"] == "ILO team" and log.loc[0, "rows_accepted"] == 2 and log.loc[0, "status"] == "committed"
    assert [f.exists() for f in data_files(empty_store.root, uid)] == [True]


def test_latest_upload_wins_and_history_is_kept(empty_store):
    first = empty_store.commit(frame([3.5, 4.0]), "g", "a.csv", "a")
    second = empty_store.commit(frame([5.0], iso3=("KEN",)), "g", "b.csv", "b")
    cur = empty_store.observations().set_index("iso3")
    assert cur.loc["KEN", "value"] == 5.0 and cur.loc["KEN", "upload_id"] == second
    assert cur.loc["UGA", "value"] == 4.0 and cur.loc["UGA", "upload_id"] == first
    hist = empty_store.observations(history=True)
    assert sorted(hist[hist["iso3"] == "KEN"]["value"]) == [3.5, 5.0]


def test_retraction_restores_previous_values_and_deletes_nothing(empty_store):
    empty_store.commit(frame([3.5, 4.0]), "g", "a.csv", "a")
    second = empty_store.commit(frame([5.0], iso3=("KEN",)), "g", "b.csv", "b")
    files_before = set(listdir(empty_store.root / "observations"))
    empty_store.retract(second, group="g", note="wrong survey year")
    assert empty_store.observations().set_index("iso3").loc["KEN", "value"] == 3.5
    assert set(listdir(empty_store.root / "observations")) == files_before      # no data file added or removed
    assert len(retraction_commits(empty_store.root, second)) == 1
    log = empty_store.uploads().set_index("upload_id")
    assert log.loc[second, "status"] == "retracted" and log.loc[second, "retraction_note"] == "wrong survey year"
    with pytest.raises(ValueError):
        empty_store.retract(second, group="g")
    with pytest.raises(KeyError):
        empty_store.retract("nope", group="g")


def test_as_of_rebuilds_a_past_state(empty_store):
    first = empty_store.commit(frame([3.5, 4.0]), "g", "a.csv", "a")
    second = empty_store.commit(frame([5.0], iso3=("KEN",)), "g", "b.csv", "b")
    empty_store.retract(second, "g")
    assert empty_store.as_of(first).set_index("iso3")["value"].to_dict() == {"KEN": 3.5, "UGA": 4.0}
    # as it stood right after the second upload, before its retraction
    assert empty_store.as_of(second).set_index("iso3")["value"].to_dict() == {"KEN": 5.0, "UGA": 4.0}


def test_orphan_parquet_without_log_record_is_invisible(empty_store):
    uid = empty_store.commit(frame([3.5, 4.0]), "g", "a.csv", "a")
    # simulate a crash between the data file and its commit: copy the data under a new name, no commit names it
    src, = data_files(empty_store.root, uid)
    (empty_store.root / "observations" / "part-00000-crashed-c000.zstd.parquet").write_bytes(src.read_bytes())
    assert len(empty_store.observations()) == 2


def test_version_changes_on_commit_and_cache_refreshes(empty_store):
    v0 = empty_store.version()
    empty_store.commit(frame([3.5, 4.0]), "g", "a.csv", "a")
    assert empty_store.version() != v0
    # a second Store over the same directory (another process) sees the new upload without restart
    other = Store(empty_store.root)
    assert len(other.observations()) == 2
    empty_store.commit(frame([1.0], iso3=("TZA",)), "g", "b.csv", "b")
    assert len(other.observations()) == 3


def test_quarters_are_averaged_in_annual(empty_store):
    f = pd.DataFrame({"indicator_id": "remittance_cost_corridor", "origin_iso3": "NPL", "destination_iso3": "QAT",
                      "period": ["2020Q1", "2020Q2", "2019Q4"], "value": [4.0, 5.0, 7.0]})
    empty_store.commit(f, "g", "q.csv", "q")
    a = empty_store.annual().set_index("year")
    # 2020: (4 + 5) / 2 = 4.5 from 2 quarters; 2019: 7
    assert a.loc[2020, "value"] == 4.5 and a.loc[2020, "n_periods"] == 2 and a.loc[2019, "value"] == 7.0


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    atomic_write_bytes(tmp_path / "x" / "f.json", b"{}")
    assert os.listdir(tmp_path / "x") == ["f.json"]


def test_invalid_upload_id_rejected(empty_store):
    with pytest.raises(ValueError):
        empty_store.commit(frame([1, 2]), "g", "a.csv", "a", upload_id="../escape")


def test_memo_is_per_version_and_bounded(empty_store, monkeypatch):
    import indicators.store.observations as store_mod
    monkeypatch.setattr(store_mod, "MEMO_SIZE", 3)
    calls = []
    for k in range(5):
        empty_store.memo(k, lambda k=k: calls.append(k) or k)
    assert empty_store.memo(4, lambda: "recomputed") == 4          # recent entries kept
    assert empty_store.memo(0, lambda: "recomputed") == "recomputed"  # oldest dropped
    empty_store.commit(frame([1.0, 2.0]), "g", "a.csv", "a")          # new data version: cache emptied
    assert empty_store.memo(4, lambda: "fresh") == "fresh"


def test_the_memo_follows_the_data_version_without_building_the_tables(empty_store, monkeypatch):
    empty_store.commit(frame([1.0, 2.0]), "g", "a.csv", "a")
    builds = []
    from indicators.store import observations
    real = observations.build_tables
    monkeypatch.setattr(observations, "build_tables", lambda d, v: builds.append(v) or real(d, v))
    assert empty_store.memo("k", lambda: "first") == "first" and builds == []     # a memo hit needs no tables
    assert empty_store.data_version()["number"] == 1 and builds == []             # nor does the version line
    assert len(empty_store.query("SELECT * FROM obs_current")) == 2 and len(builds) == 1
    empty_store.commit(frame([3.0, 4.0]), "g", "b.csv", "b")
    assert empty_store.memo("k", lambda: "second") == "second" and len(builds) == 1   # emptied, still no build
    assert empty_store.data_version()["number"] == 2


def test_one_memo_value_per_key_when_two_threads_compute_it(empty_store):
    import threading
    started, release, out = threading.Event(), threading.Event(), []

    def slow():
        started.set()
        release.wait(10)
        return "slow"
    t = threading.Thread(target=lambda: out.append(empty_store.memo("k", slow)))
    t.start()
    assert started.wait(10)
    first = empty_store.memo("k", lambda: "quick")        # stored while the other thread still computes
    release.set()
    t.join(10)
    assert first == "quick" and out == ["quick"]          # the later one returns the value already there


def test_latest_within_window_and_corridor_table(empty_store):
    f = pd.DataFrame({"indicator_id": ["labour_rights_sdg882"] * 3 + ["remittance_cost_corridor"] * 4,
                      "iso3": ["KEN", "KEN", "UGA", None, None, None, None],
                      "origin_iso3": [None] * 3 + ["NPL", "NPL", "PAK", "IND"],
                      "destination_iso3": [None] * 3 + ["QAT", "QAT", "SAU", "ARE"],
                      "period": ["2016", "2019", "2012", "2020Q1", "2020Q2", "2019Q4", "2010Q1"],
                      "value": [3.0, 4.0, 5.0, 4.0, 6.0, 7.0, 9.0]})
    empty_store.commit(f, "g", "a.csv", "a")
    lv = empty_store.latest(2020, {"labour_rights_sdg882": 5, "remittance_cost_corridor": 5})
    ken = lv[lv["iso3"] == "KEN"].iloc[0]
    assert (ken["value"], ken["year_used"]) == (4.0, 2019)      # 2019 is the latest in [2015, 2020]
    assert "UGA" not in set(lv["iso3"])                           # 2012 is outside the window
    ct = empty_store.corridor_table("remittance_cost_corridor", 2020)
    # NPL>QAT 2020: mean of Q1 4 and Q2 6 = 5; PAK>SAU 2019: 7; IND>ARE 2010 is too old
    assert ct[["origin_iso3", "value", "year_used"]].values.tolist() == [["PAK", 7.0, 2019], ["NPL", 5.0, 2020]]
    assert empty_store.latest(2020, {"labour_rights_sdg882": None})["iso3"].tolist() == ["KEN", "UGA"]


def test_sql_latest_agrees_with_the_scoring_engine_on_bundled_data():
    from indicators.store.catalogue import load_catalogue
    from indicators.scoring.latest import latest_values
    cat = load_catalogue()
    store = Store()
    sql = store.latest(2020, dict(zip(cat.indicators.index, cat.indicators["window"])))
    py = latest_values(store.annual(), cat, 2020)
    assert len(sql) == len(py)
    merged = sql.merge(py, on=["indicator_id", "iso3", "origin_iso3", "destination_iso3"], suffixes=("_sql", "_py"))
    assert len(merged) == len(py)
    assert (merged["value_sql"] - merged["value_py"]).abs().max() < 1e-9
    assert (merged["year_used_sql"] == merged["year_used_py"]).all()
