"""Steps 1-4 of DESIGN §3 per indicator and place: latest value in the window, score, rating, trend, in play."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.scoring.normalise import map_ids, normalise
from indicators.scoring.prepared import Prepared, as_prepared, latest_positions
from indicators.scoring.ratings import rate_values
from indicators.scoring.trends import trends
from indicators.store.catalogue import Catalogue


def latest_values(annual: pd.DataFrame | Prepared, cat: Catalogue, year: int) -> pd.DataFrame:
    """Step 1: each indicator's most recent value per place in [year - window, year], with the year used (the rows
    are chosen on the sorted key arrays alone, then taken whole once), in indicator and place order."""
    p = as_prepared(annual)
    return _rows(p, _chosen(p, cat, year))


def _chosen(p: Prepared, cat: Catalogue, year: int) -> np.ndarray:
    """Positions of the latest rows within each indicator's window (NaN window: not in the catalogue, left out)."""
    win = cat.indicators["window"].map(lambda w: np.inf if w is None or pd.isna(w) else float(w))
    return latest_positions(p, p.column(win), year)


def _rows(p: Prepared, chosen: np.ndarray) -> pd.DataFrame:
    """The chosen rows of the frame, their year renamed year_used."""
    df = p.full.iloc[chosen].copy()
    df["year"] = df["year"].astype(int)
    return df.rename(columns={"year": "year_used"}).reset_index(drop=True)


def scored_latest(annual: pd.DataFrame | Prepared, cat: Catalogue, year: int) -> pd.DataFrame:
    """Steps 1-2: latest value per indicator and place with its 0-100 score, pillar, level and weight."""
    return _scored(latest_values(annual, cat, year), cat)


def _scored(latest: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Step 2 on latest values: the 0-100 score, pillar, level and weight of each row."""
    ind = cat.indicators
    ids = latest["indicator_id"]
    latest["score"] = normalise(latest["value"], map_ids(ids, ind["best"]), map_ids(ids, ind["worst"]))
    latest["pillar"] = map_ids(ids, ind["pillar"])
    latest["level"] = map_ids(ids, ind["level"])
    latest["weight"] = map_ids(ids, ind["weight"]).astype(float)
    return latest


def indicator_scores(annual: pd.DataFrame | Prepared, cat: Catalogue, year: int) -> pd.DataFrame:
    """Steps 1-4 for every indicator and place: latest value, score, rating, trend, and whether the indicator is in play."""
    p = as_prepared(annual)
    chosen = _chosen(p, cat, year)
    latest = _scored(_rows(p, chosen), cat)
    latest["rating"] = rate_values(latest["value"], latest["indicator_id"], cat)
    latest["trend"] = trends(p, latest, cat, year, p.group_of(chosen))
    places = latest.groupby("indicator_id")["place"].nunique()
    need = latest["level"].map({"country": cat.settings.get("indicator_min_places", 20),
                                "corridor": cat.settings.get("corridor_min_corridors", 20)})
    latest["in_play"] = latest["indicator_id"].map(places).to_numpy() >= need.to_numpy()
    return latest


def indicators_in_play(scores: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Per indicator: how many places have a value in the window, and whether it is in play."""
    counts = scores.groupby("indicator_id")["place"].nunique()
    out = cat.indicators[["pillar", "level", "weight"]].copy()
    for col, default in (("role", "scored"), ("fallback_for", ""), ("side", "de_facto")):
        c = cat.indicators[col] if col in cat.indicators else pd.Series(default, index=out.index, dtype=object)
        out[col] = c.where(c.notna(), default)
    out["places"] = counts.reindex(out.index).fillna(0).astype(int)
    need = out["level"].map({"country": cat.settings.get("indicator_min_places", 20),
                             "corridor": cat.settings.get("corridor_min_corridors", 20)})
    out["in_play"] = out["places"] >= need
    return out
