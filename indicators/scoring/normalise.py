"""Steps 1-2 of DESIGN §3: places as keys and goalpost normalisation of raw values to 0..100."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


PLACE_COLUMNS = ["iso3", "origin_iso3", "destination_iso3"]


def place_key(df: pd.DataFrame) -> pd.Series:
    """One string per place: the iso3 of a country, 'ORI>DES' for a corridor (built once per distinct place, then
    repeated: frames hold millions of rows but thousands of places)."""
    codes = df.groupby(PLACE_COLUMNS, dropna=False, sort=False).ngroup().to_numpy() if len(df) else np.array([], int)
    firsts = np.unique(codes, return_index=True)[1]
    keys = _place_strings(df.iloc[firsts]).to_numpy(dtype=object)
    return pd.Series(keys[codes], index=df.index, dtype=object)


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
