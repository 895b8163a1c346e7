"""Scorecards materialised once per data version and shared by every process reading the same data directory."""
from __future__ import annotations

import shutil
import threading

import pytest

from indicators.scoring import materialise, service
from indicators.store.observations import Store
from indicators.uploads.ingest import ingest
from tests.conftest import PROJECT


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the bundled data and a private cache folder."""
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
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
    monkeypatch.setattr(service, "years", lambda store=None: {**span, "first": 2019, "last": 2021})
    assert service.warm(st) == 3 * 2 and service.warm(st) == 0
    assert n > 6


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
