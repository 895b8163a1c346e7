"""The audit's flags in plain language: one row per redundancy, dominance, low coverage, weak correlation or wide
rank intervals found in the audit tables (scoring/audit.py computes the tables and calls flag_rows)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.scoring.scorecard import Scorecard

INDEX_NAME = "the index"


def label(card: Scorecard, subject: str) -> str:
    """A subject in words: an indicator's short name, a pillar's name, or 'the index'."""
    cat = card.catalogue
    if subject == "index":
        return INDEX_NAME
    if cat is not None and subject in cat.pillars:
        return f"the {cat.pillars[subject].get('name', subject)} pillar"
    if cat is not None and subject in cat.indicators.index:
        row = cat.indicators.loc[subject]
        return str(row["short_name"] or row["name"])
    return subject


def _cap(text: str) -> str:
    """The first letter in upper case, the rest as it is ('the index' -> 'The index', 'ICRMW' stays)."""
    return text[:1].upper() + text[1:]


def _pct(x: float) -> str:
    """A share as a whole percentage: 0.623 -> '62 %'."""
    return f"{100 * x:.0f} %"


def redundancy_rows(card: Scorecard, red: pd.DataFrame) -> list[dict[str, Any]]:
    """Same-pillar indicator pairs correlating above the threshold."""
    return [{"kind": "redundancy", "subject": f"{r.indicator_a} & {r.indicator_b}", "parent": r.pillar,
             "value": round(r.pearson, 3), "threshold": r.threshold,
             "meaning": f"{label(card, r.indicator_a)} and {label(card, r.indicator_b)} correlate at r = "
                        f"{r.pearson:.2f} over {r.n} countries: {label(card, r.pillar)} counts much the same "
                        "information twice, so it weighs more in the pillar than the two nominal weights suggest."}
            for r in red[red["flagged"]].itertuples()]


def dominance_rows(card: Scorecard, dom: pd.DataFrame, st: dict[str, float]) -> list[dict[str, Any]]:
    """Components whose importance (r² share) is well above their nominal weight share."""
    rows = []
    for r in dom[dom["flagged"]].itertuples():
        most = r.importance > st["audit_dominance_share"] > r.weight_share
        rows.append({
            "kind": "dominance", "subject": r.subject, "parent": r.parent, "value": round(r.importance, 3),
            "threshold": round(st["audit_dominance_share"] if most and r.ratio <= st["audit_dominance_ratio"]
                               else st["audit_dominance_ratio"] * r.weight_share, 3),
            "meaning": f"{_cap(label(card, r.subject))} carries {_pct(r.importance)} of what explains "
                       f"{label(card, r.parent)} (its squared correlation r² = {r.r2:.2f} as a share of the sum over "
                       f"the components), against a nominal weight of {_pct(r.weight_share)} ({r.ratio:.1f}x): it "
                       f"drives {label(card, r.parent)} more than its weight says"
                       + (", and more than all the others together." if most else ".")})
    return rows


def coverage_rows(card: Scorecard, cov: pd.DataFrame, st: dict[str, float]) -> list[dict[str, Any]]:
    """Counted indicators and index pillars with a value for too few of the countries scored."""
    need = st["audit_min_coverage"]
    return [{"kind": "low coverage", "subject": r.subject, "parent": r.pillar if r.level == "indicator" else "index",
             "value": round(r.share, 3), "threshold": need,
             "meaning": f"{_cap(label(card, r.subject))} has a value for {r.countries} of the {r.of} countries "
                        f"scored ({_pct(r.share)}; {r.ranked_with_value} of the {r.ranked} ranked): "
                        + ("elsewhere the pillar rests on its other indicators, so countries are compared on "
                           "different evidence." if r.level == "indicator"
                           else "countries without it are not ranked.")}
            for r in cov[cov["flagged"]].itertuples()]


def weak_rows(card: Scorecard, cor: pd.DataFrame, st: dict[str, float]) -> list[dict[str, Any]]:
    """Components correlating weakly or negatively with their own pillar or with the index."""
    weak = cor[cor["pearson"] < st["audit_weak_correlation"]]
    return [{"kind": "weak correlation", "subject": r.subject, "parent": r.parent, "value": round(r.pearson, 3),
             "threshold": st["audit_weak_correlation"],
             "meaning": f"{_cap(label(card, r.subject))} correlates at r = {r.pearson:.2f} with "
                        f"{label(card, r.parent)} over {r.n} countries: "
                        + ("it pulls against the other components, so part of its signal cancels theirs."
                           if r.pearson < 0 else "it moves it little; the ranking mostly reflects the others.")}
            for r in weak.itertuples()]


def uncertainty_rows(unc: pd.DataFrame) -> list[dict[str, Any]]:
    """The ranking, when too many ranked countries have a wide 5th-95th percentile rank interval."""
    return [{"kind": "wide rank intervals", "subject": "ranking", "parent": "index", "value": round(r.share_wider, 3),
             "threshold": r.share_threshold,
             "meaning": f"{r.wider} of {r.ranked} ranked countries ({_pct(r.share_wider)}) move more than "
                        f"{r.width_threshold:g} places between the 5th and 95th percentile of the rank under other "
                        f"weights and rules (median width {r.median_width:g}): read a rank as a range, not a place."}
            for r in unc[unc["flagged"]].itertuples()]


def flag_rows(card: Scorecard, st: dict[str, float], cor: pd.DataFrame, red: pd.DataFrame, dom: pd.DataFrame,
              cov: pd.DataFrame, unc: pd.DataFrame) -> list[dict[str, Any]]:
    """Every flag of the audit tables, in the order redundancy, dominance, low coverage, weak correlation, ranking."""
    return (redundancy_rows(card, red) + dominance_rows(card, dom, st) + coverage_rows(card, cov, st)
            + weak_rows(card, cor, st) + uncertainty_rows(unc))
