"""Step 7 of DESIGN §3 (method v2): a corridor's score from its own costs, what the destination owes the migrant
workers in it (its protection and association pillars) and what the origin does for its emigrants (its migration
governance), each part named, so a reader sees which country drives the score."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from indicators.i18n import _
from indicators.i18n.formats import number
from indicators.store.catalogue_text import localised
from indicators.scoring.counting import field
from indicators.scoring.pillars import rank_desc
from indicators.store.catalogue import Catalogue

BASE = ["origin_iso3", "destination_iso3"]
ROLES = ("corridor", "destination", "origin")


def component_role(c: dict[str, Any]) -> str:
    """Which country a component is about: the corridor itself, its destination or its origin."""
    return "corridor" if c["kind"] == "indicator" else c["end"]


def component_column(c: dict[str, Any]) -> str:
    """The score column of a component in the corridor table."""
    return f"{c['id']}_score" if c["kind"] == "indicator" else f"{c['end']}_{c['id']}"


def _indicator_part(out: pd.DataFrame, corr: pd.DataFrame, c: dict[str, Any]) -> bool:
    """A corridor indicator: its score, raw value and year; True when it is in play."""
    sub = corr[corr["indicator_id"] == c["id"]]
    m = out.merge(sub[BASE + ["value", "score", "year_used"]], on=BASE, how="left")
    raw = c.get("column", c["id"])
    out[component_column(c)] = m["score"].to_numpy()
    out[raw] = m["value"].to_numpy()
    out[f"{raw}_year"] = m["year_used"].to_numpy()
    return bool(sub["in_play"].any()) if not sub.empty else False


def _end_scores(ind: pd.DataFrame, cat: Catalogue, ids: list[str]) -> pd.Series:
    """Per country, the weighted mean score of the listed indicators (in play); NaN when only binary ones."""
    rows = ind[(ind["level"] == "country") & ind["indicator_id"].isin(ids) & ind["in_play"]]
    if rows.empty:
        return pd.Series(dtype=float)
    w = rows["indicator_id"].map(cat.indicators["weight"]).astype(float)
    binary = rows["indicator_id"].map(field(cat, "binary", False)).astype(bool)
    g = rows.assign(ws=rows["score"] * w, w=w, binary=binary).groupby("iso3").agg(
        ws=("ws", "sum"), w=("w", "sum"), binary_only=("binary", "all"))
    return (g["ws"] / g["w"]).where((g["w"] > 0) & ~g["binary_only"])


def _end_part(out: pd.DataFrame, ind: pd.DataFrame, pil: pd.DataFrame, play: dict[str, dict[str, Any]],
              cat: Catalogue, c: dict[str, Any]) -> bool:
    """A pillar of one end, or a set of one end's indicators; True when it can count."""
    end_col = f"{c['end']}_iso3"
    if c["kind"] == "pillar":
        lookup = pil.pivot(index="iso3", columns="pillar", values="score")
        series = lookup[c["id"]] if c["id"] in lookup.columns else pd.Series(dtype=float)
        in_play = play[c["id"]]["in_play"]
    else:
        series = _end_scores(ind, cat, list(c["indicators"]))
        in_play = bool(series.notna().sum() >= cat.settings.get("indicator_min_places", 20))
    out[component_column(c)] = out[end_col].map(series).astype(float)
    return in_play


def corridor_formula(cat: Catalogue) -> str:
    """The corridor score's make-up in words, each part named with the country it is about and its weight."""
    cat = localised(cat)
    parts = [_("{part} (weight {weight}{optional})").format(
        part=c['name'].lower() if c['kind'] == 'indicator' else c['name'], weight=number(float(c.get('weight', 1)), 1
                                                                                      if float(c.get('weight', 1)) % 1
                                                                                      else 0),
        optional=", " + _("counted where the origin has a non-binary measure") if c.get('optional') else "")
        for c in cat.corridor_components]
    return _("Corridor score = weighted mean of {parts}, over the parts in play (a cost with no data yet is left out "
             "for every corridor alike).").format(parts="; ".join(parts))


def weighted_available(mat: np.ndarray, weights: np.ndarray, rule: str, floor: float = 1.0) -> np.ndarray:
    """Weighted arithmetic or geometric mean per row over the non-missing entries (NaN where none)."""
    present = ~np.isnan(mat)
    w = np.where(present, weights, 0.0)
    total = w.sum(axis=1)
    x = np.where(present, mat, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if rule == "geometric":
            value = np.exp((np.log(np.maximum(np.where(present, mat, 1.0), floor)) * w).sum(axis=1) / total)
        else:
            value = (x * w).sum(axis=1) / total
    return np.where(total > 0, value, np.nan)


def corridor_scores(ind: pd.DataFrame, pil: pd.DataFrame, play: dict[str, dict[str, Any]], cat: Catalogue,
                    aggregation: str = "arithmetic") -> pd.DataFrame:
    """Step 7: every corridor's components, the corridor / destination / origin parts and the score.

    A corridor is scored when every required component in play has a value; an optional one (the origin's part)
    counts where it has a value and the corridor is scored over the rest where not ('components' says which).
    """
    corr = ind[ind["level"] == "corridor"]
    if corr.empty:
        return pd.DataFrame(columns=BASE + ["score", "recruitment_cost", "remittance_cost", "rank", "components",
                                            *(f"{r}_part" for r in ROLES)])
    out = corr[BASE].drop_duplicates().reset_index(drop=True)
    used = []
    for c in cat.corridor_components:
        ok = _indicator_part(out, corr, c) if c["kind"] == "indicator" else _end_part(out, ind, pil, play, cat, c)
        if ok and float(c.get("weight", 1)) > 0:
            used.append(c)
    for col in ("recruitment_cost", "remittance_cost"):
        if col not in out.columns:
            out[col] = np.nan
    floor = cat.settings.get("geometric_floor", 1.0)
    cols = [component_column(c) for c in used]
    weights = np.array([float(c.get("weight", 1)) for c in used])
    required = np.array([not c.get("optional", False) for c in used], dtype=bool)
    mat = out[cols].to_numpy(dtype=float) if cols else np.empty((len(out), 0))
    complete = ~np.isnan(mat[:, required]).any(axis=1) if cols else np.zeros(len(out), dtype=bool)
    out["score"] = np.where(complete, weighted_available(mat, weights, aggregation, floor), np.nan) if cols \
        else np.nan
    for role in ROLES:
        k = [i for i, c in enumerate(used) if component_role(c) == role]
        out[f"{role}_part"] = weighted_available(mat[:, k], weights[k], aggregation, floor) if k else np.nan
    present = ~np.isnan(mat) if cols else np.zeros((len(out), 0), dtype=bool)
    out["components"] = [";".join(col for col, p in zip(cols, row) if p) for row in present]
    out["rank"] = rank_desc(out["score"])
    return out.sort_values(["rank", "origin_iso3", "destination_iso3"], na_position="last").reset_index(drop=True)
