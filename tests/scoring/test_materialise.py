"""Scorecards materialised once per data version and shared by every process reading the same data directory."""
from __future__ import annotations

import os
import shutil
import threading
import time

import pandas as pd
import pytest

from indicators.scoring import materialise, service
from indicators.store.observations import Store
from indicators.uploads.ingest import ingest
from tests.conftest import PROJECT


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the bundled data and a private cache folder."""
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(materialise.WARM_ENV, "0")           # no background warming unless a test turns it on
    dest = tmp_path / "data"
    shutil.copytree(PROJECT / "data", dest)
    return dest


def _no_scoring(*args, **kwargs):
    raise AssertionError("scored again although the scorecard was materialised")


def test_a_second_process_reads_the_materialised_scorecard(data, monkeypatch):
    first = service.scorecard(Store(data), 2020)
    path = materialise.card_path(data, Store(data).version(), 2020, None, "arithmetic")
    assert path.exists()
    # another process (a fresh Store object, its memo empty) must not score again
    monkeypatch.setattr(service, "score_all", _no_scoring)
    again = service.scorecard(Store(data), 2020)
    assert again.countries.equals(first.countries)


def test_a_new_upload_is_a_new_data_version(data, tmp_path):
    st = Store(data)
    service.scorecard(st, 2020)
    old = materialise.card_path(data, st.version(), 2020, None, "arithmetic")
    csv = tmp_path / "new.csv"
    csv.write_text("indicator_id,iso3,period,value\nlabour_rights_sdg882,NPL,2020,4.2\n")
    assert ingest(csv, group="g", data_dir=data).ok
    new = materialise.card_path(data, st.version(), 2020, None, "arithmetic")
    assert new != old and not new.exists()
    card = service.scorecard(st, 2020)
    assert new.exists() and "NPL" in set(card.indicators.loc[card.indicators["indicator_id"] == "labour_rights_sdg882",
                                                              "iso3"])


def test_custom_weights_have_their_own_file():
    a = materialise.card_path(PROJECT, "v", 2020, None, "arithmetic")
    b = materialise.card_path(PROJECT, "v", 2020, {"protection": 2.0}, "arithmetic")
    c = materialise.card_path(PROJECT, "v", 2020, None, "geometric")
    assert len({a, b, c}) == 3 and a.parent == b.parent == c.parent


def test_computed_once_when_many_ask_at_the_same_time(tmp_path):
    calls = []
    path = tmp_path / "v1" / "2020_arithmetic_default.pkl"

    def compute():
        calls.append(1)
        return {"value": 42}

    threads = [threading.Thread(target=materialise.materialised, args=(path, compute)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and materialise.load(path) == {"value": 42}


def test_an_unreadable_file_is_recomputed(tmp_path):
    path = tmp_path / "v1" / "x.pkl"
    path.parent.mkdir()
    path.write_bytes(b"not a pickle")
    assert materialise.load(path) is None


def test_warming_materialises_every_default_scorecard_once(data, monkeypatch):
    st = Store(data)
    span = service.years(st)
    n = (span["last"] - span["first"] + 1) * 2                # every year offered, both rules
    monkeypatch.setattr(service, "years", lambda store=None, served=True: {**span, "first": 2019, "last": 2021})
    cat = service.catalogue(st)
    pages = (cat.indicators["level"] == "country").sum() + 1 + 2    # series, coverage counts, audit tables (2 rules)
    assert service.warm(st) == 3 * 2 + pages and service.warm(st) == 0
    assert n > 6
    folder = materialise.version_dir(data, st.version())
    assert (folder / materialise.DONE).exists()               # readers stop looking at the previous version


def test_warming_leaves_a_version_another_worker_is_warming(data):
    st = Store(data)
    with materialise.warming(data, st.version()) as mine:
        assert mine
        assert service.warm(st) == 0                          # nothing computed twice, nothing waited for
    assert not (materialise.version_dir(data, st.version()) / materialise.DONE).exists()


def test_the_pages_objects_are_read_by_a_second_process(data, monkeypatch):
    st = Store(data)
    card = service.scorecard(st, 2020)
    series = service.indicator_series(st, "labour_rights_sdg882")
    counts = service.coverage_counts(st)
    audit = service.audit(st, 2020)
    # a fresh Store (another worker, its memo empty) reads every object instead of computing it again
    monkeypatch.setattr(service, "_indicator_series", _no_scoring)
    monkeypatch.setattr(service, "numbers", _no_scoring)
    monkeypatch.setattr(Store, "query", _no_scoring)
    again = Store(data)
    assert service.indicator_series(again, "labour_rights_sdg882").equals(series)
    assert service.coverage_counts(again).equals(counts)
    assert service.audit(again, 2020)["correlations"].equals(audit["correlations"])
    assert len(card.countries)


def test_a_series_is_the_same_computed_alone_or_from_the_whole_annual_frame(data):
    from indicators.scoring.derived import country_rows
    st = Store(data)
    full = service.annual_with_derived(st)
    for iid in ("labour_rights_sdg882", "remittance_cost_home_from"):      # a plain and a derived indicator
        alone = service._indicator_series(st, iid)
        assert len(alone) and set(alone["indicator_id"]) == {iid} and alone["iso3"].notna().all()
        pd.testing.assert_frame_equal(alone, country_rows(full, iid))


def test_coverage_counts_places_years_and_values_of_the_totals(tmp_path, monkeypatch):
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    st = Store(tmp_path / "data")
    st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["KEN", "KEN", "KEN", "UGA"],
                            "period": ["2015", "2020Q1", "2020Q2", "2018"], "value": [1.0, 2.0, 3.0, 4.0]}),
              "g", "a.csv", "x")
    st.commit(pd.DataFrame({"indicator_id": "remittance_cost_corridor", "origin_iso3": ["NPL", "NPL", "NPL"],
                            "destination_iso3": ["QAT", "QAT", "MYS"], "period": ["2019", "2020", "2020"],
                            "value": [5.0, 6.0, 7.0], "sex": ["total", "total", "total"]}), "g", "b.csv", "y")
    st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["TZA"], "period": ["2010"],
                            "value": [9.0], "sex": ["female"]}), "g", "c.csv", "z")       # not a total: not counted
    c = service.coverage_counts(st)
    # KEN (2015, 2020 from two quarters) and UGA 2018: 2 countries, 2015-2020, 3 yearly values; 2 corridors 2019-2020
    assert c.loc["labour_rights_sdg882"].tolist() == [2, 2015, 2020, 3]
    assert c.loc["remittance_cost_corridor"].tolist() == [2, 2019, 2020, 3]
    assert list(c.index) == ["labour_rights_sdg882", "remittance_cost_corridor"]


# ---------------------------------------------------------------- "scores updating": the version served
def test_the_version_served_worked_by_hand():
    assert materialise.choose(7, {5, 6}, updating=True) == 6        # v7 being materialised: the newest earlier one
    assert materialise.choose(7, {5, 6, 7}, updating=True) == 7     # v7's object is there: v7
    assert materialise.choose(7, {5, 6}, updating=False) == 7       # nobody materialises v7: computed on demand
    assert materialise.choose(7, set(), updating=True) == 7         # no earlier version has it: v7 (the reader waits)
    assert materialise.choose(7, {9, 5}, updating=True) == 5        # a later version is never served for an earlier
    assert materialise.table_version("abcd1234-v12") == 12 and materialise.table_version("empty") is None


def test_served_reads_the_previous_version_only_while_the_new_one_is_being_materialised(tmp_path, monkeypatch):
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(materialise.WARM_ENV, "1")
    root, name = tmp_path / "data", "2020_arithmetic_default.pkl"
    for v in (4, 5):
        materialise.save(materialise.version_dir(root, f"abcd1234-v{v}") / name, {"v": v})
    materialise.save(materialise.version_dir(root, "abcd1234-v6") / "other.pkl", 1)  # v6 warmed only in part
    materialise.save(materialise.version_dir(root, "ffff0000-v9") / name, 1)         # another table: never
    assert materialise.versions_with(root, "abcd1234-v7", name) == {4, 5}
    # no commit file (no grace) and nobody holds v7's warming lock: v7 itself, computed on demand
    assert materialise.served(root, "abcd1234-v7", name) == "abcd1234-v7"
    with materialise.warming(root, "abcd1234-v7") as mine:
        assert mine
        assert materialise.served(root, "abcd1234-v7", name) == "abcd1234-v5"
        assert materialise.served(root, "abcd1234-v7", "other.pkl") == "abcd1234-v6"
        monkeypatch.setenv(materialise.WARM_ENV, "0")                 # no warming at all: never the old scores
        assert materialise.served(root, "abcd1234-v7", name) == "abcd1234-v7"
        monkeypatch.setenv(materialise.WARM_ENV, "1")
        materialise.save(materialise.version_dir(root, "abcd1234-v7") / name, {"v": 7})
        assert materialise.served(root, "abcd1234-v7", name) == "abcd1234-v7"   # once there, the new one


def test_a_fresh_commit_counts_as_being_materialised_for_a_grace_period(data, monkeypatch):
    monkeypatch.setenv(materialise.WARM_ENV, "1")
    version = Store(data).version()
    log = data / "observations" / "_delta_log" / f"{materialise.table_version(version):020d}.json"
    os.utime(log, (time.time(), time.time()))
    assert materialise.being_materialised(data, version)
    old = time.time() - materialise.GRACE - 1
    os.utime(log, (old, old))
    assert not materialise.being_materialised(data, version)
    os.utime(log, (time.time(), time.time()))
    materialise.mark_done(data, version)
    assert not materialise.being_materialised(data, version)


def test_commit_age_counts_from_the_commit_record(data):
    version = Store(data).version()
    log = data / "observations" / "_delta_log" / f"{materialise.table_version(version):020d}.json"
    old = time.time() - 30
    os.utime(log, (old, old))
    assert 29.5 < materialise.commit_age(data, version) < 31
    assert materialise.commit_age(data, "empty") is None
    assert materialise.commit_age(data, materialise.at_version(version, 999)) is None     # no such record


def test_the_data_version_as_it_stood_at_an_earlier_table_version(tmp_path):
    st = Store(tmp_path / "data")
    a = st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["KEN"], "period": ["2015"],
                                "value": [1.0]}), "g", "a.csv", "x", upload_id="first")
    st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["UGA"], "period": ["2015"],
                            "value": [1.0]}), "g", "b.csv", "y", upload_id="second")
    st.retract(a, "g")
    n = materialise.table_version(st.version())
    assert st.data_version()["number"] == 3                   # two commits and one retraction
    then = st.data_version_at(n - 1)                           # before the retraction
    assert then["number"] == 2 and then["upload"] == "second" and then["token"].endswith(f"-v{n - 1}")
    assert st.data_version_at(n - 2)["upload"] == "first" and st.data_version_at(n - 2)["number"] == 1


def test_warming_is_off_unless_enabled(monkeypatch, tmp_path):
    monkeypatch.delenv(materialise.WARM_ENV, raising=False)
    assert materialise.warm_once(tmp_path / "v", lambda: None) is False


def test_geometry_work_is_shared_through_the_disk_cache(tmp_path, monkeypatch):
    from indicators.store import disk_cache, geography
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    first = geography._read_countries("110m")
    files = list((tmp_path / "cache").rglob("countries-110m.pkl"))
    assert len(files) == 1
    # a new process would read the file instead of the TopoJSON: the same shapes come back
    again = disk_cache.load(files[0])
    assert list(again["iso3"]) == list(first["iso3"]) and again.geometry.equals(first.geometry)


def test_reference_years_are_materialised_per_data_version(data, monkeypatch):
    first = service.years(Store(data))
    monkeypatch.setattr(service, "reference_years", _no_scoring)
    assert service.years(Store(data)) == first


def test_warming_starts_with_the_default_year_then_the_latest_back():
    assert service.warm_order(2000, 2005, 2003) == [2003, 2005, 2004, 2002, 2001, 2000]
    assert service.warm_order(2021, 2021, 2021) == [2021]


def test_a_commit_through_the_api_starts_the_materialisation_of_its_version_once(group_api, monkeypatch, tmp_path):
    import io
    client, token, d = group_api
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(materialise.WARM_ENV, "1")
    started, done = [], threading.Event()

    def fake_warm(store, version=None):
        started.append(version)
        done.set()
        return 0
    monkeypatch.setattr(service, "warm", fake_warm)
    csv = b"indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2020,3.5\n"
    r = client.post("/api/uploads", headers={"Authorization": f"Bearer {token}"},
                    content_type="multipart/form-data", data={"file": (io.BytesIO(csv), "k.csv")})
    assert r.status_code == 201, r.get_json()
    assert done.wait(10)
    version = Store(d).version()
    assert started == [version]
    # the same version is not warmed twice by this process (the readers' first scorecard does not start it again)
    assert service.warm_new_version(Store(d)) is False
    assert started == [version]


def test_one_object_being_computed_does_not_hold_up_another_of_the_same_version(tmp_path):
    folder = tmp_path / "v1"
    started, release = threading.Event(), threading.Event()

    def slow():
        started.set()
        assert release.wait(10)
        return "slow"
    t = threading.Thread(target=materialise.materialised, args=(folder / "2019_arithmetic_default.pkl", slow))
    t.start()
    assert started.wait(10)
    # while 2019 is being computed under its lock, 2021 is computed and read without waiting for it
    assert materialise.materialised(folder / "2021_arithmetic_default.pkl", lambda: "quick") == "quick"
    assert t.is_alive()
    release.set()
    t.join(10)
    assert materialise.load(folder / "2019_arithmetic_default.pkl") == "slow"


def test_in_process_mode_a_niced_process_of_its_own_materialises_the_new_version(data, monkeypatch):
    """MPD_WARM_SCORECARDS=process: the committing server starts `python -m indicators warm` at lower priority and
    computes nothing itself (warming here would fail), and readers count the version as being materialised meanwhile;
    the other process writes the version's scorecards and marks it done."""
    monkeypatch.setenv(materialise.WARM_ENV, materialise.WARM_PROCESS)
    monkeypatch.setattr(service, "warm", _no_scoring)
    monkeypatch.setattr(service, "score_all", _no_scoring)
    st = Store(data)
    assert ingest(PROJECT / "tests" / "files" / "valid_long.csv", group="Group A", store=st).ok
    version = st.version()
    assert materialise.being_materialised(data, version)          # within the grace after the commit
    assert service.warm_new_version(st)
    deadline = time.time() + 240
    while not (materialise.version_dir(data, version) / materialise.DONE).exists() and time.time() < deadline:
        time.sleep(0.5)
    assert (materialise.version_dir(data, version) / materialise.DONE).exists()
    assert materialise.card_path(data, version, service.default_year(st), None, "arithmetic").exists()
    assert not materialise.being_materialised(data, version)


def test_warm_command_runs_the_cli_at_lower_priority(tmp_path):
    assert materialise.warm_command(tmp_path)[-4:] == ["indicators", "warm", "--data-dir", str(tmp_path)]
    script = tmp_path / "nice.py"
    script.write_text("import os, sys; sys.exit(os.nice(0))")
    assert materialise.run_niced([os.sys.executable, str(script)]) == materialise.WARM_NICE
