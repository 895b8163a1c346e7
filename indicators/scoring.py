"""Scoring engine (DESIGN §3): latest values, goalpost normalisation, ratings, trends, pillars, index, corridors, ranks.

Pure functions over DataFrames. The input is the store's annual table (quarters averaged within a year) with
columns indicator_id, iso3, origin_iso3, destination_iso3, year, value (+ source, upload_ids), the catalogue, and
optionally the UN DESA migrant stock used to weight the derived corridor averages.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .catalogue import PILLARS, Catalogue

TREND_CLASSES = ("on_track", "moderately_improving", "stagnating", "worsening", "insufficient_data", "not_applicable")
TREND_LABELS = {
    "on_track": "On track or maintaining achievement",
    "moderately_improving": "Moderately improving",
    "stagnating": "Stagnating",
    "worsening": "Worsening",
    "insufficient_data": "Insufficient data for a trend",
    "not_applicable": "No trend for a status indicator",
}
TREND_ARROWS = {"on_track": "↑", "moderately_improving": "↗", "stagnating": "→", "worsening": "↓",
                "insufficient_data": "·", "not_applicable": ""}
AGGREGATIONS = ("arithmetic", "geometric")


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
    """Rating of a 0-100 pillar or index score against the score bands of the settings."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return "insufficient"
    return rate_value(score, bands, "higher_is_better")


def with_derived(annual: pd.DataFrame, cat: Catalogue, stock: pd.DataFrame | None = None) -> pd.DataFrame:
    """Append the catalogue's derived country indicators: per-year corridor means at one end, weighted by migrant stock."""
    parts = [annual.assign(n_corridors=np.nan, weighting=None)]
    derived = cat.indicators[cat.indicators["derived_from"].notna()]
    for iid, d in derived.iterrows():
        src = annual[annual["indicator_id"] == d["derived_from"]][["origin_iso3", "destination_iso3", "year", "value"]]
        if src.empty:
            continue
        src = _attach_stock(src, stock)
        end = "origin_iso3" if d["derived_end"] == "origin" else "destination_iso3"
        g = src.assign(wv=src["value"] * src["stock"])
        agg = g.groupby([end, "year"], as_index=False).agg(
            n_corridors=("value", "size"), mean=("value", "mean"), wsum=("wv", "sum"), w=("stock", "sum"),
            n_weighted=("stock", "count"), stock_year=("stock_year", "max"))
        weighted = (agg["n_weighted"] == agg["n_corridors"]) & (agg["w"] > 0)
        value = np.where(weighted, agg["wsum"] / agg["w"].where(agg["w"] > 0, 1), agg["mean"])
        weighting = np.where(weighted, "weighted by UN DESA migrant stock " + agg["stock_year"].astype("Int64").astype(str),
                             "unweighted (migrant stock unknown for some corridors)")
        parts.append(pd.DataFrame({
            "indicator_id": iid, "iso3": agg[end], "origin_iso3": None, "destination_iso3": None,
            "year": agg["year"].astype(int), "value": value, "source": d["source"],
            "n_corridors": agg["n_corridors"].astype(float), "weighting": weighting,
        }))
    return pd.concat([parts[0]] + [p for p in parts[1:] if not p.empty], ignore_index=True)


def _attach_stock(corridors: pd.DataFrame, stock: pd.DataFrame | None) -> pd.DataFrame:
    """Add the migrant stock of each corridor at the latest stock year not after the data year (else the earliest)."""
    out = corridors.copy()
    out["stock"] = np.nan
    out["stock_year"] = np.nan
    if stock is None or stock.empty:
        return out
    st = stock[["origin_iso3", "destination_iso3", "year", "stock_total"]]
    years = np.sort(st["year"].unique())
    out["stock_year"] = [years[max(np.searchsorted(years, y, side="right") - 1, 0)] for y in out["year"]]
    merged = out.drop(columns="stock").merge(
        st.rename(columns={"year": "stock_year", "stock_total": "stock"}),
        on=["origin_iso3", "destination_iso3", "stock_year"], how="left")
    merged["stock"] = merged["stock"].astype(float)
    return merged


def latest_values(annual: pd.DataFrame, cat: Catalogue, year: int) -> pd.DataFrame:
    """Step 1: each indicator's most recent value per place in [year - window, year], with the year used."""
    win = cat.indicators["window"].map(lambda w: np.inf if w is None or pd.isna(w) else float(w))
    df = annual[annual["year"] <= year].copy()
    df = df[df["indicator_id"].isin(cat.indicators.index)]
    df = df[df["year"] >= year - df["indicator_id"].map(win).astype(float)]
    df["place"] = place_key(df)
    df = df.sort_values("year").groupby(["indicator_id", "place"], as_index=False, sort=False).tail(1)
    df["year"] = df["year"].astype(int)
    return df.rename(columns={"year": "year_used"}).reset_index(drop=True)


