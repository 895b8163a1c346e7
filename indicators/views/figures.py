"""Plotly figure builders for the maps: world choropleth and corridor flow map (no Dash).

Colours come from the catalogue's `ratings` (ColorBrewer RdBu, colour-blind safe): blue = better, red = worse,
grey (#bdbdbd) = insufficient data. A missing value is never drawn as zero: it goes to a separate grey trace.

Offline base map: every plotly geo trace loads a base-map TopoJSON, by default from a CDN. Dash pages pass
`config={"topojsonURL": TOPOJSON_URL}` to dcc.Graph (the files are in assets/topojson/); static export (kaleido)
uses plotly.io.defaults.topojson, which importing this module points at the same folder (apply_offline_topojson).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from indicators.store import geography
from indicators.store.catalogue import RATING_IDS, load_catalogue
from indicators.store.config import ASSETS_DIR

TOPOJSON_URL = "/assets/topojson/"                 # dcc.Graph(config={"topojsonURL": TOPOJSON_URL})
TOPOJSON_DIR = ASSETS_DIR / "topojson"
INSUFFICIENT = "insufficient"
INSUFFICIENT_LABEL = "Insufficient data"
LAND_COLOUR = "#eeeeee"                            # base-map land (under and around the shapes)
BORDER_COLOUR = "#ffffff"                          # base-map country borders (flow map)
SHAPE_BORDER_COLOUR = "#a6a6a6"                    # choropleth outlines: near-white (mid-scale) countries stay visible
TEXT_COLOUR = "#555555"
MIDPOINT_COLOUR = "#f7f7f7"                        # RdBu centre: between "challenges" and "significant"
ORIGIN_COLOUR = "#404040"
DESTINATION_COLOUR = "#7b3294"                     # purple: distinct from the RdBu line colours
MAP_LAT_RANGE = (-58.0, 85.0)                      # no Antarctica
FONT = dict(family="Arial, Helvetica, sans-serif", size=12, color="#333333")


def apply_offline_topojson(folder: str | Path | None = None) -> str:
    """Point plotly's static export at the bundled base-map TopoJSON folder (no CDN); return that folder path."""
    path = str(Path(folder or TOPOJSON_DIR).resolve()).rstrip("/") + "/"
    pio.defaults.topojson = path
    return path


if pio.defaults.topojson is None:                  # never let a static export reach for the CDN
    apply_offline_topojson()


@lru_cache(maxsize=1)
def rating_styles() -> dict[str, tuple[str, str]]:
    """Rating id -> (label, colour), from the catalogue, in order best to worst, then insufficient."""
    return {r["id"]: (r["label"], r["colour"]) for r in load_catalogue().ratings}


def rating_colour(rating: str | None) -> str:
    """Colour of a rating id (grey for a missing or unknown rating)."""
    styles = rating_styles()
    return styles.get(rating or INSUFFICIENT, styles[INSUFFICIENT])[1]


def rating_label(rating: str | None) -> str:
    """Plain-language label of a rating id ("Insufficient data" for a missing or unknown rating)."""
    styles = rating_styles()
    return styles.get(rating or INSUFFICIENT, styles[INSUFFICIENT])[0]


def rate(value: float, thresholds: Sequence[float], direction: str) -> str:
    """Four-level rating of a value against three cut points listed from best to worst (the scoring rule)."""
    from indicators.scoring.ratings import rate_value
    return rate_value(value, list(thresholds), direction)


def source_text(source: str | None, unit: str | None = None, year_label: str | None = None) -> str:
    """The bottom line of a map: "Source: ...; unit; year", skipping empty parts."""
    parts = [f"Source: {source}" if source else "", unit or "", year_label or ""]
    return "; ".join(p for p in parts if p)


