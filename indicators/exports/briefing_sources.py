"""The sources (with licences) and the method note of a briefing."""
from __future__ import annotations

from collections.abc import Sequence

from indicators.exports.constants import CHANGE_SPAN, CHANGE_THRESHOLD, METHOD_SUMMARY
import pandas as pd

from indicators.i18n import _
from indicators.i18n.formats import number
from indicators.scoring.provenance import row_sources
from indicators.scoring.wording import pillar_word
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
            out.setdefault(src, _("{source} — licence: {licence}").format(source=src, licence=lic) if lic else src)
    for e in extra:
        out.setdefault(e, e)
    return list(out.values())


def uploaded_sources(rows: pd.DataFrame) -> list[str]:
    """The working groups' sources among the values of a briefing (group, source text, upload id), in order."""
    prefix = _("Working group {names}").split("{")[0]        # row_sources words them in the language in force
    return [s for s in dict.fromkeys(row_sources(rows)) if s.startswith(prefix)] if len(rows) else []


def method_note(card: Scorecard, extra: str = "", version: str = "") -> str:
    """Short method note with the settings in force, the method and data version and the data years."""
    w = ", ".join(f"{pillar_word(p)} {number(card.weights[p], 2)}" for p in PILLARS)
    stamp = f"{version}; {vintage_note(card.indicators, card.catalogue, card.year)}. " if version else ""
    mean = _("arithmetic mean") if card.aggregation == "arithmetic" else _("geometric mean")
    return (stamp + _(METHOD_SUMMARY) + " " + _(
        "Settings: reference year {year}; {mean}; pillar weights {weights}. {index_note} Arrows beside headline scores "
        "compare with the scores recomputed for {earlier} with the same method and weights, only where both years rest "
        "on the same indicators (↑ at least {points} points better, ↓ worse, → within ±{points}, · not comparable or "
        "no earlier score). Indicator trend arrows follow the dashboard's trend classes (↑ on track, ↗ moderately "
        "improving, → stagnating, ↓ worsening, · insufficient data).").format(
        year=card.year, mean=mean, weights=w, index_note=card.index_note(), earlier=card.year - CHANGE_SPAN,
        points=number(CHANGE_THRESHOLD, 0)) + f" {extra}").strip()
