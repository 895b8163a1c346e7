"""The corridor flow map: great-circle lines between country centroids, one trace per rating bin."""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import _, ngettext
from indicators.store import geography
from indicators.store.catalogue import BAND_IDS, RATING_IDS
from indicators.views.figures import (DESTINATION_COLOUR, INSUFFICIENT, INSUFFICIENT_LABEL, ORIGIN_COLOUR,
    bin_labels, extra_lines, fmt_number, map_layout, place_names, rate, rating_colour, rating_label, rating_line,
    source_annotation, source_text)
from indicators.views.markup import Markup, esc, join, markup


def great_circle_midpoint(lon1: float, lat1: float, lon2: float, lat2: float) -> tuple[float, float]:
    """Midpoint (lon, lat) of the great-circle arc between two points (where plotly draws the line)."""
    l1, p1, l2, p2 = map(math.radians, (lon1, lat1, lon2, lat2))
    a = np.array([math.cos(p1) * math.cos(l1), math.cos(p1) * math.sin(l1), math.sin(p1)])
    b = np.array([math.cos(p2) * math.cos(l2), math.cos(p2) * math.sin(l2), math.sin(p2)])
    m = a + b
    norm = float(np.linalg.norm(m))
    if norm < 1e-12:                       # antipodes: any meridian; take the first point's
        return lon1, 0.0
    m /= norm
    return math.degrees(math.atan2(m[1], m[0])), math.degrees(math.asin(max(-1.0, min(1.0, m[2]))))


