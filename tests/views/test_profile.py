"""Country-profile data functions on tiny hand-made scorecards (expected values worked out in the comments)."""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from indicators.views import profile as pr
from indicators.store.catalogue import load_catalogue
from indicators.scoring.derived import country_rows, with_derived
from indicators.scoring.explain import explain
from indicators.scoring.scorecard import score_all

CAT = load_catalogue()
NAN = np.nan
# 20 African countries so SDG 8.8.2 is "in play" (>= 20 places); KEN and UGA get hand-picked values
AFRICA = ["KEN", "UGA", "TZA", "RWA", "ETH", "NGA", "GHA", "SEN", "MLI", "NER", "BFA", "CIV", "BEN", "TGO", "CMR",
          "GAB", "COG", "AGO", "ZMB", "ZWE"]


def card():
    """SDG 8.8.2 for 20 countries (KEN 2, UGA 6, others 5), a KEN series 2014-2020, and four corridor rows."""
    rows = [("labour_rights_sdg882", iso, None, None, 2020, {"KEN": 2.0, "UGA": 6.0}.get(iso, 5.0)) for iso in AFRICA]
    rows += [("labour_rights_sdg882", "KEN", None, None, 2014, 5.0),
             ("labour_rights_sdg882", "KEN", None, None, 2017, 4.0),
             ("remittance_cost_corridor", None, "KEN", "ARE", 2020, 6.0),
             ("remittance_cost_corridor", None, "KEN", "QAT", 2020, 8.0),
             ("remittance_cost_corridor", None, "KEN", "QAT", 2019, 10.0),
             ("remittance_cost_corridor", None, "UGA", "KEN", 2019, 9.0),
             ("icrmw_party", "UGA", None, None, 1995, 1.0)]       # measured, but no value for KEN
    a = pd.DataFrame(rows, columns=["indicator_id", "iso3", "origin_iso3", "destination_iso3", "year", "value"])
    return score_all(a, CAT, 2020), a


def scores_only():
    """A stand-in scorecard with hand-picked country scores (peer_table reads only card.countries)."""
    cols = ["iso3", "overall", "protection", "recruitment", "remittance", "association"]
    rows = [("PHL", 75, 80, NAN, 90, 55),      # Asia, lower middle income
            ("IDN", 50, 40, NAN, 60, 50),      # Asia, upper middle income
            ("VNM", NAN, 30, NAN, 70, NAN),    # Asia, lower middle income
            ("JPN", 65, 70, NAN, 50, 75),      # Asia, high income
            ("KHM", NAN, NAN, NAN, NAN, NAN),  # Asia, lower middle income, no score at all: not counted
            ("KEN", 40, 20, NAN, 80, 20)]      # Africa, lower middle income
    return SimpleNamespace(countries=pd.DataFrame(rows, columns=cols))


def test_peer_table_hand_worked_means():
    peers = pr.peer_table(scores_only(), "PHL").set_index("group")
    assert list(peers.index) == ["Philippines", "Region: Asia", "Income group: Lower middle income"]
    asia = peers.loc["Region: Asia"]
    assert asia["countries"] == 4                                # PHL IDN VNM JPN (KHM has no score)
    assert asia["overall"] == pytest.approx(190 / 3)            # (75 + 50 + 65) / 3, VNM has no overall
    assert asia["protection"] == pytest.approx(55)              # (80 + 40 + 30 + 70) / 4
    assert asia["remittance"] == pytest.approx(67.5)            # (90 + 60 + 70 + 50) / 4
    assert asia["association"] == pytest.approx(60)             # (55 + 50 + 75) / 3
    assert np.isnan(asia["recruitment"])                        # nobody has it: insufficient data, not 0
    lmi = peers.loc["Income group: Lower middle income"]
    assert lmi["countries"] == 3                                 # PHL VNM KEN
    assert lmi["overall"] == pytest.approx(57.5)                # (75 + 40) / 2
    assert lmi["protection"] == pytest.approx(130 / 3)          # (80 + 30 + 20) / 3
    assert lmi["remittance"] == pytest.approx(80)               # (90 + 70 + 80) / 3
    assert lmi["association"] == pytest.approx(37.5)            # (55 + 20) / 2


def test_peer_table_on_a_scored_card():
    c, _ = card()
    peers = pr.peer_table(c, "KEN").set_index("group")
    # association pillar = 8.8.2 score: KEN 100*(2-10)/(0-10) = 80; UGA 40; the other 18 countries 50
    assert peers.loc["Kenya", "association"] == pytest.approx(80)
    region = peers.loc["Region: Africa"]
    # all 20 are in Africa: (80 + 40 + 18 * 50) / 20 = 1020 / 20 = 51
    assert region["countries"] == 20 and region["association"] == pytest.approx(51)
    # lower middle income among the 20: KEN TZA NGA GHA SEN CIV BEN CMR COG AGO ZMB ZWE -> (80 + 11 * 50) / 12
    lmi = peers.loc["Income group: Lower middle income"]
    assert lmi["countries"] == 12 and lmi["association"] == pytest.approx(630 / 12)


