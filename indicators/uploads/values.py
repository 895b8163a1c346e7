"""The value step of validation: numbers read from text (a decimal point, or a decimal comma where the file's decimal
mark is unambiguous; markers, spreadsheet errors, formulas, censored and non-finite values refused), each inside its
indicator's valid range, 0 or 1 for binary indicators."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.i18n import _
from indicators.i18n.formats import significant
from indicators.store.catalogue import Catalogue
from indicators.uploads.cells import Flags
from indicators.uploads.constants import (
    EXCEL_ERRORS, FORMULA, MAX_PROBLEMS, MISSING_WORDS, NON_FINITE, NUM_COMMA, NUM_DOT, NUM_ENGLISH, NUM_EURO,
    VALUE_REASONS)
from indicators.uploads.indicator_codes import IndicatorRows
from indicators.uploads.long import RawLong

Evidence = tuple[bool, bool, bool]      # (a decimal comma or European number, a dot decimal mark, a comma one)


def check_numbers(raw: RawLong, active: np.ndarray, flags: Flags,
                  notes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(value per row, rows holding a finite number); every other value of an active row is flagged with its reason."""
    n = raw.length
    values, vcode, vreasons = parse_values(raw.columns.get("value"), n, notes)
    if (active & (vcode != 0)).any():
        for code in range(1, len(vreasons)):
            m = active & (vcode == code)
            if m.any():
                flags.add(m, "value", vreasons[code], values=value_text(raw, np.flatnonzero(m)[:MAX_PROBLEMS]))
    return values, vcode == 0


def check_ranges(raw: RawLong, values: np.ndarray, finite: np.ndarray, active: np.ndarray, rows: IndicatorRows,
                 cat: Catalogue, flags: Flags) -> np.ndarray:
    """Flag numbers outside their indicator's valid range; returns those rows."""
    ind, safe, n = cat.indicators, rows.safe, raw.length
    vmin = ind["valid_min"].to_numpy(float)[safe]
    vmax = ind["valid_max"].to_numpy(float)[safe]
    out_of_range = active & finite & rows.known & ((values < vmin) | (values > vmax))
    if out_of_range.any():
        why = np.full(n, "", dtype=object)
        sel = np.flatnonzero(out_of_range)
        text = _("outside the valid range {low} to {high} for this indicator")
        why[sel] = [text.format(low=significant(lo, 6), high=significant(hi, 6))
                    for lo, hi in zip(vmin[sel], vmax[sel])]
        flags.add(out_of_range, "value", why, values=value_text(raw, sel[:MAX_PROBLEMS]))
    return out_of_range


def check_binary(raw: RawLong, values: np.ndarray, finite: np.ndarray, out_of_range: np.ndarray,
                 active: np.ndarray, rows: IndicatorRows, cat: Catalogue, flags: Flags) -> None:
    """Flag numbers in range other than 0 and 1 for binary indicators (not ratified / ratified)."""
    binary = rows.known & cat.indicators["binary"].fillna(False).astype(bool).to_numpy(bool)[rows.safe]
    bad_bin = active & binary & finite & ~out_of_range & ~np.isin(values, [0.0, 1.0])
    flags.add(bad_bin, "value", _("this indicator is 0 or 1 (not ratified / ratified)"),
              values=value_text(raw, np.flatnonzero(bad_bin)[:MAX_PROBLEMS]))


