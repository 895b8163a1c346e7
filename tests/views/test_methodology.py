"""Methodology data functions."""
from __future__ import annotations

import pandas as pd

from indicators.views import methodology as md
from indicators.store.catalogue import load_catalogue
from indicators.scoring.scorecard import score_all

CAT = load_catalogue()


NO_COUNTS = pd.DataFrame(columns=["places", "first_year", "last_year"], index=pd.Index([], name="indicator_id"))


def test_coverage_says_places_and_years_in_words():
    # KEN 2015 and 2020, UGA 2018; corridors NPL>QAT 2019 and NPL>MYS 2020 (the counts coverage_counts makes of them)
    counts = pd.DataFrame({"places": [2, 2], "first_year": [2015, 2019], "last_year": [2020, 2020]},
                          index=pd.Index(["labour_rights_sdg882", "remittance_cost_corridor"], name="indicator_id"))
    cov = md.coverage(counts, CAT).set_index("id")
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
    t = md.catalogue_with_coverage(NO_COUNTS, CAT)
    assert len(t) == len(CAT.ids) and {"coverage", "best", "worst", "sdg", "gcm", "licence"} <= set(t.columns)


def test_catalogue_says_direction_and_thresholds_in_words():
    t = md.catalogue_with_coverage(NO_COUNTS, CAT).set_index("id")
    assert not t["direction"].str.contains("_").any()
    assert set(t["direction"]) - {""} <= {"higher is better", "lower is better"}
    assert not t["thresholds"].str.contains(";").any()
    assert t.loc["remittance_cost_corridor", "thresholds"] == "3 / 5 / 10"      # the SDG 10.c 3 %, 5 %, 10 % cuts
