"""Compare-page data functions on hand-made values."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators import compare as cp
from indicators.catalogue import load_catalogue

VALUES = pd.DataFrame({"iso3": ["KEN", "KEN", "UGA", "UGA", "NPL"], "year": [2019, 2020, 2019, 2020, 2020],
                       "value": [2.0, 3.0, 6.0, 5.0, 9.0]})
NAMES = {"KEN": "Kenya", "UGA": "Uganda", "NPL": "Nepal"}


def test_country_lines_and_region_mean():
    s = cp.build_series(VALUES, ["KEN"], ["un:Africa"], NAMES)
    ken = s[s["entity"] == "Kenya"]
    assert ken["value"].tolist() == [2.0, 3.0]
    africa = s[s["entity"] == "Region: Africa"].set_index("year")
    # KEN and UGA are African, NPL is not: 2019 (2 + 6) / 2 = 4; 2020 (3 + 5) / 2 = 4
    assert africa.loc[2019, "value"] == 4.0 and africa.loc[2020, "n"] == 2


def test_unknown_group_is_empty_not_an_error():
    assert cp.group_members("zz:Nowhere") == ("zz:Nowhere", [])
    s = cp.build_series(VALUES, [], ["zz:Nowhere"], NAMES)
    assert s.empty


def test_wide_table_has_gaps_not_zeros():
    t = cp.wide_table(cp.build_series(VALUES, ["KEN", "NPL"], [], NAMES)).set_index("entity")
    assert t.loc["Kenya", "2019"] == 2.0 and math.isnan(t.loc["Nepal", "2019"])


def test_indicator_values_come_from_annual_and_scores_from_cards():
    annual = pd.DataFrame({"indicator_id": ["labour_rights_sdg882"] * 2, "iso3": ["KEN", "KEN"], "year": [2019, 2021],
                           "value": [1.0, 2.0]})
    v = cp.country_values("labour_rights_sdg882", [2019, 2020], annual, lambda y: None)
    assert v["year"].tolist() == [2019]

    class Card:
        countries = pd.DataFrame({"iso3": ["KEN", "UGA"], "overall": [50.0, float("nan")], "protection": [1.0, 2.0]})
    v = cp.country_values("index", [2019, 2020], annual, lambda y: Card)
    assert len(v) == 2 and set(v["iso3"]) == {"KEN"}        # NaN scores are gaps, not zeros


def test_figure_uses_distinct_symbols_and_says_its_source():
    s = cp.build_series(VALUES, ["KEN", "UGA"], [], NAMES)
    fig = cp.figure(s, "t", "u", "src", "2019-2020")
    assert fig.data[0].marker.symbol != fig.data[1].marker.symbol
    assert any("src" in a.text for a in fig.layout.annotations)
    assert len(cp.what_options(load_catalogue())) >= 17
