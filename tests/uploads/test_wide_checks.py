"""A wide file checked in its own shape (wide_checks): problems named by the file's row and year column, counted per
cell, the same whatever the block size; the clean table built from one code per file row; rows set aside and notes
counted per value."""
from __future__ import annotations

from datetime import date

import numpy as np
import pyarrow as pa

from indicators.uploads import wide_checks
from indicators.uploads.layouts import read_upload
from indicators.uploads.validate import validate_long
from tests.uploads.tiny import CAT, VALID

TOP = date.today().year + 1
PROBLEMS = (b"indicator_id,iso3,1940,2019 [YR2019],2020\n"
            b"score,KEN,1,abc,11\n"
            b"score,KEN,,2,3\n"
            b"ratified,UGA,,0.5,1\n")


def check(raw: bytes):
    """The file read and validated against the tiny catalogue."""
    return validate_long(read_upload(raw, cat=CAT), CAT, VALID, default_source="src")


def found(v) -> list[tuple]:
    """The problems as (row, column, value, reason)."""
    return [(p.row, p.column, p.value, p.reason) for p in v.problems]


def test_problems_name_the_file_row_and_year_column():
    v = check(PROBLEMS)
    dup = "duplicate of row 2 (same indicator, place, period and sex)"
    assert found(v) == [
        (2, "2019 [YR2019]", "abc", "not a number"),
        (2, "2020", "11", "outside the valid range 0 to 10 for this indicator"),
        (2, "year column", "1940", f"year must be between 1950 and {TOP} for score"),
        (3, "2019 [YR2019]", "2019", dup),
        (3, "2020", "2020", dup),
        (4, "2019 [YR2019]", "0.5", "this indicator is 0 or 1 (not ratified / ratified)"),
    ]
    assert v.problem_count == 6 and v.table is None


def test_blocks_of_one_value_find_the_same_problems(monkeypatch):
    whole = found(check(PROBLEMS))
    monkeypatch.setattr(wide_checks, "GRID_BLOCK_VALUES", 1)
    assert found(check(PROBLEMS)) == whole


def test_the_clean_table_has_a_row_per_value_in_file_order():
    v = check(b"indicator_id,iso3,sex,2019,2020Q1\n"
              b"score,KEN,female,1.5,..\n"
              b"score,World,,2,3\n"
              b"score,UGA,,,4\n")
    assert v.problems == [] and v.rows.tolist() == [2, 4]
    t = v.table
    assert t.column("indicator_id").to_pylist() == ["score", "score"]
    assert t.column("iso3").to_pylist() == ["KEN", "UGA"]
    assert t.column("origin_iso3").to_pylist() == [None, None] == t.column("destination_iso3").to_pylist()
    assert t.column("period").to_pylist() == ["2019", "2020Q1"] and t.column("year").to_pylist() == [2019, 2020]
    assert t.column("value").to_pylist() == [1.5, 4.0] and t.column("sex").to_pylist() == ["female", "total"]
    assert t.column("source").to_pylist() == ["src", "src"] and t.column("note").to_pylist() == [None, None]
    assert t.schema.field("iso3").type == pa.dictionary(pa.int8(), pa.string())      # 4 countries: a byte a row
    assert [(r["row"], r["value"]) for r in v.set_aside] == [(3, "World"), (3, "World")]    # one per value
    assert "2 empty cells of the year/quarter columns skipped (no value, not zero)." in v.notes


def test_a_remittance_corridor_row_counts_its_values_in_the_note():
    v = check(b"indicator_id,sending,receiving,2019,2020\ncost_money,KEN,UGA,5,6\n")
    t = v.table
    assert t.column("origin_iso3").to_pylist() == ["UGA", "UGA"] and t.column("iso3").null_count == 2
    assert t.column("destination_iso3").to_pylist() == ["KEN", "KEN"]
    assert any(n.startswith("2 corridor rows run in remittance direction") for n in v.notes)


def test_decimal_commas_are_read_when_the_whole_file_uses_them():
    v = check(b'indicator_id,iso3,2019,2020\nscore,KEN,"1,5",2\nscore,UGA,3,"2,25"\n')
    assert np.array_equal(v.table.column("value").to_numpy(), [1.5, 2.0, 3.0, 2.25])
    assert v.notes.count("Decimal commas read (e.g. 2,5 = 2.5).") == 1


def test_a_decimal_point_in_another_column_makes_commas_ambiguous():
    v = check(b'indicator_id,iso3,2019,2020\nscore,KEN,"1,5",2.5\n')
    assert found(v) == [(2, "2019", "1,5", "decimal mark is ambiguous: the file has both decimal points and "
                                          "decimal commas")]