def source_annotation(fig: go.Figure, text: str) -> go.Figure:
    """Add a small grey source/unit line under the plot area (bottom left); return the figure."""
    if text:
        # charts with axes: go below the tick labels and the axis title; maps: right under the plot area
        cartesian = any(t.type in ("scatter", "bar", "scattergl", "histogram", "box") for t in fig.data)
        shift, bottom = (-58, 100) if cartesian else (-6, 50)
        fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           yshift=shift, showarrow=False, align="left", font=dict(size=10, color=TEXT_COLOUR),
                           name="source")
        fig.update_layout(margin=dict(b=max(fig.layout.margin.b or 0, bottom)))
    return fig


def map_layout(fig: go.Figure, title: str, *, borders: bool = False) -> go.Figure:
    """Shared geo layout: Natural Earth projection, no frame or coastlines, light-grey land, no Antarctica."""
    fig.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False, fitbounds=False,
                    showland=True, landcolor=LAND_COLOUR, showocean=False, showlakes=False,
                    showcountries=borders, countrycolor=BORDER_COLOUR, countrywidth=0.5,
                    lataxis_range=list(MAP_LAT_RANGE), bgcolor="rgba(0,0,0,0)")
    fig.update_layout(title=dict(text=title, x=0.01, xanchor="left", y=0.98, yanchor="top", font=dict(size=16)),
                      font=FONT, margin=dict(l=5, r=5, t=45, b=50), paper_bgcolor="white",
                      hoverlabel=dict(align="left"),
                      legend=dict(orientation="v", x=0.0, y=0.0, xanchor="left", yanchor="bottom",  # South Pacific
                                  bgcolor="rgba(255,255,255,0.75)", font=dict(size=10), tracegroupgap=0,
                                  itemclick="toggle"))
    return fig


def _fmt(value: object, fmt: str) -> str:
    """A value formatted for hover text ("–" when missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, (int, float, np.integer, np.floating)):
        if float(value).is_integer() and "f" in fmt:
            return f"{int(value):,}"
        return format(float(value), fmt)
    return str(value)


def _year(value: object) -> str:
    """A year for hover text (2019.0 -> "2019")."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return str(value)


def _extra(column: str, value: object, fmt: str) -> str:
    """An extra hover column: years as years ("2020", never "2,020"), other values in the chart's format."""
    return _year(value) if "year" in column.lower() else _fmt(value, fmt)


def _label(column: str) -> str:
    """A column name as a hover label ("year_used" -> "Year used")."""
    return column.replace("_", " ").strip().capitalize()


def _names(df: pd.DataFrame, iso_col: str, name_col: str | None) -> pd.Series:
    """Display names per row: the frame's name column, else the country table, else Natural Earth, else iso3."""
    fallback = _country_names()
    names = df[iso_col].map(lambda c: fallback.get(c, c))
    if name_col and name_col in df.columns:
        names = df[name_col].where(df[name_col].notna() & (df[name_col].astype(str) != ""), names)
    return names.astype(str)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """iso3 -> display name: Natural Earth names overridden by the project's country table where it has one."""
    names = dict(geography.world_feature_names())
    names.update(dict(zip(geography.centroids()["iso3"], geography.centroids()["name"])))
    try:
        from indicators.store.countries import country_table
        table = country_table()
        names.update(dict(zip(table["iso3"], table["name"])))
    except (ImportError, OSError, KeyError):  # the country table is optional for drawing
        pass
    return names


def colour_stops(direction: str = "higher_is_better", thresholds: Sequence[float] | None = None,
                 value_range: tuple[float, float] = (0.0, 100.0)) -> list[list]:
    """RdBu colour scale over value_range; with thresholds, the rating colours change exactly at the cut points."""
    lo, hi = float(value_range[0]), float(value_range[1])
    worst_to_best = [rating_colour("major"), rating_colour("significant"), MIDPOINT_COLOUR,
                     rating_colour("challenges"), rating_colour("achieved")]
    colours = worst_to_best if direction == "higher_is_better" else worst_to_best[::-1]   # low value first
    positions = [0.0, 0.25, 0.5, 0.75, 1.0]
    if thresholds is not None and hi > lo:
        cuts = sorted((float(t) - lo) / (hi - lo) for t in thresholds)
        if len(set(cuts)) == 3 and all(0.0 < c < 1.0 for c in cuts):
            positions = [0.0, *cuts, 1.0]   # each cut point carries the colour where two ratings meet
    return [[p, c] for p, c in zip(positions, colours)]


