"""Composition of a composite over time (DESIGN §3 item 9) on a tiny hand-made annual table; values by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from indicators.scoring import composition as cm
from indicators.scoring.latest import indicators_in_play, scored_latest
from indicators.store.catalogue import catalogue_problems, parse_catalogue
from tests.scoring.test_scoring import RAW, ind, obs

# Window 0: a value counts only in its own year, so an indicator is in play exactly in the years it has >= 2 places.
# "recruit" never has a value (every pillar needs an indicator of its own); no corridor components.
RAW_TRENDS = {**RAW, "corridor_components": [], "indicators": [
    ind("policy", "protection", window=0),
    ind("law", "protection", short_name="Labour law (SDG 8.8.2)", window=0),
    ind("recruit", "recruitment", window=0),
    ind("cost", "remittance", direction="lower_is_better", best=0, worst=10, thresholds=[1, 2, 3], window=0),
    ind("rights", "association", window=0),
]}
CAT = parse_catalogue(RAW_TRENDS)
P, R = "protection", "remittance"

# policy in every year; the remittance pillar enters in year 2 (2020); "law" enters in year 3 (2021)
ANNUAL = obs([("policy", "AAA", 2019, 40), ("policy", "BBB", 2019, 80),
              ("policy", "AAA", 2020, 50), ("policy", "BBB", 2020, 80),
              ("policy", "AAA", 2021, 60), ("policy", "BBB", 2021, 80),
              ("cost", "AAA", 2020, 5), ("cost", "BBB", 2020, 2),
              ("cost", "AAA", 2021, 4), ("cost", "BBB", 2021, 2),
              ("law", "AAA", 2021, 100), ("law", "BBB", 2021, 0)])
# the same, but "law" is there in 2020 only: it enters with the remittance pillar and leaves again in 2021
ANNUAL_LEAVES = pd.concat([ANNUAL[ANNUAL["indicator_id"] != "law"],
                           obs([("law", "AAA", 2020, 100), ("law", "BBB", 2020, 0)])], ignore_index=True)


def year_composition(annual: pd.DataFrame, year: int, pillars: list[str]) -> cm.Composition:
    """The composition of one year of the fixture."""
    return cm.composition(indicators_in_play(scored_latest(annual, CAT, year), CAT), pillars)


def test_fixture_catalogue_is_consistent():
    assert catalogue_problems(CAT) == []


def test_composition_per_year_from_indicators_in_play():
    # 2019: only policy has 2 places; 2020: + cost; 2021: + law (catalogue order: policy before law)
    assert year_composition(ANNUAL, 2019, [P]) == ((P, ("policy",)),)
    assert year_composition(ANNUAL, 2020, [P, R]) == ((P, ("policy",)), (R, ("cost",)))
    assert year_composition(ANNUAL, 2021, [P, R]) == ((P, ("policy", "law")), (R, ("cost",)))
    # a pillar asked for with nothing in play is there with no indicator (no score)
    assert year_composition(ANNUAL, 2019, [R]) == ((R, ()),) and cm.empty(((R, ()),))
    # an indicator of weight 0 counts for nothing, so it is no part of the composition
    status = indicators_in_play(scored_latest(ANNUAL, CAT, 2021), CAT)
    status.loc["law", "weight"] = 0
    assert cm.composition(status, [P]) == ((P, ("policy",)),)


def test_segments_and_break_labels_by_hand():
    by_year = {2019: ((P, ("policy",)),),
               2020: ((P, ("policy",)), (R, ("cost",))),
               2021: ((P, ("policy", "law")), (R, ("cost",)))}
    segs = cm.segments(by_year, CAT)
    assert [(g.start, g.end, g.change) for g in segs] == [
        (2019, 2019, ""),                                  # the first run has nothing to compare with
        (2020, 2020, "+ remittance pillar"),               # a pillar enters: named as a pillar
        (2021, 2021, "+ SDG 8.8.2 in protection")]         # an indicator enters: its SDG code from the short name
    assert cm.span(segs[0]) == "2019" and cm.span(cm.Segment(2015, 2018, ())) == "2015-2018"


def test_runs_join_equal_consecutive_years_only():
    assert cm.runs({2015: "a", 2016: "a", 2017: "b", 2019: "b"}) == [(2015, 2016, "a"), (2017, 2017, "b"),
                                                                     (2019, 2019, "b")]


def test_changes_name_what_leaves_with_a_minus():
    before = ((P, ("policy", "law")), ("association", ("rights",)))
    after = ((P, ("policy",)),)
    assert cm.changes(before, after, CAT) == ["\u2212 association pillar", "\u2212 SDG 8.8.2 in protection"]
    assert cm.changes(after, after, CAT) == []


def test_a_series_starting_or_pausing_is_not_a_break():
    empty, a, b = ((R, ()),), ((R, ("cost",)),), ((R, ("cost", "rights")),)
    segs = cm.segments({2010: empty, 2011: a, 2012: empty, 2013: b}, CAT)
    # 2011: the series starts (nothing before): no mark; 2013 is compared with 2011, the last year with a score
    assert [g.change for g in segs] == ["", "", "", "+ rights in remittance"]


def test_describe_names_pillars_and_indicators():
    assert cm.describe(((P, ("policy", "law")), (R, ())), CAT) == \
        "protection (policy, Labour law (SDG 8.8.2)); remittance (no indicator in play)"
    assert cm.describe((), CAT) == "nothing in play"


def test_scores_over_a_composition_the_year_can_form():
    # 2020 of ANNUAL_LEAVES has policy, law and cost; over 2021's composition (policy; cost) law is left out:
    # protection AAA = policy 50, BBB = 80 (not (50 + 100) / 2 = 75 and (80 + 0) / 2 = 40 as scored in 2020)
    # remittance: cost 5 -> 100 * (5 - 10) / (0 - 10) = 50; cost 2 -> 80
    target = ((P, ("policy",)), (R, ("cost",)))
    wide, why = cm.scores_over(scored_latest(ANNUAL_LEAVES, CAT, 2020), CAT, target, index=True)
    assert why == ""
    assert wide.loc["AAA", P] == pytest.approx(50) and wide.loc["BBB", P] == pytest.approx(80)
    assert wide.loc["AAA", R] == pytest.approx(50) and wide.loc["BBB", R] == pytest.approx(80)


def test_scores_over_a_composition_the_year_cannot_form_is_empty_with_the_reason():
    target = ((P, ("policy", "law")), (R, ("cost",)))
    wide, why = cm.scores_over(scored_latest(ANNUAL, CAT, 2019), CAT, target, index=True)
    # 2019: law has no value anywhere and no remittance indicator has any: nothing scored around them
    assert wide.empty and why == "SDG 8.8.2 in protection not in play; no remittance indicator in play"
    wide, why = cm.scores_over(scored_latest(ANNUAL, CAT, 2020), CAT, target, index=True)
    assert wide.empty and why == "SDG 8.8.2 in protection not in play"


def test_scores_over_needs_each_index_pillar_in_play():
    cat = parse_catalogue({**RAW_TRENDS, "settings": {**RAW_TRENDS["settings"], "pillar_min_countries": 3}})
    target = ((P, ("policy",)),)
    wide, why = cm.scores_over(scored_latest(ANNUAL, cat, 2020), cat, target, index=True)
    # policy is in play (2 places >= 2) but only 2 countries have a protection score (needs 3)
    assert wide.empty and why.startswith("protection pillar not in play (only 2 countries scored")
    wide, why = cm.scores_over(scored_latest(ANNUAL, cat, 2020), cat, target, index=False)
    assert why == "" and wide.loc["AAA", P] == pytest.approx(50)          # a pillar series needs no pillar in play
