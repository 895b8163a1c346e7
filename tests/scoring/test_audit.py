"""Statistical audit on a tiny hand-made scorecard: 5 countries, 2 pillars in the index, 2 indicators each; every
expected number is worked out by hand in the comments.

Two deviation patterns over the countries AAA..EEE, both summing to 0, orthogonal and of squared length 10:
    x = (-2, -1, 0, 1, 2)      q = (1, -2, 0, 2, -1)      x . q = 2 + 2 + 0 + 2 - 2 = 0
Indicator values (goalposts 0..100, so score = value):
    p1 = p2 = 50 + 20 x = (10, 30, 50, 70, 90)     protection (p2 repeats p1: redundant)
    s1 = 50 + 20 q      = (70, 10, 50, 90, 30)     association
    s2 = 50 - 20 x      = (90, 70, 50, 30, 10)     association
Pillars (equal-weight means) and index (equal-weight arithmetic mean of the two pillars):
    P = p1                              = (10, 30, 50, 70, 90)   deviation 20 x
    S = (s1 + s2) / 2 = 50 + 10 (q - x) = (80, 40, 50, 60, 20)   deviation 10 (q - x)
    I = (P + S) / 2   = 50 + 5 (x + q)  = (45, 35, 50, 65, 55)   deviation 5 (x + q)
Pearson r = u.v / (|u| |v|) on the deviations, with |x - q|² = |x + q|² = 20:
    r(p1, P) = r(p2, P) = 1
    r(s1, S) = q.(q - x) / (√10 √20) = 10 / √200 = 1/√2 ≈ 0.7071;  r(s2, S) = -x.(q - x) / √200 = 1/√2
    r(P, I)  = x.(x + q) / (√10 √20) = 1/√2;   r(S, I) = (q - x).(x + q) / 20 = (10 - 10) / 20 = 0
    r(p1, p2) = 1;  r(s1, s2) = -q.x / 10 = 0
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.scoring import audit as A
from indicators.scoring.scorecard import score_all
from indicators.store.catalogue import parse_catalogue

ISO = ["AAA", "BBB", "CCC", "DDD", "EEE"]
VALUES = {"p1": [10, 30, 50, 70, 90], "p2": [10, 30, 50, 70, 90], "s1": [70, 10, 50, 90, 30],
          "s2": [90, 70, 50, 30, 10]}
R2 = 1 / math.sqrt(2)


def ind(id_: str, pillar: str, **kw) -> dict:
    """One catalogue entry (goalposts 0..100, weight 1) with the required fields."""
    e = dict(id=id_, name=f"Indicator {id_}", short_name=f"Ind {id_}", pillar=pillar, level="country", unit="u",
             direction="higher_is_better", best=100, worst=0, thresholds=[75, 50, 25], valid_min=0, valid_max=100,
             weight=1, sdg="x", gcm="x", source="s", licence="x", definition="x")
    e.update(kw)
    return e


SETTINGS = {"window_default": 5, "target_year": 2030, "trend_min_points": 3, "trend_span": 10,
            "indicator_min_places": 3, "pillar_min_coverage": 0.5, "pillar_min_countries": 3,
            "corridor_min_corridors": 1, "geometric_floor": 1.0, "score_bands": [75, 50, 25],
            "sensitivity_draws": 50, "sensitivity_concentration": 20, "sensitivity_seed": 1,
            "audit_min_countries": 3, "audit_rank_width": 2}
CAT = parse_catalogue({
    "settings": SETTINGS,
    "pillars": {p: {"name": p.capitalize(), "weight": 1} for p in ("protection", "recruitment", "remittance",
                                                                    "association")},
    "ratings": [{"id": r, "label": r, "colour": "#000"} for r in
                ("achieved", "challenges", "significant", "major", "insufficient")],
    "indicators": [ind("p1", "protection"), ind("p2", "protection"), ind("p_none", "protection"),
                   ind("s1", "association"), ind("s2", "association"), ind("s_off", "association", weight=0),
                   ind("cost_corridor", "remittance", level="corridor")],
})


def annual(values: dict[str, list[float]], iso: list[str] = ISO) -> pd.DataFrame:
    """One observation per indicator and country in 2020 (NaN = no value)."""
    rows = [{"indicator_id": i, "iso3": c, "origin_iso3": None, "destination_iso3": None, "year": 2020,
             "value": float(v), "source": "s", "upload_ids": "u1"}
            for i, vs in values.items() for c, v in zip(iso, vs) if not np.isnan(v)]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def card():
    """The scorecard of the module docstring; s_off (weight 0) has values but does not count."""
    return score_all(annual({**VALUES, "s_off": [1, 2, 3, 4, 5]}), CAT, 2020)


def test_fixture_scores_are_the_hand_made_ones(card):
    c = card.countries.set_index("iso3").loc[ISO]
    assert c["protection"].tolist() == pytest.approx([10, 30, 50, 70, 90])
    assert c["association"].tolist() == pytest.approx([80, 40, 50, 60, 20])
    assert c["overall"].tolist() == pytest.approx([45, 35, 50, 65, 55])
    assert card.index_pillars == ["protection", "association"]


def test_counted_indicators_exclude_weight_zero_out_of_play_and_corridors(card):
    counted = A.counted_indicators(card)
    assert list(counted.index) == ["p1", "p2", "s1", "s2"]
    assert counted["weight_share"].tolist() == pytest.approx([0.5] * 4)      # two equal weights per pillar


def test_correlate_perfect_anti_and_uncorrelated():
    x = pd.Series([-2, -1, 0, 1, 2.0])
    assert A.correlate(x, 3 * x + 1) == {"pearson": pytest.approx(1), "spearman": pytest.approx(1), "n": 5}
    assert A.correlate(x, -x)["pearson"] == pytest.approx(-1)
    assert A.correlate(x, -x)["spearman"] == pytest.approx(-1)
    assert A.correlate(x, pd.Series([1, -2, 0, 2, -1.0]))["pearson"] == pytest.approx(0)     # x . q = 0
    # pairwise complete: the NaN row drops out, leaving 4 points; below the minimum n nothing is reported
    assert A.correlate(x, pd.Series([np.nan, -1, 0, 1, 2]))["n"] == 4
    assert math.isnan(A.correlate(x, x, min_n=6)["pearson"])
    assert math.isnan(A.correlate(x, pd.Series([5.0] * 5))["pearson"])                      # constant: undefined


def test_correlations_with_pillar_and_index(card):
    cor = A.correlations(card).set_index("subject")
    # Pearson: see the module docstring
    assert cor.loc[["p1", "p2", "s1", "s2"], "pearson"].tolist() == pytest.approx([1, 1, R2, R2])
    assert cor.loc[["protection", "association"], "pearson"].tolist() == pytest.approx([R2, 0], abs=1e-12)
    assert cor.loc["protection", "parent"] == "index" and cor.loc["s1", "parent"] == "association"
    # Spearman = 1 - 6 Σd² / (n (n² - 1)) = 1 - 6 Σd² / 120:
    #   s1 ranks (4,1,3,5,2) vs S ranks (5,2,3,4,1): d = (-1,-1,0,1,1), Σd² = 4 -> 0.8
    #   s2 ranks (5,4,3,2,1) vs S ranks (5,2,3,4,1): d = (0,2,0,-2,0), Σd² = 8 -> 0.6
    #   P ranks (1,2,3,4,5) vs I ranks (2,1,3,5,4): Σd² = 4 -> 0.8; S (5,2,3,4,1) vs I: d = (3,1,0,-1,-3) -> 0
    assert cor.loc[["s1", "s2", "protection", "association"], "spearman"].tolist() == pytest.approx(
        [0.8, 0.6, 0.8, 0], abs=1e-12)
    assert set(cor["n"]) == {5}


def test_redundancy_flags_the_repeated_indicator(card):
    red = A.redundancy(card)
    # one pair per pillar: p1 & p2 (r = 1 > 0.9, flagged) and s1 & s2 (r = 0, not flagged)
    assert red[["indicator_a", "indicator_b", "flagged"]].values.tolist() == [["p1", "p2", True], ["s1", "s2", False]]
    assert red["pearson"].tolist() == pytest.approx([1, 0], abs=1e-12)


def test_dominance_importance_against_nominal_weight(card):
    dom = A.dominance(card).set_index("subject")
    # index: r² = 1/2 (protection) and 0 (association): importance 1 and 0 against 1/2 each -> protection at 2x
    assert dom.loc["protection", "importance"] == pytest.approx(1)
    assert dom.loc["protection", "ratio"] == pytest.approx(2)
    assert dom.loc["association", "importance"] == pytest.approx(0, abs=1e-12)
    # within pillars: r² 1 and 1, 1/2 and 1/2 -> importance 1/2 each = the nominal share, nothing flagged
    assert dom.loc[["p1", "p2", "s1", "s2"], "importance"].tolist() == pytest.approx([0.5] * 4)
    assert dom["flagged"].to_dict() == {"protection": True, "association": False, "p1": False, "p2": False,
                                        "s1": False, "s2": False}


def test_importance_flags_a_component_that_drives_most_below_half_weight():
    # three components, r = (0.9, 0.3, 0.3): r² = (0.81, 0.09, 0.09), sum 0.99 -> importance 0.818 > 1/2 while
    # weighted 1/3; ratio 0.818 / (1/3) = 2.45 > 1.5 as well; the others: 0.091 / (1/3) = 0.27
    r = pd.Series({"a": 0.9, "b": 0.3, "c": 0.3})
    out = A.importance(r, pd.Series({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}), ratio=1.5, share=0.5)
    assert out["importance"].tolist() == pytest.approx([0.81 / 0.99, 0.09 / 0.99, 0.09 / 0.99])
    assert out["flagged"].tolist() == [True, False, False]
    # the same importance with weight 1/2 (and the others 1/4): 0.818 / 0.5 = 1.64 > 1.5, still flagged; at
    # weight 0.6 the ratio is 1.36 and it is weighted above half: not flagged
    assert A.importance(r, pd.Series({"a": 0.6, "b": 0.2, "c": 0.2}), 1.5, 0.5)["flagged"].tolist() == [False] * 3


def test_coverage_counts_countries_with_a_value(card):
    cov = A.coverage(card).set_index("subject")
    assert cov.loc["s1", ["countries", "of", "share"]].tolist() == [5, 5, 1.0]
    assert not cov["flagged"].any()


def test_low_coverage_is_flagged():
    # three more countries with protection values only (p1 = p2 = 50): 8 countries scored, association has 5
    iso = ISO + ["FFF", "GGG", "HHH"]
    vals = {k: v + ([50, 50, 50] if k.startswith("p") else [np.nan] * 3) for k, v in VALUES.items()}
    cov = A.coverage(score_all(annual(vals, iso), CAT, 2020)).set_index("subject")
    # s1, s2 and the association pillar: 5 / 8 = 0.625 < 0.65; the 5 ranked countries all have them
    assert cov.loc[["s1", "s2", "association"], "share"].tolist() == pytest.approx([0.625] * 3)
    assert cov.loc["s1", "share_ranked"] == 1.0
    assert cov["flagged"].to_dict() == {"p1": False, "p2": False, "s1": True, "s2": True, "protection": False,
                                        "association": True}


def test_rank_uncertainty_median_width_and_wide_share(card):
    c = card.countries.copy()
    # hand-made intervals, index order D, E, C, A, B: widths 0, 1, 2, 3, 4 -> median 2; wider than 2: A and B
    intervals = {"DDD": (1, 1), "EEE": (1, 2), "CCC": (2, 4), "AAA": (2, 5), "BBB": (1, 5)}
    c["rank_p05"] = c["iso3"].map(lambda i: intervals[i][0])
    c["rank_p95"] = c["iso3"].map(lambda i: intervals[i][1])
    card2 = type(card)(**{**card.__dict__, "countries": c})
    u = A.rank_uncertainty(card2).iloc[0]
    assert (u["ranked"], u["median_width"], u["max_width"], u["wider"]) == (5, 2, 4, 2)
    assert u["share_wider"] == pytest.approx(0.4) and bool(u["flagged"])      # 2 / 5 = 0.4 > 0.25
    kinds = A.flags(card2)
    assert "wide rank intervals" in set(kinds["kind"])


def test_flags_one_plain_row_per_finding(card):
    f = A.flags(card)
    assert list(f.columns) == A.FLAG_COLUMNS
    got = {(k, s): (v, t) for k, s, v, t in zip(f["kind"], f["subject"], f["value"], f["threshold"])}
    # redundancy p1 & p2 (r = 1 > 0.9); dominance of protection (importance 1 > 1.5 x 1/2 = 0.75);
    # weak correlation of association with the index (r = 0 < 0.3); no coverage flag
    assert set(got) >= {("redundancy", "p1 & p2"), ("dominance", "protection"), ("weak correlation", "association")}
    assert got[("redundancy", "p1 & p2")] == (pytest.approx(1), 0.9)
    assert got[("dominance", "protection")] == (pytest.approx(1), 0.75)
    assert got[("weak correlation", "association")][1] == 0.3
    assert not (f["kind"] == "low coverage").any()
    text = " ".join(f["meaning"])
    assert "Ind p1 and Ind p2 correlate at r = 1.00 over 5 countries" in text
    assert "The Association pillar correlates at r = 0.00 with the index" in text


def test_negative_correlation_says_it_pulls_against():
    # s1 = 50 - 20 x = (90, 70, 50, 30, 10) falls while s2 = (10, 30, 90, 90, 90) rises:
    #   S = (s1 + s2) / 2 = (50, 50, 70, 60, 50), mean 56, deviations (-6, -6, 14, 4, -6), squared length 320
    #   s1 deviations (40, 20, 0, -20, -40), squared length 4000
    #   r(s1, S) = (-240 - 120 + 0 - 80 + 240) / √(4000 x 320) = -200 / (800 √2) = -√2 / 8 ≈ -0.177
    vals = {**VALUES, "s1": [90, 70, 50, 30, 10], "s2": [10, 30, 90, 90, 90]}
    f = A.flags(score_all(annual(vals), CAT, 2020))
    row = f[(f["kind"] == "weak correlation") & (f["subject"] == "s1")].iloc[0]
    assert row["value"] == pytest.approx(round(-math.sqrt(2) / 8, 3))
    assert row["parent"] == "association" and "pulls against" in row["meaning"]


def test_correlation_matrix_of_pillars_and_within_a_pillar(card):
    m = A.correlation_matrix(card)
    assert list(m.columns) == ["protection", "association", "index"]
    # r(P, S) = x.(q - x) / (√10 √20) = -10 / √200 = -1/√2
    assert m.loc["protection", "association"] == pytest.approx(-R2)
    assert m.loc["protection", "index"] == pytest.approx(R2) and m.loc["association", "index"] == pytest.approx(0)
    assert np.allclose(m.to_numpy(), m.to_numpy().T) and np.allclose(np.diag(m), 1)
    w = A.correlation_matrix(card, "association")
    assert list(w.columns) == ["s1", "s2", "association"]
    assert w.loc["s1", "s2"] == pytest.approx(0, abs=1e-12) and w.loc["s2", "association"] == pytest.approx(R2)


def test_audit_tables_and_stacked(card):
    tables = A.audit_tables(card)
    assert tuple(tables) == A.TABLES
    long = A.stacked(tables)
    assert long.columns[0] == "table" and set(long["table"]) == set(A.TABLES)
    assert len(long) == sum(len(t) for t in tables.values())


def test_thresholds_come_from_the_catalogue(card):
    st = A.audit_settings(card)
    assert st["audit_min_countries"] == 3 and st["audit_rank_width"] == 2        # the fixture's settings
    assert st["audit_redundancy_threshold"] == 0.9                                # the default


def test_the_tables_made_from_a_scorecard_are_made_once_per_scorecard_and_handed_out_as_copies(card, monkeypatch):
    calls = []
    made = A._counted_indicators
    monkeypatch.setattr(A, "_MADE", {})
    monkeypatch.setattr(A, "_counted_indicators", lambda c: calls.append(1) or made(c))
    first = A.counted_indicators(card)
    first["weight"] = -1.0                                  # a caller changing its copy changes nothing for others
    again = A.counted_indicators(card)
    assert calls == [1] and (again["weight"] > 0).all()
    A.indicator_matrix(card)
    assert calls == [1]                                     # the matrix reuses the counted indicators
