"""Briefing content on the bundled data: headlines, charts, table and sources of a country and of a corridor."""
from __future__ import annotations

import math

import pytest

from indicators.exports.briefing_pack import default_settings
from indicators.exports.corridor_content import corridor_content
from indicators.exports.country_content import country_content
from indicators.scoring.service import scorecard

DATE = "2026-01-31"


def test_country_content_matches_the_scorecard(store):
    c = country_content(store, "KEN", default_settings(2020), export_date=DATE)
    card = scorecard(store, 2020)
    row = card.countries.set_index("iso3").loc["KEN"]
    assert c.title.startswith("Kenya") and "rank 97 of 132" in c.subtitle and c.date == DATE     # method v2
    heads = {h.label: h for h in c.headlines}
    assert heads["Overall index"].value_text == f"{row['overall']:.1f}" == "49.6"
    # composites carry neutral score bands, never an indicator rating
    assert heads["Overall index"].rating == row["rating"] == "low"
    assert heads["Freedom of association"].value_text == "62.5" and heads["Freedom of association"].rating == "medium"
    rec = heads["Recruitment costs"]
    assert math.isnan(rec.value) and rec.value_text == "insufficient data" and rec.rating == "insufficient"
    assert all(h.arrow in {"↑", "↓", "→", "·"} for h in c.headlines)
    # KEN's protection pillar counted no SDG 10.7.2 in 2015 and counts it in 2020: no arrow for that change
    assert heads["Protection of migrant workers"].arrow == "·" and "not comparable" in heads["Protection of migrant workers"].trend
    # remittance rests on the same indicators in both years: 2015 -> 2020 is a real change of +7.9 points
    assert heads["Remittance costs"].trend == "+7.9 points since 2015" and heads["Remittance costs"].arrow == "↑"
    # 26 country indicators, less the 6 no file feeds yet (one line on the profile instead of a grey row each)
    assert len(c.table) == 20 and {"Indicator", "Value", "Rating", "Trend"} <= set(c.table.columns)
    assert any("World Bank" in s and "CC BY 4.0" in s for s in c.sources)
    assert [ch.key for ch in c.charts][:1] == ["peer-comparison"]
    assert any(ch.native is None for ch in c.charts)          # the map is an image
    assert sum(ch.native is not None for ch in c.charts) >= 3  # bars and lines are native


def test_corridor_content(store):
    c = corridor_content(store, "NPL", "QAT", default_settings(2020), export_date=DATE)
    assert c.code == "NPL-QAT" and c.title == "Nepal → Qatar: migration corridor"
    heads = {h.label: h for h in c.headlines}
    cost = heads["Remittance cost (Qatar → Nepal)"]
    assert cost.value_text == "4.64 % (2020)" and cost.rating == "challenges"     # 3 < 4.64 <= 5
    assert cost.indicator_id == "remittance_cost_corridor"                       # read in the SDG's own words
    assert heads["Recruitment cost"].rating == "insufficient"
    assert c.charts[0].key == "remittance-cost" and c.charts[0].native.kind == "line"
    assert c.charts[0].years.startswith("20") and c.charts[0].years.endswith("2020Q3")


def test_unknown_codes_raise(store):
    with pytest.raises(KeyError):
        country_content(store, "XXX", default_settings(2020))
    with pytest.raises(KeyError):
        corridor_content(store, "NPL", "ISL", default_settings(2020))