def _tick_labels(thresholds: Sequence[float], value_range: tuple[float, float], fmt: str) -> tuple[list, list]:
    """Colour-bar ticks at the range ends and the thresholds."""
    values = sorted({float(value_range[0]), float(value_range[1]), *map(float, thresholds)})
    return values, [_fmt(v, fmt) for v in values]


def choropleth(df: pd.DataFrame, value_col: str = "score", *, title: str, unit: str = "", source: str = "",
               year_label: str = "", rating_col: str | None = None, hover_cols: Sequence[str] = (),
               colour_mode: str = "continuous", iso_col: str = "iso3", name_col: str | None = "name",
               year_col: str | None = "year_used", thresholds: Sequence[float] | None = None,
               direction: str = "higher_is_better", value_range: tuple[float, float] | None = None,
               value_label: str = "Value", value_format: str = ".1f", fill_missing: bool = True,
               height: int | None = None) -> go.Figure:
    """World choropleth of one value per country; no value -> grey "Insufficient data"; small states as markers.

    df: one row per country (iso_col); duplicates keep their first row. colour_mode "continuous" colours by
    value (RdBu, colour changes at the thresholds when given, colour bar ticks at them); "rating" colours by the
    four ratings (rating_col, else computed from thresholds and direction), one legend entry each; there a row
    whose rating is not one of the four counts as insufficient data.
    fill_missing also greys every country of the map absent from df (so grey always means "no value").
    """
    if colour_mode not in ("continuous", "rating"):
        raise ValueError(f"colour_mode must be 'continuous' or 'rating', not {colour_mode!r}")
    data = df.drop_duplicates(iso_col, keep="first").copy()
    data = data[data[iso_col].notna()]
    data["_value"] = pd.to_numeric(data[value_col], errors="coerce").astype(float)
    if rating_col and rating_col in data.columns:
        data["_rating"] = data[rating_col].where(data[rating_col].notna(), INSUFFICIENT).astype(object)
    elif thresholds is not None:
        data["_rating"] = [rate(v, thresholds, direction) for v in data["_value"]]
    elif colour_mode == "rating":
        raise ValueError("colour_mode='rating' needs rating_col or thresholds")
    else:
        data["_rating"] = None
    data.loc[data["_value"].isna(), "_rating"] = INSUFFICIENT
    if colour_mode == "rating":                    # a value without one of the four ratings cannot be coloured
        data.loc[~data["_rating"].isin(RATING_IDS), "_value"] = np.nan
    data["_name"] = _names(data, iso_col, name_col).to_numpy()
    year_col = year_col if year_col and year_col in data.columns else ("year" if "year" in data.columns else None)
    data["_hover"] = [_hover_text(r, unit, value_label, value_format, year_col, hover_cols)
                      for _, r in data.iterrows()]

    on_map = set(geography.world_feature_names())
    has_value = data["_value"].notna()
    shaped = data[iso_col].isin(on_map)
    points = geography.centroids().set_index("iso3")
    marked = ~shaped & data[iso_col].isin(points.index)

    fig = go.Figure()
    lo, hi = _value_range(data.loc[has_value, "_value"], thresholds, value_range)
    scale = colour_stops(direction, thresholds, (lo, hi))

    # grey first (drawn underneath): missing values, and with fill_missing every shape with no row in df
    missing = data.loc[shaped & ~has_value]
    grey_ids = list(missing[iso_col])
    grey_text = list(missing["_hover"])
    if fill_missing:
        names = geography.world_feature_names()
        listed = set(data.loc[shaped, iso_col])
        absent = [fid for fid in names if fid not in listed]
        grey_ids += absent
        grey_text += [f"<b>{_country_names().get(fid, names[fid])}</b><br>{INSUFFICIENT_LABEL.lower()}"
                      for fid in absent]
    fig.add_trace(_shape_trace(grey_ids, grey_text, rating_colour(INSUFFICIENT), INSUFFICIENT_LABEL,
                               legendgroup=INSUFFICIENT, meta=INSUFFICIENT, legendrank=1000 + len(RATING_IDS)))

    coloured = data.loc[shaped & has_value]
    if colour_mode == "continuous":
        ticks, labels = _tick_labels(thresholds if thresholds is not None else (), (lo, hi), value_format)
        fig.add_trace(go.Choropleth(
            geojson=geography.world_geojson(coloured[iso_col]), featureidkey=geography.FEATURE_ID_KEY,
            locations=list(coloured[iso_col]), z=list(coloured["_value"]), text=list(coloured["_hover"]),
            hovertemplate="%{text}<extra></extra>", colorscale=scale, zmin=lo, zmax=hi,
            marker=dict(line=dict(color=SHAPE_BORDER_COLOUR, width=0.4)), name=value_label, showlegend=False,
            meta="values",
            colorbar=dict(title=dict(text=unit or value_label, side="right", font=dict(size=11)), thickness=12,
                          len=0.6, x=1.0, xanchor="right", tickvals=ticks if thresholds is not None else None,
                          ticktext=labels if thresholds is not None else None, outlinewidth=0)))
    else:
        for rid in RATING_IDS:
            part = coloured[coloured["_rating"] == rid]
            if len(part):
                fig.add_trace(_shape_trace(list(part[iso_col]), list(part["_hover"]), rating_colour(rid),
                                           rating_label(rid), legendgroup=rid, meta=rid,
                                           legendrank=1000 + RATING_IDS.index(rid)))

    # small states: markers at their centroid, same colours; grey for the ones listed with no value
    small = data.loc[marked]
    if len(small):
        small = small.assign(_lon=points.loc[small[iso_col], "lon"].to_numpy(),
                             _lat=points.loc[small[iso_col], "lat"].to_numpy())
        with_value = small[small["_value"].notna()]
        without = small[small["_value"].isna()]
        if len(without):
            fig.add_trace(_marker_trace(without, dict(color=rating_colour(INSUFFICIENT)), INSUFFICIENT_LABEL,
                                        "insufficient_markers", size=6, legendgroup=INSUFFICIENT))
        if len(with_value):
            if colour_mode == "continuous":
                colour = dict(color=list(with_value["_value"]), colorscale=scale, cmin=lo, cmax=hi, showscale=False)
            else:
                colour = dict(color=[rating_colour(r) for r in with_value["_rating"]])
            fig.add_trace(_marker_trace(with_value, colour, "Small states", "small_states", size=8,
                                        legendgroup="small_states"))
    map_layout(fig, title)
    if height:
        fig.update_layout(height=height)
    return source_annotation(fig, source_text(source, unit, year_label))


