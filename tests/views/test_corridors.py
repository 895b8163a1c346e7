"""Corridor-page data functions on hand-made corridors (expected values worked out in the comments)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.views import corridor_trend as ct
from indicators.views import corridors as cv
from indicators.store.catalogue import load_catalogue
from indicators.scoring.scorecard import Scorecard, score_all
from tests.conftest import PROJECT

CAT = load_catalogue()
NAN = np.nan

# origin, destination, remittance cost (% of USD 200), year used, corridor score; ranks follow the score:
# NPL-JPN 70 -> 1, PAK-SAU 55 -> 2, PAK-QAT 45 -> 3, NPL-QAT 40 -> 4, NPL-MYS 30 -> 5, ZWE-ZAF 20 -> 6, IND-QAT none.
ROWS = [("NPL", "QAT", 4.64, 2020, 40.0, 4), ("NPL", "MYS", 6.0, 2020, 30.0, 5), ("NPL", "JPN", 2.5, 2019, 70.0, 1),
        ("PAK", "SAU", 3.0, 2020, 55.0, 2), ("PAK", "QAT", 5.0, 2020, 45.0, 3), ("ZWE", "ZAF", 12.0, 2018, 20.0, 6),
        ("IND", "QAT", NAN, NAN, NAN, NAN)]


def card(recruitment: dict[tuple[str, str], float] | None = None) -> Scorecard:
    """A scorecard holding only the hand-made corridor table (what the corridor views read)."""
    c = pd.DataFrame(ROWS, columns=["origin_iso3", "destination_iso3", "remittance_cost", "remittance_cost_year",
                                    "score", "rank"])
    c["recruitment_cost"] = [float((recruitment or {}).get((o, d), NAN)) for o, d in zip(c["origin_iso3"],
                                                                                     c["destination_iso3"])]
    c["recruitment_cost_year"] = np.where(c["recruitment_cost"].notna(), 2020.0, NAN)
    c["destination_protection"], c["destination_association"], c["origin_protection"] = 50.0, NAN, 25.0
    empty = pd.DataFrame()
    return Scorecard(year=2020, weights={}, aggregation="arithmetic", indicators=empty, pillars=empty,
                     countries=empty, corridors=c)


# ---------------------------------------------------------------------- selection and headlines
def test_select_filters_by_origin_destination_and_both():
    c = card()
    every = cv.select(c)
    assert len(every) == 7
    assert every["remittance_cost"].tolist()[:6] == [12.0, 6.0, 5.0, 4.64, 3.0, 2.5]   # costliest first, no price last
    assert every.iloc[-1]["origin_iso3"] == "IND"
    nepal = cv.select(c, origin="NPL")
    assert nepal["destination_name"].tolist() == ["Malaysia", "Qatar", "Japan"]
    qatar = cv.select(c, destination="QAT")
    assert set(qatar["origin_name"]) == {"Nepal", "Pakistan", "India"}
    one = cv.select(c, "NPL", "QAT")
    assert len(one) == 1 and one.loc[0, "remittance_cost"] == 4.64
    assert cv.select(c, "ZWE", "QAT").empty


def test_headlines_worked_by_hand():
    c = card()
    h = cv.headlines(cv.select(c))
    # 7 corridors, 6 with a price; mean (4.64 + 6 + 2.5 + 3 + 5 + 12) / 6 = 33.14 / 6 = 5.5233;
    # above 5 %: 6 and 12 (5.0 itself is not above); at or below 3 %: 2.5 and 3.0
    assert (h["corridors"], h["with_cost"], h["above_5"], h["at_target"]) == (7, 6, 2, 2)
    assert h["mean_cost"] == pytest.approx(33.14 / 6)
    nepal = cv.headlines(cv.select(c, origin="NPL"))
    # 4.64, 6, 2.5: mean 13.14 / 3 = 4.38; above 5: 6; at target: 2.5
    assert (nepal["corridors"], nepal["above_5"], nepal["at_target"]) == (3, 1, 1)
    assert nepal["mean_cost"] == pytest.approx(4.38)
    qatar = cv.headlines(cv.select(c, destination="QAT"))
    # NPL 4.64, PAK 5.0, IND no price: 3 corridors, 2 priced, mean 4.82, none above 5, none at 3
    assert (qatar["corridors"], qatar["with_cost"], qatar["above_5"], qatar["at_target"]) == (3, 2, 0, 0)
    assert qatar["mean_cost"] == pytest.approx(4.82)
    none = cv.headlines(cv.select(c, "ZWE", "QAT"))
    assert none["corridors"] == 0 and np.isnan(none["mean_cost"]) and cv.format_pct(none["mean_cost"]) == "–"


def test_options_all_first_narrowed_by_the_other_end():
    c = card()
    o = cv.options(c, "origin")
    assert o[0] == {"label": "All", "value": "ALL"}
    assert [x["value"] for x in o[1:]] == ["IND", "NPL", "PAK", "ZWE"]                 # India, Nepal, Pakistan, Zimbabwe
    assert [x["value"] for x in cv.options(c, "origin", other="QAT")[1:]] == ["IND", "NPL", "PAK"]
    assert [x["label"] for x in cv.options(c, "destination", other="NPL")[1:]] == ["Japan", "Malaysia", "Qatar"]
    # the current choice stays listed even when it has no corridor with the other end
    assert "ZAF" in [x["value"] for x in cv.options(c, "destination", other="NPL", keep="ZAF")]


def test_url_values_parsed_safely():
    c = card()
    assert cv.parse_end(c, "origin", "npl") == "NPL"
    assert cv.parse_end(c, "origin", "QAT") == "ALL"            # Qatar is only a destination here
    assert cv.parse_end(c, "destination", "<script>") == "ALL" and cv.parse_end(c, "destination", None) == "ALL"
    assert cv.parse_indicator(c, "score") == "score"
    assert cv.parse_indicator(c, "nonsense") == "remittance_cost_corridor"
    assert cv.parse_indicator(c, "recruitment_cost_corridor") == "remittance_cost_corridor"   # no data: default
    assert cv.parse_indicator(c, None, legacy="score") == "score"                           # old ?colour=score
    with_rec = card({("NPL", "QAT"): 150.0})
    assert cv.parse_indicator(with_rec, "recruitment_cost_corridor") == "recruitment_cost_corridor"


def test_indicator_options_disable_recruitment_until_it_has_data():
    opts = {o["value"]: o for o in cv.indicator_options(card())}
    assert list(opts) == ["remittance_cost_corridor", "recruitment_cost_corridor", "score"]
    assert opts["recruitment_cost_corridor"]["disabled"] and "no data yet" in opts["recruitment_cost_corridor"]["label"]
    assert not opts["remittance_cost_corridor"]["disabled"] and not opts["score"]["disabled"]
    opts = {o["value"]: o for o in cv.indicator_options(card({("NPL", "QAT"): 150.0}))}
    assert not opts["recruitment_cost_corridor"]["disabled"]


# ---------------------------------------------------------------------- ranked table
def test_display_table_columns_order_and_missing_values():
    t = cv.display_table(cv.select(card()))
    assert list(t.columns) == ["rank", "origin", "destination", "remittance cost (% of USD 200)", "year used",
                               "recruitment cost (% of monthly earnings)", "corridor score", "score rank",
                               "destination protection", "destination association", "origin governance",
                               "destination part", "origin part",
                               "origin_iso3", "destination_iso3"]                # no recruitment year: no data at all
    assert t["remittance cost (% of USD 200)"].tolist()[:3] == [12.0, 6.0, 5.0]  # costliest first
    last = t.iloc[-1]
    assert last["origin"] == "India" and last["rank"] is None and last["corridor score"] is None
    # ordered by cost, the rank counts by cost (1 = costliest: ZWE-ZAF 12, NPL-MYS 6, PAK-QAT 5, NPL-QAT 4.64 ...)
    assert t["rank"].tolist() == [1, 2, 3, 4, 5, 6, None]
    assert t["recruitment cost (% of monthly earnings)"].isna().all()           # empty: no data yet, never 0
    assert t.loc[0, "year used"] == 2018 and t.loc[0, "score rank"] == 6
    by_score = cv.display_table(cv.select(card()), "score")
    assert by_score["rank"].tolist()[:6] == [1, 2, 3, 4, 5, 6] and by_score.iloc[0]["destination"] == "Japan"
    assert "score rank" not in by_score.columns


def test_rank_note_says_what_the_rank_counts():
    assert cv.rank_note("score") == "Rank 1 = best corridor score."
    assert cv.rank_note().startswith("Rank 1 = highest remittance cost")


def test_pickers_offer_countries_found_the_other_way_round():
    c = card()
    o = cv.options(c, "origin", reverse=True)
    # origins India, Nepal, Pakistan, Zimbabwe; then the destinations only: Japan, Malaysia, Qatar, Saudi Arabia,
    # South Africa
    assert [x["value"] for x in o[5:]] == ["JPN", "MYS", "QAT", "SAU", "ZAF"]
    assert o[7]["label"] == "Qatar (a migrant destination: opens the corridor the other way)"
    d = cv.options(c, "destination", reverse=True)
    assert [x["value"] for x in d[6:]] == ["IND", "NPL", "PAK", "ZWE"] and "(a migrant origin:" in d[6]["label"]
    # with Nepal chosen as origin: Japan, Malaysia, Qatar; no corridor ends in Nepal, so nothing the other way
    assert [x["value"] for x in cv.options(c, "destination", other="NPL", reverse=True)[1:]] == ["JPN", "MYS", "QAT"]


def test_table_columns_say_insufficient_data_instead_of_blank_numbers():
    spec = {c["id"]: c for c in cv.table_columns(list(cv.display_table(cv.select(card())).columns))}
    assert spec["origin"]["type"] == "text"
    assert spec["corridor score"]["type"] == "numeric" and spec["corridor score"]["format"]["nully"] == "insufficient data"
    assert spec["recruitment cost (% of monthly earnings)"]["format"]["nully"] == "no data yet"
    assert spec["rank"]["format"]["nully"] == "not ranked"


# ---------------------------------------------------------------------- figures
def test_flow_figure_bins_and_hover_with_year_used():
    fig = cv.flow_figure(cv.select(card(), origin="NPL"), "remittance_cost_corridor", 2020)
    hover = {t.meta: t for t in fig.data if str(t.meta).endswith("_hover")}
    # 2.5 -> achieved (<= 3), 4.64 -> challenges (3-5), 6.0 -> significant (5-10)
    assert set(hover) == {"achieved_hover", "challenges_hover", "significant_hover"}
    text = hover["achieved_hover"].text[0]
    assert "Nepal → Japan" in text and "2.50 % of USD 200 sent" in text and "Year used: 2019" in text
    assert "Remittance cost by migration corridor, latest up to 2020" in fig.layout.title.text
    assert "ATCR.CORR" in [a for a in fig.layout.annotations if a.name == "source"][0].text
    score = cv.flow_figure(cv.select(card()), "score", 2020, fit=True)
    bins = {t.meta for t in score.data if str(t.meta).endswith("_hover")}
    # the corridor score is a composite: neutral bands, no indicator rating.
    # scores 70 and 55 -> medium (50-75); 45, 40, 30 -> low (25-50); 20 -> very low; one missing
    assert bins == {"medium_hover", "low_hover", "very_low_hover", "insufficient_hover"}
    assert score.layout.geo.lonaxis.range is not None                   # zoomed to the corridors drawn
    text = [t for t in score.data if t.meta == "medium_hover"][0].text
    assert any("Remittance cost: 2.50 % (2019)" in x and "Rank: 1" in x and "Score band: Medium" in x for x in text)
    names = {t.meta: t.name for t in score.data if t.mode == "lines"}
    assert names["medium"] == "50–75 (Medium)" and "SDG" not in " ".join(names.values())
    # a remittance cost at or below 3 % meets the SDG 10.c target, and says so
    assert "Rating: SDG target met (3 % or less)" in hover["achieved_hover"].text[0]


def test_view_range_frames_the_selected_corridors_or_shows_the_world():
    from indicators.store.geography import centroids
    pts = centroids().set_index("iso3")
    sel = pd.DataFrame({"origin_iso3": ["NPL", "NPL"], "destination_iso3": ["QAT", "JPN"]})
    (lo0, lo1), (la0, la1) = cv.view_range(sel)
    for iso in ("NPL", "QAT", "JPN"):                                    # every end inside, with the 8-degree margin
        assert lo0 + 7.9 <= pts.at[iso, "lon"] <= lo1 - 7.9 and la0 + 7.9 <= pts.at[iso, "lat"] <= la1 - 7.9
    (lo0, lo1), (la0, la1) = cv.view_range(sel.iloc[:1])                # one short corridor: at least 40 x 25 degrees
    assert lo1 - lo0 >= 40 - 1e-9 and la1 - la0 >= 25 - 1e-9
    # the USA -> Philippines arc crosses the Pacific (more than 200 degrees of longitude): whole world
    assert cv.view_range(pd.DataFrame({"origin_iso3": ["PHL"], "destination_iso3": ["USA"]})) is None


def test_quarterly_periods_become_ordered_dates():
    q = ct.quarterly(pd.DataFrame({"period": ["2016Q3", "2011Q1", "2016Q1", "2012"], "value": [5, 9, 6, 8]}))
    assert q["period"].tolist() == ["2011Q1", "2012", "2016Q1", "2016Q3"]
    assert q["value"].tolist() == [9.0, 8.0, 6.0, 5.0]
    assert q["date"].dt.strftime("%Y-%m").tolist() == ["2011-01", "2012-01", "2016-01", "2016-07"]
    # a female-only row of the same period is not mixed into the total series
    q = ct.quarterly(pd.DataFrame({"period": ["2019Q2", "2019Q1", "2019Q1"], "value": [4, 3, 99],
                                   "sex": ["total", "total", "female"]}))
    assert q["value"].tolist() == [3.0, 4.0]


def test_trend_figure_has_target_and_limit_lines_and_source_span():
    q = ct.quarterly(pd.DataFrame({"period": ["2019Q2", "2019Q1", "2019Q3"], "value": [3.9, 4.2, 5.6]}))
    fig = ct.trend_figure(q, "Nepal", "Qatar", "2011Q1-2020Q3")
    assert sorted(sh["y0"] for sh in fig.layout.shapes) == [3, 5]
    assert list(fig.data[0].text) == ["2019Q1", "2019Q2", "2019Q3"] and list(fig.data[0].y) == [4.2, 3.9, 5.6]
    assert fig.layout.title.text == "Cost of sending USD 200 from Qatar to Nepal"     # money flows against migration
    source = [a for a in fig.layout.annotations if a.name == "source"][0].text
    assert source == ("Source: World Bank Remittance Prices Worldwide (Corridors), ATCR.CORR, 2011Q1-2020Q3; "
                      "% of USD 200 sent; 2019Q1-2019Q3")
    assert fig.layout.yaxis.title.text == "% of USD 200 sent"
    limits = {a.name: a for a in fig.layout.annotations if str(a.name).startswith("limit-")}
    # the limit lines are labelled in the right margin (outside the plot), so no value label can sit on them
    assert set(limits) == {"limit-3", "limit-5"} and all(a.x == 1 and a.xanchor == "left" for a in limits.values())
    assert "3 % target" in limits["limit-3"].text and fig.layout.margin.r >= 100


def test_bar_data_sorted_and_labelled_by_the_other_end():
    nepal = cv.bar_data(cv.select(card(), origin="NPL"))
    # cheapest first (plotly draws the first bar at the bottom, so the costliest is on top)
    assert nepal["corridor"].tolist() == ["Japan", "Qatar", "Malaysia"]
    assert nepal["cost (% of USD 200 sent)"].tolist() == [2.5, 4.64, 6.0]
    assert nepal["rating"].tolist() == ["achieved", "challenges", "significant"]
    assert nepal["year used"].tolist() == [2019, 2020, 2020]
    qatar = cv.bar_data(cv.select(card(), destination="QAT"))
    assert qatar["corridor"].tolist() == ["Nepal", "Pakistan"]                         # India has no price: no bar
    fig = cv.bar_figure(cv.select(card(), origin="NPL"), "emigrants from Nepal", 2020)
    bar = fig.data[0]
    assert list(bar.x) == [2.5, 4.64, 6.0] and list(bar.marker.color) == ["#0571b0", "#92c5de", "#f4a582"]
    assert sorted(sh["x0"] for sh in fig.layout.shapes) == [3, 5]


# ---------------------------------------------------------------------- with the scoring engine and bundled data
def test_scored_corridor_table_has_the_columns_the_views_read():
    rows = [("remittance_cost_corridor", None, "NPL", "QAT", 2020, 2.5),
            ("remittance_cost_corridor", None, "PAK", "SAU", 2019, 4.0)]
    a = pd.DataFrame(rows, columns=["indicator_id", "iso3", "origin_iso3", "destination_iso3", "year", "value"])
    scored = score_all(a, CAT, 2020)
    t = cv.display_table(cv.select(scored))
    assert t["remittance cost (% of USD 200)"].tolist() == [4.0, 2.5] and t["year used"].tolist() == [2019, 2020]


def test_bundled_npl_qat_quarters():
    from indicators.scoring.service import get_store
    st = get_store(str(PROJECT / "data"))
    q = ct.corridor_quarters(st, "NPL", "QAT", 2020)
    assert q["period"].iloc[0] == "2015Q4" and q["period"].iloc[-1] == "2020Q3" and len(q) == 20
    assert q["date"].is_monotonic_increasing
    assert ct.corridor_quarters(st, "NPL", "QAT", 2017)["period"].iloc[-1] == "2017Q4"
    # DataBank 2011Q1-2020Q3 plus the UK outbound corridors of 2025Q3 (bundled-rpw-uk-2025q3)
    assert ct.rpw_coverage(st) == "2011Q1-2025Q3"


def test_all_corridors_map_draws_the_worst_n():
    sel = cv.select(card())
    assert cv.parse_top(None) == 20 and cv.parse_top("50") == 50 and cv.parse_top("all") is None
    assert cv.parse_top("7") == 20
    # costliest two: ZWE-ZAF 12, NPL-MYS 6; India-Qatar (no price) never counts
    top = cv.worst(sel, "remittance_cost_corridor", 2)
    assert list(zip(top["origin_iso3"], top["destination_iso3"])) == [("ZWE", "ZAF"), ("NPL", "MYS")]
    # by score the worst is the lowest: ZWE-ZAF 20, NPL-MYS 30, NPL-QAT 40
    assert cv.worst(sel, "score", 3)["score"].tolist() == [20.0, 30.0, 40.0]
    assert len(cv.worst(sel, "score", None)) == 7
