"""Step 4 of DESIGN §3: trend classes from the OLS slope of a score against the pace needed by the target year."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.i18n import N_
from indicators.scoring.normalise import normalise
from indicators.scoring.prepared import Prepared, as_prepared, group_numbers
from indicators.store.catalogue import Catalogue

TREND_CLASSES = ("on_track", "moderately_improving", "stagnating", "worsening", "insufficient_data", "not_applicable")
TREND_LABELS = {
    "on_track": N_("On track or maintaining achievement"),           # English; shown as _(label)
    "moderately_improving": N_("Moderately improving"),
    "stagnating": N_("Stagnating"),
    "worsening": N_("Worsening"),
    "insufficient_data": N_("Insufficient data for a trend"),
    "not_applicable": N_("No trend for a status indicator"),
}
TREND_ARROWS = {"on_track": "↑", "moderately_improving": "↗", "stagnating": "→", "worsening": "↓",
                "insufficient_data": "·", "not_applicable": ""}


def trends(annual: pd.DataFrame | Prepared, latest: pd.DataFrame, cat: Catalogue, year: int,
           groups: np.ndarray | None = None) -> pd.Series:
    """Step 4: trend class per latest-value row, from the OLS slope of the unclipped score over the trend span
    (`groups`: the latest rows' group numbers in the prepared frame, looked up from their keys when not given)."""
    s = cat.settings
    span, min_points, target = s.get("trend_span", 10), s.get("trend_min_points", 3), s.get("target_year", 2030)
    ind = cat.indicators
    p = as_prepared(annual)
    known = ~np.isnan(p.column(pd.Series(1.0, index=ind.index)))
    idx = np.flatnonzero((p.year <= year) & (p.year >= year - span) & known)
    y = normalise(p.full["value"].to_numpy(dtype=float)[p.order[idx]], p.column(ind["best"])[idx],
                  p.column(ind["worst"])[idx], clip=False)
    st = slopes(p.group[idx], p.year[idx] - year, np.where(np.isnan(y), 0.0, y))     # a missing score counts as 0
    key = groups if groups is not None else group_numbers(p, latest)
    n = st["n"].reindex(key).fillna(0).to_numpy()
    slope = st["slope"].reindex(key).to_numpy()
    score = latest["score"].to_numpy(dtype=float)
    years_left = np.maximum(target - latest["year_used"].to_numpy(dtype=float), 1.0)
    required = (100.0 - score) / years_left
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(required > 0, slope / required, np.nan)
    cls = np.where(ratio >= 1, "on_track",
                   np.where(ratio >= 0.5, "moderately_improving", np.where(ratio >= 0, "stagnating", "worsening")))
    cls = np.where(required <= 0, np.where(slope >= 0, "on_track", "worsening"), cls)
    cls = np.where((n < min_points) | np.isnan(slope), "insufficient_data", cls)
    applicable = latest["indicator_id"].map(ind["trend"]).fillna(False).astype(bool).to_numpy()
    cls = np.where(applicable, cls, "not_applicable")
    return pd.Series(cls, index=latest.index, dtype=object)


def slopes(group: np.ndarray, x: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """Per group of consecutive rows (index: group number): the number of points n and the OLS slope of y on x.

    Sums are taken of x and of y minus the group's first y (the slope does not change): a constant series has a
    slope of exactly 0, not a rounding error's sign, and x near 0 (years from the reference year) keeps them exact.
    """
    if not len(group):
        return pd.DataFrame({"n": [], "slope": []}, index=pd.Index([], dtype=np.int64))
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    n = np.diff(np.r_[starts, len(group)]).astype(float)
    d = y - np.repeat(y[starts], n.astype(int))
    sx, sd = np.add.reduceat(x, starts), np.add.reduceat(d, starts)
    sxd, sxx = np.add.reduceat(x * d, starts), np.add.reduceat(x * x, starts)
    denom = n * sxx - sx ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(denom != 0, (n * sxd - sx * sd) / np.where(denom != 0, denom, 1.0), np.nan)
    return pd.DataFrame({"n": n, "slope": slope}, index=group[starts])
