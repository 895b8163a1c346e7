"""The world choropleth: one value per country, grey for insufficient data, small states as markers."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.store import geography
from indicators.store.catalogue import RATING_IDS
from indicators.views.figures import (INSUFFICIENT, INSUFFICIENT_LABEL, SHAPE_BORDER_COLOUR, TEXT_COLOUR,
    colour_stops, country_names, extra_lines, fmt_number, map_layout, place_names, rate, rating_colour, rating_label,
    rating_line, source_annotation, source_text, tick_labels, year_text)
from indicators.i18n import _, current
from indicators.i18n.countries import names as translated_names
from indicators.views.markup import Markup, esc, join, markup


def choropleth(df: pd.DataFrame, value_col: str = "score", *, title: str, unit: str = "", source: str = "",
               year_label: str = "", rating_col: str | None = None, hover_cols: Sequence[str] = (),
               colour_mode: str = "continuous", iso_col: str = "iso3", name_col: str | None = "name",
               year_col: str | None = "year_used", thresholds: Sequence[float] | None = None,
               direction: str = "higher_is_better", value_range: tuple[float, float] | None = None,
               value_label: str = "Value", value_format: str = ".1f", fill_missing: bool = True,
               height: int | None = None, indicator_id: str | None = None) -> go.Figure:
    """World choropleth of one value per country; no value -> grey "Insufficient data"; small states as markers.

    df: one row per country (iso_col); duplicates keep their first row. colour_mode "continuous" colours by
    value (RdBu, colour changes at the thresholds when given, colour bar ticks at them); "rating" colours by the
    four ratings (rating_col, else computed from thresholds and direction), one legend entry each; there a row
    whose rating is not one of the four counts as insufficient data.
    fill_missing also greys every country of the map absent from df (so grey always means "no value").
    indicator_id: the indicator whose own rating words apply (only remittance costs may say "SDG target met").
    """
    if colour_mode not in ("continuous", "rating"):
        raise ValueError(f"colour_mode must be 'continuous' or 'rating', not {colour_mode!r}")
    data = _rated(df, value_col, iso_col, rating_col, thresholds, direction, colour_mode)
    data["_name"] = place_names(data, iso_col, name_col).to_numpy()
    year_col = year_col if year_col and year_col in data.columns else ("year" if "year" in data.columns else None)
    data["_hover"] = [_hover_text(r, unit, value_label, value_format, year_col, hover_cols, indicator_id)
                      for r in data.to_dict("records")]
    shaped = data[iso_col].isin(set(geography.world_feature_names()))
    lo, hi = _value_range(data.loc[data["_value"].notna(), "_value"], thresholds, value_range)
    scale = colour_stops(direction, thresholds, (lo, hi))

    fig = go.Figure()
    fig.add_trace(_grey_trace(data, shaped, iso_col, fill_missing))     # drawn underneath
    coloured = data.loc[shaped & data["_value"].notna()]
    if colour_mode == "continuous":
        fig.add_trace(_value_trace(coloured, iso_col, scale, (lo, hi), thresholds, unit, value_label, value_format))
    else:
        for rid in RATING_IDS:
            part = coloured[coloured["_rating"] == rid]
            if len(part):
                fig.add_trace(_shape_trace(list(part[iso_col]), list(part["_hover"]), rating_colour(rid),
                                           rating_label(rid, indicator_id), legendgroup=rid, meta=rid,
                                           legendrank=1000 + RATING_IDS.index(rid)))
    for trace in _small_state_traces(data, shaped, iso_col, colour_mode, scale, (lo, hi)):
        fig.add_trace(trace)
    map_layout(fig, title)
    if height:
        fig.update_layout(height=height)
    return source_annotation(fig, source_text(source, unit, year_label))


def _rated(df: pd.DataFrame, value_col: str, iso_col: str, rating_col: str | None,
           thresholds: Sequence[float] | None, direction: str, colour_mode: str) -> pd.DataFrame:
    """One row per country with its numeric value (_value) and rating (_rating); no value -> insufficient."""
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
    return data


def _grey_trace(data: pd.DataFrame, shaped: pd.Series, iso_col: str, fill_missing: bool) -> go.Choropleth:
    """The grey shapes: countries listed without a value and, with fill_missing, every shape not listed at all."""
    missing = data.loc[shaped & data["_value"].isna()]
    grey_ids = list(missing[iso_col])
    grey_text = list(missing["_hover"])
    if fill_missing:
        names = geography.world_feature_names()
        listed = set(data.loc[shaped, iso_col])
        absent = [fid for fid in names if fid not in listed]
        local_names = translated_names(current()) if current() != "en" else {}
        grey_ids += absent
        grey_text += [markup("<b>{}</b><br>{}", local_names.get(fid, country_names().get(fid, names[fid])),
                             _(INSUFFICIENT_LABEL).lower()) for fid in absent]
    return _shape_trace(grey_ids, grey_text, rating_colour(INSUFFICIENT), _(INSUFFICIENT_LABEL),
                        legendgroup=INSUFFICIENT, meta=INSUFFICIENT, legendrank=1000 + len(RATING_IDS))


def _value_trace(coloured: pd.DataFrame, iso_col: str, scale: list, zrange: tuple[float, float],
                 thresholds: Sequence[float] | None, unit: str, value_label: str,
                 value_format: str) -> go.Choropleth:
    """The countries with a value, coloured on the continuous scale, with a colour bar ticked at the thresholds."""
    lo, hi = zrange
    ticks, labels = tick_labels(thresholds if thresholds is not None else (), (lo, hi), value_format)
    return go.Choropleth(
        geojson=geography.world_geojson(coloured[iso_col]), featureidkey=geography.FEATURE_ID_KEY,
        locations=list(coloured[iso_col]), z=list(coloured["_value"]), text=list(coloured["_hover"]),
        hovertemplate="%{text}<extra></extra>", colorscale=scale, zmin=lo, zmax=hi,
        marker=dict(line=dict(color=SHAPE_BORDER_COLOUR, width=0.4)), name=esc(value_label), showlegend=False,
        meta="values",
        colorbar=dict(title=dict(text=esc(unit or value_label), side="right", font=dict(size=11)), thickness=12,
                      len=0.6, x=1.0, xanchor="right", tickvals=ticks if thresholds is not None else None,
                      ticktext=labels if thresholds is not None else None, outlinewidth=0))


def _small_state_traces(data: pd.DataFrame, shaped: pd.Series, iso_col: str, colour_mode: str, scale: list,
                        zrange: tuple[float, float]) -> list[go.Scattergeo]:
    """Small states (no 110m shape): markers at their centroid, same colours; grey for those without a value."""
    points = geography.centroids().set_index("iso3")
    small = data.loc[~shaped & data[iso_col].isin(points.index)]
    if not len(small):
        return []
    small = small.assign(_lon=points.loc[small[iso_col], "lon"].to_numpy(),
                         _lat=points.loc[small[iso_col], "lat"].to_numpy())
    with_value = small[small["_value"].notna()]
    without = small[small["_value"].isna()]
    traces = []
    if len(without):
        traces.append(_marker_trace(without, dict(color=rating_colour(INSUFFICIENT)), _(INSUFFICIENT_LABEL),
                                    "insufficient_markers", size=6, legendgroup=INSUFFICIENT))
    if len(with_value):
        if colour_mode == "continuous":
            colour = dict(color=list(with_value["_value"]), colorscale=scale, cmin=zrange[0], cmax=zrange[1],
                          showscale=False)
        else:
            colour = dict(color=[rating_colour(r) for r in with_value["_rating"]])
        traces.append(_marker_trace(with_value, colour, _("Small states"), "small_states", size=8,
                                    legendgroup="small_states"))
    return traces


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


def _hover_text(row: Mapping[str, Any], unit: str, value_label: str, value_format: str, year_col: str | None,
                hover_cols: Sequence[str], indicator_id: str | None = None) -> Markup:
    """Hover lines of one country: name, value with unit, year used, rating, extra columns (every text escaped)."""
    lines = [markup("<b>{}</b>", row["_name"])]
    if pd.isna(row["_value"]):
        lines.append(esc(_(INSUFFICIENT_LABEL).lower()))
    else:
        value = fmt_number(row["_value"], value_format) + (f" ({unit})" if unit else "")
        lines.append(markup("{}: {}", value_label, value))
        if year_col:
            lines.append(markup(_("Year: {}"), year_text(row[year_col])))
        if row["_rating"]:
            lines.append(rating_line(row["_rating"], indicator_id))
    return join("<br>", lines + extra_lines(row, hover_cols, value_format))


def _shape_trace(ids: list[str], text: list[str], colour: str, name: str, *, legendgroup: str, meta: str,
                 legendrank: int = 1000) -> go.Choropleth:
    """One flat-coloured choropleth trace over the given world-map features (with its own legend entry)."""
    return go.Choropleth(
        geojson=geography.world_geojson(ids), featureidkey=geography.FEATURE_ID_KEY, locations=ids,
        z=[0] * len(ids), text=text, hovertemplate="%{text}<extra></extra>",
        colorscale=[[0, colour], [1, colour]], zmin=0, zmax=1, showscale=False, showlegend=True, name=esc(name),
        legendgroup=legendgroup, legendrank=legendrank, meta=meta,
        marker=dict(line=dict(color=SHAPE_BORDER_COLOUR, width=0.4)))


def _marker_trace(rows: pd.DataFrame, colour: dict, name: str, meta: str, *, size: int,
                  legendgroup: str) -> go.Scattergeo:
    """Markers for states too small for the 110m shapes, at their 50m centroid."""
    return go.Scattergeo(lon=list(rows["_lon"]), lat=list(rows["_lat"]), mode="markers", text=list(rows["_hover"]),
                         hovertemplate="%{text}<extra></extra>", name=esc(name), meta=meta, showlegend=False,
                         legendgroup=legendgroup, marker=dict(size=size, line=dict(color=TEXT_COLOUR, width=0.6), **colour))
