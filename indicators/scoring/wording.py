"""Scoring outcomes in words, in the language in force (scorecards keep English codes and texts, read back here)."""
from __future__ import annotations

import re
from typing import Any

from indicators.i18n import N_, _, ngettext
from indicators.i18n.countries import country_name
from indicators.i18n.formats import number
from indicators.store.catalogue import PILLARS, Catalogue
from indicators.store.catalogue_text import localised

PILLAR_WORDS = {"protection": N_("protection"), "recruitment": N_("recruitment"), "remittance": N_("remittance"),
                "association": N_("association")}
AGGREGATION_WORDS = {"arithmetic": N_("arithmetic"), "geometric": N_("geometric")}
PARTIAL = re.compile(r"^partial index ([0-9.]+) over ([0-9]+) of ([0-9]+) pillars \(([^)]*)\), not ranked; (.*)$")
NO_SCORE = "insufficient data: no score for "


def pillar_word(p: str) -> str:
    """A pillar's one-word name ('remittance'; fr 'envois de fonds')."""
    return _(PILLAR_WORDS[p]) if p in PILLAR_WORDS else p


def play_reason(entry: dict[str, Any], need: int | None = None) -> str:
    """Why a pillar is or is not in play: '132 countries scored', 'no data yet, ...', 'only 12 countries scored ...'
    (need: how many countries a pillar needs; by default the one pillars_in_play stored in the entry)."""
    need = int(entry["need"]) if need is None else need
    n = int(entry.get("countries", 0))
    if n >= need:
        return ngettext("{n} country scored", "{n} countries scored", n).format(n=n)
    if n == 0:
        return _("no data yet, working groups can upload it")
    return ngettext("only {n} country scored (needs {need}); more uploads will bring it in",
                    "only {n} countries scored (needs {need}); more uploads will bring it in", n).format(n=n, need=need)


def index_note(card: Any) -> str:
    """What the index covers, e.g. 'Index over 3 of 4 pillars (arithmetic mean); recruitment: no data yet, ...'."""
    used = card.index_pillars
    parts = [_("Index over {used} of {total} pillars ({rule} mean)").format(
        used=len(used), total=len(PILLARS), rule=_(AGGREGATION_WORDS.get(card.aggregation, card.aggregation)))]
    for p in PILLARS:
        if p not in used:
            why = play_reason(card.in_play[p]) if not card.in_play[p]["in_play"] else _("weight set to 0")
            parts.append(_("{pillar}: {why}").format(pillar=pillar_word(p), why=why))
    return "; ".join(parts) + "."


def status_text(status: Any, iso3: str, cat: Catalogue) -> str:
    """A country's ranking status (stored in English) in the language in force."""
    s = "" if status is None else str(status)
    if s == "ranked":
        return _("ranked")
    if s.startswith(NO_SCORE):
        return _("insufficient data: no score for {pillars}").format(
            pillars=", ".join(pillar_word(p.strip()) for p in s[len(NO_SCORE):].split(",")))
    if s == "all pillars in play have weight 0":
        return _("all pillars in play have weight 0")
    if s == "insufficient data: no pillar has enough countries to form the index":
        return _("insufficient data: no pillar has enough countries to form the index")
    m = PARTIAL.match(s)
    if not m:
        return s
    local = localised(cat)
    missing = [part.split(":", 1)[0].strip() for part in m.group(5).split("; ") if ":" in part]
    name = country_name(iso3, iso3)
    why = "; ".join(f"{pillar_word(p)}: " + str(local.pillars.get(p, {}).get("not_covered") or
                                                _("no source in the catalogue covers {country} for this pillar"))
                    .format(country=name) for p in missing if p in PILLARS)
    return _("partial index {value} over {present} of {used} pillars ({names}), not ranked; {why}").format(
        value=number(float(m.group(1)), 1), present=m.group(2), used=m.group(3),
        names=", ".join(pillar_word(p.strip()) for p in m.group(4).split(",")), why=why)


def why_text(why: Any) -> str:
    """Why an indicator counts or not (counting reasons are stored in English), in the language in force."""
    s = "" if why is None else str(why)
    if s.startswith("pillar not scored (") and s.endswith(")"):
        inner = s[len("pillar not scored ("):-1]
        return _("pillar not scored ({why})").format(why=_(inner))
    return _(s) if s else s
