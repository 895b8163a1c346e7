"""Scoring engine on tiny hand-made data; every expected number is worked out by hand in the comments."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.store.catalogue import catalogue_problems, parse_catalogue
from indicators.scoring.pillars import aggregate
from indicators.scoring.explain import explain, explain_text
from indicators.scoring.latest import latest_values
from indicators.scoring.normalise import normalise
from indicators.scoring.ratings import rate_score, rate_value
from indicators.scoring.scorecard import score_all
from indicators.scoring.trends import trends
from indicators.scoring.derived import with_derived


def ind(id_, pillar, level="country", direction="higher_is_better", best=100, worst=0, thresholds=(75, 50, 25),
        **kw):
    """One catalogue entry with the required fields filled in."""
    e = dict(id=id_, name=id_, short_name=id_, pillar=pillar, level=level, unit="u", direction=direction, best=best,
             worst=worst, thresholds=list(thresholds), valid_min=min(best, worst), valid_max=max(best, worst),
             weight=1, sdg="x", gcm="x", source=f"src {id_}", licence="x", definition="x")
    e.update(kw)
    return e


RAW = {
    "settings": {"window_default": 5, "target_year": 2030, "trend_min_points": 3, "trend_span": 10,
                 "indicator_min_places": 2, "pillar_min_coverage": 0.5, "pillar_min_countries": 2,
                 "corridor_min_corridors": 1, "geometric_floor": 1.0, "score_bands": [75, 50, 25],
                 "sensitivity_draws": 200, "sensitivity_concentration": 20, "sensitivity_seed": 7},
    "pillars": {p: {"name": p, "weight": 1} for p in ("protection", "recruitment", "remittance", "association")},
    "ratings": [{"id": r, "label": r, "colour": "#000"} for r in
                ("achieved", "challenges", "significant", "major", "insufficient")],
    "corridor_components": [
        {"id": "cost_corridor", "kind": "indicator", "column": "remittance_cost", "weight": 1},
        {"id": "protection", "kind": "pillar", "end": "destination", "weight": 1},
        {"id": "association", "kind": "pillar", "end": "destination", "weight": 1},
        {"id": "protection", "kind": "pillar", "end": "origin", "weight": 1},
    ],
    "indicators": [
        ind("policy", "protection"),
        ind("ratified", "protection", binary=True, best=1, worst=0, thresholds=[1, 1, 1], window=None),
        ind("recruit", "recruitment", direction="lower_is_better", best=0, worst=600, thresholds=[25, 100, 300]),
        ind("cost_country", "remittance", direction="lower_is_better", best=3, worst=15, thresholds=[3, 5, 10]),
        ind("cost_corridor", "remittance", level="corridor", raw_direction="money", direction="lower_is_better",
            best=3, worst=15, thresholds=[3, 5, 10]),
        ind("cost_home", "remittance", direction="lower_is_better", best=3, worst=15, thresholds=[3, 5, 10],
            derived_from="cost_corridor", derived_end="destination"),
        ind("rights", "association", direction="lower_is_better", best=0, worst=10, thresholds=[1, 3, 5]),
    ],
}
CAT = parse_catalogue(RAW)


def obs(rows):
    """Annual observations from (indicator, iso3 or 'O>D', year, value) tuples."""
    out = []
    for iid, place, year, value in rows:
        o, _, d = place.partition(">")
        out.append({"indicator_id": iid, "iso3": None if d else place, "origin_iso3": o if d else None,
                    "destination_iso3": d or None, "year": year, "value": float(value), "source": "s",
                    "upload_ids": "u1"})
    return pd.DataFrame(out)


def test_fixture_catalogue_is_consistent():
    assert catalogue_problems(CAT) == []


# ---------------------------------------------------------------------- normalisation
def test_normalise_higher_is_better():
    # 100 * (25 - 0) / (100 - 0) = 25
    assert normalise(25, 100, 0) == pytest.approx(25.0)


def test_normalise_lower_is_better():
    # cost 6 %, best 3, worst 15: 100 * (6 - 15) / (3 - 15) = 100 * -9 / -12 = 75
    assert normalise(6, 3, 15) == pytest.approx(75.0)


def test_normalise_clips_both_ends():
    # cost 2 %: 100 * (2 - 15) / -12 = 108.3 -> 100; cost 20 %: 100 * 5 / -12 = -41.7 -> 0
    assert normalise(2, 3, 15) == 100.0
    assert normalise(20, 3, 15) == 0.0
    assert normalise(20, 3, 15, clip=False) == pytest.approx(-41.6667, abs=1e-3)


def test_binary_maps_to_0_or_100():
    assert normalise(np.array([0, 1]), 1, 0).tolist() == [0.0, 100.0]


# ---------------------------------------------------------------------- ratings
@pytest.mark.parametrize("value,expected", [(3, "achieved"), (3.01, "challenges"), (5, "challenges"),
                                            (5.5, "significant"), (10, "significant"), (10.01, "major")])
def test_rating_lower_is_better_at_thresholds(value, expected):
    assert rate_value(value, [3, 5, 10], "lower_is_better") == expected


@pytest.mark.parametrize("value,expected", [(4, "achieved"), (3.99, "challenges"), (3, "challenges"),
                                            (2, "significant"), (1.99, "major")])
def test_rating_higher_is_better_at_thresholds(value, expected):
    assert rate_value(value, [4, 3, 2], "higher_is_better") == expected


def test_rating_missing_and_score_bands():
    assert rate_value(float("nan"), [4, 3, 2], "higher_is_better") == "insufficient"
    # pillar and index scores get neutral bands, never an indicator rating (no SDG applies to a composite)
    assert rate_score(75, [75, 50, 25]) == "high"
    assert rate_score(74.9, [75, 50, 25]) == "medium" and rate_score(50, [75, 50, 25]) == "medium"
    assert rate_score(25, [75, 50, 25]) == "low"
    assert rate_score(24.9, [75, 50, 25]) == "very_low"
    assert rate_score(float("nan"), [75, 50, 25]) == "insufficient"


# ---------------------------------------------------------------------- latest value
def test_latest_value_within_window_and_unlimited_window():
    a = obs([("policy", "AAA", 2012, 10), ("policy", "AAA", 2014, 20), ("policy", "BBB", 2013, 30),
             ("ratified", "AAA", 1995, 1)])
    lv = latest_values(a, CAT, 2019).set_index(["indicator_id", "place"])
    # window 5 -> [2014, 2019]: AAA uses 2014 (20); BBB's 2013 value is too old
    assert lv.loc[("policy", "AAA"), "value"] == 20 and lv.loc[("policy", "AAA"), "year_used"] == 2014
    assert ("policy", "BBB") not in lv.index
    # a status indicator (window null) keeps its 1995 value
    assert lv.loc[("ratified", "AAA"), "year_used"] == 1995


def test_latest_value_ignores_future_years():
    a = obs([("policy", "AAA", 2018, 10), ("policy", "AAA", 2021, 90)])
    assert latest_values(a, CAT, 2020)["value"].tolist() == [10]


# ---------------------------------------------------------------------- trends
def _trend(values, years=range(2016, 2021), year=2020, iid="cost_country"):
    a = obs([(iid, "AAA", y, v) for y, v in zip(years, values)])
    lv = latest_values(a, CAT, year)
    lv["score"] = normalise(lv["value"], 3, 15)
    return trends(a, lv, CAT, year).iloc[0]


def test_trend_on_track():
    # cost x = 15 - 0.12 * score. Scores 50,55,60,65,70 -> costs 9, 8.4, 7.8, 7.2, 6.6: slope +5 points a year.
    # Needed: (100 - 70) / (2030 - 2020) = 3 a year; 5 / 3 = 1.67 >= 1 -> on track
    assert _trend([9, 8.4, 7.8, 7.2, 6.6]) == "on_track"


def test_trend_moderately_improving():
    # scores 62,64,66,68,70 -> slope 2; needed 3; ratio 0.67 in [0.5, 1)
    assert _trend([15 - 0.12 * s for s in (62, 64, 66, 68, 70)]) == "moderately_improving"


def test_trend_stagnating():
    # scores 66,67,68,69,70 -> slope 1; ratio 0.33 in [0, 0.5)
    assert _trend([15 - 0.12 * s for s in (66, 67, 68, 69, 70)]) == "stagnating"


def test_trend_worsening():
    # scores 80,78,76,74,72 -> slope -2 < 0
    assert _trend([15 - 0.12 * s for s in (80, 78, 76, 74, 72)]) == "worsening"


def test_trend_maintaining_achievement_is_on_track():
    # cost 2.5 % every year: score 100 already (clipped), slope 0 -> maintaining
    assert _trend([2.5, 2.5, 2.5]) == "on_track"


def test_trend_insufficient_with_two_points():
    assert _trend([9, 8], years=[2019, 2020]) == "insufficient_data"


def test_trend_not_applicable_for_status_indicator():
    assert _trend([0, 1, 1], years=[2018, 2019, 2020], iid="ratified") == "not_applicable"


# ---------------------------------------------------------------------- derived corridor means
def test_derived_mean_weighted_by_migrant_stock():
    a = obs([("cost_corridor", "AAA>XXX", 2020, 6), ("cost_corridor", "BBB>XXX", 2020, 9)])
    stock = pd.DataFrame({"origin_iso3": ["AAA", "BBB"], "destination_iso3": ["XXX", "XXX"], "year": [2020, 2020],
                          "stock_total": [100, 300]})
    d = with_derived(a, CAT, stock)
    row = d[d["indicator_id"] == "cost_home"].iloc[0]
    # (6 * 100 + 9 * 300) / (100 + 300) = 3300 / 400 = 8.25, at the destination XXX
    assert row["iso3"] == "XXX" and row["value"] == pytest.approx(8.25) and row["n_corridors"] == 2


def test_derived_mean_partial_stock_counts_the_others_at_the_smallest_listed_stock():
    a = obs([("cost_corridor", "AAA>XXX", 2020, 6), ("cost_corridor", "BBB>XXX", 2020, 9),
             ("cost_corridor", "CCC>XXX", 2020, 12)])
    stock = pd.DataFrame({"origin_iso3": ["AAA", "BBB"], "destination_iso3": ["XXX", "XXX"], "year": [2020, 2020],
                          "stock_total": [100, 300]})
    d = with_derived(a, CAT, stock)
    row = d[d["indicator_id"] == "cost_home"].iloc[0]
    # CCC has no stock figure: it counts at the smallest listed stock, 100.
    # (6 * 100 + 9 * 300 + 12 * 100) / (100 + 300 + 100) = 4500 / 500 = 9.0
    assert row["value"] == pytest.approx(9.0) and row["n_corridors"] == 3 and row["n_weighted"] == 2
    assert row["weighting"] == ("weighted by UN DESA migrant stock 2020 over 2 of 3 corridors; the 1 without a "
                                "stock figure counted at the smallest listed stock (100)")


def test_derived_mean_names_uploaded_corridor_values_in_its_source():
    a = obs([("cost_corridor", "AAA>XXX", 2020, 6), ("cost_corridor", "BBB>XXX", 2020, 9)])
    a["groups"] = ["bundled", "Gulf group"]
    a["upload_ids"] = ["bundled-rpw", "u1"]
    row = with_derived(a, CAT, None).query("indicator_id == 'cost_home'").iloc[0]
    assert row["groups"] == "Gulf group; bundled" and row["upload_ids"] == "bundled-rpw,u1"
    assert row["source"].endswith("; includes corridor values uploaded by Gulf group")


def test_derived_mean_unweighted_when_stock_missing():
    a = obs([("cost_corridor", "AAA>XXX", 2020, 6), ("cost_corridor", "BBB>XXX", 2020, 9)])
    d = with_derived(a, CAT, None)
    row = d[d["indicator_id"] == "cost_home"].iloc[0]
    # (6 + 9) / 2 = 7.5
    assert row["value"] == pytest.approx(7.5) and row["weighting"].startswith("unweighted")


# ---------------------------------------------------------------------- pillars, index, ranks
def three_countries():
    """AAA, BBB, CCC with protection, remittance and association data; no recruitment data anywhere."""
    return obs([
        # protection: policy + ratified
        ("policy", "AAA", 2020, 25), ("ratified", "AAA", 2001, 1),       # (25 + 100) / 2 = 62.5
        ("policy", "BBB", 2020, 50), ("ratified", "BBB", 1990, 0),       # (50 + 0) / 2 = 25
        ("policy", "CCC", 2020, 80),                                     # coverage 1/2 = 0.5 -> (80) = 80
        # remittance: country cost (the corridor mean is derived only for XXX, below)
        ("cost_country", "AAA", 2020, 6),                                # 75
        ("cost_country", "BBB", 2020, 12),                               # 100 * (12 - 15) / -12 = 25
        ("cost_country", "CCC", 2020, 3),                                # 100
        # association
        ("rights", "AAA", 2020, 6),                                      # 100 * (6 - 10) / -10 = 40
        ("rights", "BBB", 2020, 2),                                      # 80
        ("rights", "CCC", 2020, 0),                                      # 100
    ])


def test_pillar_scores_and_coverage():
    card = score_all(three_countries(), CAT, 2020)
    p = card.pillars.set_index(["iso3", "pillar"])["score"]
    assert p[("AAA", "protection")] == pytest.approx(62.5)
    assert p[("BBB", "protection")] == pytest.approx(25.0)
    assert p[("CCC", "protection")] == pytest.approx(80.0)   # half the in-play weight is enough (>= 0.5)
    assert p[("AAA", "remittance")] == pytest.approx(75.0)
    assert p[("AAA", "association")] == pytest.approx(40.0)


def test_coverage_rule_gives_insufficient_data_not_zero():
    raw = {**RAW, "settings": {**RAW["settings"], "pillar_min_coverage": 0.75}}
    card = score_all(three_countries(), parse_catalogue(raw), 2020)
    ccc = card.pillars.set_index(["iso3", "pillar"]).loc[("CCC", "protection")]
    assert math.isnan(ccc["score"]) and ccc["status"] == "insufficient data"
    row = card.countries.set_index("iso3").loc["CCC"]
    assert math.isnan(row["overall"]) and pd.isna(row["rank"])
    assert "protection" in row["status"]


def test_pillar_without_data_is_out_of_the_index_for_everyone():
    card = score_all(three_countries(), CAT, 2020)
    assert card.index_pillars == ["protection", "remittance", "association"]
    assert "Index over 3 of 4 pillars" in card.index_note()
    assert "recruitment: no data yet, working groups can upload it" in card.index_note()
    assert card.countries["recruitment"].isna().all()


def test_arithmetic_index_and_rank():
    card = score_all(three_countries(), CAT, 2020)
    c = card.countries.set_index("iso3")
    # AAA (62.5 + 75 + 40) / 3 = 59.1667; BBB (25 + 25 + 80) / 3 = 43.3333; CCC (80 + 100 + 100) / 3 = 93.3333
    assert c.loc["AAA", "overall"] == pytest.approx(59.1667, abs=1e-4)
    assert c.loc["BBB", "overall"] == pytest.approx(43.3333, abs=1e-4)
    assert c.loc["CCC", "overall"] == pytest.approx(93.3333, abs=1e-4)
    assert [c.loc[i, "rank"] for i in ("CCC", "AAA", "BBB")] == [1, 2, 3]


def test_geometric_index():
    card = score_all(three_countries(), CAT, 2020, aggregation="geometric")
    # AAA (62.5 * 75 * 40) ** (1/3) = 187500 ** (1/3) = 57.2357
    assert card.countries.set_index("iso3").loc["AAA", "overall"] == pytest.approx(57.2357, abs=1e-3)


def test_user_weights_change_the_index():
    card = score_all(three_countries(), CAT, 2020, weights={"protection": 2})
    # AAA (2 * 62.5 + 75 + 40) / 4 = 240 / 4 = 60
    assert card.countries.set_index("iso3").loc["AAA", "overall"] == pytest.approx(60.0)
    assert card.weights["protection"] == 2


def test_zero_weight_drops_a_pillar():
    card = score_all(three_countries(), CAT, 2020, weights={"association": 0})
    # AAA (62.5 + 75) / 2 = 68.75
    assert card.countries.set_index("iso3").loc["AAA", "overall"] == pytest.approx(68.75)
    assert "association: weight set to 0" in card.index_note()


def test_aggregate_rejects_unknown_rule():
    with pytest.raises(ValueError):
        aggregate(np.ones((1, 2)), np.ones(2), "harmonic")


def test_sensitivity_is_reproducible_and_brackets_the_rank():
    a = score_all(three_countries(), CAT, 2020).countries.set_index("iso3")
    b = score_all(three_countries(), CAT, 2020).countries.set_index("iso3")
    pd.testing.assert_frame_equal(a[["rank_median", "rank_p05", "rank_p95"]], b[["rank_median", "rank_p05", "rank_p95"]])
    # CCC is best in every pillar: rank 1 under any weights and either rule
    assert (a.loc["CCC", "rank_p05"], a.loc["CCC", "rank_p95"]) == (1, 1)
    for iso in a.index:
        assert a.loc[iso, "rank_p05"] <= a.loc[iso, "rank_median"] <= a.loc[iso, "rank_p95"]


# ---------------------------------------------------------------------- corridors
def test_corridor_score_uses_destination_and_origin_pillars():
    a = pd.concat([three_countries(), obs([("cost_corridor", "AAA>BBB", 2020, 9)])], ignore_index=True)
    card = score_all(a, CAT, 2020)
    row = card.corridors.set_index(["origin_iso3", "destination_iso3"]).loc[("AAA", "BBB")]
    # corridor cost 9 %: 100 * (9 - 15) / -12 = 50; destination BBB protection 25, association 80;
    # origin AAA protection 62.5 -> (50 + 25 + 80 + 62.5) / 4 = 54.375
    assert row["remittance_cost"] == 9
    assert row["score"] == pytest.approx(54.375)
    assert row["rank"] == 1


def test_explain_shows_raw_values_and_arithmetic():
    card = score_all(three_countries(), CAT, 2020)
    ex = explain(card, "AAA", CAT)
    t = ex["indicators"].set_index("indicator_id")
    assert t.loc["cost_country", "value"] == 6 and t.loc["cost_country", "score"] == pytest.approx(75)
    assert t.loc["ratified", "year_used"] == 2001
    text = explain_text(ex, "Country A")
    assert "(1*62.5 + 1*75.0 + 1*40.0) / 3 = 59.2" in text
    assert "recruitment: insufficient data" in text


def test_empty_input_scores_nothing_without_error():
    card = score_all(obs([]).reindex(columns=["indicator_id", "iso3", "origin_iso3", "destination_iso3", "year",
                                               "value", "source", "upload_ids"]), CAT, 2020)
    assert card.countries.empty and card.corridors.empty
    assert "Index over 0 of 4 pillars" in card.index_note()


def test_vectorised_ratings_match_the_scalar_rule():
    from indicators.scoring.ratings import rate_values
    rng = np.random.default_rng(3)
    ids = pd.Series(rng.choice(["policy", "cost_country", "rights", "ratified", "nope"], 400))
    vals = pd.Series(rng.uniform(-2, 110, 400)).round(0)
    vals[::37] = np.nan
    got = rate_values(vals, ids, CAT)
    for v, i, g in zip(vals, ids, got):
        want = "insufficient" if i == "nope" else rate_value(v, CAT.indicators.at[i, "thresholds"],
                                                             CAT.indicators.at[i, "direction"])
        assert g == want, (v, i)


def test_derived_means_join_groups_and_uploads_once_per_country_and_year():
    """The groups and upload ids of a derived mean: the distinct parts of its corridors' texts, sorted and joined,
    per country and year; a country-year whose corridors carry none gets ''."""
    from indicators.scoring.derived import derived_means
    src = pd.DataFrame({
        "origin_iso3": ["NPL", "NPL", "NPL", "IND", "IND"],
        "destination_iso3": ["QAT", "ARE", "QAT", "QAT", "ARE"],
        "year": [2020, 2020, 2021, 2020, 2020],
        "value": [4.0, 6.0, 5.0, 3.0, 3.0],
        "stock": [np.nan] * 5, "stock_year": [np.nan] * 5,
        "groups": ["bundled; gcm-wg", "gcm-wg; ilo", "bundled", None, None],
        "upload_ids": ["u2,u1", "u1", "", None, "u3"],
    })
    got = derived_means(src, "origin_iso3").set_index(["iso3", "year"])
    # NPL 2020: {bundled, gcm-wg} and {gcm-wg, ilo} -> "bundled; gcm-wg; ilo" (each part once, without the space
    # after the separator); ids {u1,u2} -> "u1,u2"
    assert got.loc[("NPL", 2020), "groups"] == "bundled; gcm-wg; ilo"
    assert got.loc[("NPL", 2020), "upload_ids"] == "u1,u2"
    assert got.loc[("NPL", 2021), "groups"] == "bundled" and got.loc[("NPL", 2021), "upload_ids"] == ""
    assert got.loc[("IND", 2020), "groups"] == "" and got.loc[("IND", 2020), "upload_ids"] == "u3"
    assert got.loc[("NPL", 2020), "value"] == 5.0          # unweighted: no stock figure, (4 + 6) / 2
