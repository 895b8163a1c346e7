"""Ingestion of real CSV files: valid files land; each invalid case is rejected whole, naming row and column."""
from __future__ import annotations

import pytest

from indicators.uploads.ingest import ingest
from indicators.store.observations import Store


def seeded(store: Store) -> Store:
    """A store with one committed upload, so 'unchanged' is checked against real files."""
    import pandas as pd
    store.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["KEN"], "period": "2018",
                               "value": [2.0]}), "seed", "seed.csv", "0")
    return store


def test_valid_file_lands_and_is_queryable(empty_store, files):
    res = ingest(files / "valid_long.csv", group="Kenya NSO", note="test", store=empty_store)
    assert res.ok, [str(p) for p in res.problems]
    assert res.rows == 3
    obs = empty_store.observations()
    ken = obs[(obs["iso3"] == "KEN")].set_index("period")
    assert ken.loc["2019", "value"] == 3.5 and ken.loc["2020", "value"] == 3.1
    corr = obs[obs["indicator_id"] == "remittance_cost_corridor"].iloc[0]
    assert (corr["origin_iso3"], corr["destination_iso3"], corr["period"], corr["year"]) == ("NPL", "QAT", "2020Q2", 2020)
    log = empty_store.uploads().iloc[0]
    assert log["file_name"] == "valid_long.csv" and log["group"] == "Kenya NSO" and len(log["sha256"]) == 64


@pytest.mark.parametrize("name,row,column,reason", [
    ("unknown_indicator.csv", 3, "indicator_id", "unknown indicator"),
    ("unknown_country.csv", 3, "iso3", "unknown ISO 3166-1 alpha-3 country code"),
    ("non_numeric.csv", 2, "value", "not a number"),
    ("out_of_range.csv", 3, "value", "outside the valid range 0 to 10"),
    ("bad_period.csv", 2, "period", "period must be a year"),
    ("duplicate_key.csv", 4, "period", "duplicate of row 2"),
    ("missing_column.csv", 1, "value", "required column is missing"),
    ("empty.csv", None, None, "the file is empty"),
    ("header_only.csv", None, None, "no data rows"),
    ("not_a_csv.csv", None, None, "zip archive"),
    ("binary_junk.csv", None, None, "binary data"),
])
def test_invalid_file_rejected_and_store_unchanged(empty_store, files, name, row, column, reason):
    store = seeded(empty_store)
    before = store.file_state()
    res = ingest(files / name, group="g", store=store)
    assert not res.ok and res.upload_id is None
    assert store.file_state() == before, "a rejected file must leave the data directory byte-identical"
    match = [p for p in res.problems if reason in p.reason]
    assert match, [str(p) for p in res.problems]
    assert match[0].row == row and match[0].column == column
    if row is not None:
        assert str(match[0]).startswith(f"row {row}, column {column}: ")


def test_rejection_into_a_missing_directory_creates_nothing(empty_store, files):
    res = ingest(files / "non_numeric.csv", group="g", store=empty_store)
    assert not res.ok and not empty_store.root.exists()


def test_problem_table_has_row_column_value_reason(empty_store, files):
    res = ingest(files / "out_of_range.csv", group="g", store=empty_store)
    t = res.problems_frame()
    assert list(t.columns) == ["row", "column", "value", "reason"]
    assert t.iloc[0].to_dict()["value"] == "11"


def test_semicolon_and_bom_and_latin1(tmp_path, empty_store):
    p = tmp_path / "semi.csv"
    p.write_bytes("\ufeffindicator_id;iso3;period;value;note\nlabour_rights_sdg882;CIV;2020;2.5;Côte d'Ivoire\n"
                  .encode("utf-8"))
    assert ingest(p, group="g", store=empty_store).ok
    q = tmp_path / "latin1.csv"
    q.write_bytes("indicator_id,iso3,period,value,note\nlabour_rights_sdg882,CIV,2019,2.5,Côte d'Ivoire\n"
                  .encode("cp1252"))
    res = ingest(q, group="g", store=empty_store)
    assert res.ok
    assert "Côte d'Ivoire" in set(empty_store.observations()["note"].dropna())


def test_level_mismatch_and_same_origin_destination(tmp_path, empty_store):
    p = tmp_path / "lvl.csv"
    p.write_text("indicator_id,iso3,origin_iso3,destination_iso3,period,value\n"
                 "remittance_cost_corridor,KEN,,,2020,4\n"
                 "remittance_cost_corridor,,NPL,NPL,2020,4\n"
                 "icrmw_party,KEN,,,2020,0.5\n"
                 "remittance_cost_home_from,KEN,,,2020,4\n")
    res = ingest(p, group="g", store=empty_store)
    reasons = {(pr.row, pr.column): pr.reason for pr in res.problems}
    assert "not iso3" in reasons[(2, "iso3")]
    assert reasons[(3, "destination_iso3")] == "origin and destination are the same country"
    assert "0 or 1" in reasons[(4, "value")]
    assert "derived" in reasons[(5, "indicator_id")]


def test_nan_and_inf_are_rejected(tmp_path, empty_store):
    p = tmp_path / "nan.csv"
    p.write_text("indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,NaN\nlabour_rights_sdg882,UGA,2019,inf\n")
    res = ingest(p, group="g", store=empty_store)
    assert [(pr.row, pr.reason) for pr in res.problems] == [(2, "not a finite number"), (3, "not a finite number")]


def test_ragged_rows_are_named(tmp_path, empty_store):
    p = tmp_path / "ragged.csv"
    p.write_text("indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,3\nlabour_rights_sdg882,UGA,2019,3,extra\n")
    res = ingest(p, group="g", store=empty_store)
    assert not res.ok and res.problems[0].row == 3 and "expected 4 fields, found 5" in res.problems[0].reason


def test_size_limit_rejects_before_reading(tmp_path, empty_store, files):
    res = ingest(files / "valid_long.csv", group="g", store=empty_store, max_bytes=10)
    assert not res.ok and "over the limit" in res.problems[0].reason