def trends(annual: pd.DataFrame, latest: pd.DataFrame, cat: Catalogue, year: int) -> pd.Series:
    """Step 4: trend class per latest-value row, from the OLS slope of the unclipped score over the trend span."""
    s = cat.settings
    span, min_points, target = s.get("trend_span", 10), s.get("trend_min_points", 3), s.get("target_year", 2030)
    ind = cat.indicators
    df = annual[(annual["year"] <= year) & (annual["year"] >= year - span)].copy()
    df = df[df["indicator_id"].isin(ind.index)]
    df["place"] = place_key(df)
    df["x"] = df["year"].astype(float)
    df["y"] = normalise(df["value"], df["indicator_id"].map(ind["best"]), df["indicator_id"].map(ind["worst"]), clip=False)
    g = df.assign(xy=df["x"] * df["y"], xx=df["x"] ** 2).groupby(["indicator_id", "place"])
    st = g.agg(n=("x", "size"), sx=("x", "sum"), sy=("y", "sum"), sxy=("xy", "sum"), sxx=("xx", "sum"))
    denom = st["n"] * st["sxx"] - st["sx"] ** 2
    st["slope"] = (st["n"] * st["sxy"] - st["sx"] * st["sy"]) / denom.where(denom != 0)
    key = pd.MultiIndex.from_frame(latest[["indicator_id", "place"]])
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


def scored_latest(annual: pd.DataFrame, cat: Catalogue, year: int) -> pd.DataFrame:
    """Steps 1-2: latest value per indicator and place with its 0-100 score, pillar, level and weight."""
    ind = cat.indicators
    latest = latest_values(annual, cat, year)
    latest["score"] = normalise(latest["value"], latest["indicator_id"].map(ind["best"]),
                                latest["indicator_id"].map(ind["worst"]))
    latest["pillar"] = latest["indicator_id"].map(ind["pillar"])
    latest["level"] = latest["indicator_id"].map(ind["level"])
    latest["weight"] = latest["indicator_id"].map(ind["weight"]).astype(float)
    return latest


def indicator_scores(annual: pd.DataFrame, cat: Catalogue, year: int) -> pd.DataFrame:
    """Steps 1-4 for every indicator and place: latest value, score, rating, trend, and whether the indicator is in play."""
    latest = scored_latest(annual, cat, year)
    latest["rating"] = rate_values(latest["value"], latest["indicator_id"], cat)
    latest["trend"] = trends(annual, latest, cat, year)
    places = latest.groupby("indicator_id")["place"].nunique()
    need = latest["level"].map({"country": cat.settings.get("indicator_min_places", 20),
                                "corridor": cat.settings.get("corridor_min_corridors", 20)})
    latest["in_play"] = latest["indicator_id"].map(places).to_numpy() >= need.to_numpy()
    return latest


