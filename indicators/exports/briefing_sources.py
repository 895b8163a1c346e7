"""The sources (with licences) and the method note of a briefing."""
from __future__ import annotations

from collections.abc import Sequence

from indicators.exports.constants import CHANGE_SPAN, CHANGE_THRESHOLD, METHOD_SUMMARY
import pandas as pd

from indicators.scoring.provenance import row_sources
from indicators.scoring.scorecard import Scorecard
from indicators.scoring.vintage import vintage_note
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


def uploaded_sources(rows: pd.DataFrame) -> list[str]:
    """The working groups' sources among the values of a briefing (group, source text, upload id), in order."""
    return [s for s in dict.fromkeys(row_sources(rows)) if s.startswith("Working group")] if len(rows) else []


def method_note(card: Scorecard, extra: str = "", version: str = "") -> str:
    """Short method note with the settings in force, the method and data version and the data years."""
    w = ", ".join(f"{p} {card.weights[p]:g}" for p in PILLARS)
    stamp = f"{version}; {vintage_note(card.indicators, card.catalogue, card.year)}. " if version else ""
    return (f"{stamp}{METHOD_SUMMARY} Settings: reference year {card.year}; {card.aggregation} mean; pillar weights "
            f"{w}. {card.index_note()} Arrows beside headline scores compare with the scores recomputed for "
            f"{card.year - CHANGE_SPAN} with the same method and weights, only where both years rest on the same "
            f"indicators (↑ at least {CHANGE_THRESHOLD:g} points better, ↓ worse, → within ±{CHANGE_THRESHOLD:g}, "
            f"· not comparable or no earlier score). Indicator trend arrows follow the dashboard's trend classes (↑ on track, ↗ moderately "
            f"improving, → stagnating, ↓ worsening, · insufficient data). {extra}").strip()
