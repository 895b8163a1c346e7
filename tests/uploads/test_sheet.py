"""Reading CSV bytes into a sheet of text cells, step by step: the header and its names, the cells, rows with the
wrong number of fields at their spreadsheet rows, nameless trailing columns."""
from __future__ import annotations

import numpy as np
import pytest

from indicators.uploads.problems import Problem, Rejected
from indicators.uploads.sheet import RaggedRows, _check_names, _ragged, _read_header, _trailing_empty, read_sheet


def test_read_sheet_keeps_text_and_strips_trailing_empty_column():
    sheet = read_sheet(b'"a","b",\n"NA","007",\n')
    assert sheet.header == ["a", "b"] and sheet.table.column(0).to_pylist() == ["NA"]
    assert sheet.table.column(1).to_pylist() == ["007"]


def test_header_line_and_separator():
    assert _read_header(b"a;b;c\n1;2;3\n", 1) == (["a", "b", "c"], ";")
    with pytest.raises(Rejected) as exc:
        _read_header(b"just one\n1\n", 4)
    assert exc.value.problems == [Problem(4, None, "just one", "only one column was found: the separator must be a "
                                                               "comma, a semicolon or a tab")]


def test_trailing_nameless_columns():
    assert _trailing_empty(["a", "b", "", ""]) == 2
    assert _trailing_empty(["a", "b"]) == 0
    assert _trailing_empty(["", ""]) == 1                 # one column is always kept


def test_empty_and_repeated_names():
    with pytest.raises(Rejected) as exc:
        _check_names(["a", "", "A"], ["a", "", "a"], 1)
    assert exc.value.problems == [Problem(1, "#2", None, "empty column name in the header"),
                                  Problem(1, "A", None, "column name repeated (also column #1)")]


def test_ragged_rows_at_spreadsheet_rows():
    # pyarrow counts the non-empty records from 1 (the header); blank lines: the records are on lines 1, 3, 4
    problems = _ragged(RaggedRows([(3, 'x,"y', 2, 3)], 1), np.asarray([1, 3, 4]), 5).problems
    assert problems == [Problem(8, None, 'x,"y', "expected 2 fields, found 3; a quoted cell seems to contain a line "
                                                 "break or an unclosed quote")]
    many = _ragged(RaggedRows([(k, "a,b,c", 2, 3) for k in range(2, 1002)], 1003), None, 1).problems
    assert len(many) == 1001 and many[0].row == 2
    assert many[-1] == Problem(None, None, None, "... and 3 more rows with the wrong number of fields")


def test_blank_file_and_a_nameless_column_with_values():
    with pytest.raises(Rejected, match="the file is empty"):
        read_sheet(b" \r\n\t\n")
    with pytest.raises(Rejected) as exc:
        read_sheet(b"a,b,\n1,2,3\n")
    assert exc.value.problems == [Problem(1, "#3", None, "a column without a name holds values")]


def test_rows_below_a_metadata_block_and_blank_lines():
    sheet = read_sheet(b'"Data Source","WDI"\n\n"Country Name","Country Code","2020"\n"Kenya","KEN","1"\n\n'
                       b'"Uganda","UGA","2"\n')
    assert sheet.header_row == 3 and sheet.metadata == {"Data Source": "WDI"}
    assert sheet.rows().tolist() == [4, 6]
