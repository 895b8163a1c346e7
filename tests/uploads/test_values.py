"""The value step: numbers read from text (decimal commas only where unambiguous), each refusal with its reason,
valid ranges, and 0/1 for binary indicators."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from indicators.uploads.indicator_codes import check_indicators
from indicators.uploads.places import PlaceCells
from indicators.uploads.values import check_binary, check_numbers, check_ranges, parse_values
from tests.uploads.tiny import CAT, active, cells_and_flags, found, raw_long


def numbers(cells: list[str]):
    """check_numbers on one value column: (values, finite, problems, notes)."""
    raw = raw_long(value=cells)
    _, flags = cells_and_flags(raw)
    notes: list[str] = []
    values, finite = check_numbers(raw, active(len(cells)), flags, notes)
    return values, finite, found(flags), notes


def test_plain_numbers_take_the_fast_path():
    values, finite, problems, notes = numbers(["1", "2.5", "nan"])
    assert values[:2].tolist() == [1.0, 2.5] and finite.tolist() == [True, True, False]
    assert problems == [(4, "value", "nan", "not a finite number")] and notes == []


def test_every_refusal_has_its_reason():
    values, finite, problems, _ = numbers(["", "..", "#N/A", "=A1", "<5", "abc", "inf", "7"])
    assert finite.tolist() == [False] * 7 + [True] and values[7] == 7.0
    assert problems == [(2, "value", "", "missing value (leave the row out instead)"),
                        (3, "value", "..", "a missing-value marker, not a number (leave the row out instead)"),
                        (4, "value", "#N/A", "a spreadsheet error value, not a number"),
                        (5, "value", "=A1", "looks like a spreadsheet formula, not a number"),
                        (6, "value", "<5", "a censored value (such as <5) cannot be stored as a number"),
                        (7, "value", "abc", "not a number"),
                        (8, "value", "inf", "not a finite number")]


def test_decimal_commas_only_where_the_file_is_unambiguous():
    values, finite, problems, notes = numbers(["2,5", "3"])
    assert values.tolist() == [2.5, 3.0] and finite.all() and problems == []
    assert notes == ["Decimal commas read (e.g. 2,5 = 2.5)."]
    _, _, problems, _ = numbers(["1,234", "2"])
    assert problems == [(2, "value", "1,234", "could be a thousands separator or a decimal comma (1,234 = 1234 or "
                                               "1.234?): write the number without thousands separators, with a "
                                               "decimal point")]
    _, _, problems, _ = numbers(["2.5", "2,5"])
    assert problems == [(3, "value", "2,5", "decimal mark is ambiguous: the file has both decimal points and "
                                             "decimal commas")]


def test_a_line_break_in_a_value_points_at_an_unclosed_quote():
    _, _, problems, _ = numbers(["1", "2\n3"])
    assert problems == [(3, "value", "2\n3", "the value contains a line break: probably a quote (\") opened and "
                                              "never closed")]


def ranges(indicator: str, cells: list[str]) -> list[tuple]:
    """The number, range and 0/1 steps on one indicator's values: the range and 0/1 problems."""
    raw = raw_long(indicator_id=[indicator] * len(cells), iso3=["KEN"] * len(cells), value=cells)
    cs, flags = cells_and_flags(raw)
    rows = check_indicators(cs, PlaceCells.of(cs).kind(), CAT, None, flags, [])
    on = active(len(cells))
    values, finite = check_numbers(raw, on, flags, [])
    flags.problems.clear()
    out_of_range = check_ranges(raw, values, finite, on, rows, CAT, flags)
    check_binary(raw, values, finite, out_of_range, on, rows, CAT, flags)
    return found(flags)


def test_valid_range_of_the_indicator():
    assert ranges("score", ["5", "11", "-1", "x"]) == [
        (3, "value", "11", "outside the valid range 0 to 10 for this indicator"),
        (4, "value", "-1", "outside the valid range 0 to 10 for this indicator")]


def test_binary_indicators_take_0_or_1():
    assert ranges("ratified", ["0", "1", "0.5", "2"]) == [
        (4, "value", "0.5", "this indicator is 0 or 1 (not ratified / ratified)"),
        (5, "value", "2", "outside the valid range 0 to 1 for this indicator")]      # out of range: said once


def test_fast_and_careful_number_readers_agree():
    cells = ["1", "-2.5", "+3", ".5", "5.", "1e3", "1E-2", "nan", "NaN", "inf", "-Infinity", "1e400", "0x10",
             "1_000", " 4", "4 ", "", "abc", "1,5", "#N/A", "=1+1", "<5", "..", "١٢", "1.5.2"]
    import pyarrow.compute as pc
    for cell in cells:
        careful_v, careful_c, _ = parse_values(pa.array([cell, "x"]), 2, [])     # "x" forces the careful path
        try:
            fast = pc.cast(pa.array([cell]), pa.float64()).to_pylist()[0]
        except pa.ArrowInvalid:
            continue                                       # the fast path declines: the careful one decides
        if np.isfinite(fast):
            assert careful_c[0] == 0 and careful_v[0] == fast, cell
        else:
            assert careful_c[0] == 3, cell                 # nan / inf: "not a finite number" on both paths
