"""The value step of validation: numbers read from text (a decimal point, or a decimal comma where the file's decimal
mark is unambiguous; markers, spreadsheet errors, formulas, censored and non-finite values refused), each inside its
indicator's valid range, 0 or 1 for binary indicators."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.store.catalogue import Catalogue
from indicators.uploads.cells import Flags
from indicators.uploads.constants import (
    EXCEL_ERRORS, FORMULA, MAX_PROBLEMS, MISSING_WORDS, NON_FINITE, NUM_COMMA, NUM_DOT, NUM_ENGLISH, NUM_EURO,
    VALUE_REASONS)
from indicators.uploads.indicator_codes import IndicatorRows
from indicators.uploads.long import RawLong


def check_numbers(raw: RawLong, active: np.ndarray, flags: Flags,
                  notes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(value per row, rows holding a finite number); every other value of an active row is flagged with its reason."""
    n = raw.length
    values, vcode, vreasons = parse_values(raw.columns.get("value"), n, notes)
    if (active & (vcode != 0)).any():
        vcol = raw.columns.get("value")
        vtext = (pc.utf8_trim_whitespace(vcol).to_numpy(zero_copy_only=False) if vcol is not None
                 else np.full(n, "", dtype=object))
        for code in range(1, len(vreasons)):
            m = active & (vcode == code)
            if m.any():
                idx = np.flatnonzero(m)[:MAX_PROBLEMS]
                flags.add(m, "value", vreasons[code], values=[str(v)[:80] for v in vtext[idx]])
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
        why[sel] = [f"outside the valid range {lo:g} to {hi:g} for this indicator" for lo, hi in zip(vmin[sel],
                                                                                                    vmax[sel])]
        flags.add(out_of_range, "value", why, values=value_text(raw, sel[:MAX_PROBLEMS]))
    return out_of_range


def check_binary(raw: RawLong, values: np.ndarray, finite: np.ndarray, out_of_range: np.ndarray,
                 active: np.ndarray, rows: IndicatorRows, cat: Catalogue, flags: Flags) -> None:
    """Flag numbers in range other than 0 and 1 for binary indicators (not ratified / ratified)."""
    binary = rows.known & cat.indicators["binary"].fillna(False).astype(bool).to_numpy(bool)[rows.safe]
    bad_bin = active & binary & finite & ~out_of_range & ~np.isin(values, [0.0, 1.0])
    flags.add(bad_bin, "value", "this indicator is 0 or 1 (not ratified / ratified)",
              values=value_text(raw, np.flatnonzero(bad_bin)[:MAX_PROBLEMS]))


def parse_values(col: pa.Array | pa.ChunkedArray | None, n: int,
                 notes: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(float values, reason code per row, reasons) of the value column; code 0 = a finite number.

    Fast path: Arrow parses every cell as a decimal-point number. Otherwise each cell is classified: empty,
    missing-value marker, spreadsheet error, formula, censored (<5), non-finite, decimal comma (read only where the
    file's decimal mark is unambiguous), or not a number.
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
    s = pd.Series(pc.utf8_trim_whitespace(col).to_numpy(zero_copy_only=False), dtype=object)
    low = s.str.lower()
    code = np.full(n, 2, dtype=np.int8)
    values = np.full(n, np.nan)
    dot = s.str.fullmatch(NUM_DOT).fillna(False).to_numpy(bool)
    comma = s.str.fullmatch(NUM_COMMA).fillna(False).to_numpy(bool)
    euro = s.str.fullmatch(NUM_EURO).fillna(False).to_numpy(bool)
    english = s.str.fullmatch(NUM_ENGLISH).fillna(False).to_numpy(bool)
    dot_evidence = (dot & s.str.contains(".", regex=False).to_numpy(bool)) | english
    three = comma & s.str.fullmatch(r"^[+-]?[0-9]{1,3},[0-9]{3}$").fillna(False).to_numpy(bool)
    comma_evidence = (comma & ~three) | euro
    values[dot] = pd.to_numeric(s[dot], errors="coerce").to_numpy(float)
    code[dot] = 0
    if english.any():
        values[english] = pd.to_numeric(s[english].str.replace(",", "", regex=False), errors="coerce").to_numpy(float)
        code[english] = 0
    if comma.any() or euro.any():
        if dot_evidence.any() and comma_evidence.any():
            code[comma | euro] = 8
            if english.any():
                code[english] = 8
        elif comma_evidence.any() and not dot_evidence.any():
            conv = s[comma | euro].str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
            values[comma | euro] = pd.to_numeric(conv, errors="coerce").to_numpy(float)
            code[comma | euro] = 0
            notes.append("Decimal commas read (e.g. 2,5 = 2.5).")
        else:
            code[comma] = 9
    code[(code == 0) & ~np.isfinite(values)] = 3
    code[s.str.fullmatch(NON_FINITE).fillna(False).to_numpy(bool)] = 3
    code[s.str.match(r"^[<>≤≥]\s*[0-9.]").fillna(False).to_numpy(bool)] = 7
    code[s.str.match(FORMULA).fillna(False).to_numpy(bool) & (code != 0)] = 6
    code[low.isin(EXCEL_ERRORS).to_numpy(bool)] = 5
    code[low.isin(MISSING_WORDS).to_numpy(bool)] = 4
    code[(s == "").to_numpy(bool)] = 1
    code[s.str.contains("\n", regex=False).to_numpy(bool)] = 10
    return values, code, reasons


def value_text(raw: RawLong, idx: np.ndarray) -> list[str]:
    """Stripped value cells at rows idx (for problem messages)."""
    col = raw.columns.get("value")
    if col is None:
        return [""] * len(idx)
    taken = pc.take(col, pa.array(idx, type=pa.int64()))
    return [str(v).strip()[:80] for v in taken.to_pylist()]
