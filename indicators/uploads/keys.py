"""The key steps of validation: periods (a year or a quarter, from the row's indicator's earliest year, its catalogue
period_min, to next year), sex (total, female, male under their usual spellings), and duplicate keys (indicator,
place, period and sex) once every spelling is canonical."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from indicators.i18n import _
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
    flags.add(active & bad_p, "period", _("period must be a year (2023) or a quarter (2023Q2)"))
    if rows is None or cat is None:
        out = active & ~bad_p & ((year_row < PERIOD_MIN_DEFAULT) | (year_row > top))
        flags.add(out, "period", _("year must be between {first} and {last}").format(first=PERIOD_MIN_DEFAULT,
                                                                                      last=top))
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
    each = _("year must be between {first} and {last} for {indicator}")
    reasons = np.asarray([each.format(first=y, last=top, indicator=iid) for iid, y in zip(rows.ids, pmin)]
                         + [_("year must be between {first} and {last}").format(first=lowest, last=top)], dtype=object)
    return first, reasons


def check_sex(st: TextColumn, active: np.ndarray, flags: Flags) -> Canonical:
    """Flag sex cells other than total, female, male (or their usual spellings, or empty = total)."""
    scodes, svals = st.canon(lambda v: SEX_WORDS.get(v.lower(), f"{NOT_CANONICAL}{v}"))
    bad_s = np.asarray([v.startswith(NOT_CANONICAL) for v in svals], dtype=bool)[scodes]
    flags.add(active & bad_s, "sex", _("sex must be one of {values} (or empty)").format(values=", ".join(SEXES)))
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
    width = len(places.iso_list) + 1
    key = rows.index.astype(np.int64)                 # mixed radix, built in place: < 2**62 for any real file
    parts = ((lambda: np.where(is_country, iso.iso, o_iso), width, 1),
             (lambda: np.where(is_country, -1, d_iso), width, 1),
             (lambda: periods.codes, len(periods.values) + 1, 0), (lambda: sexes.codes, len(sexes.values) + 1, 0))
    for part, r, offset in parts:                     # one part at a time: no int64 copy of every part
        np.multiply(key, r, out=key)
        np.add(key, part(), out=key, casting="unsafe")
        if offset:
            np.add(key, offset, out=key)
    if not ok_rows.all():
        key = np.where(ok_rows, key, -1 - np.arange(n, dtype=np.int64))
    order = np.argsort(key, kind="stable")            # equal keys side by side, in file order
    ks = key[order]
    repeat = np.zeros(n, dtype=bool)
    np.equal(ks[1:], ks[:-1], out=repeat[1:])
    if not repeat.any():
        return
    dup = np.zeros(n, dtype=bool)
    dup[order[repeat]] = True
    del repeat
    shown = np.flatnonzero(dup)[:MAX_PROBLEMS]
    first = order[np.searchsorted(ks, key[shown], side="left")]      # the first row with the same key
    why = np.full(n, "", dtype=object)
    text = _("duplicate of row {row} (same indicator, place, period and sex)")
    why[shown] = [text.format(row=int(raw.rows[f])) for f in first]
    if flags.wide:
        flags.add(dup, "value", why, values=[periods.values[c] for c in periods.codes[shown]])
    else:
        flags.add(dup, "period", why)
