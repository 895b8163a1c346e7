"""Ingestion: validate an upload against the catalogue and the country reference, preview it, then commit it whole.

A file is either committed in full as one new upload or rejected in full with row- and column-level problems;
a rejected file leaves the data directory byte-identical (nothing is written before validation has passed).
Row numbers are the file's rows as a spreadsheet shows them: the header is row 1 (or the row it is on, below a
World Bank metadata block), the first data row is the next one.

Pipeline: bytes -> formats.read_upload (any layout, as text cells) -> validate_long (vectorised: every text column
is dictionary-encoded, each distinct value is checked once, then flags are mapped back to rows) -> Prepared ->
changes() (new / changed / unchanged against the current data) -> commit() (one Parquet file, then the log record).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.store.catalogue import Catalogue
from indicators.uploads.formats import (
    FIELDS, Problem, RawLong, Rejected, decode_bytes, detect_delimiter, read_sheet, read_upload, reject,
    set_aside_frame, sniff_binary)
from indicators.store.observations import OBS_COLUMNS, UPLOAD_ID_RE, Store
from indicators.store.files import atomic_write_bytes, new_upload_id, sha256_file, utc_now

MAX_BYTES_DEFAULT = 200 * 1024 * 1024
MAX_ROWS_DEFAULT = 5_000_000
MAX_BYTES_ENV, MAX_ROWS_ENV = "MPD_MAX_UPLOAD_BYTES", "MPD_MAX_UPLOAD_ROWS"
MAX_TEXT = 1000
MAX_PROBLEMS = 5000
SEXES = ("total", "female", "male")
SEX_WORDS = {"": "total", "total": "total", "t": "total", "all": "total", "both": "total", "both sexes": "total",
             "bothsex": "total", "_t": "total", "female": "female", "f": "female", "women": "female",
             "male": "male", "m": "male", "men": "male"}
COUNTRY_COLUMNS = ("iso3",)
CORRIDOR_COLUMNS = ("origin_iso3", "destination_iso3")
REQUIRED = ("indicator_id", "period", "value")
OPTIONAL = ("sex", "source", "note", "unit")
PERIOD_RE = r"^\d{4}(Q[1-4])?$"
PERIOD_IN = re.compile(r"^(\d{4})(?:\.0+)?(?:\s*-?\s*Q([1-4]))?$", re.IGNORECASE)
TEMPLATE_MARK = "EXAMPLE ROW - delete this row before uploading"
NUM_DOT = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
NUM_COMMA = re.compile(r"^[+-]?\d+,\d+$")
NUM_EURO = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+,\d+$")
NUM_ENGLISH = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+\.\d+$")
NON_FINITE = re.compile(r"^[+-]?(?:nan|inf|infinity)$", re.IGNORECASE)
MISSING_WORDS = frozenset({"..", "...", "…", "na", "n/a", "n.a.", "-", "--", "—", "null", "none", "missing", "nd"})
EXCEL_ERRORS = frozenset({"#n/a", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!"})
FORMULA = re.compile(r"^[=@]|^[+\-]\S*[(|!]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CODE_LIKE = re.compile(r"^[A-Za-z]{3}$")


def limits() -> tuple[int, int]:
    """(maximum bytes, maximum rows) of an upload: $MPD_MAX_UPLOAD_BYTES / $MPD_MAX_UPLOAD_ROWS or the defaults."""
    def env(name: str, default: int) -> int:
        try:
            v = int(os.environ.get(name, "") or default)
            return v if v > 0 else default
        except ValueError:
            return default
    return env(MAX_BYTES_ENV, MAX_BYTES_DEFAULT), env(MAX_ROWS_ENV, MAX_ROWS_DEFAULT)


# ---------------------------------------------------------------------- results
@dataclass
class IngestResult:
    """Outcome of an ingest: committed (upload_id set), checked only (dry run), or rejected (problems listed)."""

    ok: bool
    upload_id: str | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    frame: pd.DataFrame | None = None           # the clean rows (None for uploads over 100,000 rows: see table)
    table: pa.Table | None = None
    problem_count: int = 0
    layout: str | None = None
    notes: list[str] = field(default_factory=list)
    set_aside: pd.DataFrame | None = None
    changes: "Changes | None" = None
    sha256: str | None = None
    file_name: str | None = None

    def problems_frame(self) -> pd.DataFrame:
        """Problems as a table with columns row, column, value, reason."""
        return problems_frame(self.problems)

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary (the HTTP API's answer)."""
        out: dict[str, Any] = {"ok": self.ok, "upload_id": self.upload_id, "rows": self.rows, "layout": self.layout,
                               "file_name": self.file_name, "sha256": self.sha256, "notes": self.notes}
        if self.set_aside is not None and len(self.set_aside):
            out["set_aside"] = _records(self.set_aside)
        if self.changes is not None:
            out["changes"] = self.changes.counts()
        if not self.ok:
            out["problem_count"] = self.problem_count or len(self.problems)
            out["problems"] = _records(self.problems_frame())
        return out


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-safe dicts (NaN -> None, numpy ints -> int)."""
    out = []
    for rec in df.to_dict("records"):
        out.append({k: (None if (v is None or (isinstance(v, float) and np.isnan(v))) else
                        int(v) if isinstance(v, (np.integer,)) else float(v) if isinstance(v, np.floating) else v)
                    for k, v in rec.items()})
    return out


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table with columns row, column, value, reason (row is empty for file-level problems)."""
    df = pd.DataFrame([p.__dict__ for p in problems], columns=["row", "column", "value", "reason"])
    df["row"] = df["row"].astype("Int64")
    return df


def problems_csv(problems: list[Problem]) -> str:
    """The problem table as CSV text (row, column, value, reason), formula-like cells neutralised."""
    df = problems_frame(problems).astype(object).where(lambda d: d.notna(), "")
    for c in ("column", "value", "reason"):
        df[c] = df[c].map(lambda v: "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r")
                          else v)
    return df.to_csv(index=False)


@dataclass
class Changes:
    """What a prepared upload changes in the current data."""

    new: int
    changed: int
    unchanged: int
    detail: pd.DataFrame          # changed rows first, then new ones (capped): row, indicator, place, period, ...

    def counts(self) -> dict[str, int]:
        """{'new': ..., 'changed': ..., 'unchanged': ...}."""
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}