def parse_values(col: pa.Array | pa.ChunkedArray | None, n: int, notes: list[str],
                 evidence: Evidence | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(float values, reason code per row, reasons) of the value column; code 0 = a finite number.

    Fast path: Arrow parses every cell as a decimal-point number. Otherwise each cell is classified with Arrow's
    regular expressions (no Python object per cell): empty, missing-value marker, spreadsheet error, formula,
    censored (<5), non-finite, decimal comma (read only where the file's decimal mark is unambiguous), or not a
    number. evidence: the file's decimal marks when col is a part of the file's values (a wide file's column).
    """
    reasons = list(VALUE_REASONS)
    if col is None:
        return np.full(n, np.nan), np.ones(n, dtype=np.int8), reasons
    try:
        values = pc.cast(col, pa.float64()).to_numpy(zero_copy_only=False)
        code = np.where(np.isfinite(values), 0, 3).astype(np.int8)
        return values, code, reasons
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    s = pc.utf8_trim_whitespace(col)
    s = s.combine_chunks() if isinstance(s, pa.ChunkedArray) else s
    matches = _matcher(s)
    code = np.full(n, 2, dtype=np.int8)
    values = np.full(n, np.nan)
    dot, comma, euro, english = matches(NUM_DOT), matches(NUM_COMMA), matches(NUM_EURO), matches(NUM_ENGLISH)
    marks, dot_evidence, comma_evidence = evidence or _evidence(s, matches, dot, comma, euro, english)
    _read(values, code, s, dot)
    if english.any():
        _read(values, code, pc.replace_substring(s, ",", ""), english)
    if marks:
        if dot_evidence and comma_evidence:
            code[comma | euro | english] = 8
        elif comma_evidence and not dot_evidence:
            _read(values, code, pc.replace_substring(pc.replace_substring(s, ".", ""), ",", "."), comma | euro)
            notes.append(_("Decimal commas read (e.g. 2,5 = 2.5)."))
        else:
            code[comma] = 9
    code[(code == 0) & ~np.isfinite(values)] = 3
    code[matches(NON_FINITE)] = 3
    code[matches(r"^[<>≤≥]\s*[0-9.]")] = 7
    code[matches(FORMULA) & (code != 0)] = 6
    low = pc.utf8_lower(s)
    code[pc.is_in(low, value_set=pa.array(sorted(EXCEL_ERRORS))).to_numpy(zero_copy_only=False)] = 5
    code[pc.is_in(low, value_set=pa.array(sorted(MISSING_WORDS))).to_numpy(zero_copy_only=False)] = 4
    code[pc.equal(s, "").to_numpy(zero_copy_only=False)] = 1
    code[pc.match_substring(s, "\n").to_numpy(zero_copy_only=False)] = 10
    return values, code, reasons


def _matcher(s: pa.Array):
    """A function: rows of s whose cell matches an anchored pattern (RE2; the constants' Python patterns are
    RE2-compatible)."""
    def matches(pattern) -> np.ndarray:
        """Rows whose cell matches the pattern."""
        text = pattern.pattern if hasattr(pattern, "pattern") else pattern
        flags = "(?i)" if getattr(pattern, "flags", 0) & re.IGNORECASE else ""
        return pc.match_substring_regex(s, flags + text).to_numpy(zero_copy_only=False)
    return matches


def _evidence(s: pa.Array, matches, dot: np.ndarray, comma: np.ndarray, euro: np.ndarray,
              english: np.ndarray) -> Evidence:
    """The decimal marks the cells show: (any comma or European number, a dot used as a decimal mark, a comma
    used as one)."""
    dot_evidence = (dot & pc.match_substring(s, ".").to_numpy(zero_copy_only=False)) | english
    comma_evidence = (comma & ~matches(r"^[+-]?[0-9]{1,3},[0-9]{3}$")) | euro
    return bool(comma.any() or euro.any()), bool(dot_evidence.any()), bool(comma_evidence.any())


def decimal_evidence(col: pa.Array | pa.ChunkedArray) -> Evidence:
    """The decimal marks one part of a file's values shows (combined over the parts with any())."""
    s = pc.utf8_trim_whitespace(col)
    s = s.combine_chunks() if isinstance(s, pa.ChunkedArray) else s
    matches = _matcher(s)
    return _evidence(s, matches, matches(NUM_DOT), matches(NUM_COMMA), matches(NUM_EURO), matches(NUM_ENGLISH))


def _read(values: np.ndarray, code: np.ndarray, text: pa.Array, mask: np.ndarray) -> None:
    """Parse the cells of a mask as numbers into values (code 0 where they parse)."""
    if not mask.any():
        return
    idx = np.flatnonzero(mask)
    try:
        values[idx] = pc.cast(pc.take(text, pa.array(idx)), pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values[idx] = pd.to_numeric(pd.Series(pc.take(text, pa.array(idx)).to_pylist()), errors="coerce").to_numpy()
    code[idx] = 0


def value_text(raw: RawLong, idx: np.ndarray) -> list[str]:
    """Stripped value cells at rows idx (for problem messages)."""
    col = raw.columns.get("value")
    if col is None:
        return [""] * len(idx)
    taken = pc.take(col, pa.array(idx, type=pa.int64()))
    return [str(v).strip()[:80] for v in taken.to_pylist()]
