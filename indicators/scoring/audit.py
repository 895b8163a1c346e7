"""Step 10 of DESIGN §3: a JRC-style statistical audit of the composite for the year, weights and rule in force.

Everything is read from a Scorecard's tables (indicator scores, pillar scores, the index), never from how a pillar
is computed, so the audit follows any change to the pillar rules. Correlations use the countries that have both
numbers (pairwise complete); a correlation over fewer than `audit_min_countries` countries is left empty.
Importance (the JRC "effective weight") of a component is its squared Pearson correlation with its parent (pillar or
index) as a share of the sum over the parent's components, compared with its nominal weight share.
"""
from __future__ import annotations

import weakref
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from indicators.scoring.audit_flags import flag_rows
from indicators.scoring.counting import WHY_COUNTED, counting_reasons
from indicators.scoring.scorecard import Scorecard

_MADE: dict[int, dict[str, pd.DataFrame]] = {}      # id(scorecard) -> tables made from it (gone with it)

INDEX = "index"
TABLES = ("flags", "correlations", "redundancy", "dominance", "coverage", "uncertainty")
FLAG_COLUMNS = ["kind", "subject", "parent", "value", "threshold", "meaning"]
DEFAULTS: dict[str, float] = {
    "audit_min_countries": 10,         # fewer countries with both numbers: no correlation is reported
    "audit_redundancy_threshold": 0.9,  # two indicators of a pillar correlating above this count one thing twice
    "audit_weak_correlation": 0.3,     # a component correlating below this with its parent hardly moves it
    "audit_dominance_ratio": 1.5,      # importance above 1.5x the nominal weight share: the component dominates
    "audit_dominance_share": 0.5,      # importance above half while weighted below half: it alone drives the ranking
    "audit_min_coverage": 0.65,        # share of the countries scored that have a value (JRC practice: 65 %)
    "audit_rank_width": 20,            # a 5th-95th percentile rank interval wider than this is "wide"
    "audit_wide_share": 0.25,          # flag the ranking when more than this share of ranked countries has one
}


def audit_settings(card: Scorecard) -> dict[str, float]:
    """The audit thresholds: the catalogue's settings where it has them, else DEFAULTS."""
    s = card.catalogue.settings if card.catalogue is not None else {}
    return {k: float(s.get(k, v)) for k, v in DEFAULTS.items()}


# ---------------------------------------------------------------------- the numbers the audit reads
def _per_card(name: str, card: Scorecard, make) -> pd.DataFrame:
    """A table made from a scorecard once per scorecard object (its tables are never changed once made); a copy."""
    made = _MADE.get(id(card))
    if made is None:
        made = _MADE[id(card)] = {}
        weakref.finalize(card, _MADE.pop, id(card), None)
    if name not in made:
        made[name] = make(card)
    return made[name].copy()


def counted_indicators(card: Scorecard) -> pd.DataFrame:
    """Country-level indicators that count in the index: in play, weight > 0, in a pillar of the index; with the
    nominal weight share within their pillar. Indexed by indicator id, in catalogue order."""
    return _per_card("counted", card, _counted_indicators)


def _counted_indicators(card: Scorecard) -> pd.DataFrame:
    """counted_indicators, made."""
    ind = card.indicators
    ind = ind[(ind["level"] == "country") & ind["in_play"].astype(bool) & (ind["weight"] > 0)
              & ind["pillar"].isin(card.index_pillars)]
    if card.catalogue is not None and len(ind):     # method v2: context and stood-in-for values do not count
        ind = ind[counting_reasons(ind, card.catalogue) == WHY_COUNTED]
    out = ind.groupby("indicator_id").agg(pillar=("pillar", "first"), weight=("weight", "first"))
    if card.catalogue is not None:
        out = out.reindex([i for i in card.catalogue.ids if i in out.index])
    out["weight_share"] = out["weight"] / out.groupby("pillar")["weight"].transform("sum")
    return out


