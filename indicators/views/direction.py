"""Which way a corridor was asked for: people migrate origin -> destination, money goes back the other way, so a
question typed either way ("from Qatar to Nepal") is turned into the migration corridor and explained in words."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from indicators.i18n import _

ALL = "ALL"


@dataclass(frozen=True)
class Ends:
    """The migration corridor's ends to show, and a note when they differ from what was asked."""

    origin: str
    destination: str
    note: str | None = None


def resolve_ends(pairs: set[tuple[str, str]], origin: str, destination: str, names: dict[str, str]) -> Ends:
    """Turn requested ends (codes or ALL) into the corridor that has data: a reversed pair is swapped, a lone end
    that appears only at the other end moves there; anything else unknown falls back to ALL."""
    origins = {o for o, _ in pairs}
    dests = {d for _, d in pairs}

    def n(code: str) -> str:
        return names.get(code, code)

    if origin != ALL and destination != ALL:
        if (origin, destination) in pairs or (origin in origins and destination in dests):
            return Ends(origin, destination)
        if (destination, origin) in pairs:
            return Ends(destination, origin, _("Money sent from {sender} to {receiver}: the migration corridor "
                                               "{origin} → {destination}.").format(
                sender=n(origin), receiver=n(destination), origin=n(destination), destination=n(origin)))
    if destination == ALL and origin != ALL and origin not in origins and origin in dests:
        return Ends(ALL, origin, _("No migrants from {country} in these data; {country} is a destination: showing "
                                   "the migrants in {country}, who send money from {country} home.").format(
            country=n(origin)))
    if origin == ALL and destination != ALL and destination not in dests and destination in origins:
        return Ends(destination, ALL, _("{country} is not a destination in these data but an origin: showing the "
                                        "emigrants from {country}, who send money home to {country}.").format(
            country=n(destination)))
    return Ends(origin if origin in origins else ALL, destination if destination in dests else ALL)


def requested(text: Any) -> str:
    """An end as asked in the URL: a three-letter code in capitals, else ALL."""
    code = str(text or "").strip().upper()
    return code if re.fullmatch(r"[A-Z]{3}", code) else ALL


def corridor_pairs(corridors: pd.DataFrame) -> set[tuple[str, str]]:
    """The (origin, destination) pairs of a corridor table."""
    c = corridors.dropna(subset=["origin_iso3", "destination_iso3"])
    return set(zip(c["origin_iso3"], c["destination_iso3"]))


def reversed_extras(pairs: set[tuple[str, str]], end: str, other: str) -> list[str]:
    """Countries a picker for `end` also offers, found the other way round: with the other end open, those found
    only at the far end; with it chosen, those that form a corridor with it in reverse."""
    here = {p[0] if end == "origin" else p[1] for p in pairs}
    far = {p[1] if end == "origin" else p[0] for p in pairs}
    if other == ALL:
        return sorted(far - here)
    flipped = {p[1] for p in pairs if p[0] == other} if end == "origin" else {p[0] for p in pairs if p[1] == other}
    return sorted(flipped - here)


def shown_as_asked(asked_origin: Any, asked_destination: Any, origin: str, destination: str) -> bool:
    """True when the pickers' ends are the asked ends turned round by resolve_ends (the pickers only reflect the
    corridor opened for the question, so the question stays in the URL with its note)."""
    o, d = requested(asked_origin), requested(asked_destination)
    return (o, d) != (origin, destination) and (
        (origin, destination) == (d, o) or (origin == ALL and d == ALL and destination == o)
        or (destination == ALL and o == ALL and origin == d))
