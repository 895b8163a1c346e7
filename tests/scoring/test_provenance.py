"""The source of every value: bundled publishers as they are, uploaded values under their working group."""
import pandas as pd

from indicators.scoring.provenance import row_sources, source_label, sources_line


def test_bundled_value_names_its_publisher():
    assert source_label("World Bank WDI SI.RMT.COST.IB.ZS", "bundled", "bundled-wdi-ib") == \
        "World Bank WDI SI.RMT.COST.IB.ZS"


def test_uploaded_value_names_the_group_its_source_and_upload():
    assert source_label("Nepal Ministry of Labour", "Kathmandu working group", "20261201-abc") == \
        "Working group Kathmandu working group: Nepal Ministry of Labour (upload 20261201-abc)"


def test_value_of_a_year_mixing_bundled_and_uploaded_quarters_names_the_group():
    # the store's annual table joins groups with '; ' and upload ids with ','
    assert source_label("RPW; Survey", "bundled; Gulf group", "bundled-rpw,u7") == \
        "Working group Gulf group: RPW; Survey (upload bundled-rpw, u7)"


def test_missing_parts_are_left_out():
    assert source_label(None, None, None) == ""
    assert source_label("X", "G", None) == "Working group G: X"


def test_sources_line_lists_publishers_first_then_groups():
    rows = pd.DataFrame({"source": ["B pub", "A pub", "Own survey", "A pub"],
                         "groups": ["bundled", "bundled", "Team", "bundled"], "upload_ids": ["b1", "b2", "u1", "b2"]})
    assert list(row_sources(rows)) == ["B pub", "A pub", "Working group Team: Own survey (upload u1)", "A pub"]
    assert sources_line(rows) == "A pub; B pub; Working group Team: Own survey (upload u1)"
    assert sources_line(rows.iloc[:0]) == ""
