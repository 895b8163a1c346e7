"""Human column headers for the tables on screen (the data keeps its column ids for downloads and callbacks), and
which columns are numbers (right-aligned, one number of decimals per column)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.i18n import N_, _
from indicators.i18n.formats import separators
from indicators.scoring.wording import pillar_word
from indicators.store.catalogue import PILLARS

HEADERS = {
    "iso3": N_("ISO code"), "overall": N_("Overall index (0-100)"), "coverage": N_("Data coverage"),
    "rank interval (5-95 %)": N_("Rank interval (5th-95th percentile)"),
    "id": N_("Indicator code"), "name": N_("Name"), "sdg": N_("SDG target"), "gcm": N_("GCM objective"),
    "window": N_("Years counted"), "data_status": N_("Data status"), "method_note": N_("Method note"),
    "best": N_("Best (score 100)"), "worst": N_("Worst (score 0)"), "thresholds": N_("Rating thresholds"),
    "weight": N_("Weight in its pillar"), "set_aside": N_("Set aside (aggregates)"),
    "old_upload": N_("Previous upload"), "old_value": N_("Old value"), "new_value": N_("New value"),
    "upload_id": N_("Upload"), "sha256": N_("SHA-256 of the file"), "origin_iso3": N_("Origin code"),
    "destination_iso3": N_("Destination code"), "indicator_id": N_("Indicator code"),
    # the upload page's tables (problems, changes, rows set aside, history)
    "row": N_("Row"), "column": N_("Column"), "reason": N_("Reason"), "place": N_("Place"), "values": N_("Values"),
    "first row": N_("First row"), "old -> new": N_("Old -> new"), "old_group": N_("Previous group"),
    "group": N_("Group"), "committed_at": N_("Committed at"), "file_name": N_("File name"), "rows": N_("Rows"),
    "layout": N_("Layout"), "indicators": N_("Indicators"), "note": N_("Note"), "status": N_("Status"),
    "retracted_at": N_("Retracted at"), "retracted_by": N_("Retracted by"), "retraction_note": N_("Retraction note"),
    "period": N_("Period"), "sex": N_("Sex"), "value": N_("Value"), "source": N_("Source"),
}


def header(column: str) -> str:
    """The header shown for a column id, in the language in force: a known label, a pillar's score, else the id
    (a message when it is one) with spaces and a capital first letter."""
    if column in HEADERS:
        return _(HEADERS[column])
    if column in PILLARS:
        return _("{pillar} score (0-100)").format(pillar=pillar_word(column).capitalize())
    text = _(column).replace("_", " ").strip()
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
            spec["format"] = {"specifier": f".{decimals(df[c])}f", "nully": "–",   # no thousands comma: years
                              "locale": {"decimal": separators()[0], "group": separators()[1]}}
        out.append(spec)
    return out


def number_alignment(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """style_cell_conditional rules: numeric columns right-aligned, with tabular digits."""
    return [{"if": {"column_id": c["id"]}, "textAlign": "right", "fontVariantNumeric": "tabular-nums"}
            for c in columns if c.get("type") == "numeric"]
