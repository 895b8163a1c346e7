"""Shared pieces of the figures (no Dash): offline base map, rating colours and labels, source lines, map layout,
colour scales and number formats. The maps themselves are in views/choropleth.py and views/flows.py.

Colours come from the catalogue's `ratings` (ColorBrewer RdBu, colour-blind safe): blue = better, red = worse,
grey (#bdbdbd) = insufficient data. A missing value is never drawn as zero: it goes to a separate grey trace.

Text: every text given to a builder (titles, units, sources, names, hover columns) is escaped where it enters a
figure (views/markup.py), so uploaded text is shown as typed and never as markup; the builders' own <b> and <br>
are written around escaped pieces.

Offline base map: every plotly geo trace loads a base-map TopoJSON, by default from a CDN. Dash pages pass
`config={"topojsonURL": TOPOJSON_URL}` to dcc.Graph (the files are in assets/topojson/); static export (kaleido)
uses plotly.io.defaults.topojson, which the export renderer points at the same folder (apply_offline_topojson).
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.store import geography
from indicators.store.catalogue import BAND_IDS, RATING_IDS, load_catalogue
from indicators.store.config import ASSETS_DIR
from indicators.i18n import N_, _, current
from indicators.i18n.countries import names as translated_names
from indicators.i18n.formats import integer, number
from indicators.store.catalogue_text import localised
from indicators.views.markup import Markup, esc, join, markup

TOPOJSON_URL = "/assets/topojson/"                 # dcc.Graph(config={"topojsonURL": TOPOJSON_URL})
TOPOJSON_DIR = ASSETS_DIR / "topojson"
INSUFFICIENT = "insufficient"
INSUFFICIENT_LABEL = N_("Insufficient data")          # translated where shown: _(INSUFFICIENT_LABEL)
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
    """Point plotly's static export at the bundled base-map TopoJSON folder (no CDN); return that folder path.
    Called by the export renderer before its browser starts (exports/rendering.py), not at import: plotly.io's
    defaults import kaleido and its browser driver, 0.2 s of every process's start."""
    import plotly.io as pio
    path = str(Path(folder or TOPOJSON_DIR).resolve()).rstrip("/") + "/"
    pio.defaults.topojson = path
    return path


@lru_cache(maxsize=1)
def rating_styles() -> dict[str, tuple[str, str]]:
    """Rating id -> (label, colour) from the catalogue, best to worst, then insufficient, then the score bands."""
    cat = load_catalogue()
    return {r["id"]: (r["label"], r["colour"]) for r in cat.ratings + cat.score_bands}


def all_rating_labels() -> list[tuple[str, str, str]]:
    """(rating or band id, label, colour) of every label the catalogue can show, indicators' own words included."""
    cat = load_catalogue()
    out = [(rid, label, colour) for rid, (label, colour) in rating_styles().items()]
    for iid in cat.indicators.index:
        for rid in RATING_IDS:
            label = cat.rating_label(rid, iid)
            if label != rating_styles()[rid][0]:
                out.append((rid, label, rating_styles()[rid][1]))
    return list(dict.fromkeys(out))


def rating_colour(rating: str | None) -> str:
    """Colour of a rating id (grey for a missing or unknown rating)."""
    styles = rating_styles()
    return styles.get(rating or INSUFFICIENT, styles[INSUFFICIENT])[1]


def rating_label(rating: str | None, indicator_id: str | None = None) -> str:
    """Plain-language label of a rating or band id ("Insufficient data" for a missing or unknown one); with an
    indicator, its own labels (e.g. "SDG target met" only where its top threshold is an SDG target)."""
    cat = localised(load_catalogue())
    if rating not in rating_styles():
        return cat.rating_label(INSUFFICIENT)
    return cat.rating_label(rating, indicator_id)


def rating_line(rating: str, indicator_id: str | None = None) -> Markup:
    """A hover line for a rating or a score band: 'Rating: Top band', 'Score band: Medium'."""
    word = _("Score band") if rating in BAND_IDS else _("Rating")
    return markup("{}: {}", word, rating_label(rating, indicator_id))


def extra_lines(row: Mapping[str, Any], columns: Sequence[str], value_format: str) -> list[Markup]:
    """Hover lines for extra columns of a row (a record: column -> value) ('Year used: 2019', 'Source: ...'), those
    the row has, escaped."""
    return [markup("{}: {}", column_label(c), extra_text(c, row[c], value_format)) for c in columns if c in row]


