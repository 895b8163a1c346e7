"""Scores, profiles and corridor tables of the read API on a copy of the bundled data: the numbers of
`python -m indicators score`; rank intervals only from a scorecard already computed, never the 500 draws."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from indicators.opendata import scores
from indicators.opendata.errors import ApiError
from indicators.store.config import BUNDLED_DATA_DIR
from indicators.store.observations import Store
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """(store, data dir, cache dir) over a copy of the bundled data with a cache folder of its own."""
    root = tmp_path_factory.mktemp("scores")
    shutil.copytree(BUNDLED_DATA_DIR, root / "data")
    return root / "data", root / "cache"


@pytest.fixture
def store(bundled, monkeypatch):
    d, cache = bundled
    monkeypatch.setenv("MPD_CACHE_DIR", str(cache))
    return Store(d)


def cli_scores(d, cache, *args) -> pd.DataFrame:
    """`python -m indicators score` as a table (it computes and materialises the full scorecard)."""
    out = subprocess.run([sys.executable, "-m", "indicators", "--data-dir", str(d), "score", *args],
                         capture_output=True, text=True, cwd=PROJECT, check=True,
                         env={**__import__("os").environ, "MPD_CACHE_DIR": str(cache)})
    return pd.read_csv(io.StringIO(out.stdout), dtype={"iso3": str})


def no_draws(monkeypatch):
    """Make any start of the sensitivity analysis fail the test."""
    import indicators.scoring.scorecard as sc
    monkeypatch.setattr(sc, "sensitivity", lambda *a, **k: pytest.fail("the sensitivity analysis was started"))


def test_custom_weights_score_like_the_cli_without_starting_the_draws(store, bundled, monkeypatch):
    no_draws(monkeypatch)
    weights = {"protection": 2.0, "recruitment": 1.0, "remittance": 1.0, "association": 1.0}
    p = scores.scores_payload(store, 2020, weights, "geometric")
    assert p["rank_intervals"] is False and "not computed" in p["rank_intervals_note"]
    api = pd.DataFrame(p["countries"]).set_index("iso3")
    assert api["rank_p05"].isna().all() and api["rank_median"].isna().all()
    monkeypatch.undo()
    cli = cli_scores(*bundled, "--year", "2020", "--weights", "protection=2", "--aggregation", "geometric")
    cli = cli.set_index("iso3")
    assert list(api.index) == list(cli.index)
    pd.testing.assert_series_equal(api["overall"], cli["overall"], check_names=False, rtol=0, atol=0.0051)  # CLI: 2 dp
    pd.testing.assert_series_equal(api["rank"].astype(float), cli["rank"].astype(float), check_names=False)


def test_rank_intervals_come_once_the_scorecard_is_computed(store, bundled, monkeypatch):
    cli = cli_scores(*bundled, "--year", "2019").set_index("iso3")          # materialises the default 2019 card
    no_draws(monkeypatch)
    p = scores.scores_payload(store, 2019, None, "arithmetic")
    assert p["rank_intervals"] is True and p["index_pillars"] == ["protection", "remittance", "association"]
    api = pd.DataFrame(p["countries"]).set_index("iso3")
    for col in ("rank_p05", "rank_p95", "rank_median", "overall"):
        pd.testing.assert_series_equal(api[col], cli[col], check_names=False, rtol=0, atol=0.0051)


def test_country_profile_has_scores_indicators_with_sources_and_corridors(store, monkeypatch):
    no_draws(monkeypatch)
    p = scores.profile_payload(store, "npl", 2020, None, "arithmetic")
    assert p["iso3"] == "NPL" and p["name"] == "Nepal"
    table = scores.scores_payload(store, 2020, None, "arithmetic")["countries"]
    row = next(r for r in table if r["iso3"] == "NPL")
    assert p["scores"]["overall"] == row["overall"] and p["scores"]["rank"] == row["rank"]
    ind = {i["indicator_id"]: i for i in p["indicators"]}
    assert ind["remittance_cost_to_country"]["upload_ids"] == "bundled-wdi-ib"
    assert all(i["source"] for i in p["indicators"] if i["value"] is not None)
    assert {c["destination_iso3"] for c in p["corridors_from"]} >= {"QAT", "MYS"}
    assert p["citation"].endswith(store.data_version()["date"] + ".")
    with pytest.raises(ApiError) as e:
        scores.profile_payload(store, "XXX", 2020, None, "arithmetic")
    assert e.value.status == 404


def test_corridor_table_filters_by_origin(store, monkeypatch):
    no_draws(monkeypatch)
    p = scores.corridors_payload(store, 2020, "arithmetic", "NPL", None)
    assert p["corridors"] and {c["origin_iso3"] for c in p["corridors"]} == {"NPL"}
    assert "components" not in p["corridors"][0]
    assert p["citation"].startswith("World Bank, Remittance Prices Worldwide (CC BY 4.0)")
