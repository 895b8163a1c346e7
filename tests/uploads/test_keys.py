"""The key steps: periods, sex, and duplicate keys once every spelling is canonical."""
from __future__ import annotations

from datetime import date

import numpy as np

from indicators.store.catalogue import parse_catalogue
from indicators.uploads.indicator_codes import check_indicators
from indicators.uploads.keys import check_duplicates, check_periods, check_sex, period
from indicators.uploads.places import PlaceCells, check_places
from tests.uploads.tiny import CAT, VALID, active, cells_and_flags, found, raw_long

PERIOD_FORM = "period must be a year (2023) or a quarter (2023Q2)"


def test_period_spellings():
    assert [period(s) for s in ("2019", "2019Q2", "2019.0", "2020 - Q3", "2020-q4", "2019Q5", "19", "")] == [
        "2019", "2019Q2", "2019", "2020Q3", "2020Q4", None, None, None]


def test_periods_canonical_years_and_range():
    top = date.today().year + 1
    raw = raw_long(period=["2019", "2020q2", "2019.0", "1949", str(top + 1), "20x", ""])
    cells, flags = cells_and_flags(raw)
    mask = active(7)
    mask[6] = False                                  # a row set aside is not checked
    p = check_periods(cells["period"], mask, flags)
    assert p.values[:4] == ["2019", "2020Q2", "1949", str(top + 1)]
    assert p.codes.tolist()[:5] == [0, 1, 0, 2, 3]
    assert p.years.tolist()[:4] == [2019, 2020, 1949, top + 1]
    assert p.bad.tolist() == [False] * 5 + [True, True]
    assert found(flags) == [(5, "period", "1949", f"year must be between 1950 and {top}"),
                            (6, "period", str(top + 1), f"year must be between 1950 and {top}"),
                            (7, "period", "20x", PERIOD_FORM)]


# ratifications count from 1919 (the first ILO Conventions), a UN convention of 1990 from 1990, the rest from 1950
EARLY = parse_catalogue({"indicators": [
    {"id": "c98", "level": "country", "unit": "0/1", "valid_min": 0, "valid_max": 1, "binary": True,
     "period_min": 1919, "series_codes": ["C098"]},
    {"id": "icrmw", "level": "country", "unit": "0/1", "valid_min": 0, "valid_max": 1, "binary": True,
     "period_min": 1990},
    {"id": "score", "level": "country", "unit": "score 0-10", "valid_min": 0, "valid_max": 10},
]})


def test_periods_from_each_indicators_earliest_year():
    top = date.today().year + 1
    raw = raw_long(indicator_id=["c98", "C098", "c98", "icrmw", "icrmw", "score", "score", "nope", "nope", "c98"],
                   iso3=["KEN"] * 10,
                   period=["1949", "1919", "1918", "1990", "1989", "1950", "1949", "1930", "1900", str(top + 1)])
    cells, flags = cells_and_flags(raw)
    rows = check_indicators(cells, np.ones(10, dtype=np.int8), EARLY, None, flags, [])
    flags.problems.clear()                                        # the unknown indicator's own problem
    p = check_periods(cells["period"], active(10), flags, rows, EARLY)
    assert p.years[p.codes].tolist()[:3] == [1949, 1919, 1918]    # a 1949 ratification of C098 stays 1949
    assert found(flags) == [
        (4, "period", "1918", f"year must be between 1919 and {top} for c98"),
        (6, "period", "1989", f"year must be between 1990 and {top} for icrmw"),
        (8, "period", "1949", f"year must be between 1950 and {top} for score"),
        (10, "period", "1900", f"year must be between 1919 and {top}"),   # unknown indicator: the earliest of all
        (11, "period", str(top + 1), f"year must be between 1919 and {top} for c98")]


def test_sex_words():
    cells, flags = cells_and_flags(raw_long(sex=["", "F", "women", "Both sexes", "x"]))
    s = check_sex(cells["sex"], active(5), flags)
    assert s.values == ["total", "female", "\x00x"] and s.codes.tolist() == [0, 1, 1, 0, 2]
    assert found(flags) == [(6, "sex", "x", "sex must be one of total, female, male (or empty)")]


def run_keys(raw):
    """Every step the duplicate check needs, then the duplicate check: the problems it flagged."""
    cells, flags = cells_and_flags(raw)
    notes, aside = [], []
    present = PlaceCells.of(cells)
    rows = check_indicators(cells, present.kind(), CAT, None, flags, notes)
    places = check_places(raw, cells, present, rows, CAT, VALID, flags, notes, aside)
    on = ~places.aside
    periods = check_periods(cells["period"], on, flags)
    sexes = check_sex(cells["sex"], on, flags)
    before = len(flags.problems)
    check_duplicates(raw, rows, places, periods, sexes, on, flags)
    flags.problems = flags.problems[before:]
    return found(flags)


def test_duplicates_after_spellings_are_made_canonical():
    raw = raw_long(indicator_id=["score", "score", "score", "score", "score", "score"],
                   iso3=["KEN", "Kenya", "KEN", "KEN", "UGA", "UGA"],
                   period=["2019", "2019.0", "2020", "2019", "x", "x"],        # malformed keys are never duplicates
                   sex=["", "total", "", "female", "", ""])
    assert run_keys(raw) == [(3, "period", "2019.0", "duplicate of row 2 (same indicator, place, period and sex)")]


def test_corridor_duplicates_across_column_pairs():
    raw = raw_long(indicator_id=["cost_money", "cost_money"], origin_iso3=["NPL", ""], destination_iso3=["QAT", ""],
                   sending=["", "QAT"], receiving=["", "NPL"], period=["2020", "2020"], sex=["", ""])
    assert run_keys(raw) == [(3, "period", "2020", "duplicate of row 2 (same indicator, place, period and sex)")]


def test_wide_duplicates_name_the_year_column():
    raw = raw_long(value_columns=["2019", "2019 [YR2019]"], indicator_id=["score", "score"], iso3=["KEN", "KEN"],
                   period=["2019", "2019"], sex=["", ""])
    assert run_keys(raw) == [(3, "2019 [YR2019]", "2019",
                              "duplicate of row 2 (same indicator, place, period and sex)")]
    assert np.array_equal(raw.rows, [2, 3])