def indicator_matrix(card: Scorecard) -> pd.DataFrame:
    """Countries x counted indicators: the 0-100 scores (NaN where a country has no value)."""
    return _per_card("matrix", card, _indicator_matrix)


def _indicator_matrix(card: Scorecard) -> pd.DataFrame:
    """indicator_matrix, made."""
    ids = counted_indicators(card).index
    ind = card.indicators[card.indicators["indicator_id"].isin(ids) & card.indicators["iso3"].notna()]
    if card.catalogue is not None and len(ind):     # only the values that count (a fallback where it stands in)
        ind = ind[counting_reasons(ind, card.catalogue) == WHY_COUNTED]
    wide = ind.drop_duplicates(["iso3", "indicator_id"]).set_index(["iso3", "indicator_id"])["score"].unstack()
    return wide.reindex(columns=ids).astype(float)


def pillar_matrix(card: Scorecard) -> pd.DataFrame:
    """Countries x (pillars of the index, then 'index'): the pillar scores and the overall index of the country table
    (what the index is made of; NaN = not scored)."""
    c = card.countries.set_index("iso3")
    return c[[*card.index_pillars, "overall"]].rename(columns={"overall": INDEX}).astype(float)


def nominal_pillar_shares(card: Scorecard) -> pd.Series:
    """Each index pillar's weight as a share of the weights of the pillars in the index."""
    w = pd.Series({p: float(card.weights[p]) for p in card.index_pillars}, dtype=float)
    return w / w.sum() if len(w) else w


# ---------------------------------------------------------------------- correlations
def _ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks (ties share the mean rank), the basis of Spearman's rho."""
    order = np.argsort(x, kind="stable")
    ranks = np.empty(len(x))
    ranks[order] = np.arange(1, len(x) + 1)
    uniq, inverse = np.unique(x, return_inverse=True)
    return (np.bincount(inverse, ranks) / np.bincount(inverse))[inverse]


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson's r; NaN when either series is constant."""
    dx, dy = x - x.mean(), y - y.mean()
    den = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    return float((dx * dy).sum() / den) if den > 1e-12 else float("nan")