@dataclass
class Validation:
    """Outcome of validate_long: clean observations or problems, plus rows set aside and notes."""

    table: pa.Table | None
    rows: np.ndarray
    problems: list[Problem]
    problem_count: int
    set_aside: list[dict]
    notes: list[str]


# ---------------------------------------------------------------------- reading (kept for callers of the first API)
def read_csv_text(text: str) -> pd.DataFrame:
    """Parse CSV text into a DataFrame of stripped strings named by the lower-cased header; raises Rejected."""
    sheet = read_sheet(text.encode("utf-8"))
    df = sheet.table.to_pandas()
    df.columns = [h.lower() for h in sheet.header]
    for col in df.columns:
        df[col] = df[col].astype(object).str.strip()
    return df


def read_file(path: str | os.PathLike, max_bytes: int = MAX_BYTES_DEFAULT) -> pd.DataFrame:
    """Read an upload from disk with size and binary checks, returning raw string cells."""
    return read_csv_text(decode_bytes(read_bytes(path, max_bytes)))


def read_bytes(path: str | os.PathLike, max_bytes: int = MAX_BYTES_DEFAULT) -> bytes:
    """The bytes of a file, refused (Rejected) before reading when it is over the size limit."""
    size = os.path.getsize(path)
    if size > max_bytes:
        raise reject(f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes")
    with open(path, "rb") as fh:
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise reject(f"the file is over the limit of {max_bytes:,} bytes")
    return raw


# ---------------------------------------------------------------------- validation helpers
class _Text:
    """A text column as dictionary codes plus its distinct values (stripped): each distinct value is checked once."""

    def __init__(self, arr: pa.Array | pa.ChunkedArray | None, n: int):
        if arr is None or n == 0:
            self.codes = np.zeros(n, dtype=np.int32)
            self.values = [""]
            self.present = False
            return
        if isinstance(arr, pa.ChunkedArray):
            if all(_all_empty(c) for c in arr.chunks):
                self.codes, self.values, self.present = np.zeros(n, dtype=np.int32), [""], True
                return
            arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
        arr = arr.fill_null("") if arr.null_count else arr
        enc = pc.dictionary_encode(arr)
        self.codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
        self.values = [v.strip() for v in enc.dictionary.to_pylist()]
        self.present = True

    def per_row(self, per_value: list | np.ndarray, dtype=None) -> np.ndarray:
        """Broadcast one result per distinct value to every row."""
        return np.asarray(per_value, dtype=dtype)[self.codes]

    def canon(self, fn: Callable[[str], str]) -> tuple[np.ndarray, list[str]]:
        """(codes, distinct values) after mapping every value through fn (values that become equal merge)."""
        index: dict[str, int] = {}
        remap = np.fromiter((index.setdefault(fn(v), len(index)) for v in self.values), dtype=np.int32,
                            count=len(self.values))
        return remap[self.codes], list(index)

    def nonempty(self) -> np.ndarray:
        """Rows whose stripped value is not empty."""
        return self.per_row([v != "" for v in self.values], bool)


def _all_empty(arr: pa.Array) -> bool:
    """True if every cell of a string array is empty (its character buffer is empty): no need to encode it."""
    if not pa.types.is_string(arr.type) or arr.null_count:
        return False
    data = arr.buffers()[2]
    return data is None or (arr.offset == 0 and data.size == 0) or len(arr) == 0


class _Flags:
    """Collects problems: one per flagged row, at most MAX_PROBLEMS kept (first rows first), all counted."""

    def __init__(self, raw: RawLong, cells: dict[str, _Text]):
        self.raw, self.cells = raw, cells
        self.problems: list[Problem] = []
        self.count = 0
        self.wide = raw.value_columns is not None

    def cell(self, fld: str, idx: np.ndarray) -> list[str | None]:
        """The (stripped) cell text of a field at rows idx."""
        t = self.cells.get(fld)
        if t is None or not t.present:
            return [None] * len(idx)
        return [t.values[c][:80] for c in t.codes[idx]]

    def add(self, mask: np.ndarray, fld: str, reason: str | list[str] | np.ndarray, column: str | None = None,
            values: list[str] | None = None) -> None:
        """Flag the rows of a mask; reason is one text or one per row of the whole table."""
        if not mask.any():
            return
        idx = np.flatnonzero(mask)
        if self.wide and fld not in ("value", "period"):
            _, first = np.unique(self.raw.rows[idx], return_index=True)   # one problem per file row
            idx = idx[np.sort(first)]
        self.count += len(idx)
        idx = idx[:MAX_PROBLEMS]
        vals = values if values is not None else self.cell(fld, idx)
        if fld in ("value",) and self.wide:
            cols = [str(c) for c in self.raw.value_columns[idx]]
        else:
            cols = [column or self.raw.label(fld)] * len(idx)
        reasons = [reason] * len(idx) if isinstance(reason, str) else [reason[i] for i in idx]
        rows = self.raw.rows[idx]
        for r, c, v, why in zip(rows, cols, vals, reasons):
            self.problems.append(Problem(int(r), c, v, why))

    def file(self, reason: str) -> None:
        """A problem about the whole file."""
        self.count += 1
        self.problems.append(Problem(None, None, None, reason))


def _series_map(cat: Catalogue) -> dict[str, list[str]]:
    """Upper-cased series code -> indicator ids that list it (non-derived indicators only)."""
    out: dict[str, list[str]] = {}
    for iid, codes, derived in zip(cat.indicators.index, cat.indicators["series_codes"],
                                   cat.indicators["derived_from"]):
        if isinstance(derived, str):
            continue
        for code in codes if isinstance(codes, list) else []:
            out.setdefault(str(code).upper(), []).append(iid)
    return out


def _period(text: str) -> str | None:
    """Canonical period ('2019', '2019Q2') of an accepted spelling, else None."""
    m = PERIOD_IN.match(text)
    if not m:
        return None
    return m.group(1) + (f"Q{m.group(2)}" if m.group(2) else "")


def _place_reason(text: str, status: str, candidates: tuple[str, ...]) -> str:
    """Why a place cannot be used."""
    if status == "ambiguous":
        return f"ambiguous country name: could be {' or '.join(candidates)}; use the ISO3 code"
    if CODE_LIKE.match(text):
        return "unknown ISO 3166-1 alpha-3 country code"
    close = f" (close: {', '.join(candidates)})" if candidates else ""
    return f"unknown country name or code{close}"


@dataclass
class _Places:
    """A place column resolved per distinct value: iso3 index (-1 none), status code, reason."""

    iso: np.ndarray      # per row
    status: np.ndarray   # per row: 0 empty, 1 country, 2 aggregate, 3 unknown/ambiguous
    reason: list[str]    # per distinct value
    text: _Text


def _resolve_places(t: _Text, iso_index: dict[str, int], valid: frozenset[str]) -> _Places:
    """Resolve every distinct name or code of a place column (countries.resolve: codes, names, aliases)."""
    from indicators.store.countries import resolve
    iso, status, reason = [], [], []
    for v in t.values:
        if not v:
            iso.append(-1), status.append(0), reason.append("")
            continue
        r = resolve(v)
        if r.iso3 and r.iso3 in valid:
            iso.append(iso_index[r.iso3]), status.append(1), reason.append("")
        elif r.status == "aggregate":
            iso.append(-1), status.append(2), reason.append("a regional or income aggregate, not a country")
        else:
            iso.append(-1), status.append(3), reason.append(_place_reason(v, r.status, r.candidates))
    return _Places(iso=t.per_row(iso, np.int32), status=t.per_row(status, np.int8), reason=reason, text=t)


def _parse_values(col: pa.Array | pa.ChunkedArray | None, n: int, notes: list[str]) -> tuple[np.ndarray, np.ndarray,
                                                                                           list[str]]:
    """(float values, reason code per row, reasons) of the value column; code 0 = a finite number.

    Fast path: Arrow parses every cell as a decimal-point number. Otherwise each cell is classified: empty,
    missing-value marker, spreadsheet error, formula, censored (<5), non-finite, decimal comma (read only where the
    file's decimal mark is unambiguous), or not a number.
    """
    reasons = ["", "missing value (leave the row out instead)", "not a number", "not a finite number",
               "a missing-value marker, not a number (leave the row out instead)",
               "a spreadsheet error value, not a number", "looks like a spreadsheet formula, not a number",
               "a censored value (such as <5) cannot be stored as a number",
               "decimal mark is ambiguous: the file has both decimal points and decimal commas",
               "could be a thousands separator or a decimal comma (1,234 = 1234 or 1.234?): write the number "
               "without thousands separators, with a decimal point",
               "the value contains a line break: probably a quote (\") opened and never closed"]
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
    three = comma & s.str.fullmatch(r"^[+-]?\d{1,3},\d{3}$").fillna(False).to_numpy(bool)
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
    code[s.str.match(r"^[<>≤≥]\s*[\d.]").fillna(False).to_numpy(bool)] = 7
    code[s.str.match(FORMULA).fillna(False).to_numpy(bool) & (code != 0)] = 6
    code[low.isin(EXCEL_ERRORS).to_numpy(bool)] = 5
    code[low.isin(MISSING_WORDS).to_numpy(bool)] = 4
    code[(s == "").to_numpy(bool)] = 1
    code[s.str.contains("\n", regex=False).to_numpy(bool)] = 10
    return values, code, reasons


# ---------------------------------------------------------------------- validation
def validate_long(raw: RawLong, cat: Catalogue, valid_iso3: frozenset[str] | None = None, *,
                  indicator: str | None = None, max_rows: int = MAX_ROWS_DEFAULT,
                  default_source: str | None = None) -> Validation:
    """Validate text cells in the long layout; returns clean observations or every problem (vectorised)."""
    from indicators.store.countries import iso3_set
    valid = valid_iso3 or iso3_set()
    notes = list(raw.notes)
    n = raw.length
    set_aside = list(raw.set_aside)
    empty = Validation(None, np.zeros(0, dtype=np.int64), [], 0, set_aside, notes)
    if raw.problems:
        empty.problems, empty.problem_count = list(raw.problems), len(raw.problems)
        return empty
    if n == 0:
        reason = ("the file has a header but no data rows" if raw.layout == "long" and not set_aside
                  else "no values to load: every row was set aside (aggregates) or every year cell is empty")
        empty.problems, empty.problem_count = [Problem(None, None, None, reason)], 1
        return empty
    if n > max_rows:
        empty.problems = [Problem(None, None, None, f"{n:,} rows is over the limit of {max_rows:,}")]
        empty.problem_count = 1
        return empty
    if indicator is not None and indicator not in cat.indicators.index:
        empty.problems = [Problem(None, None, indicator, "the chosen indicator is not in the catalogue")]
        empty.problem_count = 1
        return empty
    names = [f for f in FIELDS if f != "value"]
    if n > 100_000:                                   # Arrow releases the GIL: encode the columns side by side
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            cells = dict(zip(names, pool.map(lambda f: _Text(raw.columns.get(f), n), names)))
    else:
        cells = {f: _Text(raw.columns.get(f), n) for f in names}
    flags = _Flags(raw, cells)
    ind = cat.indicators

    # places present per row (decides the level when a series code maps to a country and a corridor indicator)
    has_country = cells["iso3"].nonempty()
    has_mig = cells["origin_iso3"].nonempty() | cells["destination_iso3"].nonempty()
    has_money = cells["sending"].nonempty() | cells["receiving"].nonempty()
    kind = np.where(has_mig | has_money, 2, np.where(has_country, 1, 0)).astype(np.int8)

    # ---- indicator: id, or series code mapped through the catalogue, or the indicator chosen on upload
    ids = list(ind.index)
    id_index = {i: k for k, i in enumerate(ids)}
    lower_ids = {i.lower(): i for i in ids}
    series = _series_map(cat)
    it = cells["indicator_id"]
    pair = it.codes.astype(np.int64) * 3 + kind
    seen_pairs = np.flatnonzero(np.bincount(pair, minlength=len(it.values) * 3))
    lut_idx = np.full(len(it.values) * 3, -1, dtype=np.int32)
    lut_reason = np.full(len(it.values) * 3, "", dtype=object)
    chosen_for: dict[str, int] = {}
    for p in seen_pairs:
        text, knd = it.values[int(p) // 3], int(p) % 3
        target, why = _resolve_indicator(text, knd, lower_ids, series, ind, indicator)
        if target is not None:
            lut_idx[p] = id_index[target]
            if indicator and target == indicator and text and text.lower() != indicator:
                chosen_for[text] = 1
        lut_reason[p] = why or ""
    ind_idx = lut_idx[pair]
    known = ind_idx >= 0
    ind_reason = lut_reason[pair] if not known.all() else ""
    flags.add(~known, "indicator_id", ind_reason)
    for text in chosen_for:
        notes.append(f"Indicator code {text!r} in the file read as {indicator} (the indicator chosen on upload).")
    derived_by_id = ind["derived_from"].map(lambda v: isinstance(v, str)).to_numpy(bool)
    country_by_id = (ind["level"] == "country").to_numpy(bool)
    corridor_by_id = (ind["level"] == "corridor").to_numpy(bool)
    money_by_id = (ind["raw_direction"] == "money").to_numpy(bool)
    safe = ind_idx if known.all() else np.where(known, ind_idx, 0).astype(np.int32)
    derived = known & derived_by_id[safe]
    flags.add(derived, "indicator_id", "this indicator is derived from corridor data and cannot be uploaded")
    is_country = known & ~derived & country_by_id[safe]
    is_corridor = known & ~derived & corridor_by_id[safe]

    # ---- places
    iso_list = sorted(valid)
    iso_index = {c: k for k, c in enumerate(iso_list)}
    P = {f: _resolve_places(cells[f], iso_index, valid)
         for f in ("iso3", "origin_iso3", "destination_iso3", "sending", "receiving")}
    aside = np.zeros(n, dtype=bool)

    def place_checks(rows_mask: np.ndarray, pl: _Places, fld: str, column: str, missing: str) -> None:
        """Flag missing/unknown places and set aggregates aside, for the rows of a mask."""
        flags.add(rows_mask & (pl.status == 0), fld, missing, column=column)
        agg = rows_mask & (pl.status == 2)
        if agg.any():
            aside[agg] = True
            for r, v in zip(raw.rows[agg], [pl.text.values[c] for c in pl.text.codes[agg]]):
                set_aside.append({"row": int(r), "column": column, "value": v, "place": v,
                                  "reason": "a regional or income aggregate, not a country"})
        bad = rows_mask & (pl.status == 3)
        if bad.any():
            flags.add(bad, fld, pl.text.per_row(pl.reason, object), column=column)

    iso = P["iso3"]
    place_checks(is_country, iso, "iso3", raw.label("iso3"), "missing country code for a country-level indicator")
    if cells["iso3_name"].present:
        names = _resolve_places(cells["iso3_name"], iso_index, valid)
        clash = is_country & (iso.status == 1) & (names.status == 1) & (names.iso != iso.iso)
        if clash.any():
            from indicators.store.countries import name_of
            why = np.full(n, "", dtype=object)
            sel = np.flatnonzero(clash)
            why[sel] = [f"the name is {name_of(iso_list[b])} ({iso_list[b]}) but the code in {raw.label('iso3')} "
                        f"is {iso_list[a]}" for a, b in zip(iso.iso[sel], names.iso[sel])]
            flags.add(clash, "iso3_name", why)
    for col in ("origin_iso3", "destination_iso3", "sending", "receiving"):
        flags.add(is_country & cells[col].nonempty(), col,
                  "a country-level indicator takes iso3, not origin/destination")
    flags.add(is_corridor & has_country, "iso3",
              "a corridor-level indicator takes origin_iso3 and destination_iso3, not iso3")
    use_mig = is_corridor & has_mig
    use_money = is_corridor & ~has_mig
    both = is_corridor & has_mig & has_money
    flags.add(both, "sending", "give either origin/destination (migration direction) or sending/receiving "
                               "country, not both")
    money_dir = use_money & money_by_id[safe]
    swap_rows = int(money_dir.sum())
    # origin/destination in the direction people migrate
    o_iso = np.where(use_mig, P["origin_iso3"].iso, np.where(money_dir, P["receiving"].iso, P["sending"].iso))
    d_iso = np.where(use_mig, P["destination_iso3"].iso, np.where(money_dir, P["sending"].iso, P["receiving"].iso))
    place_checks(use_mig, P["origin_iso3"], "origin_iso3", raw.label("origin_iso3"),
                 "missing country code for a corridor-level indicator")
    place_checks(use_mig, P["destination_iso3"], "destination_iso3", raw.label("destination_iso3"),
                 "missing country code for a corridor-level indicator")
    place_checks(use_money, P["sending"], "sending", raw.label("sending"),
                 "missing sending country for a corridor-level indicator")
    place_checks(use_money, P["receiving"], "receiving", raw.label("receiving"),
                 "missing receiving country for a corridor-level indicator")
    same = is_corridor & (o_iso >= 0) & (o_iso == d_iso)
    flags.add(same & use_mig, "destination_iso3", "origin and destination are the same country")
    flags.add(same & use_money, "receiving", "sending and receiving country are the same")
    if swap_rows:
        notes.append(f"{swap_rows:,} corridor rows run in remittance direction (money sent from the sending to the "
                     "receiving country) and are stored in migration direction: origin = receiving country, "
                     "destination = sending country (catalogue: raw_direction money).")
    active = ~aside

    # ---- period
    pt = cells["period"]
    pcodes, pvals = pt.canon(lambda v: _period(v.upper()) or f"\x00{v}")
    bad_p = np.asarray([v.startswith("\x00") for v in pvals], dtype=bool)[pcodes]
    years = np.asarray([int(v[:4]) if not v.startswith("\x00") else 0 for v in pvals], dtype=np.int32)
    year_row = years[pcodes]
    top = date.today().year + 1
    flags.add(active & bad_p, "period", "period must be a year (2023) or a quarter (2023Q2)")
    flags.add(active & ~bad_p & ((year_row < 1950) | (year_row > top)), "period",
              f"year must be between 1950 and {top}")

    # ---- value
    values, vcode, vreasons = _parse_values(raw.columns.get("value"), n, notes)
    if (active & (vcode != 0)).any():
        vcol = raw.columns.get("value")
        vtext = (pc.utf8_trim_whitespace(vcol).to_numpy(zero_copy_only=False) if vcol is not None
                 else np.full(n, "", dtype=object))
        for code in range(1, len(vreasons)):
            m = active & (vcode == code)
            if m.any():
                idx = np.flatnonzero(m)[:MAX_PROBLEMS]
                flags.add(m, "value", vreasons[code], values=[str(v)[:80] for v in vtext[idx]])
    finite = vcode == 0
    vmin = ind["valid_min"].to_numpy(float)[safe]
    vmax = ind["valid_max"].to_numpy(float)[safe]
    out_of_range = active & finite & known & ((values < vmin) | (values > vmax))
    if out_of_range.any():
        why = np.full(n, "", dtype=object)
        sel = np.flatnonzero(out_of_range)
        why[sel] = [f"outside the valid range {lo:g} to {hi:g} for this indicator" for lo, hi in zip(vmin[sel],
                                                                                                    vmax[sel])]
        flags.add(out_of_range, "value", why, values=_value_text(raw, sel[:MAX_PROBLEMS]))
    binary = known & ind["binary"].fillna(False).astype(bool).to_numpy(bool)[safe]
    bad_bin = active & binary & finite & ~out_of_range & ~np.isin(values, [0.0, 1.0])
    flags.add(bad_bin, "value", "this indicator is 0 or 1 (not ratified / ratified)",
              values=_value_text(raw, np.flatnonzero(bad_bin)[:MAX_PROBLEMS]))

    # ---- sex
    scodes, svals = cells["sex"].canon(lambda v: SEX_WORDS.get(v.lower(), f"\x00{v}"))
    bad_s = np.asarray([v.startswith("\x00") for v in svals], dtype=bool)[scodes]
    flags.add(active & bad_s, "sex", f"sex must be one of {', '.join(SEXES)} (or empty)")

    # ---- free text: source, note, unit
    text_out: dict[str, tuple[np.ndarray, list[str | None]]] = {}
    shortened = 0
    for fld in ("source", "note", "unit"):
        t = cells[fld]
        vals = list(t.values)
        if raw.portal and fld != "unit":
            for k, v in enumerate(vals):
                if len(v) > MAX_TEXT:
                    vals[k] = v[:MAX_TEXT - 1] + "…"
                    shortened += int((t.codes == k).sum())
        too_long = [len(v) > MAX_TEXT for v in vals]
        control = [bool(CONTROL.search(v)) for v in vals]
        formula = [bool(FORMULA.match(v)) and not c for v, c in zip(vals, control)]
        if any(too_long):
            flags.add(active & t.per_row(too_long, bool), fld, f"text longer than {MAX_TEXT} characters")
        if any(control):
            flags.add(active & t.per_row(control, bool), fld, "control characters are not allowed in text")
        if any(formula):
            flags.add(active & t.per_row(formula, bool), fld,
                  "looks like a spreadsheet formula (starts with = + - @): remove the leading sign or quote the text")
        text_out[fld] = (t.codes, [v if v else (default_source if fld == "source" else None) for v in vals])
    if shortened:
        notes.append(f"{shortened:,} source or footnote cells longer than {MAX_TEXT} characters were shortened.")
    if TEMPLATE_MARK in cells["note"].values:
        template = cells["note"].per_row([v == TEMPLATE_MARK for v in cells["note"].values], bool)
        flags.add(active & template, "note", "this is the template's example row: delete it and add your own rows")
    unit_t = cells["unit"]
    if unit_t.present:
        width = len(ids) + 1
        upair = unit_t.codes.astype(np.int64) * width + np.where(known, ind_idx, len(ids))
        lut_u = np.zeros(len(unit_t.values) * width, dtype=bool)
        for p in np.flatnonzero(np.bincount(upair, minlength=len(lut_u))):
            u, k = unit_t.values[int(p) // width], int(p) % width
            lut_u[p] = bool(u) and k < len(ids) and u != ind["unit"].iat[k]
        bad_u = lut_u[upair]
        flags.add(active & bad_u, "unit",
                  "unit does not match the catalogue (leave it empty or use the catalogue's unit)")

    # ---- duplicate keys (after every spelling is made canonical)
    placed = (is_country & (iso.status == 1)) | (is_corridor & (o_iso >= 0) & (d_iso >= 0))
    ok_rows = active & known & ~derived & placed & ~bad_p & ~bad_s     # only well-formed keys can be duplicates
    if ok_rows.any():
        place_a = np.where(is_country, iso.iso, o_iso).astype(np.int64) + 1
        place_b = np.where(is_country, -1, d_iso).astype(np.int64) + 1
        radix = [len(ids) + 1, len(iso_list) + 1, len(iso_list) + 1, len(pvals) + 1, len(svals) + 1]
        key = ind_idx.astype(np.int64)
        for part, r in zip((place_a, place_b, pcodes.astype(np.int64), scodes.astype(np.int64)), radix[1:]):
            key = key * r + part                      # mixed radix: < 2**62 for any realistic catalogue and file
        key = pd.Series(key if ok_rows.all() else np.where(ok_rows, key, -1 - np.arange(n)))
        dup = key.duplicated(keep="first").to_numpy()
        if dup.any():
            first_row = pd.Series(raw.rows).groupby(key.to_numpy()).transform("first").to_numpy()
            why = np.full(n, "", dtype=object)
            sel = np.flatnonzero(dup)
            why[sel] = [f"duplicate of row {int(f)} (same indicator, place, period and sex)" for f in first_row[sel]]
            column = None if flags.wide else raw.label("period")
            if flags.wide:
                flags.add(dup, "value", why, values=[pvals[c] for c in pcodes[sel[:MAX_PROBLEMS]]])
            else:
                flags.add(dup, "period", why, column=column)

    problems = flags.problems
    if problems:
        problems.sort(key=lambda p: (p.row if p.row is not None else 0, p.column or ""))
        problems = problems[:MAX_PROBLEMS]
        return Validation(None, np.zeros(0, dtype=np.int64), problems, flags.count, set_aside, notes)
    keep = np.flatnonzero(active)
    if len(keep) == 0:
        return Validation(None, np.zeros(0, dtype=np.int64),
                          [Problem(None, None, None, "no rows to load: every row was set aside (aggregates)")], 1,
                          set_aside, notes)
    table = _clean_table(keep, n, ind_idx, ids, is_country, iso.iso, o_iso, d_iso, iso_list, pcodes, pvals, years,
                         values, scodes, svals, text_out)
    return Validation(table, raw.rows[keep], [], 0, set_aside, notes)


def _value_text(raw: RawLong, idx: np.ndarray) -> list[str]:
    """Stripped value cells at rows idx (for problem messages)."""
    col = raw.columns.get("value")
    if col is None:
        return [""] * len(idx)
    taken = pc.take(col, pa.array(idx, type=pa.int64()))
    return [str(v).strip()[:80] for v in taken.to_pylist()]


def _resolve_indicator(text: str, kind: int, lower_ids: dict[str, str], series: dict[str, list[str]],
                       ind: pd.DataFrame, chosen: str | None) -> tuple[str | None, str | None]:
    """(indicator id, None) or (None, reason) for one indicator cell; kind 1 = country row, 2 = corridor row."""
    if not text:
        return (chosen, None) if chosen else (None, "missing indicator id (give an indicator_id column, or choose "
                                                    "the indicator on upload)")
    cand = [lower_ids[text.lower()]] if text.lower() in lower_ids else list(series.get(text.upper(), []))
    if chosen:
        if not cand or chosen in cand:
            return chosen, None
        return None, (f"the file says {text} ({', '.join(cand)}) but the indicator chosen on upload is {chosen}")
    if not cand:
        if re.fullmatch(r"[A-Z][A-Z0-9_.]*[.][A-Z0-9_.]+|[A-Z]{2}_[A-Z0-9_]+", text):
            return None, (f"unknown indicator: series code {text} is not mapped to any indicator of the catalogue "
                          "(choose the indicator on upload, or propose a new indicator with its series code)")
        return None, "unknown indicator (see the catalogue for valid ids)"
    if len(cand) > 1 and kind:
        level = "country" if kind == 1 else "corridor"
        fit = [c for c in cand if ind.at[c, "level"] == level]
        if len(fit) == 1:
            return fit[0], None
        cand = fit or cand
    if len(cand) > 1:
        return None, f"series code {text} belongs to several indicators ({', '.join(cand)}): choose one on upload"
    return cand[0], None


def _clean_table(keep, n, ind_idx, ids, is_country, iso, o_iso, d_iso, iso_list, pcodes, pvals, years, values,
                 scodes, svals, text_out) -> pa.Table:
    """The clean observations (store columns without upload_id) built from per-row codes as dictionary arrays: no
    string is copied per row, and Parquet writes the dictionaries as they are."""
    whole = len(keep) == n
    sel = (lambda a: a) if whole else (lambda a: a[keep])

    def dictionary(values_: list, codes: np.ndarray, missing: np.ndarray | None = None) -> pa.DictionaryArray:
        idx = pa.array(codes.astype(np.int32, copy=False), mask=missing)
        return pa.DictionaryArray.from_arrays(idx, pa.array(values_, type=pa.string()))

    country = sel(is_country)
    out = {
        "indicator_id": dictionary(ids, sel(ind_idx)),
        "iso3": dictionary(iso_list, np.where(country, sel(iso), 0), ~country),
        "origin_iso3": dictionary(iso_list, np.where(country, 0, sel(o_iso)), country),
        "destination_iso3": dictionary(iso_list, np.where(country, 0, sel(d_iso)), country),
        "period": dictionary(pvals, sel(pcodes)),
        "year": pa.array(years[sel(pcodes)].astype(np.int16)),
        "value": pa.array(sel(values).astype(np.float64, copy=False)),
        "sex": dictionary(svals, sel(scodes)),
    }
    for fld in ("source", "note"):
        codes, vals = text_out[fld]
        present = np.asarray([v is not None for v in vals], dtype=bool)
        c = sel(codes)
        out[fld] = dictionary([v or "" for v in vals], c, ~present[c] if not present.all() else None)
    return pa.table(out)


def plain(table: pa.Table) -> pa.Table:
    """The table with dictionary columns as plain strings (for pandas and for callers of the first API)."""
    return pa.table({name: (col.cast(pa.string()) if pa.types.is_dictionary(col.type) else col)
                     for name, col in zip(table.column_names, table.columns)})


def validate(df: pd.DataFrame, cat: Catalogue, valid_iso3: frozenset[str],
             max_rows: int = MAX_ROWS_DEFAULT) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate raw string cells (long layout, canonical column names) -> (clean observations, problems)."""
    problems = validate_columns(df)
    if problems:
        return pd.DataFrame(), problems
    cols = {c: pa.array(df[c].astype(object).where(df[c].notna(), "").astype(str).tolist(), type=pa.string())
            for c in df.columns}
    raw = RawLong(columns=cols, rows=np.arange(len(df), dtype=np.int64) + 2, length=len(df), layout="long")
    v = validate_long(raw, cat, valid_iso3, max_rows=max_rows)
    if v.problems:
        return pd.DataFrame(), v.problems
    clean = plain(v.table.drop_columns(["year"])).to_pandas()
    for c in clean.columns:
        if c != "value":
            clean[c] = clean[c].astype(object).where(clean[c].notna(), None)
    return clean, []


def validate_columns(df: pd.DataFrame) -> list[Problem]:
    """Check the header of a canonical long frame: required columns present, place columns present, none unknown."""
    cols = set(df.columns)
    problems = [Problem(1, c, None, "required column is missing") for c in REQUIRED if c not in cols]
    if "iso3" not in cols and not set(CORRIDOR_COLUMNS) <= cols:
        problems.append(Problem(1, "iso3", None,
                                "a place column is missing: give iso3 (country indicators) or "
                                "origin_iso3 and destination_iso3 (corridor indicators)"))
    allowed = set(REQUIRED) | set(OPTIONAL) | set(COUNTRY_COLUMNS) | set(CORRIDOR_COLUMNS)
    for c in df.columns:
        if c not in allowed:
            problems.append(Problem(1, c, None, f"unknown column (allowed: {', '.join(sorted(allowed))})"))
    return problems


# ---------------------------------------------------------------------- prepare, compare, commit
@dataclass
class Prepared:
    """A validated (or rejected) upload held in memory: nothing has been written."""

    file_name: str
    sha256: str
    size: int
    problems: list[Problem]
    problem_count: int
    table: pa.Table | None = None
    rows: np.ndarray | None = None
    layout: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    set_aside: pd.DataFrame = field(default_factory=lambda: set_aside_frame([]))
    rows_read: int = 0
    proposal: dict[str, Any] | None = None
    catalogue: Catalogue | None = None

    @property
    def ok(self) -> bool:
        """True when the upload can be committed."""
        return not self.problems and self.table is not None

    @property
    def n_rows(self) -> int:
        """Rows that would be committed."""
        return 0 if self.table is None else self.table.num_rows

    def indicators(self) -> list[str]:
        """Indicator ids in the upload."""
        return [] if self.table is None else sorted(set(pc.unique(self.table["indicator_id"]).to_pylist()))

    def result(self, upload_id: str | None = None, changes: Changes | None = None) -> IngestResult:
        """As an IngestResult."""
        frame = None
        if self.table is not None and self.table.num_rows <= 100_000:
            frame = plain(self.table.drop_columns(["year"])).to_pandas()
            for c in frame.columns:
                if c != "value":
                    frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
        return IngestResult(self.ok, upload_id=upload_id, rows=self.n_rows if self.ok else self.rows_read,
                            problems=self.problems, frame=frame, table=self.table,
                            problem_count=self.problem_count, layout=self.layout, notes=self.notes,
                            set_aside=self.set_aside, changes=changes, sha256=self.sha256, file_name=self.file_name)


def safe_file_name(name: str | None) -> str:
    """The base name of an uploaded file with control characters removed (never a path), at most 200 characters."""
    base = re.split(r"[\\/]", str(name or "upload.csv"))[-1]
    base = CONTROL.sub("", base).strip() or "upload.csv"
    return base[:200]


def prepare(raw: bytes, file_name: str, *, layout: str = "auto", indicator: str | None = None,
            proposal: dict[str, Any] | str | None = None, group: str | None = None,
            catalogue: Catalogue | None = None, data_dir: str | os.PathLike | None = None,
            max_bytes: int | None = None, max_rows: int | None = None) -> Prepared:
    """Read and validate an upload held in memory; nothing is written. Proposals are validated with the data."""
    name = safe_file_name(file_name)
    if len(raw) > 1 << 22:                            # hashlib releases the GIL: hash while the file is parsed
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(lambda: hashlib.sha256(raw).hexdigest())
            prep = _prepare(raw, name, "", layout, indicator, proposal, group, catalogue, data_dir, max_bytes,
                            max_rows)
            prep.sha256 = future.result()
        return prep
    return _prepare(raw, name, hashlib.sha256(raw).hexdigest(), layout, indicator, proposal, group, catalogue,
                    data_dir, max_bytes, max_rows)


def _prepare(raw: bytes, name: str, digest: str, layout: str, indicator: str | None,
             proposal: dict[str, Any] | str | None, group: str | None, catalogue: Catalogue | None,
             data_dir: str | os.PathLike | None, max_bytes: int | None, max_rows: int | None) -> Prepared:
    """prepare() once the file name is safe and the hash is known (or being computed)."""
    from indicators.store.in_force import catalogue_for
    from indicators.uploads.proposals import parse_proposal, validate_proposal
    lim_bytes, lim_rows = limits()
    max_bytes, max_rows = max_bytes or lim_bytes, max_rows or lim_rows
    prep = Prepared(file_name=name, sha256=digest, size=len(raw), problems=[], problem_count=0)
    if len(raw) > max_bytes:
        prep.problems = [Problem(None, None, None, f"the file is {len(raw):,} bytes, over the limit of "
                                                   f"{max_bytes:,} bytes")]
        prep.problem_count = 1
        return prep
    cat = catalogue or catalogue_for(data_dir)
    if proposal is not None:
        try:
            entry = parse_proposal(proposal) if isinstance(proposal, str) else dict(proposal)
        except ValueError as exc:
            prep.problems, prep.problem_count = [Problem(None, "indicator definition", None, str(exc))], 1
            return prep
        entry, cat, pproblems = validate_proposal(entry, cat, group or "working group")
        if pproblems:
            prep.problems, prep.problem_count = pproblems, len(pproblems)
            return prep
        prep.proposal = entry
    prep.catalogue = cat
    try:
        rl = read_upload(raw, layout)
    except Rejected as exc:
        prep.problems, prep.problem_count = exc.problems, len(exc.problems)
        return prep
    prep.layout, prep.encoding, prep.rows_read = rl.layout, rl.encoding, rl.length
    default = rl.default_source or f"Upload by {group or 'working group'}: {name}"
    if prep.proposal and not rl.default_source:
        default = prep.proposal["source"]
    v = validate_long(rl, cat, indicator=indicator, max_rows=max_rows, default_source=default)
    prep.notes = v.notes
    prep.set_aside = set_aside_frame(v.set_aside)
    if v.problems:
        prep.problems, prep.problem_count = v.problems, v.problem_count
        return prep
    if prep.proposal and prep.proposal["id"] not in set(pc.unique(v.table["indicator_id"]).to_pylist()):
        prep.problems = [Problem(None, None, prep.proposal["id"],
                                 "the file has no rows for the proposed indicator: a proposal comes with its data")]
        prep.problem_count = 1
        return prep
    prep.table, prep.rows = v.table, v.rows
    return prep


def changes(store: Store, prep: Prepared, limit: int = 5000) -> Changes:
    """Compare a prepared upload with the current data: new keys, changed values (old -> new), unchanged values."""
    if prep.table is None:
        return Changes(0, 0, 0, pd.DataFrame())
    con = store.connection()
    t = prep.table.append_column("row", pa.array(prep.rows.astype(np.int64)))
    con.register("incoming", t)
    try:
        base = """
            SELECT i.row, i.indicator_id, coalesce(i.iso3, i.origin_iso3 || ' -> ' || i.destination_iso3) AS place,
                   i.period, i.sex, c.value AS old_value, i.value AS new_value, c.upload_id AS old_upload,
                   c.upload_group AS old_group, i.source AS source,
                   CASE WHEN c.value IS NULL THEN 'new' WHEN c.value = i.value THEN 'unchanged' ELSE 'changed' END
                       AS status
            FROM incoming i LEFT JOIN obs_current c
              ON c.indicator_id = i.indicator_id AND c.period = i.period AND c.sex = i.sex
             AND coalesce(c.iso3, '') = coalesce(i.iso3, '')
             AND coalesce(c.origin_iso3, '') = coalesce(i.origin_iso3, '')
             AND coalesce(c.destination_iso3, '') = coalesce(i.destination_iso3, '')"""
        counts = dict(con.execute(f"SELECT status, count(*) FROM ({base}) GROUP BY status").fetchall())
        detail = con.execute(f"""SELECT * FROM ({base}) WHERE status <> 'unchanged'
                                 ORDER BY status = 'new', row LIMIT ?""", [limit]).df()
    finally:
        con.unregister("incoming")
    return Changes(int(counts.get("new", 0)), int(counts.get("changed", 0)), int(counts.get("unchanged", 0)),
                   detail)


def commit(store: Store, prep: Prepared, group: str, note: str | None = None,
           upload_id: str | None = None) -> str:
    """Write a prepared upload as one immutable Parquet file, its proposal (if any), then its log record."""
    if not prep.ok:
        raise ValueError("this upload has problems and cannot be committed")
    upload_id = upload_id or new_upload_id()
    if not UPLOAD_ID_RE.match(upload_id):
        raise ValueError(f"invalid upload id {upload_id!r}")
    if (store.log_dir / f"{upload_id}.commit.json").exists():
        raise ValueError(f"upload {upload_id} already exists")
    n = prep.table.num_rows
    uid = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)), pa.array([upload_id]))
    table = prep.table.append_column("upload_id", uid).select(OBS_COLUMNS)
    record = {
        "kind": "commit", "upload_id": upload_id, "group": group, "committed_at": None,
        "file_name": prep.file_name, "sha256": prep.sha256, "rows_accepted": table.num_rows, "rows_rejected": 0,
        "note": note or "", "indicators": prep.indicators(),
        "details": {"layout": prep.layout, "encoding": prep.encoding, "bytes": prep.size,
                    "rows_set_aside": int(len(prep.set_aside)), "notes": prep.notes,
                    "proposal": prep.proposal["id"] if prep.proposal else None},
    }

    def write() -> None:
        write_parquet(store.obs_dir / f"{upload_id}.parquet", table)
        if prep.proposal:
            from indicators.uploads.proposals import write_proposal
            write_proposal(store.root, upload_id, prep.proposal, group)
        record["committed_at"] = utc_now()
        atomic_write_bytes(store.log_dir / f"{upload_id}.commit.json",
                           json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))

    if not prep.proposal:
        write()
        return upload_id
    from indicators.store.in_force import accepted
    from indicators.uploads.proposals import lock
    with lock(store.root):                            # two groups proposing the same id at once: one wins
        if any(r["indicator"]["id"] == prep.proposal["id"] for r in accepted(store.root)):
            raise ValueError(f"indicator {prep.proposal['id']} was proposed by another upload meanwhile")
        write()
    return upload_id


def write_parquet(path: Path, table: pa.Table) -> None:
    """Write observations as Parquet atomically (temporary name in the same directory, fsync, rename, fsync the
    directory), as store.atomic_write_table does; dictionary columns are written as they are and without the Arrow
    schema, so every reader sees the store's plain schema (strings, int16 year, float64 value)."""
    import pyarrow.parquet as pq
    from indicators.store.files import _fsync_dir
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".tmp-{os.urandom(6).hex()}-{path.name}"
    try:
        pq.write_table(table, tmp, compression="zstd", store_schema=False)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def ingest_bytes(raw: bytes, file_name: str, group: str, note: str | None = None, *,
                 store: Store | None = None, data_dir: str | os.PathLike | None = None, layout: str = "auto",
                 indicator: str | None = None, proposal: dict[str, Any] | str | None = None, dry_run: bool = False,
                 compare: bool = False, max_bytes: int | None = None, max_rows: int | None = None) -> IngestResult:
    """Validate an upload held in memory and commit it (unless dry_run), or reject it whole without writing."""
    store = store or Store(data_dir)
    prep = prepare(raw, file_name, layout=layout, indicator=indicator, proposal=proposal, group=group,
                   data_dir=store.root, max_bytes=max_bytes, max_rows=max_rows)
    if not prep.ok:
        return prep.result()
    diff = changes(store, prep) if compare or dry_run else None
    if dry_run:
        return prep.result(changes=diff)
    try:
        upload_id = commit(store, prep, group, note)
    except ValueError as exc:                         # e.g. the same indicator proposed by another upload meanwhile
        return IngestResult(False, problems=[Problem(None, None, None, str(exc))], problem_count=1,
                            file_name=prep.file_name, sha256=prep.sha256, layout=prep.layout)
    return prep.result(upload_id, diff)


def ingest(path: str | os.PathLike, group: str, note: str | None = None, data_dir: str | os.PathLike | None = None,
           store: Store | None = None, max_bytes: int = MAX_BYTES_DEFAULT,
           max_rows: int = MAX_ROWS_DEFAULT, **options: Any) -> IngestResult:
    """Validate a file (long, wide, WDI or SDG layout) and commit it as one new upload, or reject it whole without
    writing anything. options: layout, indicator, proposal, dry_run, compare (see ingest_bytes)."""
    path = Path(path)
    if not path.is_file():
        return IngestResult(False, problems=[Problem(None, None, str(path), "no such file")], problem_count=1)
    try:
        raw = read_bytes(path, max_bytes)
    except Rejected as exc:
        return IngestResult(False, problems=exc.problems, problem_count=len(exc.problems), file_name=path.name)
    return ingest_bytes(raw, path.name, group, note, store=store, data_dir=data_dir, max_bytes=max_bytes,
                        max_rows=max_rows, **options)


def format_problems(problems: list[Problem], limit: int = 200, total: int | None = None) -> str:
    """Problems as `row N, column C: reason` lines, capped at `limit` with a count of the rest."""
    lines = [str(p) for p in problems[:limit]]
    total = max(total or 0, len(problems))
    if total > limit:
        lines.append(f"... and {total - limit:,} more problems")
    return "\n".join(lines)


__all__ = ["Problem", "Rejected", "IngestResult", "Prepared", "Changes", "Validation", "read_file", "read_bytes",
           "read_csv_text", "validate", "validate_long", "validate_columns", "prepare", "changes", "commit", "ingest",
           "ingest_bytes", "format_problems", "problems_csv", "limits", "sha256_file", "sniff_binary",
           "decode_bytes", "detect_delimiter", "TEMPLATE_MARK"]
