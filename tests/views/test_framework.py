"""The framework tables of the methodology page on the bundled data (method v2, reference year 2021)."""
from __future__ import annotations

import pytest

from indicators.scoring.service import catalogue, get_store, scorecard
from indicators.views import framework as fw


@pytest.fixture(scope="module")
def card_cat():
    st = get_store(None)
    return scorecard(st, 2021), catalogue(st)


def test_every_pillar_in_play_mixes_law_and_practice_except_remittance(card_cat):
    card, cat = card_cat
    t = fw.migrant_share(card, cat).set_index("pillar")
    for name in ("Protection of migrant workers", "Freedom of association"):
        assert t.at[name, "sides in play"] == "in law (de jure), in practice (de facto)"
    assert t.at["Remittance costs", "sides in play"] == "in practice (de facto)"
    # protection: ICRMW and SDG 10.7.2 (migrant-specific) are 2 of the 3 de jure indicators = 2/3 of half = 33 %;
    # its practice side (FH G1, G4) is about all workers, and the table says so plainly
    assert t.at["Protection of migrant workers", "about migrants"] == "33% (its practice side is about all workers only)"
    assert t.at["Remittance costs", "about migrants"] == "100%"
    assert t.at["Recruitment costs", "about migrants"] == "no indicator in play"


def test_protection_and_association_have_at_least_four_indicators_counting(card_cat):
    card, cat = card_cat
    t = fw.pillar_framework(card, cat)
    counting = t[t["this year"].str.startswith("counts")].groupby("pillar").size()
    assert counting["Protection of migrant workers"] >= 4 and counting["Freedom of association"] >= 4
    context = set(t.loc[t["this year"] == "context, never counted", "indicator"])
    assert {"US TIP tier", "ILO C29 ratified", "ILO C105 ratified"} <= context
    home = t.set_index("indicator").loc["Cost to receive (corridors)", "this year"]
    assert home.startswith("stands in for")                           # no double counting of the same survey


def test_gcm_objectives_without_a_measure_say_what_would_feed_them(card_cat):
    card, cat = card_cat
    t = fw.gcm_coverage(card, cat).set_index("GCM objective")
    four = next(i for i in t.index if i.startswith("4."))
    fourteen = next(i for i in t.index if i.startswith("14."))
    assert t.at[four, "measured by"] == t.at[fourteen, "measured by"] == "no measure yet"
    assert t.at[four, "what would feed it"] and t.at[fourteen, "what would feed it"]
    ten = next(i for i in t.index if i.startswith("10."))
    assert "ILO P29 ratified" in t.at[ten, "measured by"] and t.at[ten, "what would feed it"] == ""
