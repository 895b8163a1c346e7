"""The metadata of data exports: the indicators a chart mentions."""
from __future__ import annotations

from indicators.exports.metadata import indicators_mentioned


def test_indicators_mentioned_by_source():
    from indicators.store.catalogue import load_catalogue
    src = load_catalogue().indicators.at["remittance_cost_corridor", "source"]
    assert "remittance_cost_corridor" in indicators_mentioned(f"Source: {src}; %; 2020")
    assert indicators_mentioned("nothing relevant") == []
