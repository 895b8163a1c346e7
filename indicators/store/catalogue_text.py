"""The catalogue's texts in another language, from catalogue.<lang>.yaml beside catalogue.yaml (reviewable files).

Only words change: names, short names, units, definitions, method notes, rating labels, pillar and band names, corridor
component names and GCM objective titles. Numbers, ids and settings stay the catalogue's own. A text missing from a
language's file stays English (the completeness test lists it); an entry without `reviewed_by` is unreviewed.
"""
from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any

import yaml

from indicators.i18n import DEFAULT, resolved
from indicators.store.config import STORE_PACKAGE_DIR

INDICATOR_FIELDS = ("name", "short_name", "unit", "definition", "method_note", "data_status")


def text_path(lang: str):
    """The translation file of a language (catalogue.fr.yaml)."""
    return STORE_PACKAGE_DIR / f"catalogue.{lang}.yaml"


@lru_cache(maxsize=8)
def catalogue_texts(lang: str) -> dict[str, Any]:
    """The parsed translation file of a language (empty when there is none)."""
    path = text_path(lang)
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _indicators(frame, texts: dict[str, Any]):
    """The indicator table with translated words (a copy)."""
    out = frame.copy()
    for iid, t in (texts.get("indicators") or {}).items():
        if iid not in out.index:
            continue
        for f in INDICATOR_FIELDS:
            if t.get(f) and f in out.columns and isinstance(out.at[iid, f], str):
                out.at[iid, f] = t[f]
        if "gcm" in out.columns and isinstance(out.at[iid, "gcm"], str):
            out.at[iid, "gcm"] = (texts.get("gcm_references") or {}).get(out.at[iid, "gcm"], out.at[iid, "gcm"])
        own = out.at[iid, "rating_labels"] if "rating_labels" in out.columns else None
        if isinstance(own, dict) and t.get("rating_labels"):
            out.at[iid, "rating_labels"] = {k: t["rating_labels"].get(k, v) for k, v in own.items()}
    return out


def _labels(rows: list[dict[str, Any]], texts: dict[str, str], key: str = "label") -> list[dict[str, Any]]:
    """Rows (ratings, bands, components) with their label translated where the file has it."""
    return [{**r, key: texts.get(r["id"], r.get(key))} for r in rows]


def localised(cat, lang: str | None = None):
    """The catalogue with its words in a language (the one in force by default); English: the catalogue itself."""
    code = resolved(lang)
    texts = catalogue_texts(code) if code != DEFAULT else {}
    if not texts:
        return cat
    return _localise(cat, code, id(cat))


_cache: dict[tuple[int, str], Any] = {}


def _localise(cat, code: str, key: int):
    """Build (once per catalogue object and language) the translated catalogue."""
    hit = _cache.get((key, code))
    if hit is not None and hit[0] is cat:
        return hit[1]
    t = catalogue_texts(code)
    pillars = {p: {**v, **{f: t.get("pillars", {}).get(p, {}).get(f, v.get(f)) for f in ("name", "description", "not_covered") if f in v}}
               for p, v in cat.pillars.items()}
    gcm = [{**o, "title": (t.get("gcm_objectives") or {}).get(o.get("number"), o.get("title")),
            "would_feed": (t.get("gcm_would_feed") or {}).get(o.get("number"), o.get("would_feed"))}
           for o in cat.gcm_objectives]
    log = [{**c, "changes": (t.get("method_changelog") or {}).get(c.get("version"), c.get("changes"))}
           for c in cat.method_changelog]
    out = dataclasses.replace(
        cat, indicators=_indicators(cat.indicators, t), pillars=pillars, method_changelog=log,
        ratings=_labels(cat.ratings, t.get("ratings") or {}), score_bands=_labels(cat.score_bands, t.get("score_bands") or {}),
        corridor_components=_labels(cat.corridor_components, t.get("corridor_components") or {}, "name"),
        gcm_objectives=gcm)
    if len(_cache) > 32:
        _cache.clear()
    _cache[(key, code)] = (cat, out)
    return out
