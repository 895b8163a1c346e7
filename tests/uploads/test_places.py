"""The place step: countries for country indicators, corridors in migration direction, aggregates set aside, names
that contradict codes, and the reasons given for places that cannot be used."""
from __future__ import annotations

from indicators.uploads.indicator_codes import check_indicators
from indicators.uploads.places import PlaceCells, check_places, place_reason
from tests.uploads.tiny import CAT, VALID, cells_and_flags, found, raw_long

MISSING_CORRIDOR = "missing country code for a corridor-level indicator"


def run(raw):
    """The indicator and place steps on raw: (places, problems, notes, set_aside)."""
    cells, flags = cells_and_flags(raw)
    notes: list[str] = []
    set_aside: list[dict] = []
    present = PlaceCells.of(cells)
    rows = check_indicators(cells, present.kind(), CAT, None, flags, notes)
    places = check_places(raw, cells, present, rows, CAT, VALID, flags, notes, set_aside)
    return places, found(flags), notes, set_aside


def test_place_cells_decide_the_row_kind():
    cells, _ = cells_and_flags(raw_long(iso3=["KEN", "", "", "KEN"], origin_iso3=["", "NPL", "", ""],
                                        sending=["", "", "", "QAT"]))
    assert PlaceCells.of(cells).kind().tolist() == [1, 2, 0, 2]


def test_country_rows():
    raw = raw_long(indicator_id=["score"] * 6, iso3=["KEN", "Kenya", "", "World", "FRA", "UGA"],
                   origin_iso3=["", "", "", "", "", "NPL"])
    places, problems, _, set_aside = run(raw)
    assert places.iso_list == ["KEN", "NPL", "QAT", "UGA"]
    assert places.country.iso.tolist() == [0, 0, -1, -1, -1, 3]
    assert places.aside.tolist() == [False, False, False, True, False, False]
    assert set_aside == [{"row": 5, "column": "iso3", "value": "World", "place": "World",
                          "reason": "a regional or income aggregate, not a country"}]
    assert problems == [(4, "iso3", "", "missing country code for a country-level indicator"),
                        (6, "iso3", "FRA", "unknown ISO 3166-1 alpha-3 country code"),    # not among the valid four
                        (7, "origin_iso3", "NPL", "a country-level indicator takes iso3, not origin/destination")]


def test_a_name_that_contradicts_the_code():
    raw = raw_long(indicator_id=["score", "score"], iso3=["KEN", "KEN"], iso3_name=["Kenya", "Uganda"])
    _, problems, _, _ = run(raw)
    assert problems == [(3, "iso3_name", "Uganda", "the name is Uganda (UGA) but the code in iso3 is KEN")]


def test_corridor_rows_in_migration_direction():
    raw = raw_long(indicator_id=["cost_people", "cost_money", "cost_people", "cost_people", "cost_people",
                                 "cost_people"],
                   iso3=["", "", "", "", "KEN", ""],
                   origin_iso3=["NPL", "", "", "NPL", "NPL", "NPL"],
                   destination_iso3=["QAT", "", "", "NPL", "QAT", ""],
                   sending=["", "QAT", "NPL", "", "", "UGA"],
                   receiving=["", "NPL", "QAT", "", "", ""])
    places, problems, notes, _ = run(raw)
    # KEN 0, NPL 1, QAT 2, UGA 3; row 3: money sent from Qatar to Nepal = people from Nepal to Qatar
    assert places.origin.tolist()[:4] == [1, 1, 1, 1]
    assert places.destination.tolist()[:4] == [2, 2, 2, 1]
    assert problems == [
        (5, "destination_iso3", "NPL", "origin and destination are the same country"),
        (6, "iso3", "KEN", "a corridor-level indicator takes origin_iso3 and destination_iso3, not iso3"),
        (7, "destination_iso3", "", MISSING_CORRIDOR),
        (7, "sending", "UGA", "give either origin/destination (migration direction) or sending/receiving country, "
                              "not both")]
    assert notes == ["1 corridor rows run in remittance direction (money sent from the sending to the receiving "
                     "country) and are stored in migration direction: origin = receiving country, destination = "
                     "sending country (catalogue: raw_direction money)."]


def test_place_reasons():
    assert place_reason("Congo", "ambiguous", ("Congo (COG)", "DR Congo (COD)")) == (
        "ambiguous country name: could be Congo (COG) or DR Congo (COD); use the ISO3 code")
    assert place_reason("XYZ", "unknown", ()) == "unknown ISO 3166-1 alpha-3 country code"
    assert place_reason("Kenia", "unknown", ("Kenya (KEN)",)) == "unknown country name or code (close: Kenya (KEN))"
    assert place_reason("Atlantis", "unknown", ()) == "unknown country name or code"
