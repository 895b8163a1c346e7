"""The in-memory tables of a data version (indicators/store/duck_tables.py): obs_current without a window when no two
live uploads share an indicator, the newest upload winning where they do, the annual frame's joined sources, uploads
and groups, and .df()'s dtypes from an Arrow result; hand-made uploads, local data directories."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

from indicators.store.duck_tables import as_frame
from indicators.store.observations import Store


def _commit(st: Store, iid: str, rows: list[tuple], group: str = "g", uid: str | None = None,
            source: str = "s") -> str:
    """One upload of (iso3, period, value) rows of an indicator."""
    f = pd.DataFrame(rows, columns=["iso3", "period", "value"]).assign(indicator_id=iid, source=source)
    return st.commit(f, group, f"{iid}.csv", "x", upload_id=uid)


def _tables(st: Store) -> set[str]:
    return set(st.query("SELECT table_name FROM duckdb_tables()")["table_name"])


def test_uploads_of_distinct_indicators_are_current_as_they_are(tmp_path):
    st = Store(tmp_path / "d")
    _commit(st, "labour_rights_sdg882", [("KEN", "2020", 1.0), ("UGA", "2020", 2.0)])
    _commit(st, "trafficking_tier_us", [("KEN", "2020", 3.0)])
    assert len(st.query("SELECT * FROM obs_current")) == 3
    assert "obs_shadowing" not in _tables(st)                   # no key can have two live rows: no window at all
    assert list(st.query("SELECT * FROM obs_current WHERE false").columns) == \
        list(st.query("SELECT * EXCLUDE (retracted) FROM obs_all WHERE false").columns)


def test_a_newer_upload_of_a_key_wins_and_a_retraction_restores_the_older(tmp_path):
    st = Store(tmp_path / "d")
    _commit(st, "labour_rights_sdg882", [("KEN", "2020", 1.0), ("UGA", "2020", 2.0)], uid="old")
    _commit(st, "labour_rights_sdg882", [("KEN", "2020", 5.0)], uid="new")
    _commit(st, "trafficking_tier_us", [("KEN", "2020", 3.0)], uid="other")
    cur = st.query("SELECT indicator_id, iso3, value, upload_id FROM obs_current ORDER BY 1, 2")
    # KEN 2020 from "new" (5), UGA from "old" (2), the other indicator as it is
    assert cur.values.tolist() == [["labour_rights_sdg882", "KEN", 5.0, "new"], ["labour_rights_sdg882", "UGA", 2.0,
                                                                                 "old"], ["trafficking_tier_us", "KEN", 3.0, "other"]]
    assert len(st.query("SELECT * FROM obs_shadowing")) == 2    # only the two uploads sharing an indicator
    st.retract("new", "g")
    assert st.query("SELECT value FROM obs_current WHERE iso3 = 'KEN' AND indicator_id = 'labour_rights_sdg882'"
                    )["value"].tolist() == [1.0]
    assert "obs_shadowing" not in _tables(st)                   # one live upload per indicator again


def test_annual_joins_the_distinct_sources_uploads_and_groups_of_a_year(tmp_path):
    st = Store(tmp_path / "d")
    _commit(st, "remittance_cost_country", [("KEN", "2020Q1", 4.0), ("UGA", "2020Q1", 6.0)], "alpha", "u1", "S1")
    _commit(st, "remittance_cost_country", [("KEN", "2020Q2", 5.0)], "beta", "u2", "S2")
    a = st.annual().sort_values("iso3").reset_index(drop=True)
    # KEN 2020: quarters from two uploads -> mean 4.5, both sources, uploads and groups; UGA: one upload's record
    ken, uga = a.iloc[0], a.iloc[1]
    assert (ken["value"], ken["n_periods"], ken["last_period"]) == (4.5, 2, "2020Q2")
    assert sorted(ken["source"].split("; ")) == ["S1", "S2"] and sorted(ken["upload_ids"].split(",")) == ["u1", "u2"]
    assert sorted(ken["groups"].split("; ")) == ["alpha", "beta"]
    assert (uga["source"], uga["upload_ids"], uga["groups"], uga["n_periods"]) == ("S1", "u1", "alpha", 1)
    assert str(a["iso3"].dtype) == "str" and a["origin_iso3"].dtype == object      # no corridor: .df()'s object
    assert a["origin_iso3"].isna().all() and a["year"].dtype == "int32"


def test_as_frame_gives_dfs_dtypes():
    t = pa.table({"s": pa.array(["a", None]), "n": pa.array([None, None], pa.string()), "i": pa.array([1, 2])})
    df = as_frame(t)
    assert str(df["s"].dtype) == "str" and df["n"].dtype == object and df["n"].tolist() == [None, None]
    assert df["i"].dtype == "int64"
    assert as_frame(t.slice(0, 0))["s"].dtype == object       # no rows: .df() gives object text columns
