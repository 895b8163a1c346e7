"""The one neutralising writer of every CSV and XLSX cell the product emits (page downloads, the HTTP API, the
command line, briefing workbooks): a text cell that a spreadsheet would read as a formula is written as text.

Rule: a text cell whose first character, after any leading spaces, is `=`, `+`, `-`, `@`, a tab, a carriage
return or a line feed (or the fullwidth `＝ ＋ － ＠`) gets a leading apostrophe, so `=HYPERLINK(...)`,
`+ cmd|' /C calc'!A0` and `-2+3` are shown as the text they are. Numbers stay numbers: a numeric column is never
touched, and in a mixed column only text cells are. The bottom layer, so every emitter above it can use it.
"""
from __future__ import annotations

import io
import math
from typing import IO, Any

import numpy as np
import pandas as pd

FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
LEADING_SPACES = " \u00a0\u3000"          # a space, a no-break space, an ideographic space: a spreadsheet skips them


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take this text for a formula (its first non-space character starts one)."""
    if not text:
        return False
    if text[0] in FORMULA_STARTS:          # a leading tab or line break counts before any stripping
        return True
    rest = text.lstrip(LEADING_SPACES)
    return bool(rest) and rest[0] in FORMULA_STARTS


def neutral_cell(value: Any) -> Any:
    """A formula-like text cell with a leading apostrophe; any other value (numbers included) unchanged."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def _numeric(s: pd.Series) -> bool:
    """Whether a column holds numbers, booleans or dates only (never neutralised)."""
    return bool(pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)
                or pd.api.types.is_datetime64_any_dtype(s))


def neutral_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of a frame with formula-like text cells (and column names) neutralised; numeric columns untouched."""
    out = df.copy()
    out.columns = [neutral_cell(str(c)) for c in out.columns]
    for i in range(out.shape[1]):
        s = out.iloc[:, i]
        if not _numeric(s):
            out.isetitem(i, s.astype(object).map(neutral_cell))
    return out


def write_csv(df: pd.DataFrame, out: IO[str], **to_csv: Any) -> None:
    """Write a frame as CSV to a text stream, neutralised (keyword arguments go to DataFrame.to_csv; no index)."""
    to_csv.setdefault("index", False)
    neutral_frame(df).to_csv(out, **to_csv)


def csv_text(df: pd.DataFrame, **to_csv: Any) -> str:
    """A frame as neutralised CSV text."""
    buf = io.StringIO()
    write_csv(df, buf, **to_csv)
    return buf.getvalue()


def csv_bytes(df: pd.DataFrame, **to_csv: Any) -> bytes:
    """A frame as neutralised UTF-8 CSV with a byte-order mark (spreadsheets then read accents right)."""
    return ("\ufeff" + csv_text(df, **to_csv)).encode("utf-8")


def xlsx_cell(value: Any) -> Any:
    """A value openpyxl can store: numpy -> Python, missing -> empty, text neutralised and control chars removed."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(float(value)) or math.isinf(float(value)) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).to_pydatetime()
    if isinstance(value, (list, tuple, dict, set)):
        value = ", ".join(map(str, value)) if not isinstance(value, dict) else str(value)
    if isinstance(value, str):
        return neutral_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value
