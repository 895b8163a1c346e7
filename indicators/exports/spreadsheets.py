"""Data as CSV and XLSX: formula-like text neutralised, markdown links as plain text, a metadata sheet in the workbook.

Spreadsheet safety: text cells that a spreadsheet would read as a formula (starting with =, +, -, @, or a tab,
carriage return or line feed) are prefixed with an apostrophe; numbers stay numbers.
"""
from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from indicators.exports.constants import FORMULA_PREFIXES

MD_LINK = re.compile(r"^\[(?P<text>.*)\]\((?P<url>[^)\s]*)\)$", re.S)


def neutralise_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value and (value.startswith(FORMULA_PREFIXES)
                                             or value.lstrip(" ").startswith(FORMULA_PREFIXES[:4])):
        return "'" + value
    return value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of a frame with formula-like text cells neutralised (text columns only; numbers stay numbers)."""
    out = df.copy()
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        out[col] = s.astype(object).map(neutralise_cell)
    return out


def plain_links(df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Markdown link cells '[Qatar](/corridors?...)' as plain text, with the address in a '<column> link' column."""
    out = df.copy()
    for col in columns:
        if col not in out.columns:
            continue
        found = out[col].astype(object).map(lambda v: MD_LINK.match(v) if isinstance(v, str) else None)
        out[col] = [m["text"] if m else v for m, v in zip(found, out[col])]
        out.insert(out.columns.get_loc(col) + 1, f"{col} link", [m["url"] if m else None for m in found])
    return out


def data_csv(df: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV with a byte-order mark (Excel opens it right), formula cells neutralised."""
    buf = io.StringIO()
    neutralise(df).to_csv(buf, index=False, lineterminator="\r\n")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _cell(value: Any) -> Any:
    """A value openpyxl can store: numpy -> Python, missing -> empty, text neutralised and control chars removed."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(float(value)) or math.isinf(float(value)) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).to_pydatetime()
    if isinstance(value, (list, tuple, dict, set)):
        value = ", ".join(map(str, value)) if not isinstance(value, dict) else str(value)
    if isinstance(value, str):
        return neutralise_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def data_xlsx(df: pd.DataFrame, metadata: Mapping[str, Any] | None = None, sheet: str = "Data") -> bytes:
    """An XLSX workbook: the data sheet (header frozen) and a Metadata sheet (fields, then indicator definitions)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    _data_sheet(ws, df)
    _metadata_sheet(wb.create_sheet("Metadata"), metadata)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _data_sheet(ws: Any, df: pd.DataFrame) -> None:
    """Fill a worksheet with the frame: bold frozen header, columns as wide as their content (8-60)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append([_cell(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, col in enumerate(df.columns, start=1):
        sample = [len(str(col))] + [len(str(v)) for v in df[col].head(200).tolist()]
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, max(sample) + 2))


def _metadata_sheet(ms: Any, metadata: Mapping[str, Any] | None) -> None:
    """Fill the Metadata worksheet: field/value rows, then the indicator definitions table when there is one."""
    from openpyxl.styles import Alignment, Font

    meta = dict(metadata or {})
    definitions = meta.pop("indicators", None)
    ms.append(["field", "value"])
    for key, value in meta.items():
        ms.append([_cell(str(key)), _cell(value if not isinstance(value, Mapping) else
                                          ", ".join(f"{k} {v}" for k, v in value.items()))])
    if isinstance(definitions, pd.DataFrame) and not definitions.empty:
        ms.append([])
        ms.append(["Indicator definitions"])
        ms.cell(ms.max_row, 1).font = Font(bold=True)
        ms.append([_cell(str(c)) for c in definitions.columns])
        for c in ms[ms.max_row]:
            c.font = Font(bold=True)
        for row in definitions.itertuples(index=False, name=None):
            ms.append([_cell(v) for v in row])
    for c in ms[1]:
        c.font = Font(bold=True)
    ms.column_dimensions["A"].width = 24
    ms.column_dimensions["B"].width = 90
    for row in ms.iter_rows(min_row=2, max_col=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
