"""The clean observations of a validated upload as an Arrow table in the store's columns (without upload_id), built
from the validation steps' per-row codes as dictionary arrays; and the same table with plain string columns."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

NULL_BLOCK = 1 << 16         # rows of the block of nulls a column of nulls repeats

from indicators.uploads.indicator_codes import IndicatorRows
from indicators.uploads.keys import Canonical, Periods
from indicators.uploads.places import PlaceRows
from indicators.uploads.texts import Texts


def clean_table(keep: np.ndarray, n: int, rows: IndicatorRows, places: PlaceRows, periods: Periods,
                values: np.ndarray, sexes: Canonical, texts: Texts) -> pa.Table:
    """The clean observations (store columns without upload_id) of rows keep, built from per-row codes as dictionary
    arrays: no string is copied per row, and Parquet writes the dictionaries as they are."""
    whole = len(keep) == n
    sel = (lambda a: a) if whole else (lambda a: a[keep])
    iso_list = places.iso_list
    country = sel(rows.country)
    out = {
        "indicator_id": dictionary(rows.ids, sel(rows.index)),
        "iso3": dictionary(iso_list, np.where(country, sel(places.country.iso), 0), ~country),
        "origin_iso3": dictionary(iso_list, np.where(country, 0, sel(places.origin)), country),
        "destination_iso3": dictionary(iso_list, np.where(country, 0, sel(places.destination)), country),
        "period": dictionary(periods.values, sel(periods.codes)),
        "year": pa.array(periods.years[sel(periods.codes)].astype(np.int16)),
        "value": pa.array(no_negative_zero(sel(values).astype(np.float64, copy=False))),
        "sex": dictionary(sexes.values, sel(sexes.codes)),
    }
    for fld in ("source", "note"):
        codes, vals = texts[fld]
        present = np.asarray([v is not None for v in vals], dtype=bool)
        c = sel(codes)
        out[fld] = dictionary([v or "" for v in vals], c, ~present[c] if not present.all() else None)
    return pa.table(out)


def no_negative_zero(values: np.ndarray) -> np.ndarray:
    """The values with -0.0 as 0.0 (one zero, as people read it); copied only when there is one."""
    negative_zero = np.signbit(values) & (values == 0)
    if negative_zero.any():
        values = np.where(negative_zero, 0.0, values)
    return values


def dictionary(values: list, codes: np.ndarray, missing: np.ndarray | None = None) -> pa.Array | pa.ChunkedArray:
    """A dictionary array of codes into values (masked rows null), its codes as narrow as the values allow (a byte
    per row for up to 127 values); a column of nulls costs no memory per row."""
    if missing is not None and len(missing) and missing.all():
        return null_column(len(missing), len(values))
    idx = pa.array(codes.astype(index_type(len(values)), copy=False), mask=missing)
    return pa.DictionaryArray.from_arrays(idx, pa.array(values, type=pa.string()))


def null_column(n: int, size: int) -> pa.ChunkedArray:
    """n nulls of a dictionary column (codes for size values) as one block of nulls repeated: the same memory whatever
    n (a country file's origin and destination, a corridor file's iso3)."""
    kind = pa.dictionary(pa.from_numpy_dtype(index_type(size)), pa.string())
    block = pa.nulls(min(n, NULL_BLOCK), kind)
    whole, rest = divmod(n, NULL_BLOCK)
    return pa.chunked_array([block] * whole + ([block.slice(0, rest)] if rest else []), type=kind)


def index_type(size: int) -> type:
    """The narrowest signed integer type that indexes a dictionary of size values."""
    return np.int8 if size <= 127 else np.int16 if size <= 32_767 else np.int32


def plain(table: pa.Table) -> pa.Table:
    """The table with dictionary columns as plain strings (for pandas and for callers of the first API)."""
    return pa.table({name: (col.cast(pa.string()) if pa.types.is_dictionary(col.type) else col)
                     for name, col in zip(table.column_names, table.columns)})


def clean_frame(table: pa.Table) -> pd.DataFrame:
    """The clean observations as a pandas frame without the year column, missing texts as None."""
    frame = plain(table.drop_columns(["year"])).to_pandas()
    for c in frame.columns:
        if c != "value":
            frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    return frame
