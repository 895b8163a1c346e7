"""Self-describing export file names: subject slug, place codes and years ("remittance-cost_PAK-SAU_2011-2024.png")."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from indicators.exports.figure_meta import figure_meta, strip_tags


def slug(text: str, max_len: int = 60) -> str:
    """Lower-case ASCII slug ("Remittance cost (%)" -> "remittance-cost")."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return s[:max_len].rstrip("-") or "chart"


def export_filename(subject: str, place: str | Sequence[str] | None = None, years: str | int | None = None,
                    ext: str = "png") -> str:
    """A self-describing file name: export_filename("Remittance cost", "PAK-SAU", "2011-2024") -> remittance-cost_PAK-SAU_2011-2024.png."""
    parts = [slug(subject)]
    if place:
        codes = place if isinstance(place, str) else "-".join(place)
        cleaned = re.sub(r"[^A-Za-z0-9-]+", "-", codes).strip("-")
        if cleaned:
            parts.append(cleaned.upper())
    if years not in (None, ""):
        y = re.sub(r"[^0-9Qq-]+", "-", str(years)).strip("-")
        if y and y.lower() not in parts[0]:
            parts.append(y.upper())
    return "_".join(parts) + "." + ext.lower().lstrip(".")


def chart_filename(fig: go.Figure | Mapping, fmt: str, name: str | None = None, place: str | None = None) -> str:
    """File name for a chart: the export name (or the title's slug), place codes, and the years of its source line."""
    # A name may carry its own codes after an underscore: "remittance-cost_PAK-SAU" -> remittance-cost_PAK-SAU_<years>.
    meta = figure_meta(fig)
    years = meta["years"]
    if name:
        subject, _, codes = name.partition("_")
        return export_filename(subject, codes or place, years, fmt)
    title = strip_tags(meta["title"]) or "chart"
    if years:   # "Migrant protection index, 2020" -> "migrant-protection-index" + _2020
        title = re.sub(r"[,:]?\s*(latest( value)?( up to)?\s*)?" + re.escape(years.split("-")[-1]) + r"\s*$", "", title)
    return export_filename(title, place, years, fmt)
