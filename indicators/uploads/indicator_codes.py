"""The indicator step of validation: each indicator cell resolved to a catalogue id (the id itself, a portal series code
the catalogue maps, or the indicator chosen on upload), and derived indicators refused."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.i18n import _
from indicators.store.catalogue import Catalogue
from indicators.uploads.cells import Flags, TextColumn

KINDS = 3            # row kinds: 0 no place, 1 a country row, 2 a corridor row (see places.PlaceCells.kind)


@dataclass
class IndicatorRows:
    """The indicator of every row: its position in the catalogue and what kind of indicator it is."""

    ids: list[str]             # catalogue ids, in catalogue order
    index: np.ndarray          # per row: position in ids, -1 when unknown
    known: np.ndarray          # per row: the indicator is in the catalogue
    safe: np.ndarray           # index with unknown rows at 0, for per-indicator lookups
    derived: np.ndarray        # per row: a derived indicator (cannot be uploaded)
    country: np.ndarray        # per row: a country-level indicator that can be uploaded
    corridor: np.ndarray       # per row: a corridor-level indicator that can be uploaded


def check_indicators(cells: dict[str, TextColumn], kind: np.ndarray, cat: Catalogue, chosen: str | None,
                     flags: Flags, notes: list[str]) -> IndicatorRows:
    """Flag unknown and derived indicators; note series codes read as the indicator chosen on upload."""
    ind = cat.indicators
    index, reason, chosen_for = indicator_index(cells["indicator_id"], kind, cat, chosen)
    known = index >= 0
    flags.add(~known, "indicator_id", reason)
    for text in chosen_for:
        notes.append(_("Indicator code {code} in the file read as {chosen} (the indicator chosen on upload).").format(
            code=repr(text), chosen=chosen))
    derived_by_id = ind["derived_from"].map(lambda v: isinstance(v, str)).to_numpy(bool)
    country_by_id = (ind["level"] == "country").to_numpy(bool)
    corridor_by_id = (ind["level"] == "corridor").to_numpy(bool)
    safe = index if known.all() else np.where(known, index, 0).astype(np.int32)
    derived = known & derived_by_id[safe]
    flags.add(derived, "indicator_id", _("this indicator is derived from corridor data and cannot be uploaded"))
    return IndicatorRows(ids=list(ind.index), index=index, known=known, safe=safe, derived=derived,
                         country=known & ~derived & country_by_id[safe],
                         corridor=known & ~derived & corridor_by_id[safe])


def indicator_index(it: TextColumn, kind: np.ndarray, cat: Catalogue,
                    chosen: str | None) -> tuple[np.ndarray, np.ndarray | str, list[str]]:
    """(catalogue position per row, -1 unknown; the reason per row, "" when all are known; the cells read as the
    chosen indicator). Each distinct (cell, row kind) pair is resolved once."""
    ind = cat.indicators
    ids = list(ind.index)
    id_index = {i: k for k, i in enumerate(ids)}
    lower_ids = {i.lower(): i for i in ids}
    series = series_map(cat)
    pair = it.codes.astype(np.int64) * KINDS + kind
    seen_pairs = np.flatnonzero(np.bincount(pair, minlength=len(it.values) * KINDS))
    lut_idx = np.full(len(it.values) * KINDS, -1, dtype=np.int32)
    lut_reason = np.full(len(it.values) * KINDS, "", dtype=object)
    chosen_for: dict[str, int] = {}
    for p in seen_pairs:
        text, knd = it.values[int(p) // KINDS], int(p) % KINDS
        target, why = resolve_indicator(text, knd, lower_ids, series, ind, chosen)
        if target is not None:
            lut_idx[p] = id_index[target]
            if chosen and target == chosen and text and text.lower() != chosen:
                chosen_for[text] = 1
        lut_reason[p] = why or ""
    index = lut_idx[pair]
    reason = lut_reason[pair] if not (index >= 0).all() else ""
    return index, reason, list(chosen_for)


def series_map(cat: Catalogue) -> dict[str, list[str]]:
    """Upper-cased series code -> indicator ids that list it (non-derived indicators only)."""
    out: dict[str, list[str]] = {}
    for iid, codes, derived in zip(cat.indicators.index, cat.indicators["series_codes"],
                                   cat.indicators["derived_from"]):
        if isinstance(derived, str):
            continue
        for code in codes if isinstance(codes, list) else []:
            out.setdefault(str(code).upper(), []).append(iid)
    return out


def resolve_indicator(text: str, kind: int, lower_ids: dict[str, str], series: dict[str, list[str]],
                      ind: pd.DataFrame, chosen: str | None) -> tuple[str | None, str | None]:
    """(indicator id, None) or (None, reason) for one indicator cell; kind 1 = country row, 2 = corridor row."""
    if not text:
        return (chosen, None) if chosen else (None, _("missing indicator id (give an indicator_id column, or choose "
                                                      "the indicator on upload)"))
    cand = [lower_ids[text.lower()]] if text.lower() in lower_ids else list(series.get(text.upper(), []))
    if chosen:
        if not cand or chosen in cand:
            return chosen, None
        return None, _("the file says {text} ({ids}) but the indicator chosen on upload is {chosen}").format(
            text=text, ids=", ".join(cand), chosen=chosen)
    if not cand:
        if re.fullmatch(r"[A-Z][A-Z0-9_.]*[.][A-Z0-9_.]+|[A-Z]{2}_[A-Z0-9_]+", text):
            return None, _("unknown indicator: series code {code} is not mapped to any indicator of the catalogue "
                           "(choose the indicator on upload, or propose a new indicator with its series code)").format(
                code=text)
        return None, _("unknown indicator (see the catalogue for valid ids)")
    if len(cand) > 1 and kind:
        level = "country" if kind == 1 else "corridor"
        fit = [c for c in cand if ind.at[c, "level"] == level]
        if len(fit) == 1:
            return fit[0], None
        cand = fit or cand
    if len(cand) > 1:
        return None, _("series code {code} belongs to several indicators ({ids}): choose one on upload").format(
            code=text, ids=", ".join(cand))
    return cand[0], None
