"""The first upload API, kept for its callers: DataFrames of text cells in, (clean frame, problems) out. The upload
page, the HTTP API and the CLI use prepare / ingest instead."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pyarrow as pa

from indicators.i18n import _
from indicators.store.catalogue import Catalogue
from indicators.uploads.clean import clean_frame
from indicators.uploads.constants import (
    CORRIDOR_COLUMNS, COUNTRY_COLUMNS, MAX_BYTES_DEFAULT, MAX_ROWS_DEFAULT, OPTIONAL, REQUIRED)
from indicators.uploads.encoding import decode_bytes
from indicators.uploads.ingest import read_bytes
from indicators.uploads.long import RawLong
from indicators.uploads.problems import Problem
from indicators.uploads.sheet import read_sheet
from indicators.uploads.validate import validate_long


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
    return clean_frame(v.table), []


def validate_columns(df: pd.DataFrame) -> list[Problem]:
    """Check the header of a canonical long frame: required columns present, place columns present, none unknown."""
    cols = set(df.columns)
    problems = [Problem(1, c, None, _("required column is missing")) for c in REQUIRED if c not in cols]
    if "iso3" not in cols and not set(CORRIDOR_COLUMNS) <= cols:
        problems.append(Problem(1, "iso3", None,
                                _("a place column is missing: give iso3 (country indicators) or "
                                  "origin_iso3 and destination_iso3 (corridor indicators)")))
    allowed = set(REQUIRED) | set(OPTIONAL) | set(COUNTRY_COLUMNS) | set(CORRIDOR_COLUMNS)
    for c in df.columns:
        if c not in allowed:
            problems.append(Problem(1, c, None, _("unknown column (allowed: {names})").format(
                names=", ".join(sorted(allowed)))))
    return problems
