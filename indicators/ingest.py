"""Ingestion: validate a long-format indicator CSV against the catalogue and the country reference, then commit it whole.

A file is either committed in full as one new upload or rejected in full with row- and column-level problems;
a rejected file leaves the data directory byte-identical (nothing is written before validation has passed).
Row numbers are the file's line numbers as a spreadsheet shows them: the header is row 1, the first data row is row 2.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from .catalogue import Catalogue, load_catalogue
from .store import KEY_COLUMNS, Store, sha256_file

MAX_BYTES_DEFAULT = 200 * 1024 * 1024
MAX_ROWS_DEFAULT = 5_000_000
MAX_TEXT = 1000
SEXES = ("total", "female", "male")
COUNTRY_COLUMNS = ("iso3",)
CORRIDOR_COLUMNS = ("origin_iso3", "destination_iso3")
REQUIRED = ("indicator_id", "period", "value")
OPTIONAL = ("sex", "source", "note", "unit")
PERIOD_RE = r"^\d{4}(Q[1-4])?$"


@dataclass(frozen=True)
class Problem:
    """One reason a file is rejected: where (row, column), what was there, and why."""

    row: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = []
        where.append(f"row {self.row}" if self.row is not None else "file")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}"


@dataclass
class IngestResult:
    """Outcome of an ingest: committed (upload_id set) or rejected (problems listed)."""

    ok: bool
    upload_id: str | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    frame: pd.DataFrame | None = None

    def problems_frame(self) -> pd.DataFrame:
        """Problems as a table with columns row, column, value, reason."""
        return pd.DataFrame([p.__dict__ for p in self.problems], columns=["row", "column", "value", "reason"])


class Rejected(Exception):
    """Raised inside the reader when a file cannot be read at all."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


# ---------------------------------------------------------------------- reading
def decode_bytes(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252 / Latin-1 for legacy spreadsheets."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")


def sniff_binary(raw: bytes) -> str | None:
    """A reason if the bytes are clearly not a text CSV (archives, spreadsheets, binary junk), else None."""
    head = raw[:8192]
    if head.startswith(b"PK\x03\x04"):
        return "this is a zip archive (for example an .xlsx workbook or a zipped file), not a CSV: save it as CSV"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "this is an old Excel/Office file (.xls), not a CSV: save it as CSV"
    if head.startswith(b"%PDF"):
        return "this is a PDF, not a CSV"
    if b"\x00" in head:
        return "the file contains binary data (NUL bytes), not CSV text"
    return None