def test_peer_figure_has_title_counts_and_source():
    fig = pr.peer_figure(pr.peer_table(scores_only(), "PHL"), "Philippines and its peers, 2020", "Src A; Src B", 2020)
    assert fig.layout.title.text == "Philippines and its peers, 2020"
    assert [t.name for t in fig.data] == ["Philippines", "Region: Asia (4 countries)",
                                          "Income group: Lower middle income (3 countries)"]
    assert fig.data[0].text[2] == "" and math.isnan(fig.data[0].y[2])   # recruitment: no bar and no zero ...
    notes = {a.x: a.text for a in fig.layout.annotations if a.name == "no-score"}
    assert notes == {"Recruitment": "insufficient data"}         # ... the empty slot says why, also in exported files
    vnm = pr.peer_figure(pr.peer_table(scores_only(), "VNM"), "t", "s", 2020)
    # Vietnam has no overall or association score; its region and income group do
    assert {a.x: a.text for a in vnm.layout.annotations if a.name == "no-score"} == {
        "Overall": "no score for Vietnam", "Recruitment": "insufficient data", "Association": "no score for Vietnam"}
    assert any(a.text.startswith("Source: Src A; Src B; score 0-100; 2020") for a in fig.layout.annotations)


def test_rank_text_ranked_and_not_ranked():
    assert pr.rank_text({"rank": 18, "ranked_of": 132, "rank_p05": 10, "rank_p95": 34, "status": "ranked"}) == \
        "rank 18 of 132 (5-95 % interval of rank 10-34)"
    assert pr.rank_text({"rank": None, "status": "insufficient data: no score for remittance"}) == \
        "not ranked: insufficient data (no score for remittance)"
    c, _ = card()                                                # no pillar in play in the tiny card
    assert pr.rank_text(pr.header(c, "KEN")) == \
        "not ranked: insufficient data (no pillar has enough countries to form the index)"
    assert pr.rank_text(pr.header(c, "FRA")) == "not ranked: insufficient data (no data for this country in the window)"


def test_indicator_table_values_years_and_no_data_rows():
    c, _ = card()
    t = pr.indicator_table(c, "KEN", CAT).set_index("indicator_id")
    assert t.loc["labour_rights_sdg882", "value"] == "2" and t.loc["labour_rights_sdg882", "year"] == "2020"
    assert t.loc["labour_rights_sdg882", "score"] == 80.0      # 100 * (2 - 10) / (0 - 10)
    assert t.loc["labour_rights_sdg882", "rating"] == "Challenges remain"   # 1 < 2 <= 3
    # scores 50 (2014), 60 (2017), 80 (2020): OLS slope 90 / 18 = 5 a year; needed (100 - 80) / (2030 - 2020) = 2
    assert t.loc["labour_rights_sdg882", "trend"] == "↑ On track or maintaining achievement"
    # a measured indicator without a value for KEN is a 'no data' row; one no file feeds is not a row at all
    assert t.loc["icrmw_party", "value"] == "" and "UN Treaty Collection" in t.loc["icrmw_party", "source"]
    assert "ilo_c189_ratified" not in t.index
    assert "ILO C189 ratified" in pr.unmeasured_line(c, CAT) and "NORMLEX" in pr.unmeasured_line(c, CAT)
    assert t.loc["icrmw_party", "side"] == "in law (de jure)" and t.loc["icrmw_party", "about"] == "migrants"
    assert t.loc["labour_rights_sdg882", "side"] == "in practice (de facto)"
    assert t.loc["labour_rights_sdg882", "about"] == "all workers"


def test_indicator_display_writes_no_data_and_keeps_catalogue_order():
    c, _ = card()
    d = pr.indicator_display(pr.indicator_table(c, "KEN", CAT))
    assert list(d.columns) == ["indicator", "pillar", "commitment or practice", "about", "value", "unit", "year used",
                               "score 0-100", "rating", "trend", "in the index", "source (or data status)"]
    # every country-level indicator with data somewhere, with a value for KEN or not
    assert len(d) == len(set(CAT.indicators.index[CAT.indicators["level"] == "country"]) & c.measured)
    row = d.set_index("indicator").loc["ICRMW ratified"]
    assert row["value"] == "no data" and row["year used"] == "" and row["rating"] == "Insufficient data"
    assert row["in the index"] == "no value in the window"
    sdg = d.set_index("indicator").loc["Labour-rights compliance (SDG 8.8.2)"]
    assert sdg["value"] == "2" and sdg["unit"] == CAT.get("labour_rights_sdg882")["unit"]


