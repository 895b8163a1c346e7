"""Country-profile data functions on a tiny hand-made scorecard."""
from __future__ import annotations

import pandas as pd
import pytest

from indicators import profile as pr
from indicators.catalogue import load_catalogue
from indicators.scoring import score_all

CAT = load_catalogue()
# 20 African countries so SDG 8.8.2 is "in play" (>= 20 places); KEN and UGA get hand-picked values
AFRICA = ["KEN", "UGA", "TZA", "RWA", "ETH", "NGA", "GHA", "SEN", "MLI", "NER", "BFA", "CIV", "BEN", "TGO", "CMR",
          "GAB", "COG", "AGO", "ZMB", "ZWE"]


def card():
    """SDG 8.8.2 for 20 countries (KEN 2, UGA 6, others 5), a KEN series, and two corridors."""
    rows = [("labour_rights_sdg882", iso, None, None, 2020, {"KEN": 2.0, "UGA": 6.0}.get(iso, 5.0)) for iso in AFRICA]
    rows += [("labour_rights_sdg882", "KEN", None, None, 2017, 4.0),
             ("remittance_cost_corridor", None, "KEN", "ARE", 2020, 6.0),
             ("remittance_cost_corridor", None, "UGA", "KEN", 2019, 9.0)]
    a = pd.DataFrame(rows, columns=["indicator_id", "iso3", "origin_iso3", "destination_iso3", "year", "value"])
    return score_all(a, CAT, 2020), a


def test_peer_table_region_and_income_means():
    c, _ = card()
    peers = pr.peer_table(c, "KEN").set_index("group")
    # association pillar = 8.8.2 score: KEN 100*(2-10)/-10 = 80; UGA 40; the other 18 countries 50
    assert peers.loc["Kenya", "association"] == pytest.approx(80)
    region = peers.loc["Region: Africa"]
    # all 20 are in Africa: (80 + 40 + 18 * 50) / 20 = 1020 / 20 = 51
    assert region["countries"] == 20 and region["association"] == pytest.approx(51)
    assert any(g.startswith("Income group: ") for g in peers.index)


def test_indicator_table_values_years_and_no_data_rows():
    c, _ = card()
    t = pr.indicator_table(c, "KEN", CAT).set_index("indicator_id")
    assert t.loc["labour_rights_sdg882", "value"] == "2" and t.loc["labour_rights_sdg882", "year"] == "2020"
    assert t.loc["labour_rights_sdg882", "rating"] == "Challenges remain"
    assert t.loc["ilo_c189_ratified", "value"] == "" and "NORMLEX" in t.loc["ilo_c189_ratified", "source"]


def test_series_and_trend_figure_draw_goalposts():
    c, a = card()
    s = pr.series_for(a, "KEN", "labour_rights_sdg882")
    assert s["year"].tolist() == [2017, 2020] and s["value"].tolist() == [4.0, 2.0]
    fig = pr.trend_figure(s, CAT.get("labour_rights_sdg882"), "Kenya", 2020)
    hlines = [sh["y0"] for sh in fig.layout.shapes if sh["y0"] == sh["y1"]]
    assert 0 in hlines and 10 in hlines                      # best and worst goalposts
    assert "Source:" in fig.layout.annotations[-1].text or any("Source" in a.text for a in fig.layout.annotations)


def test_corridors_of_each_end():
    c, _ = card()
    out = pr.corridors_of(c, "KEN", "origin")
    assert out["destination"].tolist() == ["United Arab Emirates"]
    assert out.loc[0, "remittance cost (% of USD 200)"] == 6.0
    assert pr.corridors_of(c, "KEN", "destination")["origin"].tolist() == ["Uganda"]


def test_unknown_country_info_is_none():
    assert pr.country_info("XYZ") is None and pr.country_info("KEN")["name"] == "Kenya"
