"""validate_long and its file-level steps: the file as a whole, problems in file order, the steps run together into
clean observations or every problem."""
from __future__ import annotations

import numpy as np

from indicators.uploads.problems import Problem
from indicators.uploads.validate import check_file, sorted_problems, validate_long
from tests.uploads.tiny import CAT, VALID, raw_long


def test_the_file_as_a_whole():
    ok = raw_long(indicator_id=["score", "score", "score"])
    assert check_file(ok, CAT, None, 3) == []
    assert check_file(ok, CAT, None, 2) == [Problem(None, None, None, "3 rows is over the limit of 2")]
    assert check_file(ok, CAT, "nope", 3) == [Problem(None, None, "nope",
                                                      "the chosen indicator is not in the catalogue")]
    empty = raw_long(indicator_id=[])
    assert check_file(empty, CAT, None, 3)[0].reason == "the file has a header but no data rows"
    empty.set_aside = [{"row": 2}]
    assert check_file(empty, CAT, None, 3)[0].reason == ("no values to load: every row was set aside (aggregates) "
                                                         "or every year cell is empty")
    read = raw_long(indicator_id=["score"])
    read.problems = [Problem(1, "x", None, "unknown column")]
    assert check_file(read, CAT, None, 3) == read.problems


def test_problems_in_file_order():
    ps = [Problem(3, "b", None, "r"), Problem(None, None, None, "f"), Problem(2, "z", None, "r"),
          Problem(2, "a", None, "r")]
    assert [(p.row, p.column) for p in sorted_problems(ps)] == [(None, None), (2, "a"), (2, "z"), (3, "b")]


def test_clean_observations_from_every_step():
    raw = raw_long(indicator_id=["score", "SC_ORE", "cost_money"], iso3=["Kenya", "UGA", ""],
                   sending=["", "", "QAT"], receiving=["", "", "NPL"], period=["2019.0", "2020q1", "2021"],
                   value=["2,5", "3", "4"], sex=["F", "", ""], source=["", "S", ""], note=["n", "", ""])
    v = validate_long(raw, CAT, VALID, default_source="the default")
    assert v.problems == [] and v.problem_count == 0 and v.rows.tolist() == [2, 3, 4]
    got = v.table.to_pylist()
    assert [(r["indicator_id"], r["iso3"], r["origin_iso3"], r["destination_iso3"], r["period"], r["year"],
             r["value"], r["sex"], r["source"], r["note"]) for r in got] == [
        ("score", "KEN", None, None, "2019", 2019, 2.5, "female", "the default", "n"),
        ("score", "UGA", None, None, "2020Q1", 2020, 3.0, "total", "S", None),
        ("cost_money", None, "NPL", "QAT", "2021", 2021, 4.0, "total", "the default", None)]
    assert v.notes == ["1 corridor rows run in remittance direction (money sent from the sending to the receiving "
                       "country) and are stored in migration direction: origin = receiving country, destination = "
                       "sending country (catalogue: raw_direction money).", "Decimal commas read (e.g. 2,5 = 2.5)."]


def test_every_problem_counted_first_ones_listed_in_file_order():
    raw = raw_long(indicator_id=["nope", "score", "score"], iso3=["KEN", "XYZ", "KEN"], period=["2019", "2019", "x"],
                   value=["1", "11", "1"])
    v = validate_long(raw, CAT, VALID)
    assert v.table is None and v.problem_count == 4
    assert [(p.row, p.column, p.reason[:24]) for p in v.problems] == [
        (2, "indicator_id", "unknown indicator (see t"), (3, "iso3", "unknown ISO 3166-1 alpha"),
        (3, "value", "outside the valid range "), (4, "period", "period must be a year (2")]


def test_nothing_to_load_when_every_row_is_an_aggregate():
    raw = raw_long(indicator_id=["score"], iso3=["World"], period=["2019"], value=["1"])
    v = validate_long(raw, CAT, VALID)
    assert [p.reason for p in v.problems] == ["no rows to load: every row was set aside (aggregates)"]
    assert v.set_aside[0]["place"] == "World" and np.array_equal(v.rows, [])


def test_ratifications_from_1919_other_indicators_from_their_earliest_year():
    from datetime import date

    from indicators.store.catalogue import load_catalogue
    top = date.today().year + 1
    raw = raw_long(indicator_id=["ilo_c98_ratified", "ilo_c29_ratified", "icrmw_party", "labour_rights_sdg882"],
                   iso3=["GBR", "FRA", "MEX", "KEN"], period=["1949", "1919", "1989", "1949"],
                   value=["1", "0", "1", "3"])
    v = validate_long(raw, load_catalogue(), frozenset({"GBR", "FRA", "MEX", "KEN"}))
    assert [(p.row, p.column, p.value, p.reason) for p in v.problems] == [
        (4, "period", "1989", f"year must be between 1990 and {top} for icrmw_party"),
        (5, "period", "1949", f"year must be between 1950 and {top} for labour_rights_sdg882")]
    raw = raw_long(indicator_id=["ilo_c98_ratified"], iso3=["GBR"], period=["1949"], value=["1"])
    v = validate_long(raw, load_catalogue(), frozenset({"GBR"}))
    assert v.problems == [] and v.table.to_pylist()[0]["period"] == "1949"
    assert v.table.to_pylist()[0]["year"] == 1949
