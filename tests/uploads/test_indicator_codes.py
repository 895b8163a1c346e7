"""The indicator step: ids, series codes told apart by the row's places, the indicator chosen on upload, derived
indicators refused."""
from __future__ import annotations

from indicators.uploads.indicator_codes import check_indicators, resolve_indicator, series_map
from indicators.uploads.places import PlaceCells
from tests.uploads.tiny import CAT, cells_and_flags, found, raw_long

MISSING = "missing indicator id (give an indicator_id column, or choose the indicator on upload)"


def run(raw, chosen=None):
    """check_indicators on raw: (rows, problems, notes)."""
    cells, flags = cells_and_flags(raw)
    notes: list[str] = []
    rows = check_indicators(cells, PlaceCells.of(cells).kind(), CAT, chosen, flags, notes)
    return rows, found(flags), notes


def test_ids_series_codes_unknown_missing_and_derived():
    raw = raw_long(indicator_id=["score", "SCORE", "SC_ORE", "SC_ORE", "nope", "", "derived_cost"],
                   iso3=["KEN", "KEN", "KEN", "", "KEN", "KEN", "KEN"],
                   origin_iso3=["", "", "", "NPL", "", "", ""], destination_iso3=["", "", "", "QAT", "", "", ""])
    rows, problems, notes = run(raw)
    # catalogue order: score 0, ratified 1, cost_money 2, cost_people 3, derived_cost 4
    assert rows.index.tolist() == [0, 0, 0, 3, -1, -1, 4]       # SC_ORE: score on a country row, cost_people else
    assert rows.known.tolist() == [True, True, True, True, False, False, True]
    assert rows.country.tolist() == [True, True, True, False, False, False, False]
    assert rows.corridor.tolist() == [False, False, False, True, False, False, False]
    assert rows.derived.tolist() == [False] * 6 + [True]
    assert problems == [(6, "indicator_id", "nope", "unknown indicator (see the catalogue for valid ids)"),
                        (7, "indicator_id", "", MISSING),
                        (8, "indicator_id", "derived_cost",
                         "this indicator is derived from corridor data and cannot be uploaded")]
    assert notes == []


def test_chosen_indicator_fills_in_and_must_agree():
    raw = raw_long(indicator_id=["SC_ORE", "", "cost_money"], iso3=["KEN", "KEN", "KEN"])
    rows, problems, notes = run(raw, chosen="score")
    assert rows.index.tolist() == [0, 0, -1]
    assert problems == [(4, "indicator_id", "cost_money",
                         "the file says cost_money (cost_money) but the indicator chosen on upload is score")]
    assert notes == ["Indicator code 'SC_ORE' in the file read as score (the indicator chosen on upload)."]


def test_resolve_indicator_by_hand():
    lower = {i.lower(): i for i in CAT.ids}
    series = series_map(CAT)
    assert series == {"SC_ORE": ["score", "cost_people"]}
    ind = CAT.indicators
    assert resolve_indicator("SC_ORE", 0, lower, series, ind, None) == (
        None, "series code SC_ORE belongs to several indicators (score, cost_people): choose one on upload")
    assert resolve_indicator("SC_ORE", 2, lower, series, ind, None) == ("cost_people", None)
    assert resolve_indicator("AB.CD", 1, lower, series, ind, None) == (
        None, "unknown indicator: series code AB.CD is not mapped to any indicator of the catalogue (choose the "
              "indicator on upload, or propose a new indicator with its series code)")
    assert resolve_indicator("", 1, lower, series, ind, "ratified") == ("ratified", None)