def correlate(x: pd.Series | np.ndarray, y: pd.Series | np.ndarray, min_n: float = 3) -> dict[str, float]:
    """Pearson and Spearman correlation of two aligned series over the rows where both have a value, with n."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    both = ~np.isnan(a) & ~np.isnan(b)
    n = int(both.sum())
    if n < max(min_n, 3):
        return {"pearson": float("nan"), "spearman": float("nan"), "n": n}
    a, b = a[both], b[both]
    return {"pearson": _pearson(a, b), "spearman": _pearson(_ranks(a), _ranks(b)), "n": n}


def correlations(card: Scorecard) -> pd.DataFrame:
    """Each counted indicator with its pillar, and each index pillar with the index (Pearson, Spearman, n)."""
    min_n = audit_settings(card)["audit_min_countries"]
    ind, pil = indicator_matrix(card), pillar_matrix(card)
    rows = []
    for iid, r in counted_indicators(card).iterrows():
        rows.append({"level": "indicator", "subject": iid, "parent": r["pillar"],
                     **correlate(ind[iid], pil[r["pillar"]].reindex(ind.index), min_n)})
    for p in card.index_pillars:
        rows.append({"level": "pillar", "subject": p, "parent": INDEX, **correlate(pil[p], pil[INDEX], min_n)})
    return pd.DataFrame(rows, columns=["level", "subject", "parent", "pearson", "spearman", "n"])


def correlation_matrix(card: Scorecard, pillar: str | None = None) -> pd.DataFrame:
    """Pearson matrix for a heat map: the index pillars and the index (pillar=None), or one pillar's counted
    indicators and the pillar score. Pairwise complete; a cell over too few countries is NaN."""
    min_n = audit_settings(card)["audit_min_countries"]
    if pillar is None:
        data = pillar_matrix(card)
    else:
        counted = counted_indicators(card)
        ids = counted.index[counted["pillar"] == pillar]
        data = indicator_matrix(card)[ids]
        data = data.join(pillar_matrix(card)[[pillar]], how="left") if pillar in card.index_pillars else data
    values = data.to_numpy(dtype=float)
    k = values.shape[1]
    r = np.diag(np.where((~np.isnan(values)).sum(axis=0) >= max(min_n, 3), 1.0, np.nan)) if k else np.empty((0, 0))
    r[~np.eye(k, dtype=bool)] = np.nan
    for i, j in combinations(range(k), 2):
        r[i, j] = r[j, i] = correlate(values[:, i], values[:, j], min_n)["pearson"]
    return pd.DataFrame(r, index=list(data.columns), columns=list(data.columns))


def redundancy(card: Scorecard) -> pd.DataFrame:
    """Pairs of counted indicators of the same pillar with their correlation; flagged above the threshold."""
    st = audit_settings(card)
    ind, counted = indicator_matrix(card), counted_indicators(card)
    rows = []
    for p, group in counted.groupby("pillar", sort=False):
        for a, b in combinations(group.index, 2):
            c = correlate(ind[a], ind[b], st["audit_min_countries"])
            rows.append({"pillar": p, "indicator_a": a, "indicator_b": b, **c,
                         "threshold": st["audit_redundancy_threshold"],
                         "flagged": bool(c["pearson"] > st["audit_redundancy_threshold"])})
    return pd.DataFrame(rows, columns=["pillar", "indicator_a", "indicator_b", "pearson", "spearman", "n",
                                       "threshold", "flagged"])


# ---------------------------------------------------------------------- dominance (importance vs weight)
def importance(r: pd.Series, nominal: pd.Series, ratio: float, share: float) -> pd.DataFrame:
    """Importance = r² / sum(r²) of a parent's components against their nominal weight shares; flagged when it is
    over `ratio` x the nominal share, or over `share` while the nominal share is below it."""
    r2 = r.astype(float) ** 2
    total = r2.sum(min_count=1)
    imp = r2 / total if pd.notna(total) and total > 0 else r2 * np.nan
    out = pd.DataFrame({"pearson": r, "r2": r2, "importance": imp, "weight_share": nominal.reindex(r.index)})
    out["ratio"] = out["importance"] / out["weight_share"]
    over_weight = out["ratio"] > ratio
    drives_most = (out["importance"] > share) & (out["weight_share"] < share)
    out["flagged"] = (over_weight | drives_most).fillna(False).astype(bool)
    return out


def dominance(card: Scorecard, cor: pd.DataFrame | None = None) -> pd.DataFrame:
    """Importance of each index pillar in the index, and of each counted indicator in its pillar (from the
    correlations table, computed here unless given)."""
    st = audit_settings(card)
    cor = (correlations(card) if cor is None else cor).set_index("subject")
    parts = []
    pil = cor[cor["level"] == "pillar"]
    if len(pil):
        parts.append(importance(pil["pearson"], nominal_pillar_shares(card), st["audit_dominance_ratio"],
                                st["audit_dominance_share"]).assign(level="pillar", parent=INDEX))
    counted = counted_indicators(card)
    ind = cor[cor["level"] == "indicator"]
    for p, group in counted.groupby("pillar", sort=False):
        parts.append(importance(ind.loc[group.index, "pearson"], group["weight_share"], st["audit_dominance_ratio"],
                                st["audit_dominance_share"]).assign(level="indicator", parent=p))
    cols = ["level", "subject", "parent", "pearson", "r2", "importance", "weight_share", "ratio", "flagged"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts).rename_axis("subject").reset_index()[cols]


# ---------------------------------------------------------------------- coverage and rank uncertainty
def coverage(card: Scorecard) -> pd.DataFrame:
    """Per counted indicator and index pillar: countries with a value, of the countries scored, and the share;
    for indicators also the share of ranked countries that have a value."""
    n_all = len(card.countries)
    ranked = set(card.countries.loc[card.countries["overall"].notna(), "iso3"])
    ind, pil = indicator_matrix(card), pillar_matrix(card)
    rows = []
    for iid, r in counted_indicators(card).iterrows():
        have = set(ind.index[ind[iid].notna()])
        rows.append({"level": "indicator", "subject": iid, "pillar": r["pillar"], "countries": len(have),
                     "of": n_all, "ranked_with_value": len(have & ranked), "ranked": len(ranked)})
    for p in card.index_pillars:
        have = set(pil.index[pil[p].notna()])
        rows.append({"level": "pillar", "subject": p, "pillar": p, "countries": len(have), "of": n_all,
                     "ranked_with_value": len(have & ranked), "ranked": len(ranked)})
    out = pd.DataFrame(rows, columns=["level", "subject", "pillar", "countries", "of", "ranked_with_value", "ranked"])
    out["share"] = out["countries"] / out["of"].where(out["of"] > 0)
    out["share_ranked"] = out["ranked_with_value"] / out["ranked"].where(out["ranked"] > 0)
    out["flagged"] = out["share"] < audit_settings(card)["audit_min_coverage"]
    return out


def rank_uncertainty(card: Scorecard) -> pd.DataFrame:
    """One row: ranked countries, the median and largest width (p95 - p05) of their rank intervals, and the share
    wider than `audit_rank_width` ranks; flagged when that share exceeds `audit_wide_share`."""
    st = audit_settings(card)
    c = card.countries[card.countries["overall"].notna()]
    width = (c["rank_p95"] - c["rank_p05"]).astype(float).dropna()
    n = len(width)
    wide = float((width > st["audit_rank_width"]).mean()) if n else float("nan")
    return pd.DataFrame([{
        "ranked": n, "median_width": float(width.median()) if n else float("nan"),
        "max_width": float(width.max()) if n else float("nan"), "width_threshold": st["audit_rank_width"],
        "wider": int((width > st["audit_rank_width"]).sum()), "share_wider": wide,
        "share_threshold": st["audit_wide_share"], "flagged": bool(n and wide > st["audit_wide_share"])}])


# ---------------------------------------------------------------------- flags and all tables
def flags(card: Scorecard, tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One plain-language row per flag: kind, subject, parent, value, threshold and what it means (from the audit
    tables, computed here unless given)."""
    t = tables or numbers(card)
    rows = flag_rows(card, audit_settings(card), t["correlations"], t["redundancy"], t["dominance"], t["coverage"],
                     t["uncertainty"])
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)


