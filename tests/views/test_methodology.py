"""Methodology data functions."""
from __future__ import annotations

import pandas as pd

from indicators.views import methodology as md
from indicators.store.catalogue import load_catalogue
from indicators.scoring.scorecard import score_all

CAT = load_catalogue()


def test_coverage_counts_places_and_years():
    a = pd.DataFrame({"indicator_id": ["labour_rights_sdg882"] * 3 + ["remittance_cost_corridor"] * 2,
                      "iso3": ["KEN", "KEN", "UGA", None, None], "origin_iso3": [None] * 3 + ["NPL", "NPL"],
                      "destination_iso3": [None] * 3 + ["QAT", "MYS"], "year": [2015, 2020, 2018, 2019, 2020],
                      "value": [1, 2, 3, 4, 5]})
    cov = md.coverage(a, CAT).set_index("id")
    assert cov.loc["labour_rights_sdg882", "coverage"] == "2 countries, 2015-2020"
    assert cov.loc["remittance_cost_corridor", "coverage"] == "2 corridors, 2019-2020"
    assert cov.loc["ilo_c189_ratified", "coverage"] == "no data yet"
    assert cov.loc["remittance_cost_home_from", "coverage"] == "computed from corridor data"


def test_method_text_states_the_weights_and_pillars_in_play():
    a = pd.DataFrame(columns=["indicator_id", "iso3", "origin_iso3", "destination_iso3", "year", "value"])
    card = score_all(a, CAT, 2020, weights={"protection": 2}, aggregation="geometric")
    text = md.method_text(CAT, card)
    assert "geometric mean" in text and "Protection of migrant workers 2" in text
    assert "Recruitment costs: not in the index (no data yet" in text


def test_catalogue_with_coverage_lists_every_indicator():
    a = pd.DataFrame(columns=["indicator_id", "iso3", "origin_iso3", "destination_iso3", "year", "value"])
    t = md.catalogue_with_coverage(a, CAT)
    assert len(t) == len(CAT.ids) and {"coverage", "best", "worst", "sdg", "gcm", "licence"} <= set(t.columns)


def test_catalogue_says_direction_and_thresholds_in_words():
    a = pd.DataFrame(columns=["indicator_id", "iso3", "origin_iso3", "destination_iso3", "year", "value"])
    t = md.catalogue_with_coverage(a, CAT).set_index("id")
    assert not t["direction"].str.contains("_").any()
    assert set(t["direction"]) - {""} <= {"higher is better", "lower is better"}
    assert not t["thresholds"].str.contains(";").any()
    assert t.loc["remittance_cost_corridor", "thresholds"] == "3 / 5 / 10"      # the SDG 10.c 3 %, 5 %, 10 % cuts