def _value_range(values: pd.Series, thresholds: Sequence[float] | None,
                 value_range: tuple[float, float] | None) -> tuple[float, float]:
    """The colour range: the given one, else the data range widened to the thresholds."""
    if value_range is not None:
        return float(value_range[0]), float(value_range[1])
    pool = [float(v) for v in values] + [float(t) for t in (thresholds or ())]
    if not pool:
        return 0.0, 1.0
    lo, hi = min(pool), max(pool)
    return (lo, hi) if hi > lo else (lo - 0.5, hi + 0.5)


def _hover_text(row: pd.Series, unit: str, value_label: str, value_format: str, year_col: str | None,
                hover_cols: Sequence[str]) -> str:
    """Hover lines of one country: name, value with unit, year used, rating, extra columns."""
    lines = [f"<b>{row['_name']}</b>"]
    if pd.isna(row["_value"]):
        lines.append(INSUFFICIENT_LABEL.lower())
    else:
        lines.append(f"{value_label}: {_fmt(row['_value'], value_format)}" + (f" ({unit})" if unit else ""))
        if year_col:
            lines.append(f"Year: {_year(row[year_col])}")
        if row["_rating"]:
            lines.append(f"Rating: {rating_label(row['_rating'])}")
    for col in hover_cols:
        if col in row.index:
            lines.append(f"{_label(col)}: {_extra(col, row[col], value_format)}")
    return "<br>".join(lines)


