"""Step 3 of DESIGN §3: four-level ratings of raw values against an indicator's thresholds, and of 0-100 scores against bands."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from indicators.store.catalogue import BAND_IDS, INSUFFICIENT, RATING_IDS, Catalogue


def rate_value(value: float, thresholds: list[float], direction: str) -> str:
    """Four-level rating of one raw value against three cut points listed from best to worst."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "insufficient"
    t1, t2, t3 = thresholds
    if direction == "higher_is_better":
        return "achieved" if value >= t1 else "challenges" if value >= t2 else "significant" if value >= t3 else "major"
    return "achieved" if value <= t1 else "challenges" if value <= t2 else "significant" if value <= t3 else "major"


def rate_values(values: pd.Series, indicator_ids: pd.Series, cat: Catalogue) -> pd.Series:
    """Ratings for many values of (possibly) different indicators (vectorised rate_value)."""
    ind = cat.indicators
    t = np.array([ind.at[i, "thresholds"] for i in ind.index], dtype=float)
    pos = pd.Series(np.arange(len(ind)), index=ind.index)
    k = indicator_ids.map(pos).to_numpy()
    known = ~pd.isna(k)
    kk = np.where(known, k, 0).astype(int)
    t1, t2, t3 = t[kk, 0], t[kk, 1], t[kk, 2]
    v = values.to_numpy(dtype=float)
    higher = indicator_ids.map(ind["direction"]).to_numpy() == "higher_is_better"
    # flip lower-is-better to "higher is better" by negating value and cut points
    sign = np.where(higher, 1.0, -1.0)
    sv, s1, s2, s3 = v * sign, t1 * sign, t2 * sign, t3 * sign
    out = np.select([sv >= s1, sv >= s2, sv >= s3], ["achieved", "challenges", "significant"], "major").astype(object)
    out[np.isnan(v) | ~known] = "insufficient"
    return pd.Series(out, index=values.index, dtype=object)


def rate_score(score: float, bands: list[float]) -> str:
    """Neutral band of a 0-100 pillar, index or corridor score (high, medium, low, very_low): no SDG claim."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return INSUFFICIENT
    return dict(zip(RATING_IDS, BAND_IDS))[rate_value(score, bands, "higher_is_better")]