def numbers(card: Scorecard) -> dict[str, pd.DataFrame]:
    """The audit tables without the flags (no words: the same in every language), each computed once."""
    cor = correlations(card)
    return {"correlations": cor, "redundancy": redundancy(card), "dominance": dominance(card, cor),
            "coverage": coverage(card), "uncertainty": rank_uncertainty(card)}


def audit_tables(card: Scorecard) -> dict[str, pd.DataFrame]:
    """Every audit table by name (TABLES order): flags, correlations, redundancy, dominance, coverage, uncertainty."""
    t = numbers(card)
    return {"flags": flags(card, t), **t}


def stacked(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """All audit tables in one long frame, a `table` column first (columns a table lacks are empty)."""
    parts = [t.assign(table=name) for name, t in tables.items() if len(t)]
    if not parts:
        return pd.DataFrame(columns=["table"])
    out = pd.concat(parts, ignore_index=True)
    return out[["table", *[c for c in out.columns if c != "table"]]]


def summary(card: Scorecard) -> dict[str, Any]:
    """What the audit covers: year, rule, index pillars and counted indicators, and the number of flags by kind."""
    f = flags(card)
    return {"year": card.year, "aggregation": card.aggregation, "pillars": list(card.index_pillars),
            "indicators": list(counted_indicators(card).index), "flags": f["kind"].value_counts().to_dict()}
