"""Step 7 of DESIGN §3: corridor scores from corridor indicators and the pillar scores of the two ends."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from indicators.scoring.pillars import aggregate, rank_desc
from indicators.store.catalogue import Catalogue


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
