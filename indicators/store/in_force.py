"""The catalogue in force for a data directory: the shipped catalogue plus the indicators proposed by working groups
with uploads that are committed and not retracted (proposals/<upload_id>.json, written by indicators.uploads).

It lives beside the store, below scoring and uploads, because both score and validate against it.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import replace
from typing import Any

import pandas as pd

from indicators.store.catalogue import Catalogue, load_catalogue, parse_catalogue
from indicators.store.config import data_dir as resolve_data_dir
from indicators.store.objects import Location, listdir

PROPOSALS_DIR = "proposals"
LOG = logging.getLogger(__name__)


def merge(cat: Catalogue, entries: list[dict[str, Any]]) -> Catalogue:
    """The catalogue with extra indicator entries appended (shipped entries win on an id clash)."""
    entries = [e for e in entries if e["id"] not in cat.indicators.index]
    if not entries:
        return cat
    extra = parse_catalogue({"settings": cat.settings, "indicators": entries}).indicators
    frame = pd.concat([cat.indicators, extra], axis=0)
    frame = frame[~frame.index.duplicated(keep="first")]
    return replace(cat, indicators=frame)


def _root(data_dir: str | os.PathLike | None) -> Location:
    """The data directory."""
    return resolve_data_dir(data_dir)


def _log_state(root: Location) -> tuple[set[str], set[str]]:
    """(committed upload ids, retracted upload ids) from the store's table log."""
    from indicators.store.delta_log import TABLE_DIR, replay
    from indicators.store.observations import UPLOAD_ID_RE
    from indicators.store.records import fold
    log = fold(replay(root / TABLE_DIR), UPLOAD_ID_RE)
    return set(log.commits), set(log.retractions)


def accepted(data_dir: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """Proposal records whose upload is committed and not retracted, oldest first."""
    root = _root(data_dir)
    pdir = root / PROPOSALS_DIR
    names = _names(pdir)
    if not names:
        return []
    committed, retracted = _log_state(root)
    out = []
    for name in names:
        if name.startswith(".") or not name.endswith(".json"):
            continue
        uid = name[:-5]
        if uid in committed and uid not in retracted:
            rec = _proposal(pdir / name, uid)
            if rec is not None:
                out.append(rec)
    return sorted(out, key=lambda r: (r.get("proposed_at", ""), r["upload_id"]))


def _names(pdir: Location) -> list[str]:
    """The file names in the proposals folder (or under its prefix on S3), sorted; empty when there is none."""
    try:
        return sorted(listdir(pdir))
    except (FileNotFoundError, NotADirectoryError):
        return []


def _proposal(path: Location, uid: str) -> dict[str, Any] | None:
    """A proposal record, or None (logged; `python -m indicators check` lists it) when it is damaged."""
    try:
        rec = json.loads(path.read_bytes().decode("utf-8"))
        if isinstance(rec, dict) and rec.get("upload_id") == uid and isinstance(rec.get("indicator"), dict) \
                and isinstance(rec["indicator"].get("id"), str):
            return rec
        why = "not the shape of a proposal record"
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        why = f"unreadable ({type(exc).__name__})"
    LOG.warning("store: proposal left out of the catalogue in force: %s: %s", path.name, why)
    return None


_CACHE: dict[tuple, Catalogue] = {}


def catalogue_for(data_dir: str | os.PathLike | None = None) -> Catalogue:
    """The catalogue merged with the accepted proposals of a data directory (cached per proposal state).

    Use it wherever indicators of a data directory are listed or scored; load_catalogue() alone is the shipped
    catalogue only.
    """
    base = load_catalogue()
    root = _root(data_dir)
    found = _names(root / PROPOSALS_DIR)
    if not found:
        return base
    committed, retracted = _log_state(root)
    names = [n[:-5] for n in found if n.endswith(".json") and not n.startswith(".")]
    live = tuple(u for u in names if u in committed and u not in retracted)
    key = (id(base), str(root), live)
    if key not in _CACHE:
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = _merge_each(base, [r["indicator"] for r in accepted(root)])
    return _CACHE[key]


def _merge_each(base: Catalogue, entries: list[dict[str, Any]]) -> Catalogue:
    """The catalogue with the entries merged; an entry the catalogue cannot take (a damaged or tampered proposal) is
    left out and logged, never fatal."""
    try:
        return merge(base, entries)
    except (KeyError, TypeError, ValueError) as exc:
        LOG.warning("store: a proposal cannot be merged (%s): merging them one by one", exc)
    cat = base
    for entry in entries:
        try:
            cat = merge(cat, [entry])
        except (KeyError, TypeError, ValueError) as exc:
            LOG.warning("store: proposal %s left out of the catalogue in force (%s)", entry.get("id"), exc)
    return cat
