"""Steps 1-2 of DESIGN §3: places as keys and goalpost normalisation of raw values to 0..100."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def place_key(df: pd.DataFrame) -> pd.Series:
    """One string per place: the iso3 of a country, 'ORI>DES' for a corridor."""
    iso3 = df["iso3"].astype(object)
    corridor = df["origin_iso3"].astype(object).fillna("") + ">" + df["destination_iso3"].astype(object).fillna("")
    return iso3.where(iso3.notna() & (iso3 != ""), corridor)


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
