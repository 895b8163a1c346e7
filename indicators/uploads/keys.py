"""The key steps of validation: periods (a year or a quarter, from the row's indicator's earliest year, its catalogue
period_min, to next year), sex (total, female, male under their usual spellings), and duplicate keys (indicator,
place, period and sex) once every spelling is canonical."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from indicators.store.catalogue import PERIOD_MIN_DEFAULT, Catalogue
from indicators.uploads.cells import Flags, TextColumn
from indicators.uploads.constants import MAX_PROBLEMS, PERIOD_IN, SEX_WORDS, SEXES
from indicators.uploads.indicator_codes import IndicatorRows
from indicators.uploads.long import RawLong
from indicators.uploads.places import PlaceRows

NOT_CANONICAL = "\x00"       # prefix of a distinct value that has no canonical spelling


@dataclass
class Canonical:
    """A text column in canonical spellings: codes per row into the distinct canonical values, rows without one."""

    codes: np.ndarray
    values: list[str]
    bad: np.ndarray


@dataclass
class Periods(Canonical):
    """Canonical periods ('2019', '2019Q2') and the year of each distinct one (0 for bad ones)."""

    years: np.ndarray


def period(text: str) -> str | None:
    """Canonical period ('2019', '2019Q2') of an accepted spelling, else None."""
    m = PERIOD_IN.match(text)
    if not m:
        return None
    return m.group(1) + (f"Q{m.group(2)}" if m.group(2) else "")


def check_periods(pt: TextColumn, active: np.ndarray, flags: Flags, rows: IndicatorRows | None = None,
                  cat: Catalogue | None = None) -> Periods:
    """Flag periods that are not a year or a quarter, or whose year is before the earliest year of the row's
    indicator (its catalogue period_min; 1950 without a catalogue) or after next year."""
    pcodes, pvals = pt.canon(lambda v: period(v.upper()) or f"{NOT_CANONICAL}{v}")
    bad_p = np.asarray([v.startswith(NOT_CANONICAL) for v in pvals], dtype=bool)[pcodes]
    years = np.asarray([int(v[:4]) if not v.startswith(NOT_CANONICAL) else 0 for v in pvals], dtype=np.int32)
    year_row = years[pcodes]
    top = date.today().year + 1
    flags.add(active & bad_p, "period", "period must be a year (2023) or a quarter (2023Q2)")
    if rows is None or cat is None:
        out = active & ~bad_p & ((year_row < PERIOD_MIN_DEFAULT) | (year_row > top))
        flags.add(out, "period", f"year must be between {PERIOD_MIN_DEFAULT} and {top}")
    else:
        first, reasons = earliest_years(rows, cat, top)
        slot = np.where(rows.known, rows.index, len(rows.ids))        # unknown indicators: the last slot
        out = active & ~bad_p & ((year_row < first[slot]) | (year_row > top))
        if out.any():
            flags.add(out, "period", reasons[slot])
    return Periods(codes=pcodes, values=pvals, bad=bad_p, years=years)


def earliest_years(rows: IndicatorRows, cat: Catalogue, top: int) -> tuple[np.ndarray, np.ndarray]:
    """(earliest valid year, out-of-range reason) per catalogue position of rows.ids, plus a last slot for rows whose
    indicator is unknown (already flagged for it: held to the catalogue's earliest year, never flagged twice)."""
    pmin = cat.indicators["period_min"].reindex(rows.ids).fillna(PERIOD_MIN_DEFAULT).astype(int).tolist()
    lowest = min(pmin, default=PERIOD_MIN_DEFAULT)
    first = np.asarray(pmin + [lowest], dtype=np.int32)
    reasons = np.asarray([f"year must be between {y} and {top} for {iid}" for iid, y in zip(rows.ids, pmin)]
                         + [f"year must be between {lowest} and {top}"], dtype=object)
    return first, reasons


def check_sex(st: TextColumn, active: np.ndarray, flags: Flags) -> Canonical:
    """Flag sex cells other than total, female, male (or their usual spellings, or empty = total)."""
    scodes, svals = st.canon(lambda v: SEX_WORDS.get(v.lower(), f"{NOT_CANONICAL}{v}"))
    bad_s = np.asarray([v.startswith(NOT_CANONICAL) for v in svals], dtype=bool)[scodes]
    flags.add(active & bad_s, "sex", f"sex must be one of {', '.join(SEXES)} (or empty)")
    return Canonical(codes=scodes, values=svals, bad=bad_s)


def check_duplicates(raw: RawLong, rows: IndicatorRows, places: PlaceRows, periods: Periods, sexes: Canonical,
                     active: np.ndarray, flags: Flags) -> None:
    """Flag every repeat of an (indicator, place, period, sex) key, naming the row it repeats; only well-formed keys
    can be duplicates."""
    n = raw.length
    iso, o_iso, d_iso, is_country = places.country, places.origin, places.destination, rows.country
    placed = (is_country & (iso.status == 1)) | (rows.corridor & (o_iso >= 0) & (d_iso >= 0))
    ok_rows = active & rows.known & ~rows.derived & placed & ~periods.bad & ~sexes.bad
    if not ok_rows.any():
        return
    place_a = np.where(is_country, iso.iso, o_iso).astype(np.int64) + 1
    place_b = np.where(is_country, -1, d_iso).astype(np.int64) + 1
    radix = [len(rows.ids) + 1, len(places.iso_list) + 1, len(places.iso_list) + 1, len(periods.values) + 1,
             len(sexes.values) + 1]
    key = rows.index.astype(np.int64)
    for part, r in zip((place_a, place_b, periods.codes.astype(np.int64), sexes.codes.astype(np.int64)), radix[1:]):
        key = key * r + part                      # mixed radix: < 2**62 for any realistic catalogue and file
    key = pd.Series(key if ok_rows.all() else np.where(ok_rows, key, -1 - np.arange(n)))
    dup = key.duplicated(keep="first").to_numpy()
    if not dup.any():
        return
    first_row = pd.Series(raw.rows).groupby(key.to_numpy()).transform("first").to_numpy()
    why = np.full(n, "", dtype=object)
    sel = np.flatnonzero(dup)
    why[sel] = [f"duplicate of row {int(f)} (same indicator, place, period and sex)" for f in first_row[sel]]
    if flags.wide:
        flags.add(dup, "value", why, values=[periods.values[c] for c in periods.codes[sel[:MAX_PROBLEMS]]])
    else:
        flags.add(dup, "period", why)