def indicators_in_play(scores: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Per indicator: how many places have a value in the window, and whether it is in play."""
    counts = scores.groupby("indicator_id")["place"].nunique()
    out = cat.indicators[["pillar", "level", "weight"]].copy()
    out["places"] = counts.reindex(out.index).fillna(0).astype(int)
    need = out["level"].map({"country": cat.settings.get("indicator_min_places", 20),
                             "corridor": cat.settings.get("corridor_min_corridors", 20)})
    out["in_play"] = out["places"] >= need
    return out


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


def sensitivity(matrix: np.ndarray, weights: np.ndarray, draws: int, concentration: float, seed: int,
                floor: float = 1.0) -> np.ndarray:
    """Step 9: ranks under Dirichlet weights around `weights`, both aggregation rules; returns (median, p05, p95) per row."""
    n, k = matrix.shape
    if n == 0:
        return np.empty((0, 3))
    rng = np.random.default_rng(seed)
    alpha = np.maximum(concentration * weights / weights.sum(), 1e-3)
    w = rng.dirichlet(alpha, size=draws)                                   # draws x k
    scores = np.concatenate([
        (matrix @ w.T),                                                    # arithmetic: n x draws (weights sum to 1)
        np.exp(np.log(np.maximum(matrix, floor)) @ w.T),                    # geometric
    ], axis=1)
    order = np.argsort(-scores, axis=0, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, n + 1)[:, None].repeat(scores.shape[1], axis=1), axis=0)
    return np.column_stack([np.median(ranks, axis=1), np.percentile(ranks, 5, axis=1), np.percentile(ranks, 95, axis=1)])


@dataclass
class Scorecard:
    """Everything scored for one reference year, weights and aggregation rule."""

    year: int
    weights: dict[str, float]
    aggregation: str
    indicators: pd.DataFrame          # one row per indicator x place: value, year_used, score, rating, trend, in_play
    pillars: pd.DataFrame             # one row per country x pillar
    countries: pd.DataFrame           # one row per country: overall, pillars, coverage, rank and its interval
    corridors: pd.DataFrame           # one row per corridor: components, score, rank
    in_play: dict[str, dict[str, Any]] = field(default_factory=dict)
    indicator_status: pd.DataFrame = field(default_factory=pd.DataFrame)
    catalogue: Catalogue | None = None    # the catalogue it was scored with (shipped + accepted proposals)

    @property
    def index_pillars(self) -> list[str]:
        """Pillars that make up the index this year: in play and with a positive weight."""
        return [p for p in PILLARS if self.in_play[p]["in_play"] and self.weights[p] > 0]

    def index_note(self) -> str:
        """Plain statement of what the index covers, e.g. 'Index over 3 of 4 pillars; recruitment: no data yet ...'."""
        used = self.index_pillars
        parts = [f"Index over {len(used)} of {len(PILLARS)} pillars ({self.aggregation} mean)"]
        for p in PILLARS:
            if p not in used:
                why = self.in_play[p]["reason"] if not self.in_play[p]["in_play"] else "weight set to 0"
                parts.append(f"{p}: {why}")
        return "; ".join(parts) + "."


def overall_index(wide: pd.DataFrame, used: list[str], weights: dict[str, float], aggregation: str,
                  floor: float = 1.0) -> tuple[pd.Series, pd.Series]:
    """Step 6: the index of every row with a score in each pillar used (NaN otherwise), and that completeness mask."""
    complete = wide[used].notna().all(axis=1) if used else pd.Series(False, index=wide.index)
    overall = pd.Series(np.nan, index=wide.index, dtype=float)
    if used and complete.any():
        overall[complete] = aggregate(wide.loc[complete, used].to_numpy(dtype=float),
                                      np.array([weights[p] for p in used], dtype=float), aggregation, floor)
    return overall, complete


def score_all(annual: pd.DataFrame, cat: Catalogue, year: int, weights: dict[str, float] | None = None,
              aggregation: str = "arithmetic", stock: pd.DataFrame | None = None,
              names: dict[str, str] | None = None, sensitivity_draws: int | None = None) -> Scorecard:
    """Score every country and corridor for one reference year (DESIGN §3, steps 1-9)."""
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"aggregation must be one of {AGGREGATIONS}")
    s = cat.settings
    w = normalise_weights(weights, cat)
    full = with_derived(annual, cat, stock)
    ind = indicator_scores(full, cat, year)
    pil = pillar_scores(ind, cat)
    play = pillars_in_play(pil, cat)
    used = [p for p in PILLARS if play[p]["in_play"] and w[p] > 0]

    wide = pil.pivot(index="iso3", columns="pillar", values="score").reindex(columns=list(PILLARS))
    countries = pd.DataFrame(index=sorted(set(ind.loc[ind["level"] == "country", "iso3"].dropna())))
    countries.index.name = "iso3"
    wide = wide.reindex(countries.index)
    for p in PILLARS:
        countries[p] = wide[p]
    country_ind = ind[(ind["level"] == "country") & ind["in_play"] & ind["pillar"].isin(used) & (ind["weight"] > 0)]
    n_needed = country_ind["indicator_id"].nunique()
    countries["coverage"] = (country_ind.groupby("iso3")["indicator_id"].nunique().reindex(countries.index).fillna(0)
                             / n_needed).round(3) if n_needed else 0.0
    overall, complete = overall_index(wide, used, w, aggregation, s.get("geometric_floor", 1.0))
    matrix = wide.loc[complete, used].to_numpy(dtype=float)
    wv = np.array([w[p] for p in used], dtype=float)
    countries["overall"] = overall
    countries["rank"] = rank_desc(countries["overall"])
    sens = sensitivity(matrix, wv, sensitivity_draws or s.get("sensitivity_draws", 500),
                       s.get("sensitivity_concentration", 20), s.get("sensitivity_seed", 0),
                       s.get("geometric_floor", 1.0)) if used and len(matrix) else np.empty((0, 3))
    for j, col in enumerate(("rank_median", "rank_p05", "rank_p95")):
        countries[col] = pd.Series(np.nan, index=countries.index)
        if len(sens):
            countries.loc[complete[complete].index, col] = sens[:, j]
    missing = wide[used].isna() if used else pd.DataFrame(index=wide.index)
    nobody = ("all pillars in play have weight 0" if any(play[p]["in_play"] for p in PILLARS)
              else "insufficient data: no pillar has enough countries to form the index")
    countries["status"] = [
        ("ranked" if ok else "insufficient data: no score for " + ", ".join(missing.columns[missing.loc[i]]))
        if used else nobody for i, ok in complete.items()]
    bands = s.get("score_bands", [75, 50, 25])
    countries["rating"] = [rate_score(v, bands) for v in countries["overall"]]
    countries.insert(0, "name", [(names or {}).get(i, i) for i in countries.index])
    countries = countries.reset_index().sort_values(["rank", "name"], na_position="last").reset_index(drop=True)

    corridors = corridor_scores(ind, pil, play, cat, aggregation)
    return Scorecard(year=year, weights=w, aggregation=aggregation, indicators=ind, pillars=pil,
                     countries=countries, corridors=corridors, in_play=play,
                     indicator_status=indicators_in_play(ind, cat), catalogue=cat)


# ---------------------------------------------------------------------- step 7: corridors
def corridor_scores(ind: pd.DataFrame, pil: pd.DataFrame, play: dict[str, dict[str, Any]], cat: Catalogue,
                    aggregation: str = "arithmetic") -> pd.DataFrame:
    """Step 7: corridor score from corridor indicators plus destination and origin pillar scores (catalogue weights)."""
    corr = ind[ind["level"] == "corridor"]
    base_cols = ["origin_iso3", "destination_iso3"]
    if corr.empty:
        return pd.DataFrame(columns=base_cols + ["score", "recruitment_cost", "remittance_cost", "rank", "components"])
    out = corr[base_cols].drop_duplicates().reset_index(drop=True)
    pillar_lookup = pil.pivot(index="iso3", columns="pillar", values="score")
    comps, weights = [], []
    for c in cat.corridor_components:
        if c["kind"] == "indicator":
            sub = corr[corr["indicator_id"] == c["id"]]
            col = f"{c['id']}_score"
            m = out.merge(sub[base_cols + ["value", "score", "year_used", "in_play"]], on=base_cols, how="left")
            out[col] = m["score"].to_numpy()
            raw_col = c.get("column", c["id"])
            out[raw_col] = m["value"].to_numpy()
            out[f"{raw_col}_year"] = m["year_used"].to_numpy()
            in_play = bool(sub["in_play"].any()) if not sub.empty else False
        else:
            end_col = "destination_iso3" if c["end"] == "destination" else "origin_iso3"
            col = f"{c['end']}_{c['id']}"
            series = pillar_lookup[c["id"]] if c["id"] in pillar_lookup.columns else pd.Series(dtype=float)
            out[col] = out[end_col].map(series).astype(float)
            in_play = play[c["id"]]["in_play"]
        if in_play and float(c.get("weight", 1)) > 0:
            comps.append(col)
            weights.append(float(c.get("weight", 1)))
    for col in ("recruitment_cost", "remittance_cost"):
        if col not in out.columns:
            out[col] = np.nan
    out["components"] = ";".join(comps)
    if comps:
        mat = out[comps].to_numpy(dtype=float)
        complete = ~np.isnan(mat).any(axis=1)
        score = np.full(len(out), np.nan)
        score[complete] = aggregate(mat[complete], np.array(weights), aggregation,
                                    cat.settings.get("geometric_floor", 1.0))
        out["score"] = score
    else:
        out["score"] = np.nan
    out["rank"] = rank_desc(out["score"])
    return out.sort_values(["rank", "origin_iso3", "destination_iso3"], na_position="last").reset_index(drop=True)


# ---------------------------------------------------------------------- explain
def explain(card: Scorecard, iso3: str, cat: Catalogue) -> dict[str, Any]:
    """How one country's score was built: indicator rows, pillar rows and the index arithmetic."""
    ind = card.indicators
    rows = ind[(ind["iso3"] == iso3) & (ind["level"] == "country")].copy()
    status = card.indicator_status
    table = []
    for iid, meta in cat.indicators[cat.indicators["level"] == "country"].iterrows():
        r = rows[rows["indicator_id"] == iid]
        in_play = bool(status.at[iid, "in_play"])
        has = not r.empty
        counted = has and in_play and meta["pillar"] in card.index_pillars
        why = ("counted" if counted else "no value in the window" if not has
               else "indicator not in play this year (too few places)" if not in_play else "pillar not in the index")
        table.append({
            "pillar": meta["pillar"], "indicator_id": iid, "indicator": meta["short_name"] or meta["name"],
            "value": float(r["value"].iloc[0]) if has else np.nan, "unit": meta["unit"],
            "year_used": int(r["year_used"].iloc[0]) if has else None,
            "score": float(r["score"].iloc[0]) if has else np.nan,
            "rating": r["rating"].iloc[0] if has else "insufficient",
            "trend": r["trend"].iloc[0] if has else "insufficient_data",
            "weight": float(meta["weight"]), "best": meta["best"], "worst": meta["worst"],
            "counted": counted, "why": why, "source": meta["source"],
            "n_corridors": r["n_corridors"].iloc[0] if has and "n_corridors" in r else np.nan,
            "weighting": r["weighting"].iloc[0] if has and "weighting" in r else None,
            "upload_ids": r["upload_ids"].iloc[0] if has and "upload_ids" in r else None,
        })
    pil = card.pillars[card.pillars["iso3"] == iso3].set_index("pillar")
    pillars = [{
        "pillar": p, "score": float(pil.at[p, "score"]) if p in pil.index else np.nan,
        "coverage": float(pil.at[p, "coverage"]) if p in pil.index else 0.0,
        "in_index": p in card.index_pillars, "weight": card.weights[p],
        "reason": card.in_play[p]["reason"],
    } for p in PILLARS]
    crow = card.countries[card.countries["iso3"] == iso3]
    return {
        "iso3": iso3, "year": card.year, "aggregation": card.aggregation, "weights": card.weights,
        "indicators": pd.DataFrame(table), "pillars": pd.DataFrame(pillars),
        "overall": float(crow["overall"].iloc[0]) if len(crow) else np.nan,
        "rank": crow["rank"].iloc[0] if len(crow) else pd.NA,
        "status": crow["status"].iloc[0] if len(crow) else "no data",
        "note": card.index_note(),
    }


def explain_text(ex: dict[str, Any], name: str) -> str:
    """The explanation as plain text (CLI `explain`), showing the arithmetic of each step."""
    lines = [f"{name} ({ex['iso3']}), reference year {ex['year']}", ex["note"], ""]
    lines.append("Indicators (score = 100 * (value - worst) / (best - worst), clipped to 0..100):")
    for _, r in ex["indicators"].iterrows():
        if pd.isna(r["value"]):
            lines.append(f"  [{r['pillar']}] {r['indicator']}: no value ({r['why']})")
            continue
        extra = f", {int(r['n_corridors'])} corridors, {r['weighting']}" if pd.notna(r["n_corridors"]) else ""
        lines.append(
            f"  [{r['pillar']}] {r['indicator']}: value {r['value']:.4g} ({r['unit']}) in {int(r['year_used'])}; "
            f"score 100*({r['value']:.4g}-{r['worst']:g})/({r['best']:g}-{r['worst']:g}) = {r['score']:.1f}; "
            f"rating {r['rating']}; trend {TREND_LABELS.get(r['trend'], r['trend'])}; weight {r['weight']:g}; "
            f"{r['why']}{extra}; source: {r['source']}")
    lines.append("")
    lines.append("Pillars (weighted mean of counted indicator scores):")
    for _, p in ex["pillars"].iterrows():
        sc = "insufficient data" if pd.isna(p["score"]) else f"{p['score']:.1f}"
        lines.append(f"  {p['pillar']}: {sc} (coverage {p['coverage']:.0%} of in-play indicator weight; "
                     f"{'in the index' if p['in_index'] else 'not in the index: ' + p['reason']}; weight {p['weight']:g})")
    used = ex["pillars"][ex["pillars"]["in_index"]]
    if pd.notna(ex["overall"]):
        terms = " + ".join(f"{r['weight']:g}*{r['score']:.1f}" for _, r in used.iterrows())
        total = used["weight"].sum()
        formula = (f"({terms}) / {total:g}" if ex["aggregation"] == "arithmetic"
                   else f"exp(({' + '.join(f'{r.weight:g}*ln({r.score:.1f})' for r in used.itertuples())}) / {total:g})")
        lines.append("")
        lines.append(f"Overall ({ex['aggregation']}): {formula} = {ex['overall']:.1f}; rank {ex['rank']}")
    else:
        lines.append("")
        lines.append(f"Overall: not scored ({ex['status']})")
    return "\n".join(lines)
