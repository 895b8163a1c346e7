"""Data as CSV and XLSX: formula-like text neutralised, markdown links as plain text, a metadata sheet in the workbook.

Spreadsheet safety comes from the one neutralising writer of the product (indicators.store.safe_tables): text cells
that a spreadsheet would read as a formula (starting, after any spaces, with =, +, -, @, a tab, carriage return or
line feed, or their fullwidth forms) get a leading apostrophe; numbers stay numbers.
"""
from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from indicators.i18n import _
from indicators.store.safe_tables import csv_bytes, neutral_cell, neutral_frame, xlsx_cell

MD_LINK = re.compile(r"^\[(?P<text>.*)\]\((?P<url>[^)\s]*)\)$", re.S)


neutralise_cell = neutral_cell              # the names the exports have always used
neutralise = neutral_frame


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
    return csv_bytes(df, lineterminator="\r\n")


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

    ws.append([xlsx_cell(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        ws.append([xlsx_cell(v) for v in row])
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
    ms.append([_("field"), _("value")])
    for key, value in meta.items():
        ms.append([xlsx_cell(_(str(key))), xlsx_cell(value if not isinstance(value, Mapping) else
                                          ", ".join(f"{k} {v}" for k, v in value.items()))])
    if isinstance(definitions, pd.DataFrame) and not definitions.empty:
        ms.append([])
        ms.append([_("Indicator definitions")])
        ms.cell(ms.max_row, 1).font = Font(bold=True)
        ms.append([xlsx_cell(_(str(c))) for c in definitions.columns])
        for c in ms[ms.max_row]:
            c.font = Font(bold=True)
        for row in definitions.itertuples(index=False, name=None):
            ms.append([xlsx_cell(v) for v in row])
    for c in ms[1]:
        c.font = Font(bold=True)
    ms.column_dimensions["A"].width = 24
    ms.column_dimensions["B"].width = 90
    for row in ms.iter_rows(min_row=2, max_col=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