def rate(value: float, thresholds: Sequence[float], direction: str) -> str:
    """Four-level rating of a value against three cut points listed from best to worst (the scoring rule)."""
    from indicators.scoring.ratings import rate_value
    return rate_value(value, list(thresholds), direction)


def source_text(source: str | None, unit: str | None = None, year_label: str | None = None) -> Markup:
    """The bottom line of a chart: "Source: ...; unit; year", skipping empty parts, each part escaped."""
    parts = [markup(_("Source: {}"), source) if source else "", unit or "", year_label or ""]
    return join("; ", [p for p in parts if p])


def source_annotation(fig: go.Figure, text: str) -> go.Figure:
    """Add a small grey source/unit line (escaped unless Markup) under the plot area, bottom left; return the figure."""
    text = esc(text)
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
    fig.update_layout(title=dict(text=esc(title), x=0.01, xanchor="left", y=0.98, yanchor="top", font=dict(size=16)),
                      font=FONT, margin=dict(l=5, r=5, t=45, b=50), paper_bgcolor="white",
                      hoverlabel=dict(align="left"),
                      legend=dict(orientation="v", x=0.0, y=0.0, xanchor="left", yanchor="bottom",  # South Pacific
                                  bgcolor="rgba(255,255,255,0.75)", font=dict(size=10), tracegroupgap=0,
                                  itemclick="toggle"))
    return fig


def fmt_number(value: object, fmt: str) -> str:
    """A value formatted for hover text ("–" when missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, (int, float, np.integer, np.floating)):
        if float(value).is_integer() and "f" in fmt:
            return integer(int(value))
        fixed = re.fullmatch(r",?\.([0-9])f", fmt)
        if fixed:                                   # the language's decimal sign and grouping
            return number(float(value), int(fixed.group(1)))
        text = format(float(value), fmt)
        return text if current() == "en" else text.replace(".", number(0.5, 1)[1])
    return str(value)


def year_text(value: object) -> str:
    """A year for hover text (2019.0 -> "2019")."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    try:
        return str(int(value))
    except (TypeError, ValueError):
        return str(value)


def extra_text(column: str, value: object, fmt: str) -> str:
    """An extra hover column: years as years ("2020", never "2,020"), other values in the chart's format."""
    return year_text(value) if "year" in column.lower() else fmt_number(value, fmt)


COLUMN_LABELS = {"year_used": N_("Year used"), "source": N_("Source"), "status": N_("Status"),
                 "coverage": N_("Coverage"), "year": N_("Year"), "corridors": N_("Corridors"), "rank": N_("Rank"),
                 "score": N_("Score"), "n": N_("Corridors")}


def column_label(column: str) -> str:
    """A column name as a hover label ("year_used" -> "Year used"), in the language in force."""
    return _(COLUMN_LABELS[column]) if column in COLUMN_LABELS else column.replace("_", " ").strip().capitalize()


def place_names(df: pd.DataFrame, iso_col: str, name_col: str | None) -> pd.Series:
    """Display names per row: the frame's name column, else the country table, else Natural Earth, else iso3."""
    fallback = country_names()
    names = df[iso_col].map(lambda c: fallback.get(c, c))
    if name_col and name_col in df.columns:
        names = df[name_col].where(df[name_col].notna() & (df[name_col].astype(str) != ""), names)
    if current() != "en":                          # countries in the language in force (ISO 3166 translations)
        names = df[iso_col].map(translated_names(current())).where(df[iso_col].notna()).fillna(names)
    return names.astype(str)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
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


def tick_labels(thresholds: Sequence[float], value_range: tuple[float, float], fmt: str) -> tuple[list, list]:
    """Colour-bar ticks at the range ends and the thresholds."""
    values = sorted({float(value_range[0]), float(value_range[1]), *map(float, thresholds)})
    return values, [fmt_number(v, fmt) for v in values]


def bin_labels(thresholds: Sequence[float], direction: str, fmt: str = "g") -> dict[str, str]:
    """Rating id -> value range of its bin ("≤ 3", "3–5", "5–10", "> 10" for lower-is-better 3, 5, 10)."""
    t1, t2, t3 = (fmt_number(t, fmt) for t in thresholds)
    if direction == "higher_is_better":
        return {"achieved": f"≥ {t1}", "challenges": f"{t2}–{t1}", "significant": f"{t3}–{t2}", "major": f"< {t3}",
                INSUFFICIENT: _(INSUFFICIENT_LABEL)}
    return {"achieved": f"≤ {t1}", "challenges": f"{t1}–{t2}", "significant": f"{t2}–{t3}", "major": f"> {t3}",
            INSUFFICIENT: _(INSUFFICIENT_LABEL)}
