"""The sources (with licences) and the method note of a briefing."""
from __future__ import annotations

from collections.abc import Sequence

from indicators.exports.constants import CHANGE_SPAN, CHANGE_THRESHOLD, METHOD_SUMMARY
from indicators.scoring.scorecard import Scorecard
from indicators.store.catalogue import PILLARS, Catalogue


def source_lines(cat: Catalogue, ids: list[str], extra: Sequence[str] = ()) -> list[str]:
    """Source lines with licences for the given indicators (catalogue order, no duplicates)."""
    ind = cat.indicators
    out: dict[str, str] = {}
    for iid in ind.index:
        if iid in ids:
            src, lic = str(ind.at[iid, "source"]), str(ind.at[iid, "licence"] or "")
            out.setdefault(src, f"{src} — licence: {lic}" if lic else src)
    for e in extra:
        out.setdefault(e, e)
    return list(out.values())


def method_note(card: Scorecard, extra: str = "") -> str:
    """Short method note with the settings in force."""
    w = ", ".join(f"{p} {card.weights[p]:g}" for p in PILLARS)
    return (f"{METHOD_SUMMARY} Settings: reference year {card.year}; {card.aggregation} mean; pillar weights "
            f"{w}. {card.index_note()} Arrows beside headline scores compare with the scores recomputed for "
            f"{card.year - CHANGE_SPAN} with the same method and weights, only where both years rest on the same "
            f"indicators (↑ at least {CHANGE_THRESHOLD:g} points better, ↓ worse, → within ±{CHANGE_THRESHOLD:g}, "
            f"· not comparable or no earlier score). Indicator trend arrows follow the dashboard's trend classes (↑ on track, ↗ moderately "
            f"improving, → stagnating, ↓ worsening, · insufficient data). {extra}").strip()
