"""The scorecard of one reference year, weights and aggregation rule: every step of DESIGN §3 for all countries and corridors."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from indicators.scoring.corridors import corridor_scores
from indicators.scoring.latest import indicator_scores, indicators_in_play
from indicators.scoring.prepared import Prepared, prepare
from indicators.scoring.partial import partial_index, uncovered
from indicators.scoring.pillars import (AGGREGATIONS, normalise_weights, overall_index, pillar_scores,
    pillars_in_play, rank_desc)
from indicators.scoring.ratings import rate_score
from indicators.scoring.sensitivity import sensitivity
from indicators.store.catalogue import PILLARS, Catalogue


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
    measured: frozenset[str] = frozenset()  # indicators with at least one value in the store (any year, any place)

    @property
    def index_pillars(self) -> list[str]:
        """Pillars that make up the index this year: in play and with a positive weight."""
        return [p for p in PILLARS if self.in_play[p]["in_play"] and self.weights[p] > 0]

    def index_note(self) -> str:
        """Plain statement of what the index covers, e.g. 'Index over 3 of 4 pillars; recruitment: no data yet ...'
        (in the language in force: scoring/wording.py)."""
        from indicators.scoring.wording import index_note   # wording reads scorecards: imported when used
        return index_note(self)


def score_all(annual: pd.DataFrame | Prepared, cat: Catalogue, year: int, weights: dict[str, float] | None = None,
              aggregation: str = "arithmetic", stock: pd.DataFrame | None = None,
              names: dict[str, str] | None = None, sensitivity_draws: int | None = None) -> Scorecard:
    """Score every country and corridor for one reference year (DESIGN §3, steps 1-9); `annual` may come prepared
    (scoring.prepared, with this catalogue and stock), which a data version does once for all its years."""
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"aggregation must be one of {AGGREGATIONS}")
    s = cat.settings
    w = normalise_weights(weights, cat)
    prep = annual if isinstance(annual, Prepared) else prepare(annual, cat, stock)
    ind = indicator_scores(prep, cat, year)
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
    draws = s.get("sensitivity_draws", 500) if sensitivity_draws is None else sensitivity_draws   # 0: no intervals
    sens = sensitivity(matrix, wv, draws, s.get("sensitivity_concentration", 20), s.get("sensitivity_seed", 0),
                       s.get("geometric_floor", 1.0)) if used and len(matrix) and draws else np.empty((0, 3))
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
    gaps = uncovered(prep, cat, year)
    countries["overall_partial"], partial_status = partial_index(
        wide, used, w, aggregation, s.get("geometric_floor", 1.0), gaps, cat, names or {})
    countries["status"] = partial_status.fillna(countries["status"])
    bands = s.get("score_bands", [75, 50, 25])
    countries["rating"] = [rate_score(v, bands) for v in countries["overall"]]
    countries.insert(0, "name", [(names or {}).get(i, i) for i in countries.index])
    countries = countries.reset_index().sort_values(["rank", "name"], na_position="last").reset_index(drop=True)

    corridors = corridor_scores(ind, pil, play, cat, aggregation)
    return Scorecard(year=year, weights=w, aggregation=aggregation, indicators=ind, pillars=pil,
                     countries=countries, corridors=corridors, in_play=play,
                     indicator_status=indicators_in_play(ind, cat), catalogue=cat,
                     measured=frozenset(prep.ids))
