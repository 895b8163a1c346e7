"""Human column headers for the tables on screen (the data keeps its column ids for downloads and callbacks), and
which columns are numbers (right-aligned, one number of decimals per column)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.store.catalogue import PILLARS

HEADERS = {
    "iso3": "ISO code", "overall": "Overall index (0-100)", "coverage": "Data coverage",
    "rank interval (5-95 %)": "Rank interval (5th-95th percentile)",
    "id": "Indicator code", "name": "Name", "sdg": "SDG target", "gcm": "GCM objective", "window": "Years counted",
    "data_status": "Data status", "method_note": "Method note", "best": "Best (score 100)",
    "worst": "Worst (score 0)", "thresholds": "Rating thresholds", "weight": "Weight in its pillar",
    "set_aside": "Set aside (aggregates)", "old_upload": "Previous upload", "old_value": "Old value",
    "new_value": "New value", "upload_id": "Upload", "sha256": "SHA-256 of the file",
    "origin_iso3": "Origin code", "destination_iso3": "Destination code", "indicator_id": "Indicator code",
    **{p: f"{p.capitalize()} score (0-100)" for p in PILLARS},
}


def header(column: str) -> str:
    """The header shown for a column id: a known label, else the id with spaces and a capital first letter."""
    if column in HEADERS:
        return HEADERS[column]
    text = column.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def decimals(values: pd.Series, most: int = 2) -> int:
    """How many decimals a number column needs so every value shows the same way (at most `most`)."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    for d in range(most + 1):
        if ((v * 10 ** d).round(6) % 1 == 0).all():
            return d
    return most


def is_number(values: pd.Series) -> bool:
    """True for a numeric column (booleans are not numbers to show)."""
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def column_specs(df: pd.DataFrame) -> list[dict[str, Any]]:
    """DataTable columns: human names; numbers typed numeric with fixed decimals and an en dash when missing."""
    out = []
    for c in df.columns:
        spec: dict[str, Any] = {"name": header(str(c)), "id": str(c)}
        if is_number(df[c]):
            spec["type"] = "numeric"
            spec["format"] = {"specifier": f".{decimals(df[c])}f", "nully": "–"}   # no thousands comma: years
        out.append(spec)
    return out


def number_alignment(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """style_cell_conditional rules: numeric columns right-aligned, with tabular digits."""
    return [{"if": {"column_id": c["id"]}, "textAlign": "right", "fontVariantNumeric": "tabular-nums"}
            for c in columns if c.get("type") == "numeric"]
