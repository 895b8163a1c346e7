"""Method v2 on tiny hand-made data: de jure and de facto sides, the binary-only rule, context indicators, derived
corridor means only as a fallback, partial indexes for countries no source covers, and corridor parts by role.
Every expected number is worked out by hand in the comments."""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from indicators.scoring.corridors import corridor_formula, weighted_available
from indicators.scoring.counting import counting_reasons
from indicators.scoring.explain import explain, explain_text
from indicators.scoring.latest import indicator_scores
from indicators.scoring.pillars import pillar_scores
from indicators.scoring.scorecard import score_all
from indicators.store.catalogue import catalogue_problems, parse_catalogue
from tests.scoring.test_scoring import RAW, ind, obs

V2 = copy.deepcopy(RAW)
V2["settings"]["side_weights"] = {"de_jure": 1, "de_facto": 1}
V2["pillars"]["remittance"]["not_covered"] = "no price survey covers {country}"
V2["indicators"] = [
    # protection: two de jure (one binary), one de facto, one context-only
    ind("policy", "protection", side="de_jure", scope="migrant"),
    ind("ratified", "protection", binary=True, best=1, worst=0, thresholds=[1, 1, 1], window=None, side="de_jure",
        scope="migrant"),
    ind("practice", "protection", side="de_facto", scope="general"),
    ind("history", "protection", side="de_facto", scope="general", role="context", weight=0),
    ind("recruit", "recruitment", direction="lower_is_better", best=0, worst=600, thresholds=[25, 100, 300]),
    # remittance: the official series, and a corridor mean that only stands in where the official one is missing
    ind("cost_country", "remittance", direction="lower_is_better", best=3, worst=15, thresholds=[3, 5, 10]),
    ind("cost_corridor", "remittance", level="corridor", raw_direction="money", direction="lower_is_better",
        best=3, worst=15, thresholds=[3, 5, 10]),
    ind("cost_home", "remittance", direction="lower_is_better", best=3, worst=15, thresholds=[3, 5, 10],
        derived_from="cost_corridor", derived_end="destination", fallback_for="cost_country"),
    ind("rights", "association", direction="lower_is_better", best=0, worst=10, thresholds=[1, 3, 5],
        side="de_facto"),
    ind("c87", "association", binary=True, best=1, worst=0, thresholds=[1, 1, 1], window=None, side="de_jure"),
]
V2["corridor_components"] = [
    {"id": "cost_corridor", "kind": "indicator", "column": "remittance_cost", "weight": 1, "name": "Cost"},
    {"id": "protection", "kind": "pillar", "end": "destination", "weight": 1, "name": "Destination protection"},
    {"id": "governance", "kind": "indicators", "end": "origin", "indicators": ["policy", "ratified"],
     "weight": 0.5, "optional": True, "name": "Origin governance"},
]
CAT = parse_catalogue(V2)


def test_catalogue_is_consistent():
    assert catalogue_problems(CAT) == []


def _pillars(rows):
    ind_ = indicator_scores(obs(rows), CAT, 2020)
    return pillar_scores(ind_, CAT).set_index(["iso3", "pillar"])


def test_pillar_is_the_mean_of_its_de_jure_and_de_facto_sides():
    p = _pillars([("policy", "AAA", 2020, 60), ("ratified", "AAA", 2000, 1), ("practice", "AAA", 2020, 30),
                  ("policy", "BBB", 2020, 20), ("ratified", "BBB", 2000, 0), ("practice", "BBB", 2020, 90)])
    # AAA: de jure = (60 + 100) / 2 = 80; de facto = 30; pillar = (80 + 30) / 2 = 55
    a = p.loc[("AAA", "protection")]
    assert (a["de_jure"], a["de_facto"], a["score"]) == pytest.approx((80.0, 30.0, 55.0))
    # BBB: de jure = (20 + 0) / 2 = 10; de facto 90; pillar 50
    assert p.loc[("BBB", "protection"), "score"] == pytest.approx(50.0)
    # coverage: each side is half the pillar, split over its in-play indicators: 1/4 + 1/4 + 1/2 = 1
    assert a["coverage"] == pytest.approx(1.0)


