"""The free-text step: source, note and unit cells, portal texts shortened, the template's example row, units."""
from __future__ import annotations

from indicators.uploads.constants import TEMPLATE_MARK
from indicators.uploads.indicator_codes import check_indicators
from indicators.uploads.places import PlaceCells
from indicators.uploads.texts import check_template_row, check_texts, check_units
from tests.uploads.tiny import CAT, active, cells_and_flags, found, raw_long

LONG = "x" * 1001


def texts(portal: bool = False, **cols: list[str]):
    """check_texts on the given text columns: (texts, problems, notes)."""
    raw = raw_long(portal=portal, **cols)
    cells, flags = cells_and_flags(raw)
    notes: list[str] = []
    out = check_texts(cells, active(raw.length), flags, portal, "the default", notes)
    return out, found(flags), notes


def test_formula_control_characters_and_length():
    out, problems, notes = texts(source=["", "ok", "=cmd()", "a\x01b"], note=["", LONG, "+1(2)", "fine"])
    assert problems == [(3, "note", LONG[:80], "text longer than 1000 characters"),
                        (4, "note", "+1(2)", "looks like a spreadsheet formula (starts with = + - @): remove the "
                                             "leading sign or quote the text"),
                        (4, "source", "=cmd()", "looks like a spreadsheet formula (starts with = + - @): remove the "
                                                "leading sign or quote the text"),
                        (5, "source", "a\x01b", "control characters are not allowed in text")]
    codes, values = out["source"]
    assert [values[c] for c in codes] == ["the default", "ok", "=cmd()", "a\x01b"]     # empty source: the default
    codes, values = out["note"]
    assert values[codes[0]] is None and notes == []                                   # empty note: none


def test_portal_texts_are_shortened_not_refused():
    out, problems, notes = texts(portal=True, source=[LONG, LONG], note=["", ""], unit=[LONG, ""])
    codes, values = out["source"]
    assert values[codes[0]] == "x" * 999 + "…"
    assert problems == [(2, "unit", LONG[:80], "text longer than 1000 characters")]      # units are never cut
    assert notes == ["2 source or footnote cells longer than 1000 characters were shortened."]


def test_the_template_example_row():
    raw = raw_long(note=[TEMPLATE_MARK, "mine"])
    cells, flags = cells_and_flags(raw)
    check_template_row(cells["note"], active(2), flags)
    assert found(flags) == [(2, "note", TEMPLATE_MARK, "this is the template's example row: delete it and add your "
                                                       "own rows")]


def test_units_must_match_the_catalogue():
    raw = raw_long(indicator_id=["score", "score", "score", "nope"], iso3=["KEN"] * 4,
                   unit=["score 0-10", "%", "", "%"])
    cells, flags = cells_and_flags(raw)
    rows = check_indicators(cells, PlaceCells.of(cells).kind(), CAT, None, flags, [])
    flags.problems.clear()
    check_units(cells["unit"], active(4), rows, CAT, flags)
    assert found(flags) == [(3, "unit", "%", "unit does not match the catalogue (leave it empty or use the "
                                             "catalogue's unit)")]        # unknown indicator: said once, elsewhere