def _shape_trace(ids: list[str], text: list[str], colour: str, name: str, *, legendgroup: str, meta: str,
                 legendrank: int = 1000) -> go.Choropleth:
    """One flat-coloured choropleth trace over the given world-map features (with its own legend entry)."""
    return go.Choropleth(
        geojson=geography.world_geojson(ids), featureidkey=geography.FEATURE_ID_KEY, locations=ids,
        z=[0] * len(ids), text=text, hovertemplate="%{text}<extra></extra>",
        colorscale=[[0, colour], [1, colour]], zmin=0, zmax=1, showscale=False, showlegend=True, name=name,
        legendgroup=legendgroup, legendrank=legendrank, meta=meta,
        marker=dict(line=dict(color=SHAPE_BORDER_COLOUR, width=0.4)))


def _marker_trace(rows: pd.DataFrame, colour: dict, name: str, meta: str, *, size: int,
                  legendgroup: str) -> go.Scattergeo:
    """Markers for states too small for the 110m shapes, at their 50m centroid."""
    return go.Scattergeo(lon=list(rows["_lon"]), lat=list(rows["_lat"]), mode="markers", text=list(rows["_hover"]),
                         hovertemplate="%{text}<extra></extra>", name=name, meta=meta, showlegend=False,
                         legendgroup=legendgroup, marker=dict(size=size, line=dict(color=TEXT_COLOUR, width=0.6), **colour))