def test_a_pillar_never_rests_on_binary_indicators_alone():
    p = _pillars([("ratified", "AAA", 2000, 1), ("policy", "BBB", 2020, 50), ("ratified", "BBB", 2000, 1),
                  ("practice", "BBB", 2020, 50), ("practice", "CCC", 2020, 10), ("ratified", "CCC", 2000, 1)])
    # AAA has the ratification only: coverage 1/4 < 0.5 anyway; CCC: binary 1/4 + practice 1/2 = 3/4, fine
    assert np.isnan(p.loc[("AAA", "protection"), "score"])
    # CCC: de jure 100 (binary), de facto 10 -> (100 + 10) / 2 = 55: a binary counts beside a real measure
    assert p.loc[("CCC", "protection"), "score"] == pytest.approx(55.0)


def test_binary_only_rule_with_enough_coverage():
    # association: de jure c87 (binary, half the pillar), de facto rights (half): a country with c87 alone has
    # coverage 1/2 (enough) but rests on a binary alone -> insufficient, with that reason
    p = _pillars([("c87", "AAA", 1990, 1), ("rights", "BBB", 2020, 2), ("c87", "BBB", 1990, 0),
                  ("rights", "CCC", 2020, 4), ("c87", "CCC", 1990, 1)])
    a = p.loc[("AAA", "association")]
    assert a["coverage"] == pytest.approx(0.5) and np.isnan(a["score"])
    assert a["status"] == "insufficient data: binary indicators only"
    # BBB: rights 2 of 10 (0 best) -> 80; c87 0 -> 0; (0 + 80) / 2 = 40
    assert p.loc[("BBB", "association"), "score"] == pytest.approx(40.0)


def test_context_indicators_never_count():
    rows = [("history", "AAA", 2020, 100), ("practice", "AAA", 2020, 40), ("practice", "BBB", 2020, 40),
            ("history", "BBB", 2020, 0)]
    ind_ = indicator_scores(obs(rows), CAT, 2020)
    why = counting_reasons(ind_, CAT)
    assert set(why[ind_["indicator_id"] == "history"]) == {"context only, never scored"}
    p = pillar_scores(ind_, CAT).set_index(["iso3", "pillar"])
    # only 'practice' counts: both countries 40 whatever their 'history'
    assert p.loc[("AAA", "protection"), "score"] == p.loc[("BBB", "protection"), "score"] == pytest.approx(40.0)


def test_derived_corridor_mean_counts_only_where_the_official_series_has_no_value():
    rows = [("cost_country", "XXX", 2020, 6), ("cost_country", "ZZZ", 2020, 9),
            ("cost_corridor", "AAA>XXX", 2020, 15), ("cost_corridor", "AAA>YYY", 2020, 3),
            ("cost_corridor", "BBB>ZZZ", 2020, 3)]
    card = score_all(obs(rows), CAT, 2020)
    why = counting_reasons(card.indicators, CAT)
    home = card.indicators["indicator_id"] == "cost_home"
    by_place = dict(zip(card.indicators.loc[home, "iso3"], why[home]))
    assert by_place["XXX"].startswith("the official series has a value") and by_place["YYY"] == "counted"
    p = card.pillars.set_index(["iso3", "pillar"])
    # XXX: official 6 % -> 100 * (6 - 15) / (3 - 15) = 75 (its corridor mean at 15 % would have given 0)
    assert p.loc[("XXX", "remittance"), "score"] == pytest.approx(75.0)
    # YYY: no official value; its corridor mean 3 % -> 100, standing in for the official series
    assert p.loc[("YYY", "remittance"), "score"] == pytest.approx(100.0)


