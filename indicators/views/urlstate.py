"""The view state carried in the URL query string: parse it safely, and write it back.

Every page is a pure function of its URL, so a copied link reproduces the view and back/forward work.
Invalid values never raise: they fall back to defaults (a shared link with a typo still opens).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import parse_qsl, urlencode

from indicators.scoring.service import default_year
from indicators.store.catalogue import PILLARS, load_catalogue

AGGREGATIONS = ("arithmetic", "geometric")
SETTING_KEYS = ("year", "w", "agg", "lang")   # carried across pages (lang: the view's language, README "Languages")


@dataclass(frozen=True)
class Settings:
    """Scoring settings shared by every page: reference year, pillar weights and aggregation rule."""

    year: int
    weights: dict[str, float]
    aggregation: str

    @property
    def custom_weights(self) -> dict[str, float] | None:
        """The weights to pass to scoring (None when they equal the catalogue defaults)."""
        defaults = default_weights()
        return None if self.weights == defaults else dict(self.weights)

    def query(self) -> dict[str, str]:
        """These settings as query parameters (defaults omitted to keep links short)."""
        q: dict[str, str] = {"year": str(self.year)}
        if self.weights != default_weights():
            q["w"] = format_weights(self.weights)
        if self.aggregation != "arithmetic":
            q["agg"] = self.aggregation
        return q


def default_weights() -> dict[str, float]:
    """Catalogue pillar weights."""
    cat = load_catalogue()
    return {p: float(cat.pillars[p].get("weight", 1)) for p in PILLARS}


def format_weights(weights: Mapping[str, float]) -> str:
    """Weights as 'w=1,1,2,1' in pillar order."""
    return ",".join(f"{weights[p]:g}" for p in PILLARS)


def parse_weights(text: str | None) -> dict[str, float]:
    """Parse '1,1,2,1' (pillar order); anything invalid gives the defaults."""
    defaults = default_weights()
    if not text:
        return defaults
    parts = str(text).split(",")
    if len(parts) != len(PILLARS):
        return defaults
    try:
        values = [float(x) for x in parts]
    except ValueError:
        return defaults
    if any(not math.isfinite(v) or v < 0 or v > 100 for v in values) or sum(values) <= 0:
        return defaults
    return dict(zip(PILLARS, values))


def parse_int(text: Any, default: int, lo: int, hi: int) -> int:
    """An integer within [lo, hi], else the default."""
    try:
        v = int(str(text))
    except (TypeError, ValueError):
        return default
    return v if lo <= v <= hi else default


def parse_choice(text: Any, choices: tuple[str, ...] | list[str], default: str) -> str:
    """One of `choices`, else the default."""
    return text if isinstance(text, str) and text in choices else default


def parse_codes(text: Any, valid: frozenset[str] | set[str], limit: int = 12) -> list[str]:
    """A comma-separated list of valid codes (upper-cased, de-duplicated, order kept, at most `limit`)."""
    out: list[str] = []
    for part in str(text or "").split(","):
        code = part.strip().upper()
        if code and code in valid and code not in out:
            out.append(code)
    return out[:limit]


def settings_from_query(query: Mapping[str, Any], years: tuple[int, int] = (1990, 2030)) -> Settings:
    """Scoring settings from query parameters, with safe defaults (the default year follows from the data)."""
    return Settings(
        year=parse_int(query.get("year"), default_year(), *years),
        weights=parse_weights(query.get("w")),
        aggregation=parse_choice(query.get("agg"), AGGREGATIONS, "arithmetic"),
    )


def parse_search(search: str | None) -> dict[str, str]:
    """'?a=1&b=2' -> {'a': '1', 'b': '2'} (last value wins)."""
    return dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=False))


def make_search(params: Mapping[str, Any]) -> str:
    """{'a': 1, 'b': None} -> '?a=1' (None and empty values dropped; order kept)."""
    clean = {k: v for k, v in params.items() if v is not None and v != "" and v != []}
    clean = {k: ",".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in clean.items()}
    return "?" + urlencode(clean, safe=",") if clean else ""


def update_search(search: str | None, **changes: Any) -> str:
    """Merge changes into an existing query string (a None value removes the key)."""
    params: dict[str, Any] = parse_search(search)
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = v
    return make_search(params)


def changed_search(search: str | None, defaults: Mapping[str, Any], **changes: Any) -> str | None:
    """The query string with changes merged in, or None when it shows the same view as `search` (a key absent from
    either reads as its default, so writing out a default the URL left implicit is no change: no second render)."""
    new = update_search(search, **changes)

    def view(s: str | None) -> dict[str, str]:
        """The query's parameters with the defaults filled in."""
        return {**{k: str(v) for k, v in defaults.items()}, **parse_search(s)}
    return None if view(new) == view(search) else new


def settings_search(search: str | None) -> str:
    """Only the shared settings (year, w, agg, lang) of a query string, to carry across pages."""
    q = parse_search(search)
    return make_search({k: q[k] for k in SETTING_KEYS if k in q})
