"""Steps 5-6 of DESIGN §3: pillar scores with the coverage rule, pillars in play, weights, aggregation and ranks."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from indicators.scoring.latest import indicators_in_play
from indicators.store.catalogue import PILLARS, Catalogue

AGGREGATIONS = ("arithmetic", "geometric")


# ---------------------------------------------------------------------- step 5: pillars
def pillar_scores(scores: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Step 5: weighted mean of in-play country indicators per pillar; below minimum coverage it is NaN, never 0."""
    min_cov = cat.settings.get("pillar_min_coverage", 0.5)
    inplay = indicators_in_play(scores, cat)
    inplay = inplay[(inplay["level"] == "country") & inplay["in_play"]]
    pillar_weight = inplay.groupby("pillar")["weight"].sum()
    c = scores[(scores["level"] == "country") & scores["indicator_id"].isin(inplay.index)]
    c = c.assign(ws=c["score"] * c["weight"])
    g = c.groupby(["iso3", "pillar"], as_index=False).agg(wsum=("ws", "sum"), w=("weight", "sum"),
                                                         n_indicators=("indicator_id", "size"))
    g["weight_in_play"] = g["pillar"].map(pillar_weight).astype(float)
    g["coverage"] = g["w"] / g["weight_in_play"]
    g["n_in_play"] = g["pillar"].map(inplay.groupby("pillar").size()).astype(float)
    ok = g["coverage"] >= min_cov - 1e-12
    g["score"] = np.where(ok & (g["w"] > 0), g["wsum"] / g["w"].where(g["w"] > 0, 1), np.nan)
    g["status"] = np.where(ok, "scored", "insufficient data")
    return g[["iso3", "pillar", "score", "coverage", "n_indicators", "n_in_play", "status"]]


def pillars_in_play(pillars: pd.DataFrame, cat: Catalogue) -> dict[str, dict[str, Any]]:
    """Step 6 precondition: a pillar is in play when enough countries have a score in it; says why when not."""
    need = cat.settings.get("pillar_min_countries", 50)
    out = {}
    for p in PILLARS:
        n = int(pillars[(pillars["pillar"] == p) & pillars["score"].notna()]["iso3"].nunique())
        if n >= need:
            reason = f"{n} countries scored"
        elif n == 0:
            reason = "no data yet, working groups can upload it"
        else:
            reason = f"only {n} countries scored (needs {need}); more uploads will bring it in"
        out[p] = {"in_play": n >= need, "countries": n, "reason": reason}
    return out


# ---------------------------------------------------------------------- step 6: index
def normalise_weights(weights: dict[str, float] | None, cat: Catalogue) -> dict[str, float]:
    """Pillar weights from the user (missing ones from the catalogue), non-negative."""
    w = {p: float(cat.pillars[p].get("weight", 1)) for p in PILLARS}
    for k, v in (weights or {}).items():
        if k not in w:
            raise ValueError(f"unknown pillar {k!r} in weights")
        if not np.isfinite(v) or v < 0:
            raise ValueError(f"weight of {k} must be a non-negative number")
        w[k] = float(v)
    return w


def aggregate(matrix: np.ndarray, weights: np.ndarray, rule: str, floor: float = 1.0) -> np.ndarray:
    """Weighted arithmetic or geometric mean over the last axis (rows with any NaN give NaN)."""
    weights = np.asarray(weights, dtype=float)
    total = weights.sum(axis=-1, keepdims=True)
    if rule == "arithmetic":
        return (matrix * weights).sum(axis=-1) / total[..., 0]
    if rule == "geometric":
        return np.exp((np.log(np.maximum(matrix, floor)) * weights).sum(axis=-1) / total[..., 0])
    raise ValueError(f"aggregation must be one of {AGGREGATIONS}")


def rank_desc(values: pd.Series) -> pd.Series:
    """Competition ranks, 1 = highest; NaN stays unranked."""
    return values.rank(ascending=False, method="min").astype("Int64")


def overall_index(wide: pd.DataFrame, used: list[str], weights: dict[str, float], aggregation: str,
                  floor: float = 1.0) -> tuple[pd.Series, pd.Series]:
    """Step 6: the index of every row with a score in each pillar used (NaN otherwise), and that completeness mask."""
    complete = wide[used].notna().all(axis=1) if used else pd.Series(False, index=wide.index)
    overall = pd.Series(np.nan, index=wide.index, dtype=float)
    if used and complete.any():
        overall[complete] = aggregate(wide.loc[complete, used].to_numpy(dtype=float),
                                      np.array([weights[p] for p in used], dtype=float), aggregation, floor)
    return overall, complete
