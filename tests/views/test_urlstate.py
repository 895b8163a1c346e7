"""URL state: safe parsing with defaults, round trips, merging."""
from __future__ import annotations

from indicators.scoring.service import default_year
from indicators.views.urlstate import (
    Settings, make_search, parse_codes, parse_search, parse_weights, settings_from_query, settings_search,
    update_search)


def test_defaults_when_empty_or_invalid():
    s = settings_from_query({})
    # the default year follows from the data (scoring.vintage.reference_years): 2021 on the bundled data
    assert (s.year, s.aggregation) == (default_year(), "arithmetic") == (2021, "arithmetic")
    assert s.weights == {"protection": 1, "recruitment": 1, "remittance": 1, "association": 1}
    bad = settings_from_query({"year": "20x0", "agg": "harmonic", "w": "1,2"})
    assert (bad.year, bad.aggregation, bad.weights) == (2021, "arithmetic", s.weights)


def test_weights_parse_and_reject_nonsense():
    assert parse_weights("2,1,1,0.5") == {"protection": 2, "recruitment": 1, "remittance": 1, "association": 0.5}
    assert parse_weights("-1,1,1,1")["protection"] == 1          # negative -> defaults
    assert parse_weights("0,0,0,0")["protection"] == 1           # all zero -> defaults
    assert parse_weights("nan,1,1,1")["protection"] == 1


def test_settings_round_trip_through_query():
    s = Settings(2018, {"protection": 2, "recruitment": 1, "remittance": 1, "association": 1}, "geometric")
    q = s.query()
    assert q == {"year": "2018", "w": "2,1,1,1", "agg": "geometric"}
    assert settings_from_query(q) == s
    assert Settings(2020, s.weights | {"protection": 1}, "arithmetic").custom_weights is None


def test_search_helpers():
    assert make_search({"a": 1, "b": None, "c": ["KEN", "UGA"]}) == "?a=1&c=KEN,UGA"
    assert parse_search("?a=1&c=KEN,UGA") == {"a": "1", "c": "KEN,UGA"}
    assert update_search("?year=2019&view=index", view="remittance", year=None) == "?view=remittance"
    assert settings_search("?year=2019&view=x&w=1,1,1,2") == "?year=2019&w=1,1,1,2"


def test_codes_are_validated():
    assert parse_codes("ken, uga,XXX,KEN", {"KEN", "UGA"}) == ["KEN", "UGA"]


def test_changed_search_is_none_when_only_implicit_defaults_are_written_out():
    from indicators.views.urlstate import changed_search
    defaults = {"view": "index", "year": 2021}
    # a control reporting the default the URL left out: same view, no new URL (no second render)
    assert changed_search("", defaults, view=None, year=2021) is None
    assert changed_search(None, defaults, year=2021) is None
    assert changed_search("?w=1,1,2,1", defaults, view=None, year=2021) is None
    # a real change, and a default written over another value, are changes
    assert changed_search("", defaults, year=2019) == "?year=2019"
    assert changed_search("?year=2019", defaults, year=2021) == "?year=2021"
    assert changed_search("?year=2021", defaults, view="protection", year=2021) == "?year=2021&view=protection"
    # removing a key that held a non-default value is a change; removing one that held the default is not
    assert changed_search("?view=protection", defaults, view=None) == ""
    assert changed_search("?view=index&year=2021", defaults, view=None) is None
