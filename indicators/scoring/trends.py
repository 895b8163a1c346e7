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
    x = p.year[idx]
    y = normalise(p.full["value"].to_numpy(dtype=float)[p.order[idx]], p.column(ind["best"])[idx],
                  p.column(ind["worst"])[idx], clip=False)
    g = pd.DataFrame({"x": x, "y": y, "xy": x * y, "xx": x ** 2}).groupby(p.group[idx])
    st = g.agg(n=("x", "size"), sx=("x", "sum"), sy=("y", "sum"), sxy=("xy", "sum"), sxx=("xx", "sum"))
    denom = st["n"] * st["sxx"] - st["sx"] ** 2
    st["slope"] = (st["n"] * st["sxy"] - st["sx"] * st["sy"]) / denom.where(denom != 0)
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
