"""Steps 1-2 of DESIGN §3: places as keys and goalpost normalisation of raw values to 0..100."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


PLACE_COLUMNS = ["iso3", "origin_iso3", "destination_iso3"]


def place_key(df: pd.DataFrame) -> pd.Series:
    """One string per place: the iso3 of a country, 'ORI>DES' for a corridor (built once per distinct place, then
    repeated: frames hold millions of rows but thousands of places)."""
    codes, keys = place_codes(df)
    return pd.Series(keys[codes], index=df.index, dtype=object)


def place_codes(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """A number per row for its place and the place key of each number, numbered in key order (each column's
    values numbered first: a number per row is cheaper to match than three texts)."""
    parts = [pd.factorize(df[c]) for c in PLACE_COLUMNS]                 # -1: missing
    sizes = [len(u) + 1 for _c, u in parts]
    combined = ((parts[0][0] + 1).astype(np.int64) * sizes[1] + parts[1][0] + 1) * sizes[2] + parts[2][0] + 1
    codes, uniques = pd.factorize(combined)
    ends = []
    for (_c, u), div, size in zip(parts, (sizes[1] * sizes[2], sizes[2], 1), sizes):
        k = np.asarray(uniques // div % size, dtype=np.int64) - 1
        ends.append(np.where(k >= 0, np.asarray(u, dtype=object)[np.maximum(k, 0)] if len(u) else None, None))
    keys = _place_strings(pd.DataFrame(dict(zip(PLACE_COLUMNS, ends)), dtype=object)).to_numpy(dtype=object)
    rank = np.empty(len(keys), dtype=np.int64)
    rank[np.argsort(keys, kind="stable")] = np.arange(len(keys))
    return rank[codes], np.sort(keys)


def _place_strings(df: pd.DataFrame) -> pd.Series:
    """place_key's rule, row by row."""
    iso3 = df["iso3"].astype(object)
    corridor = df["origin_iso3"].astype(object).fillna("") + ">" + df["destination_iso3"].astype(object).fillna("")
    return iso3.where(iso3.notna() & (iso3 != ""), corridor)


def map_ids(ids: pd.Series, mapping: pd.Series | dict) -> pd.Series:
    """The values of ids.map(mapping) in a NumPy dtype, looked up once per distinct id (indicator ids repeat over
    millions of rows)."""
    codes, uniques = pd.factorize(ids)
    looked = pd.Series(uniques).map(mapping)
    if (codes < 0).any():                                   # a missing id maps to a missing value, as Series.map
        looked = pd.concat([looked, pd.Series([np.nan])], ignore_index=True)
        codes = np.where(codes < 0, len(looked) - 1, codes)
    return pd.Series(looked.to_numpy()[codes], index=ids.index, name=ids.name)


# ---------------------------------------------------------------------- steps 1-4: indicator level
def normalise(values: pd.Series | np.ndarray | float, best: Any, worst: Any, clip: bool = True):
    """Goalpost normalisation to 0..100: 100 * (x - worst) / (best - worst), clipped; direction lives in the goalposts."""
    best = np.asarray(best, dtype=float)
    worst = np.asarray(worst, dtype=float)
    score = 100.0 * (np.asarray(values, dtype=float) - worst) / (best - worst)
    if clip:
        score = np.clip(score, 0.0, 100.0)
    if isinstance(values, pd.Series):
        return pd.Series(score, index=values.index)
    return score if np.ndim(score) else float(score)