def flow_map(corridors_df: pd.DataFrame, *, value_col: str = "value", title: str, unit: str = "", source: str = "",
             year_label: str = "", thresholds: Sequence[float] = (3, 5, 10), direction: str = "lower_is_better",
             origin_col: str = "origin_iso3", destination_col: str = "destination_iso3",
             origin_name_col: str | None = "origin_name", destination_name_col: str | None = "destination_name",
             hover_cols: Sequence[str] = (), value_format: str = ".1f", line_width: float = 1.5,
             height: int | None = None, indicator_id: str | None = None, score_bands: bool = False) -> go.Figure:
    """Corridors as great-circle lines between country centroids, one line trace per rating bin, plus end markers.

    Each bin (achieved .. major by thresholds and direction, then grey for a missing value) is one Scattergeo
    with all its segments joined by None separators, and one marker trace at the segment midpoints carrying the
    hover text ("Origin → Destination: value unit"). Corridors whose ends have no centroid are left out.
    indicator_id: the indicator whose own rating words apply (remittance costs: "SDG target met (3 % or less)");
    score_bands: the value is a 0-100 score, binned in the neutral score bands (high .. very low) instead.
    """
    points = geography.centroids().set_index("iso3")
    data = corridors_df.copy()
    ok = data[origin_col].isin(points.index) & data[destination_col].isin(points.index) \
        & (data[origin_col] != data[destination_col])
    data = data[ok].reset_index(drop=True)
    data["_value"] = pd.to_numeric(data[value_col], errors="coerce").astype(float)
    data["_bin"] = [rate(v, thresholds, direction) for v in data["_value"]]
    if score_bands:
        data["_bin"] = data["_bin"].map(dict(zip(RATING_IDS, BAND_IDS))).fillna(INSUFFICIENT)
    data["_o_name"] = place_names(data, origin_col, origin_name_col).to_numpy()
    data["_d_name"] = place_names(data, destination_col, destination_name_col).to_numpy()
    o = points.loc[data[origin_col], ["lon", "lat"]].to_numpy()
    d = points.loc[data[destination_col], ["lon", "lat"]].to_numpy()
    data["_olon"], data["_olat"], data["_dlon"], data["_dlat"] = o[:, 0], o[:, 1], d[:, 0], d[:, 1]
    labels = bin_labels(thresholds, direction)
    if score_bands:
        labels = {b: labels[r] for r, b in zip(RATING_IDS, BAND_IDS)} | {INSUFFICIENT: labels[INSUFFICIENT]}

    fig = go.Figure()
    for rid in (*(BAND_IDS if score_bands else RATING_IDS), INSUFFICIENT):
        part = data[data["_bin"] == rid]
        if part.empty:
            continue
        colour = rating_colour(rid)
        name = labels[rid] if rid == INSUFFICIENT else f"{labels[rid]} ({rating_label(rid, indicator_id)})"
        lon = np.column_stack([part["_olon"], part["_dlon"], np.full(len(part), np.nan)]).ravel()
        lat = np.column_stack([part["_olat"], part["_dlat"], np.full(len(part), np.nan)]).ravel()
        fig.add_trace(go.Scattergeo(
            lon=[None if math.isnan(v) else float(v) for v in lon], lat=[None if math.isnan(v) else float(v) for v in lat],
            mode="lines", line=dict(width=line_width, color=colour, dash="dot" if rid == INSUFFICIENT else "solid"),
            opacity=0.8, hoverinfo="skip", name=esc(name), legendgroup=rid, meta=rid, showlegend=True))
        mids = [great_circle_midpoint(*r) for r in part[["_olon", "_olat", "_dlon", "_dlat"]].to_numpy()]
        text = [_corridor_text(r, unit, value_format, hover_cols, indicator_id) for r in part.to_dict("records")]
        fig.add_trace(go.Scattergeo(
            lon=[round(m[0], 3) for m in mids], lat=[round(m[1], 3) for m in mids], mode="markers", text=text,
            hovertemplate="%{text}<extra></extra>", marker=dict(size=5, color=colour, line=dict(width=0)),
            name=esc(name), legendgroup=rid, meta=f"{rid}_hover", showlegend=False))
    for end, col, lon, lat, colour, symbol in (
            ("Origin", origin_col, "_olon", "_olat", ORIGIN_COLOUR, "circle"),
            ("Destination", destination_col, "_dlon", "_dlat", DESTINATION_COLOUR, "diamond")):
        if data.empty:
            break
        name_col = "_o_name" if end == "Origin" else "_d_name"
        legend = _("Origins") if end == "Origin" else _("Destinations")
        ends = data.groupby(col, sort=True).agg(lon=(lon, "first"), lat=(lat, "first"), name=(name_col, "first"),
                                                n=(col, "size"))
        text = [markup("<b>{}</b><br>{}", r["name"], _end_words(end, int(r["n"]))) for _row, r in ends.iterrows()]
        fig.add_trace(go.Scattergeo(
            lon=list(ends["lon"]), lat=list(ends["lat"]), mode="markers", text=text,
            hovertemplate="%{text}<extra></extra>", name=legend, meta=end.lower(), showlegend=True,
            marker=dict(size=7, color=colour, symbol=symbol, line=dict(color="white", width=0.8))))
    map_layout(fig, title, borders=True)
    if height:
        fig.update_layout(height=height)
    return source_annotation(fig, source_text(source, unit, year_label))


def _end_words(end: str, n: int) -> str:
    """'Origin of 3 corridors' / 'Destination of 1 corridor' in the language in force."""
    if end == "Origin":
        return ngettext("Origin of {n} corridor", "Origin of {n} corridors", n).format(n=n)
    return ngettext("Destination of {n} corridor", "Destination of {n} corridors", n).format(n=n)


def _corridor_text(row: Mapping[str, Any], unit: str, value_format: str, hover_cols: Sequence[str],
                   indicator_id: str | None = None) -> Markup:
    """Hover text of one corridor: "Origin → Destination: value unit" and extra columns (every text escaped)."""
    value = _(INSUFFICIENT_LABEL).lower() if pd.isna(row["_value"]) else \
        f"{fmt_number(row['_value'], value_format)}" + (f" {unit}" if unit else "")
    lines = [markup("<b>{} → {}</b>: {}", row["_o_name"], row["_d_name"], value)]
    if not pd.isna(row["_value"]):
        lines.append(rating_line(row["_bin"], indicator_id))
    return join("<br>", lines + extra_lines(row, hover_cols, value_format))