def test_partial_index_for_a_country_no_source_covers():
    # three countries with protection, remittance and association; DDD has no remittance value in any year
    rows = []
    for c, pol, prac, cost, rights in (("AAA", 80, 60, 6, 2), ("BBB", 40, 40, 9, 4), ("CCC", 20, 20, 12, 8)):
        rows += [("policy", c, 2020, pol), ("practice", c, 2020, prac), ("cost_country", c, 2020, cost),
                 ("rights", c, 2020, rights)]
    rows += [("policy", "DDD", 2020, 100), ("practice", "DDD", 2020, 50), ("rights", "DDD", 2020, 0),
             ("policy", "EEE", 2020, 50), ("practice", "EEE", 2020, 50), ("rights", "EEE", 2020, 0),
             ("cost_country", "EEE", 2005, 5)]
    card = score_all(obs(rows), CAT, 2020, names={"DDD": "Dee"})
    c = card.countries.set_index("iso3")
    # DDD: protection (100 + 50) / 2 = 75 (one indicator per side), association 100 -> partial (75 + 100) / 2 = 87.5
    assert c.at["DDD", "overall_partial"] == pytest.approx(87.5) and pd.isna(c.at["DDD", "rank"])
    assert c.at["DDD", "status"].startswith("partial index 87.5 over 2 of 3 pillars (protection, association)")
    assert "remittance: no price survey covers Dee" in c.at["DDD", "status"]
    # EEE had a remittance value once (2005, outside the window): covered, just too old -> no partial index
    assert pd.isna(c.at["EEE", "overall_partial"]) and c.at["EEE", "status"].startswith("insufficient data")
    text = explain_text(explain(card, "DDD", CAT), "Dee")
    assert "Overall: partial index 87.5" in text and "(de jure 100.0, de facto 50.0)" in text


def test_corridor_parts_by_role_and_the_optional_origin_part():
    rows = [("cost_corridor", "OOO>DDD", 2020, 6), ("cost_corridor", "PPP>DDD", 2020, 6),
            ("policy", "DDD", 2020, 60), ("practice", "DDD", 2020, 40), ("policy", "OOO", 2020, 80),
            ("ratified", "OOO", 2000, 1), ("ratified", "PPP", 2000, 1), ("practice", "OOO", 2020, 0),
            ("policy", "QQQ", 2020, 0), ("practice", "QQQ", 2020, 0)]
    card = score_all(obs(rows), CAT, 2020)
    c = card.corridors.set_index(["origin_iso3", "destination_iso3"])
    o = c.loc[("OOO", "DDD")]
    # cost 6 % -> 75; destination protection (60 + 40) / 2 = 50; origin governance (80 + 100) / 2 = 90 at weight 0.5
    # score = (75 + 50 + 0.5 * 90) / 2.5 = 170 / 2.5 = 68
    assert (o["corridor_part"], o["destination_part"], o["origin_part"]) == pytest.approx((75.0, 50.0, 90.0))
    assert o["score"] == pytest.approx(68.0)
    # PPP has only a ratification (binary): no origin part, scored over the rest: (75 + 50) / 2 = 62.5
    p = c.loc[("PPP", "DDD")]
    assert np.isnan(p["origin_part"]) and p["score"] == pytest.approx(62.5)
    assert "origin_governance" not in p["components"] and "origin_governance" in o["components"]
    assert "Origin governance (weight 0.5, counted where the origin has a non-binary measure)" in corridor_formula(CAT)


def test_weighted_available_skips_missing_entries():
    m = np.array([[50.0, np.nan, 100.0], [np.nan, np.nan, np.nan]])
    # row 1: (1 * 50 + 2 * 100) / (1 + 2) = 83.33; row 2: nothing -> NaN
    out = weighted_available(m, np.array([1.0, 1.0, 2.0]), "arithmetic")
    assert out[0] == pytest.approx(250 / 3) and np.isnan(out[1])
    # geometric: exp((ln 50 + 2 ln 100) / 3) = (50 * 100 * 100) ** (1/3) = 79.37
    assert weighted_available(m, np.array([1.0, 1.0, 2.0]), "geometric")[0] == pytest.approx(500000 ** (1 / 3))
