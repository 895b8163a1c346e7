"""What a figure says about itself: title, source line, unit, years, and the data it draws."""
from __future__ import annotations

from indicators.exports.figure_meta import figure_data, figure_meta, split_source_line, years_in

from tests.exports.samples import RPW, bar


def test_figure_meta_reads_title_source_unit_and_years():
    meta = figure_meta(bar())
    assert meta["title"] == "Cost of sending USD 200 home"
    assert meta["source_line"] == f"Source: {RPW}; % of USD 200 sent; 2011-2020"
    assert meta["years"] == "2011-2020"
    # the unit is told apart from the source because it is the y-axis title
    assert split_source_line(meta["source_line"], meta["units"]) == (RPW, "% of USD 200 sent", "2011-2020")
    # a source with "; " inside and an unknown unit: everything but the year stays in the source
    assert split_source_line("Source: A; B; 2020", ["score"]) == ("A; B", None, "2020")


def test_years_in_text():
    assert years_in("Cost from 2011Q1 to 2020Q3") == "2020Q3"
    assert years_in("Source: X; 2011Q1-2020Q3") == "2011Q1-2020Q3"
    assert years_in("no year here") is None


def test_figure_data_long_table():
    df = figure_data(bar())
    assert df.to_dict("records") == [{"series": "cost", "category": "Qatar", "value": 4.64},
                                     {"series": "cost", "category": "Oman", "value": 4.27}]
