"""Steps 5-6 of DESIGN §3: pillar scores with the coverage rule, pillars in play, weights, aggregation and ranks."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from indicators.i18n import N_
from indicators.scoring.counting import SIDES, counted_rows, field, in_play_weights, side_weights
from indicators.store.catalogue import PILLARS, Catalogue

AGGREGATIONS = ("arithmetic", "geometric")


# ---------------------------------------------------------------------- step 5: pillars
def pillar_scores(scores: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Step 5 (method v2): per country and pillar, the de jure and the de facto side scores (weighted means of the
    counted indicators on each side) and the pillar as their weighted mean over the sides the country has.

    A pillar needs at least `pillar_min_coverage` of the pillar's in-play weight, and never rests on binary
    indicators alone (a ratification count is not a measure of protection): otherwise it is NaN, never 0.
    """
    min_cov = cat.settings.get("pillar_min_coverage", 0.5)
    shares = in_play_weights(scores, cat)
    rows = counted_rows(scores, cat)
    target = rows["indicator_id"].map(field(cat, "fallback_for", ""))
    key = target.where(target != "", rows["indicator_id"])         # a fallback stands in for its official series
    rows = rows.assign(share=key.map(shares["share"]), side=key.map(shares["side"]),
                       w=key.map(shares["weight"]).astype(float))
    rows = rows[rows["share"].notna()]
    sides = (rows.assign(ws=rows["score"] * rows["w"])
             .groupby(["iso3", "pillar", "side"], as_index=False).agg(ws=("ws", "sum"), w=("w", "sum")))
    sides["side_score"] = sides["ws"] / sides["w"]
    wide = sides.pivot_table(index=["iso3", "pillar"], columns="side", values="side_score").reindex(columns=SIDES)
    g = rows.groupby(["iso3", "pillar"]).agg(coverage=("share", "sum"), n_indicators=("indicator_id", "size"),
                                             binary_only=("binary", "all"))
    g = g.join(wide).reset_index()
    sw = side_weights(cat)
    num = sum(g[s].fillna(0) * sw[s] for s in SIDES)
    den = sum(g[s].notna() * sw[s] for s in SIDES)
    enough = g["coverage"] >= min_cov - 1e-12
    ok = enough & ~g["binary_only"] & (den > 0)
    g["score"] = np.where(ok, num / den.where(den > 0, 1), np.nan)
    g["status"] = np.where(ok, N_("scored"), np.where(enough & g["binary_only"],
                                                      N_("insufficient data: binary indicators only"),
                                                      N_("insufficient data")))
    g["n_in_play"] = g["pillar"].map(shares.groupby("pillar").size()).astype(float)
    return g[["iso3", "pillar", "score", *SIDES, "coverage", "n_indicators", "n_in_play", "status"]]


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
        out[p] = {"in_play": n >= need, "countries": n, "reason": reason, "need": int(need)}
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
