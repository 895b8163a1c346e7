"""Which indicator values count in a pillar (method v2): in play, scored (not context), weight above 0, and a derived
corridor mean only where the official series it stands in for has no value (no double counting)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.i18n import N_
from indicators.scoring.latest import indicators_in_play
from indicators.scoring.normalise import map_ids
from indicators.store.catalogue import Catalogue

SIDES = ("de_jure", "de_facto")
WHY_COUNTED = N_("counted")                 # reasons stay English in data; shown as _(reason)


def field(cat: Catalogue, name: str, default: object) -> pd.Series:
    """A catalogue column with its default where absent (older catalogues, proposals)."""
    ind = cat.indicators
    col = ind[name] if name in ind else pd.Series(default, index=ind.index, dtype=object)
    return col.where(col.notna(), default)


def counting_reasons(scores: pd.DataFrame, cat: Catalogue) -> pd.Series:
    """Per country-level row of a scorecard's indicator table: 'counted', or why the value does not count."""
    iid = scores["indicator_id"]
    if "in_play" not in scores:                      # a light path (scored_latest only): in play from the counts
        scores = scores.assign(in_play=iid.map(indicators_in_play(scores, cat)["in_play"]).fillna(False))
    role = map_ids(iid, field(cat, "role", "scored"))
    weight = map_ids(iid, cat.indicators["weight"]).astype(float)
    target = map_ids(iid, field(cat, "fallback_for", "")).fillna("").astype(str)
    official = pd.MultiIndex.from_arrays([iid.astype(object), scores["iso3"].astype(object)])
    covered = (target != "").to_numpy() & pd.MultiIndex.from_arrays(
        [target.to_numpy(object), scores["iso3"].astype(object).to_numpy()]).isin(official)
    why = np.select(
        [scores["level"].to_numpy() != "country", role.to_numpy() == "context", ~scores["in_play"].to_numpy(bool),
         weight.to_numpy() <= 0, covered],
        [N_("corridor value"), N_("context only, never scored"), N_("indicator not in play this year (too few places)"),
         N_("weight 0"), N_("the official series has a value for this country: this corridor mean is shown as context")],
        WHY_COUNTED)
    return pd.Series(why, index=scores.index, dtype=object)


def counted_rows(scores: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """The country-level rows that count in their pillar, with their side (de jure / de facto) and binary flag."""
    ok = counting_reasons(scores, cat) == WHY_COUNTED
    rows = scores[ok]
    return rows.assign(side=rows["indicator_id"].map(field(cat, "side", "de_facto")),
                       binary=rows["indicator_id"].map(field(cat, "binary", False)).astype(bool))


def in_play_weights(scores: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Per in-play, scored indicator: pillar, side and its share of the pillar (side weight split over the side's
    in-play indicators by their weights), so coverage is the share of the pillar a country's values stand for."""
    inplay = indicators_in_play(scores, cat)
    role = field(cat, "role", "scored").reindex(inplay.index)
    inplay = inplay[(inplay["level"] == "country") & inplay["in_play"] & (role == "scored")
                    & (inplay["weight"].astype(float) > 0) & field(cat, "fallback_for", "").reindex(inplay.index)
                    .eq("")]
    inplay = inplay.assign(side=field(cat, "side", "de_facto").reindex(inplay.index),
                           weight=inplay["weight"].astype(float))
    side_w = side_weights(cat)
    inplay["side_weight"] = inplay["side"].map(side_w).astype(float)
    if inplay.empty:
        return inplay.assign(share=pd.Series(dtype=float))
    side_total = inplay.groupby(["pillar", "side"])["weight"].transform("sum")
    sides_total = inplay.drop_duplicates(["pillar", "side"]).groupby("pillar")["side_weight"].sum()
    inplay["share"] = (inplay["side_weight"] / inplay["pillar"].map(sides_total)
                       * inplay["weight"].astype(float) / side_total)
    return inplay


def side_weights(cat: Catalogue) -> dict[str, float]:
    """Weights of the de jure and de facto sides within a pillar (catalogue settings; equal by default)."""
    w = cat.settings.get("side_weights") or {}
    return {s: float(w.get(s, 1)) for s in SIDES}
