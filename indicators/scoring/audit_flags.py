"""The audit's flags in plain language: one row per redundancy, dominance, low coverage, weak correlation or wide
rank intervals found in the audit tables (scoring/audit.py computes the tables and calls flag_rows)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.i18n import N_, _
from indicators.i18n.formats import number, percent
from indicators.store.catalogue_text import localised
from indicators.scoring.scorecard import Scorecard

INDEX_NAME = N_("the index")                      # shown as _(INDEX_NAME)


def label(card: Scorecard, subject: str) -> str:
    """A subject in words: an indicator's short name, a pillar's name, or 'the index'."""
    cat = localised(card.catalogue) if card.catalogue is not None else None
    if subject == "index":
        return _(INDEX_NAME)
    if cat is not None and subject in cat.pillars:
        return _("the {pillar} pillar").format(pillar=cat.pillars[subject].get('name', subject))
    if cat is not None and subject in cat.indicators.index:
        row = cat.indicators.loc[subject]
        return str(row["short_name"] or row["name"])
    return subject


def _cap(text: str) -> str:
    """The first letter in upper case, the rest as it is ('the index' -> 'The index', 'ICRMW' stays)."""
    return text[:1].upper() + text[1:]


def _pct(x: float) -> str:
    """A share as a whole percentage: 0.623 -> '62 %'."""
    return percent(100 * x, 0)


def redundancy_rows(card: Scorecard, red: pd.DataFrame) -> list[dict[str, Any]]:
    """Same-pillar indicator pairs correlating above the threshold."""
    return [{"kind": "redundancy", "subject": f"{r.indicator_a} & {r.indicator_b}", "parent": r.pillar,
             "value": round(r.pearson, 3), "threshold": r.threshold,
             "meaning": _("{a} and {b} correlate at r = {r} over {n} countries: {pillar} counts much the same "
                          "information twice, so it weighs more in the pillar than the two nominal weights suggest."
                          ).format(a=label(card, r.indicator_a), b=label(card, r.indicator_b), r=number(r.pearson, 2),
                                   n=r.n, pillar=label(card, r.pillar))}
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
            "meaning": _("{subject} carries {importance} of what explains {parent} (its squared correlation r² = {r2} "
                         "as a share of the sum over the components), against a nominal weight of {weight} ({ratio}x): "
                         "it drives {parent} more than its weight says").format(
                subject=_cap(label(card, r.subject)), importance=_pct(r.importance), parent=label(card, r.parent),
                r2=number(r.r2, 2), weight=_pct(r.weight_share), ratio=number(r.ratio, 1))
            + (_(", and more than all the others together.") if most else ".")})
    return rows


def coverage_rows(card: Scorecard, cov: pd.DataFrame, st: dict[str, float]) -> list[dict[str, Any]]:
    """Counted indicators and index pillars with a value for too few of the countries scored."""
    need = st["audit_min_coverage"]
    return [{"kind": "low coverage", "subject": r.subject, "parent": r.pillar if r.level == "indicator" else "index",
             "value": round(r.share, 3), "threshold": need,
             "meaning": _("{subject} has a value for {n} of the {of} countries scored ({share}; {ranked_with} of the "
                          "{ranked} ranked):").format(subject=_cap(label(card, r.subject)), n=r.countries, of=r.of,
                                                      share=_pct(r.share), ranked_with=r.ranked_with_value,
                                                      ranked=r.ranked) + " "
                        + (_("elsewhere the pillar rests on its other indicators, so countries are compared on "
                             "different evidence.") if r.level == "indicator"
                           else _("countries without it are not ranked."))}
            for r in cov[cov["flagged"]].itertuples()]


def weak_rows(card: Scorecard, cor: pd.DataFrame, st: dict[str, float]) -> list[dict[str, Any]]:
    """Components correlating weakly or negatively with their own pillar or with the index."""
    weak = cor[cor["pearson"] < st["audit_weak_correlation"]]
    return [{"kind": "weak correlation", "subject": r.subject, "parent": r.parent, "value": round(r.pearson, 3),
             "threshold": st["audit_weak_correlation"],
             "meaning": _("{subject} correlates at r = {r} with {parent} over {n} countries:").format(
                 subject=_cap(label(card, r.subject)), r=number(r.pearson, 2), parent=label(card, r.parent), n=r.n)
                        + " " + (_("it pulls against the other components, so part of its signal cancels theirs.")
                                 if r.pearson < 0 else _("it moves it little; the ranking mostly reflects the others."))}
            for r in weak.itertuples()]


def uncertainty_rows(unc: pd.DataFrame) -> list[dict[str, Any]]:
    """The ranking, when too many ranked countries have a wide 5th-95th percentile rank interval."""
    return [{"kind": "wide rank intervals", "subject": "ranking", "parent": "index", "value": round(r.share_wider, 3),
             "threshold": r.share_threshold,
             "meaning": _("{wider} of {ranked} ranked countries ({share}) move more than {width} places between the "
                          "5th and 95th percentile of the rank under other weights and rules (median width {median}): "
                          "read a rank as a range, not a place.").format(
                 wider=r.wider, ranked=r.ranked, share=_pct(r.share_wider), width=f"{r.width_threshold:g}",
                 median=f"{r.median_width:g}")}
            for r in unc[unc["flagged"]].itertuples()]


def flag_rows(card: Scorecard, st: dict[str, float], cor: pd.DataFrame, red: pd.DataFrame, dom: pd.DataFrame,
              cov: pd.DataFrame, unc: pd.DataFrame) -> list[dict[str, Any]]:
    """Every flag of the audit tables, in the order redundancy, dominance, low coverage, weak correlation, ranking."""
    return (redundancy_rows(card, red) + dominance_rows(card, dom, st) + coverage_rows(card, cov, st)
            + weak_rows(card, cor, st) + uncertainty_rows(unc))
