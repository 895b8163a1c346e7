"""The service layer: the catalogue in force for a data directory and the scorecards built on it."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.scoring import service
from indicators.store.config import BUNDLED_DATA_DIR
from indicators.uploads.ingest import ingest
from indicators.store.observations import Store
from tests.uploads.test_formats import PROPOSAL, WDI

NEW = "remittances_paid_usd"


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Store:
    """A store over a copy of the bundled data."""
    shutil.copytree(BUNDLED_DATA_DIR, tmp_path / "data")
    return Store(tmp_path / "data")


def test_a_proposed_indicator_is_in_force_with_its_upload_and_leaves_with_its_retraction(bundled_copy, files):
    st = bundled_copy
    before = service.scorecard(st, 2019).countries.set_index("iso3")
    assert NEW not in service.catalogue(st).ids
    res = ingest(files / WDI, group="Remittance team", store=st, proposal=PROPOSAL)
    assert res.ok
    cat = service.catalogue(st)
    assert NEW in cat.ids and cat.get(NEW)["weight"] == 0
    card = service.scorecard(st, 2019)
    assert card.catalogue is cat
    mine = card.indicators[card.indicators["indicator_id"] == NEW]
    assert set(mine["iso3"]) >= {"KEN", "NPL", "PHL"}          # scored and shown with the country's indicators
    after = card.countries.set_index("iso3")
    # weight 0 until the operator adopts it: index, pillars and coverage are exactly as before
    for col in ["overall", "remittance", "coverage"]:
        pd.testing.assert_series_equal(after[col].reindex(before.index), before[col], check_names=False)
    assert after.loc[~after.index.isin(before.index), "overall"].isna().all()   # places with only the new indicator
    st.retract(res.upload_id, "Remittance team", "wrong series")
    assert NEW not in service.catalogue(st).ids
    assert NEW not in set(service.scorecard(st, 2019).indicators["indicator_id"])


def test_default_catalogue_is_the_shipped_one_on_the_bundled_data():
    st = service.get_store(None)
    assert service.catalogue(st).ids == service.load_catalogue().ids


def test_status_says_why_nothing_is_ranked_when_every_weight_is_zero():
    st = service.get_store(None)
    card = service.scorecard(st, 2020, {p: 0.0 for p in ("protection", "recruitment", "remittance", "association")})
    assert card.countries["overall"].isna().all()
    assert set(card.countries["status"]) == {"all pillars in play have weight 0"}
    from indicators.views import profile as pr
    assert pr.rank_text(pr.header(card, "KEN")) == "not ranked: all pillars in play have weight 0"


def test_parse_weights_names_the_bad_part():
    assert service.parse_weights("protection=2, remittance=0") == {"protection": 2.0, "remittance": 0.0}
    for bad, word in [("protection", "pillar=number"), ("nothing=1", "unknown pillar"), ("remittance=x", "not a number"),
                      ("association=-1", "non-negative")]:
        with pytest.raises(ValueError, match=word):
            service.parse_weights(bad)
    assert np.isfinite(service.default_year())


def test_audit_is_cached_per_data_version_and_follows_an_upload(bundled_copy, tmp_path):
    st = bundled_copy
    first = service.audit(st, 2020)
    assert service.audit(st, 2020) is first                                      # memoised: same tables
    assert service.audit(st, 2020, {"protection": 2}) is not first               # other weights, other audit
    n = first["coverage"].set_index("subject").loc["labour_rights_sdg882", "countries"]
    f = tmp_path / "one.csv"
    f.write_text("indicator_id,iso3,period,value\nlabour_rights_sdg882,USA,2020,4\n")   # a country SDG 8.8.2 lacks
    assert ingest(f, group="g", store=st).ok
    after = service.audit(st, 2020)
    assert after is not first
    assert after["coverage"].set_index("subject").loc["labour_rights_sdg882", "countries"] == n + 1


def test_a_scorecard_computed_on_demand_starts_warming_as_the_configured_process_not_a_thread(bundled_copy, tmp_path,
                                                                                             monkeypatch):
    import threading
    from indicators.scoring import materialise
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(materialise.WARM_ENV, materialise.WARM_PROCESS)
    started = threading.Event()
    commands = []
    monkeypatch.setattr(materialise, "run_niced", lambda cmd: commands.append(cmd) or started.set() or 0)
    monkeypatch.setattr(service, "warm", lambda *a, **k: pytest.fail("warmed in a thread of this process"))
    service.scorecard(bundled_copy, 2019, {"protection": 2.0})        # other weights: computed here, on demand
    assert started.wait(10)
    assert commands == [materialise.warm_command(bundled_copy.root)]
