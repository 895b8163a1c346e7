"""The original producers of the indicators (producers.yaml): their credit lines, licences and what may be
redistributed, per indicator."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from indicators.i18n import resolved
from indicators.store.catalogue import Catalogue
from indicators.store.config import STORE_PACKAGE_DIR

PRODUCERS_PATH = STORE_PACKAGE_DIR / "producers.yaml"
REDISTRIBUTION = ("public", "open", "attribution", "uploaded", "restricted")   # least to most strict


@dataclass(frozen=True)
class Producer:
    """One original producer: credit line, licence in words, SPDX id, terms URL, redistribution class."""

    id: str
    citation: str
    licence: str
    licence_id: str
    licence_url: str
    redistribution: str
    indicators: tuple[str, ...]


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    """producers.yaml, parsed once."""
    with open(PRODUCERS_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def producers() -> list[Producer]:
    """Every producer of producers.yaml, in file order."""
    return [Producer(p["id"], p["citation"], p["licence"], p.get("licence_id") or "", p.get("licence_url") or "",
                     p["redistribution"], tuple(p.get("indicators") or ())) for p in _raw()["producers"]]


def redistribution_text(kind: str, lang: str | None = None) -> str:
    """What a redistribution class allows, in one sentence, in the given language (else the one in force); English
    where producers.yaml has no sentence in that language."""
    code = resolved(lang)
    own = (_raw().get("redistribution_words") or {}).get(code) or {}
    return str(own.get(kind) or _raw()["redistribution"][kind])


def uploaded_producer(indicator_id: str, cat: Catalogue) -> Producer:
    """The producer of an indicator producers.yaml does not list: its catalogue source, as the group declared."""
    row = cat.indicators.loc[indicator_id] if indicator_id in cat.indicators.index else {}
    source = str(row.get("source") or "working-group upload")
    licence = str(row.get("licence") or "as declared by the uploading group")
    return Producer(f"upload:{indicator_id}", source, licence, "", "", "uploaded", (indicator_id,))


def producers_of(indicator_ids: Iterable[str], cat: Catalogue) -> list[Producer]:
    """The producers of these indicators, each once, in the order the indicators are given."""
    listed = producers()
    out: dict[str, Producer] = {}
    for iid in indicator_ids:
        own = [p for p in listed if iid in p.indicators] or [uploaded_producer(iid, cat)]
        for p in own:
            out.setdefault(p.citation, p)
    return list(out.values())


def indicator_terms(indicator_id: str, cat: Catalogue) -> dict[str, Any]:
    """What may be done with an indicator's values: its producers' credit lines and licences and the strictest
    redistribution class among them, with that class in words."""
    own = producers_of([indicator_id], cat)
    kind = max((p.redistribution for p in own), key=REDISTRIBUTION.index)
    return {"producers": [p.citation for p in own], "licences": [p.licence for p in own],
            "licence_ids": [p.licence_id for p in own if p.licence_id],
            "licence_urls": [p.licence_url for p in own if p.licence_url],
            "redistribution": kind, "redistribution_terms": redistribution_text(kind)}