def detect_delimiter(header_line: str) -> str:
    """Comma unless the header clearly uses semicolons (common in locales with decimal commas)."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_csv_text(text: str) -> pd.DataFrame:
    """Parse CSV text into a DataFrame of stripped strings (no type guessing); raises Rejected on structural problems."""
    if not text.strip():
        raise Rejected([Problem(None, None, None, "the file is empty")])
    first_line = text.splitlines()[0]
    delimiter = detect_delimiter(first_line)
    header = next(csv.reader([first_line], delimiter=delimiter))
    header = [h.strip() for h in header]
    problems = []
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if not name:
            problems.append(Problem(1, f"#{i}", None, "empty column name in the header"))
        elif name.lower() in seen:
            problems.append(Problem(1, name, None, f"column name repeated (also column #{seen[name.lower()]})"))
        else:
            seen[name.lower()] = i
    if problems:
        raise Rejected(problems)
    bad_rows: list[Problem] = []

    def on_invalid(row) -> str:
        line = row.number  # pyarrow counts physical lines from 1, header included
        bad_rows.append(Problem(line, None, (row.text or "")[:80],
                                f"expected {row.expected_columns} fields, found {row.actual_columns}"))
        return "skip"

    def parse(use_threads: bool) -> pa.Table:
        return pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(use_threads=use_threads, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid,
                                             newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(column_types={h: pa.string() for h in header},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    try:
        table = parse(True)
        if bad_rows and any(p.row is None for p in bad_rows):
            bad_rows.clear()
            table = parse(False)
    except pa.ArrowInvalid as exc:
        raise Rejected([Problem(None, None, None, f"the file cannot be read as CSV ({exc})")]) from exc
    if bad_rows:
        raise Rejected(bad_rows)
    table = table.rename_columns([h.lower() for h in header])
    df = table.to_pandas(types_mapper=None)
    for col in df.columns:
        df[col] = df[col].astype(object).str.strip()
    return df


def read_file(path: str | os.PathLike, max_bytes: int = MAX_BYTES_DEFAULT) -> pd.DataFrame:
    """Read an upload from disk with size and binary checks, returning raw string cells."""
    size = os.path.getsize(path)
    if size > max_bytes:
        raise Rejected([Problem(None, None, None,
                                f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes")])
    with open(path, "rb") as fh:
        raw = fh.read()
    reason = sniff_binary(raw)
    if reason:
        raise Rejected([Problem(None, None, None, reason)])
    return read_csv_text(decode_bytes(raw))


# ---------------------------------------------------------------------- validation
def _rows(mask: pd.Series) -> np.ndarray:
    """Spreadsheet row numbers (header = 1) of the True entries of a boolean mask."""
    return np.flatnonzero(mask.to_numpy()) + 2


def _add(problems: list[Problem], df: pd.DataFrame, mask: pd.Series, column: str, reason: str) -> None:
    """Append one problem per flagged row."""
    if not mask.any():
        return
    values = df[column].to_numpy()[mask.to_numpy()] if column in df.columns else [None] * int(mask.sum())
    for r, v in zip(_rows(mask), values):
        problems.append(Problem(int(r), column, None if v is None else str(v)[:80], reason))


def validate_columns(df: pd.DataFrame) -> list[Problem]:
    """Check the header: required columns present, place columns present, no unknown columns."""
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


def validate(df: pd.DataFrame, cat: Catalogue, valid_iso3: frozenset[str],
             max_rows: int = MAX_ROWS_DEFAULT) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate raw string cells against the catalogue and country codes; returns (clean observations, problems)."""
    problems = validate_columns(df)
    if problems:
        return pd.DataFrame(), problems
    if len(df) == 0:
        return pd.DataFrame(), [Problem(None, None, None, "the file has a header but no data rows")]
    if len(df) > max_rows:
        return pd.DataFrame(), [Problem(None, None, None, f"{len(df):,} rows is over the limit of {max_rows:,}")]
    df = df.copy()
    for c in COUNTRY_COLUMNS + CORRIDOR_COLUMNS + OPTIONAL:
        if c not in df.columns:
            df[c] = ""
    ind = cat.indicators
    known = df["indicator_id"].isin(ind.index)
    _add(problems, df, df["indicator_id"].eq(""), "indicator_id", "missing indicator id")
    _add(problems, df, ~known & df["indicator_id"].ne(""), "indicator_id",
         "unknown indicator (see the catalogue for valid ids)")
    derived = df["indicator_id"].map(ind["derived_from"].notna().to_dict()).fillna(False).astype(bool)
    _add(problems, df, derived, "indicator_id", "this indicator is derived from corridor data and cannot be uploaded")
    level = df["indicator_id"].map(ind["level"].to_dict())
    is_country, is_corridor = level.eq("country"), level.eq("corridor")

    for col in ("iso3", "origin_iso3", "destination_iso3"):
        df[col] = df[col].str.upper()
    _add(problems, df, is_country & df["iso3"].eq(""), "iso3", "missing country code for a country-level indicator")
    _add(problems, df, is_country & df["iso3"].ne("") & ~df["iso3"].isin(valid_iso3), "iso3",
         "unknown ISO 3166-1 alpha-3 country code")
    _add(problems, df, is_corridor & df["iso3"].ne(""), "iso3",
         "a corridor-level indicator takes origin_iso3 and destination_iso3, not iso3")
    for col in CORRIDOR_COLUMNS:
        _add(problems, df, is_corridor & df[col].eq(""), col, "missing country code for a corridor-level indicator")
        _add(problems, df, is_corridor & df[col].ne("") & ~df[col].isin(valid_iso3), col,
             "unknown ISO 3166-1 alpha-3 country code")
        _add(problems, df, is_country & df[col].ne(""), col,
             "a country-level indicator takes iso3, not origin/destination")
    _add(problems, df, is_corridor & df["origin_iso3"].ne("") & df["origin_iso3"].eq(df["destination_iso3"]),
         "destination_iso3", "origin and destination are the same country")

    df["period"] = df["period"].str.upper()
    bad_period = ~df["period"].str.match(PERIOD_RE)
    _add(problems, df, bad_period, "period", "period must be a year (2023) or a quarter (2023Q2)")
    year = pd.to_numeric(df["period"].str.slice(0, 4).where(~bad_period), errors="coerce")
    _add(problems, df, ~bad_period & ((year < 1950) | (year > date.today().year + 1)), "period",
         f"year must be between 1950 and {date.today().year + 1}")

    value = pd.to_numeric(df["value"], errors="coerce")
    text_finite = ~df["value"].str.lower().str.lstrip("+-").isin(["nan", "inf", "infinity"])
    _add(problems, df, df["value"].eq(""), "value", "missing value (leave the row out instead)")
    _add(problems, df, df["value"].ne("") & value.isna() & text_finite, "value", "not a number")
    _add(problems, df, df["value"].ne("") & (~text_finite | ~np.isfinite(value.fillna(0))), "value",
         "not a finite number")
    vmin = df["indicator_id"].map(ind["valid_min"].to_dict()).astype(float)
    vmax = df["indicator_id"].map(ind["valid_max"].to_dict()).astype(float)
    finite = value.notna() & np.isfinite(value.fillna(0))
    out_of_range = finite & known & ((value < vmin) | (value > vmax))
    if out_of_range.any():
        for r, v, lo, hi in zip(_rows(out_of_range), df["value"][out_of_range], vmin[out_of_range], vmax[out_of_range]):
            problems.append(Problem(int(r), "value", v, f"outside the valid range {lo:g} to {hi:g} for this indicator"))
    binary = df["indicator_id"].map(ind["binary"].to_dict()).fillna(False).astype(bool)
    _add(problems, df, binary & finite & ~out_of_range & ~value.isin([0.0, 1.0]), "value",
         "this indicator is 0 or 1 (not ratified / ratified)")

    df["sex"] = df["sex"].str.lower().replace("", "total")
    _add(problems, df, ~df["sex"].isin(SEXES), "sex", f"sex must be one of {', '.join(SEXES)} (or empty)")
    for col in ("source", "note", "unit"):
        _add(problems, df, df[col].str.len() > MAX_TEXT, col, f"text longer than {MAX_TEXT} characters")
        _add(problems, df, df[col].str.contains(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", regex=True), col,
             "control characters are not allowed in text")
    unit_given = df["unit"].ne("") & known
    expected_unit = df["indicator_id"].map(ind["unit"].to_dict())
    _add(problems, df, unit_given & df["unit"].ne(expected_unit), "unit",
         "unit does not match the catalogue (leave it empty or use the catalogue's unit)")

    key = df[["indicator_id", "iso3", "origin_iso3", "destination_iso3", "period", "sex"]]
    dup = key.duplicated(keep=False)
    if dup.any():
        first = key[dup].reset_index().groupby(list(key.columns), dropna=False)["index"].transform("min")
        for idx, first_idx in zip(key[dup].index, first):
            if idx != first_idx:
                problems.append(Problem(int(idx) + 2, "period", df.at[idx, "period"],
                                        f"duplicate of row {int(first_idx) + 2} (same indicator, place, period and sex)"))
    if problems:
        problems.sort(key=lambda p: (p.row if p.row is not None else 0, p.column or ""))
        return pd.DataFrame(), problems
    clean = pd.DataFrame({
        "indicator_id": df["indicator_id"],
        "iso3": df["iso3"].where(is_country, None),
        "origin_iso3": df["origin_iso3"].where(is_corridor, None),
        "destination_iso3": df["destination_iso3"].where(is_corridor, None),
        "period": df["period"], "value": value.astype(float), "sex": df["sex"],
        "source": df["source"].replace("", None), "note": df["note"].replace("", None),
    })
    return clean, []


def ingest(path: str | os.PathLike, group: str, note: str | None = None, data_dir: str | os.PathLike | None = None,
           store: Store | None = None, max_bytes: int = MAX_BYTES_DEFAULT,
           max_rows: int = MAX_ROWS_DEFAULT) -> IngestResult:
    """Validate a long-format CSV and commit it as one new upload, or reject it whole without writing anything."""
    from .countries import iso3_set

    store = store or Store(data_dir)
    path = Path(path)
    if not path.is_file():
        return IngestResult(False, problems=[Problem(None, None, str(path), "no such file")])
    try:
        raw = read_file(path, max_bytes=max_bytes)
    except Rejected as exc:
        return IngestResult(False, problems=exc.problems)
    clean, problems = validate(raw, load_catalogue(), iso3_set(), max_rows=max_rows)
    if problems:
        return IngestResult(False, rows=len(raw), problems=problems)
    clean["source"] = clean["source"].fillna(f"Upload by {group}: {path.name}")
    upload_id = store.commit(clean, group=group, file_name=path.name, sha256=sha256_file(path), note=note)
    return IngestResult(True, upload_id=upload_id, rows=len(clean), frame=clean)


def format_problems(problems: list[Problem], limit: int = 200) -> str:
    """Problems as `row N, column C: reason` lines, capped at `limit` with a count of the rest."""
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more problems")
    return "\n".join(lines)
