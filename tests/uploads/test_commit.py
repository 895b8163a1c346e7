"""Committing a checked upload: the fast Parquet path writes what the store's own commit writes."""
from __future__ import annotations

import pandas as pd

from indicators.store.observations import Store
from indicators.uploads.commit import commit
from indicators.uploads.prepare import prepare
from tests.uploads.test_formats import csv_bytes


def test_fast_commit_matches_store_commit(empty_store, tmp_path):
    text = ("indicator_id,iso3,origin_iso3,destination_iso3,period,value,sex,source,note\n"
            "labour_rights_sdg882,KEN,,,2019,3.5,female,S,n\nremittance_cost_corridor,,NPL,QAT,2020Q2,4.25,,,\n")
    prep = prepare(csv_bytes(text), "a.csv", group="g")
    uid = commit(empty_store, prep, "g", "note")
    other = Store(tmp_path / "other")
    frame = prep.table.drop_columns(["year"]).to_pandas()
    uid2 = other.commit(frame, "g", "a.csv", prep.sha256, "note")
    a = empty_store.observations().drop(columns=["upload_id", "committed_at"])
    b = other.observations().drop(columns=["upload_id", "committed_at"])
    pd.testing.assert_frame_equal(a, b)
    la = empty_store.uploads().drop(columns=["upload_id", "committed_at"])
    lb = other.uploads().drop(columns=["upload_id", "committed_at"])
    pd.testing.assert_frame_equal(la, lb)
    assert uid != uid2
    import pyarrow.parquet as pq
    from tests.store.layout import data_files
    mine = pq.read_schema(data_files(empty_store.root, uid)[0])
    theirs = pq.read_schema(data_files(other.root, uid2)[0])
    assert [(f.name, f.type) for f in mine] == [(f.name, f.type) for f in theirs]     # plain strings, int16, float64