def test_series_and_trend_figure_draw_goalposts_thresholds_and_reference_year():
    c, a = card()
    s = pr.series_for(a, "KEN", "labour_rights_sdg882")
    assert s["year"].tolist() == [2014, 2017, 2020] and s["value"].tolist() == [5.0, 4.0, 2.0]
    fig = pr.trend_figure(s, CAT.get("labour_rights_sdg882"), "Kenya", 2020)
    assert fig.layout.title.text == "Labour-rights compliance (SDG 8.8.2): Kenya"
    assert fig.layout.yaxis.title.text == CAT.get("labour_rights_sdg882")["unit"]
    hlines = sorted(sh.y0 for sh in fig.layout.shapes if sh.yref == "y")
    assert hlines == [0, 1, 3, 5, 10]                            # best 0, thresholds 1 / 3 / 5, worst 10
    assert [sh.x0 for sh in fig.layout.shapes if sh.xref == "x"] == [2020]
    texts = [x.text for x in fig.layout.annotations]
    assert "reference year 2020" in texts and any(t.startswith("Source: ILO") for t in texts)


def test_reference_lines_remittance_target_and_binary():
    lines = {y: label for y, label, _, _ in pr.reference_lines(CAT.get("remittance_cost_to_country"))}
    assert set(lines) == {3, 5, 10, 15}
    assert lines[3] == "best goalpost 3 (score 100); ≤ 3: SDG achieved (target)"   # SDG 10.c target 3 %
    assert lines[5] == "≤ 5: challenges remain"                                     # the 5 % ceiling
    assert pr.reference_lines(CAT.get("icrmw_party")) == [
        (0.0, "worst goalpost 0 (score 0)", "dash", "#636363"), (1.0, "best goalpost 1 (score 100)", "dash", "#636363")]


def test_series_of_a_derived_indicator_is_the_yearly_corridor_mean():
    _, a = card()
    rows = country_rows(with_derived(a, CAT), "remittance_cost_home_to")      # corridors with each country as origin
    s = pr.series_for(rows, "KEN", "remittance_cost_home_to")
    # 2019: KEN->QAT 10 only; 2020: (KEN->ARE 6 + KEN->QAT 8) / 2 = 7 (no migrant stock given: unweighted)
    assert s["year"].tolist() == [2019, 2020] and s["value"].tolist() == [10.0, 7.0]
    plain = pr.series_for(country_rows(with_derived(a, CAT), "labour_rights_sdg882"), "KEN", "labour_rights_sdg882")
    assert plain["value"].tolist() == [5.0, 4.0, 2.0]
    assert pr.series_for(rows, "FRA", "remittance_cost_home_to").empty


def test_corridors_of_each_end_with_links_keeping_settings():
    c, _ = card()
    out = pr.corridors_of(c, "KEN", "origin", "?year=2020&w=2,1,1,1")
    assert out["destination"].tolist() == ["Qatar", "United Arab Emirates"]             # costliest first
    assert out["remittance cost (% of USD 200)"].tolist() == [8.0, 6.0]
    assert out["year"].tolist() == [2020, 2020]
    assert out.loc[0, "link"] == "/corridors?origin=KEN&destination=QAT&year=2020&w=2,1,1,1"
    into = pr.corridors_of(c, "KEN", "destination")
    assert into["origin"].tolist() == ["Uganda"] and into.loc[0, "link"] == "/corridors?origin=UGA&destination=KEN"


def test_explain_frames_show_the_arithmetic():
    c, _ = card()
    inds, pils, formula = pr.explain_frames(explain(c, "KEN", CAT), "Kenya")
    row = inds.set_index("indicator").loc["Labour-rights compliance (SDG 8.8.2)"]
    assert row["score = 100*(value-worst)/(best-worst), clipped 0..100"] == "100*(2-10)/(0-10) = 80.0"
    assert row["year used"] == "2020" and row["weight"] == 1
    assert inds.set_index("indicator").loc["ILO C189 ratified", "raw value"] == "no data"
    assert list(pils["pillar"]) == ["protection", "recruitment", "remittance", "association"]
    assert pils.set_index("pillar").loc["association", "in the index"].startswith("no: only 20 countries")
    assert formula.startswith("Overall: not scored")


def test_unknown_country_info_and_suggestions():
    assert pr.country_info("XYZ") is None and pr.country_info("KEN")["name"] == "Kenya"
    assert pr.suggestions("XYZ") == []
    assert pr.suggestions("PH") == [("PHL", "Philippines")]                 # an ISO2 code
    assert ("PHL", "Philippines") in pr.suggestions("Phillipines")           # a misspelt name