def bin_labels(thresholds: Sequence[float], direction: str, fmt: str = "g") -> dict[str, str]:
    """Rating id -> value range of its bin ("≤ 3", "3–5", "5–10", "> 10" for lower-is-better 3, 5, 10)."""
    t1, t2, t3 = (_fmt(t, fmt) for t in thresholds)
    if direction == "higher_is_better":
        return {"achieved": f"≥ {t1}", "challenges": f"{t2}–{t1}", "significant": f"{t3}–{t2}", "major": f"< {t3}",
                INSUFFICIENT: INSUFFICIENT_LABEL}
    return {"achieved": f"≤ {t1}", "challenges": f"{t1}–{t2}", "significant": f"{t2}–{t3}", "major": f"> {t3}",
            INSUFFICIENT: INSUFFICIENT_LABEL}


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
             height: int | None = None) -> go.Figure:
    """Corridors as great-circle lines between country centroids, one line trace per rating bin, plus end markers.

    Each bin (achieved .. major by thresholds and direction, then grey for a missing value) is one Scattergeo
    with all its segments joined by None separators, and one marker trace at the segment midpoints carrying the
    hover text ("Origin → Destination: value unit"). Corridors whose ends have no centroid are left out.
    """
    points = geography.centroids().set_index("iso3")
    data = corridors_df.copy()
    ok = data[origin_col].isin(points.index) & data[destination_col].isin(points.index) \
        & (data[origin_col] != data[destination_col])
    data = data[ok].reset_index(drop=True)
    data["_value"] = pd.to_numeric(data[value_col], errors="coerce").astype(float)
    data["_bin"] = [rate(v, thresholds, direction) for v in data["_value"]]
    data["_o_name"] = _names(data, origin_col, origin_name_col).to_numpy()
    data["_d_name"] = _names(data, destination_col, destination_name_col).to_numpy()
    o = points.loc[data[origin_col], ["lon", "lat"]].to_numpy()
    d = points.loc[data[destination_col], ["lon", "lat"]].to_numpy()
    data["_olon"], data["_olat"], data["_dlon"], data["_dlat"] = o[:, 0], o[:, 1], d[:, 0], d[:, 1]
    labels = bin_labels(thresholds, direction)

    fig = go.Figure()
    for rid in (*RATING_IDS, INSUFFICIENT):
        part = data[data["_bin"] == rid]
        if part.empty:
            continue
        colour = rating_colour(rid)
        name = labels[rid] if rid == INSUFFICIENT else f"{labels[rid]} ({rating_label(rid)})"
        lon = np.column_stack([part["_olon"], part["_dlon"], np.full(len(part), np.nan)]).ravel()
        lat = np.column_stack([part["_olat"], part["_dlat"], np.full(len(part), np.nan)]).ravel()
        fig.add_trace(go.Scattergeo(
            lon=[None if math.isnan(v) else float(v) for v in lon], lat=[None if math.isnan(v) else float(v) for v in lat],
            mode="lines", line=dict(width=line_width, color=colour, dash="dot" if rid == INSUFFICIENT else "solid"),
            opacity=0.8, hoverinfo="skip", name=name, legendgroup=rid, meta=rid, showlegend=True))
        mids = [great_circle_midpoint(*r) for r in part[["_olon", "_olat", "_dlon", "_dlat"]].to_numpy()]
        text = [_corridor_text(r, unit, value_format, hover_cols) for _, r in part.iterrows()]
        fig.add_trace(go.Scattergeo(
            lon=[round(m[0], 3) for m in mids], lat=[round(m[1], 3) for m in mids], mode="markers", text=text,
            hovertemplate="%{text}<extra></extra>", marker=dict(size=5, color=colour, line=dict(width=0)),
            name=name, legendgroup=rid, meta=f"{rid}_hover", showlegend=False))
    for end, col, lon, lat, colour, symbol in (
            ("Origin", origin_col, "_olon", "_olat", ORIGIN_COLOUR, "circle"),
            ("Destination", destination_col, "_dlon", "_dlat", DESTINATION_COLOUR, "diamond")):
        if data.empty:
            break
        name_col = "_o_name" if end == "Origin" else "_d_name"
        ends = data.groupby(col, sort=True).agg(lon=(lon, "first"), lat=(lat, "first"), name=(name_col, "first"),
                                                n=(col, "size"))
        text = [f"<b>{r['name']}</b><br>{end} of {r['n']} corridor{'s' if r['n'] != 1 else ''}"
                for _, r in ends.iterrows()]
        fig.add_trace(go.Scattergeo(
            lon=list(ends["lon"]), lat=list(ends["lat"]), mode="markers", text=text,
            hovertemplate="%{text}<extra></extra>", name=f"{end}s", meta=end.lower(), showlegend=True,
            marker=dict(size=7, color=colour, symbol=symbol, line=dict(color="white", width=0.8))))
    map_layout(fig, title, borders=True)
    if height:
        fig.update_layout(height=height)
    return source_annotation(fig, source_text(source, unit, year_label))


def _corridor_text(row: pd.Series, unit: str, value_format: str, hover_cols: Sequence[str]) -> str:
    """Hover text of one corridor: "Origin → Destination: value unit" and extra columns."""
    value = INSUFFICIENT_LABEL.lower() if pd.isna(row["_value"]) else \
        f"{_fmt(row['_value'], value_format)}" + (f" {unit}" if unit else "")
    lines = [f"<b>{row['_o_name']} → {row['_d_name']}</b>: {value}"]
    if not pd.isna(row["_value"]):
        lines.append(f"Rating: {rating_label(row['_bin'])}")
    for col in hover_cols:
        if col in row.index:
            lines.append(f"{_label(col)}: {_extra(col, row[col], value_format)}")
    return "<br>".join(lines)
