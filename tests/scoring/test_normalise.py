"""Place keys and id lookups (indicators/scoring/normalise.py), on hand-made rows."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from indicators.scoring.normalise import map_ids, place_key

ARROW = pd.ArrowDtype(pa.string())


def rows(dtype=object) -> pd.DataFrame:
    """Two countries and two corridors, repeated out of order; one row with an empty iso3 and one end missing."""
    return pd.DataFrame({
        "iso3": ["KEN", None, "NPL", None, "KEN", "", None],
        "origin_iso3": [None, "NPL", None, "NPL", None, "IND", "BGD"],
        "destination_iso3": [None, "QAT", None, "QAT", None, "ARE", None],
    }, index=[10, 11, 12, 13, 14, 15, 16]).astype(dtype)


def test_place_key_one_string_per_place_in_row_order():
    """iso3 where there is one; 'ORI>DES' otherwise ('' iso3 counts as none; a missing end is an empty string)."""
    for dtype in (object, ARROW):
        got = place_key(rows(dtype))
        assert got.tolist() == ["KEN", "NPL>QAT", "NPL", "NPL>QAT", "KEN", "IND>ARE", "BGD>"]
        assert got.index.tolist() == [10, 11, 12, 13, 14, 15, 16]
        assert got.dtype == object


def test_place_key_of_no_rows():
    assert place_key(rows().iloc[:0]).tolist() == []


def test_map_ids_matches_series_map_with_missing_ids_and_unknown_ids():
    """Looked up once per distinct id, the result has Series.map's values, index and name, NaN for a missing or
    unknown id, in a NumPy dtype."""
    ids = pd.Series(["a", "b", "a", None, "z", "b"], index=list("pqrstu"), name="indicator_id", dtype=ARROW)
    weights = pd.Series({"a": 1.0, "b": 0.5})
    got = map_ids(ids, weights)
    assert got.index.tolist() == list("pqrstu") and got.name == "indicator_id"
    np.testing.assert_array_equal(got.to_numpy(dtype=float), [1.0, 0.5, 1.0, np.nan, np.nan, 0.5])
    assert got.dtype == float
    pillars = map_ids(ids.iloc[:3], {"a": "protection", "b": "remittance"})
    assert pillars.tolist() == ["protection", "remittance", "protection"]


def test_place_codes_number_places_in_key_order():
    """place_codes: one number per row, numbered in the order of the place keys ('' iso3 is a corridor's)."""
    from indicators.scoring.normalise import place_codes
    for dtype in (object, ARROW):
        codes, keys = place_codes(rows(dtype))
        assert keys.tolist() == ["BGD>", "IND>ARE", "KEN", "NPL", "NPL>QAT"]
        assert codes.tolist() == [2, 4, 3, 4, 2, 1, 0]
    codes, keys = place_codes(rows().iloc[:0])
    assert codes.tolist() == [] and keys.tolist() == []
