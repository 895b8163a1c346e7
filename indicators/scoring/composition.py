"""DESIGN §3 item 9: the composition of a composite score over time, its runs of constant composition and breaks.

The composition of a year is what the scorecard of that year rests on: for the overall index, the pillars in the
index (in play, weight > 0) and, in each, the country indicators in play (enough places with a value); for a
pillar score, that pillar's indicators in play. A time series of a composite is only comparable within a run of
years with the same composition; where it changes, the series breaks and says what changed
("+ remittance pillar", "+ SDG 8.8.2 in association", "− ITUC rating in association").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from indicators.i18n import _
from indicators.scoring.wording import pillar_word, play_reason
from indicators.scoring.latest import indicators_in_play
from indicators.scoring.pillars import pillar_scores, pillars_in_play
from indicators.store.catalogue import PILLARS, Catalogue

# ((pillar, (indicator id, ...)), ...) in the order of the pillars given, indicators in catalogue order
Composition = tuple[tuple[str, tuple[str, ...]], ...]
MINUS = "\u2212"


@dataclass(frozen=True)
class Segment:
    """A run of consecutive years with one composition; `change` says what changed at its first year ('' if first)."""

    start: int
    end: int
    composition: Composition
    change: str = ""


def composition(status: pd.DataFrame, pillars: Sequence[str]) -> Composition:
    """The in-play, scored country indicators (weight > 0, not context, not a fallback) of each pillar given, from
    indicators_in_play's table."""
    s = status[(status["level"] == "country") & status["in_play"].astype(bool) & (status["weight"].astype(float) > 0)]
    if "role" in s:                      # method v2: context indicators and corridor-mean fallbacks are not the make-up
        s = s[(s["role"] == "scored") & (s["fallback_for"].fillna("") == "")]
    return tuple((p, tuple(str(i) for i in s.index[s["pillar"] == p])) for p in pillars)


def indicator_tag(cat: Catalogue, indicator_id: str) -> str:
    """A short name for a break label: the SDG code in the short name ('SDG 8.8.2') or the short name itself."""
    meta = cat.get(indicator_id)
    short = str(meta.get("short_name") or meta.get("name") or indicator_id)
    found = re.search(r"\((SDG [^)]+)\)", short)
    return found.group(1) if found else short


def changes(before: Composition, after: Composition, cat: Catalogue) -> list[str]:
    """What changed from one composition to the next, pillars first, then indicators within pillars kept."""
    was, now = dict(before), dict(after)
    out = ["+ " + _("{pillar} pillar").format(pillar=pillar_word(p)) for p in now if p not in was and now[p]]
    out += [f"{MINUS} " + _("{pillar} pillar").format(pillar=pillar_word(p)) for p in was if p not in now and was[p]]
    for p in [p for p in now if p in was]:
        out += ["+ " + _("{indicator} in {pillar}").format(indicator=indicator_tag(cat, i), pillar=pillar_word(p))
                for i in now[p] if i not in was[p]]
        out += [f"{MINUS} " + _("{indicator} in {pillar}").format(indicator=indicator_tag(cat, i),
                                                                  pillar=pillar_word(p))
                for i in was[p] if i not in now[p]]
    return out


def runs(by_year: Mapping[int, Any]) -> list[tuple[int, int, Any]]:
    """(first year, last year, value) for each run of consecutive years with an equal value."""
    out: list[tuple[int, int, Any]] = []
    for y in sorted(by_year):
        if out and out[-1][2] == by_year[y] and out[-1][1] == y - 1:
            out[-1] = (out[-1][0], y, by_year[y])
        else:
            out.append((y, y, by_year[y]))
    return out


def empty(comp: Composition) -> bool:
    """True when nothing is in play (no pillar in the index, or no indicator in the pillar): no score at all."""
    return not any(ids for _, ids in comp)


def segments(by_year: Mapping[int, Composition], cat: Catalogue) -> list[Segment]:
    """Runs of consecutive years with the same composition; each run after the first says what changed.

    A run is compared with the last run before it where something was in play: a series that starts (or stops)
    because nothing was in play before (or after) has no break to mark.
    """
    out: list[Segment] = []
    before: Composition = ()
    for a, b, comp in runs(by_year):
        marked = not empty(before) and not empty(comp)
        out.append(Segment(a, b, comp, "; ".join(changes(before, comp, cat)) if marked else ""))
        before = before if empty(comp) else comp
    return out


def describe(comp: Composition, cat: Catalogue) -> str:
    """'protection (ICRMW ratified); remittance (Cost to receive (country), ...)'; empty -> 'nothing in play'."""
    none = _("no indicator in play")
    parts = [f"{pillar_word(p)} ({', '.join(str(cat.get(i)['short_name'] or i) for i in ids) or none})"
             for p, ids in comp]
    return "; ".join(parts) or _("nothing in play")


def span(seg: Segment) -> str:
    """'2015-2018' or '2019'."""
    return str(seg.start) if seg.start == seg.end else f"{seg.start}-{seg.end}"


def scores_over(latest: pd.DataFrame, cat: Catalogue, comp: Composition, index: bool) -> tuple[pd.DataFrame, str]:
    """One year's pillar scores (iso3 x pillar) recomputed over a given composition, or why the year cannot form it.

    `latest` is the year's scored latest values (scoring.latest.scored_latest). Only the composition's indicators
    are counted; the year forms the composition when each of them is in play that year (and, for the index, each
    pillar too). Otherwise nothing is scored (an empty frame and the reason): an indicator missing everywhere is
    never scored around, so the values of different years rest on the same indicators.
    """
    ids = [i for _, group in comp for i in group]
    sub = latest[latest["indicator_id"].isin(ids)]
    have = dict(composition(indicators_in_play(sub, cat), [p for p, _ in comp]))
    missing = []
    for p, group in comp:
        lost = [i for i in group if i not in have[p]]
        missing += ([_("no {pillar} indicator in play").format(pillar=pillar_word(p))] if lost and len(lost) == len(group)
                    else [_("{indicator} in {pillar} not in play").format(indicator=indicator_tag(cat, i),
                                                                          pillar=pillar_word(p)) for i in lost])
    if missing or not ids:
        return pd.DataFrame(columns=list(PILLARS), dtype=float), "; ".join(missing) or _("nothing in play")
    pil = pillar_scores(sub, cat)
    play = pillars_in_play(pil, cat) if index else {p: {"in_play": True} for p, _ in comp}
    missing = [_("{pillar} pillar not in play ({why})").format(pillar=pillar_word(p), why=play_reason(play[p]))
               for p, _group in comp if not play[p]["in_play"]]
    if missing:
        return pd.DataFrame(columns=list(PILLARS), dtype=float), "; ".join(missing)
    return pil.pivot(index="iso3", columns="pillar", values="score").reindex(columns=list(PILLARS)), ""
