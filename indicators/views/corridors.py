"""Data and figures for the corridors page: selection, headlines, flow map, ranked table, cost trends (no Dash).

A corridor is origin -> destination, the way people migrate; remittances flow the other way, so the remittance
cost of corridor NPL -> QAT is the cost of sending USD 200 from Qatar to Nepal.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import N_, _
from indicators.i18n.countries import localise_names
from indicators.i18n.formats import percent, separators, sort_key
from indicators.store.catalogue_text import localised
from indicators.views.direction import corridor_pairs, reversed_extras
from indicators.views import figures
from indicators.views.flows import flow_map
from indicators.views.headers import header
from indicators.views.markup import esc, markup
from indicators.store import geography
from indicators.store.catalogue import load_catalogue
from indicators.store.countries import country_table
from indicators.scoring.scorecard import Scorecard



ALL = "ALL"
SDG_TARGET = 3.0             # SDG 10.c: reduce remittance costs to less than 3 %
SDG_CEILING = 5.0            # ... and eliminate remittance corridors costlier than 5 %
RPW_SOURCE = "World Bank Remittance Prices Worldwide (Corridors), ATCR.CORR"
RPW_UNIT = N_("% of USD 200 sent")               # shown as _(RPW_UNIT)
TARGET_COLOUR = "#0571b0"    # rating "achieved" (at or below the target)
CEILING_COLOUR = "#ca0020"   # rating "major" (the limit no corridor should exceed)
LINE_COLOUR = "#000000"      # Okabe-Ito black: distinct from both reference lines
DEFAULT_IND = "remittance_cost_corridor"
LEGACY_IND = {"remittance_cost": "remittance_cost_corridor", "recruitment_cost": "recruitment_cost_corridor",
              "score": "score"}   # old ?colour= values and the column names other modules pass to flow_figure


@dataclass(frozen=True)
class Colouring:
    """What colours the flow map: a corridor column with its unit, rating cut points and direction."""

    key: str
    label: str
    column: str
    unit: str
    thresholds: tuple[float, float, float]
    direction: str
    value_format: str
    source: str


def colourings() -> dict[str, Colouring]:
    """The map colourings, keyed by the `ind` URL value: the two corridor costs (catalogue) and the corridor score."""
    cat = load_catalogue()
    out: dict[str, Colouring] = {}
    cat = localised(cat)
    for iid, label, col, fmt in (("remittance_cost_corridor", _("Remittance cost"), "remittance_cost", ".2f"),
                                 ("recruitment_cost_corridor", _("Recruitment cost"), "recruitment_cost", ".0f")):
        m = cat.get(iid)
        src = RPW_SOURCE if iid == "remittance_cost_corridor" else str(m.get("source") or _("uploads"))
        out[iid] = Colouring(iid, label, col, str(m["unit"]), tuple(float(t) for t in m["thresholds"]),
                             str(m["direction"]), fmt, src)
    bands = tuple(float(b) for b in cat.settings.get("score_bands", [75, 50, 25]))
    out["score"] = Colouring("score", _("Corridor score"), "score", _("score 0-100"), bands, "higher_is_better", ".1f",
                             _("corridor scores from {source} and the country pillars").format(source=RPW_SOURCE))
    return out


def colouring(key: str) -> Colouring:
    """One colouring by its `ind` key (legacy column names accepted); unknown keys give the remittance cost."""
    c = colourings()
    return c.get(key) or c[LEGACY_IND.get(key, DEFAULT_IND)]


def has_data(card: Scorecard, key: str) -> bool:
    """Whether any corridor has a value for this colouring."""
    col = colouring(key).column
    return col in card.corridors.columns and bool(card.corridors[col].notna().any())


def indicator_options(card: Scorecard) -> list[dict[str, Any]]:
    """Picker options for what colours the map; recruitment cost is listed but disabled until it has data."""
    out = []
    for key, c in colourings().items():
        ok = has_data(card, key)
        out.append({"label": c.label + ("" if ok else " " + _("(no data yet)")), "value": key, "disabled": not ok})
    return out


def parse_indicator(card: Scorecard, ind: Any, legacy: Any = None) -> str:
    """The `ind` URL value if it is a colouring with data (else the legacy `colour` value, else remittance cost)."""
    for cand in (ind, LEGACY_IND.get(legacy) if isinstance(legacy, str) else None):
        if isinstance(cand, str) and cand in colourings() and has_data(card, cand):
            return cand
    return DEFAULT_IND


def names() -> dict[str, str]:
    """iso3 -> country name, in the language in force."""
    t = country_table()
    return localise_names(dict(zip(t["iso3"], t["name"])))


def options(card: Scorecard, end: str, other: str = ALL, keep: str | None = None,
            reverse: bool = False) -> list[dict[str, str]]:
    """'All' plus the countries at one end of a corridor with data (only those paired with `other` at the far end
    when it is chosen; `keep` is always listed so the picker can show the current choice); with reverse, then the
    countries found only the other way round, labelled so (choosing one opens the migration corridor)."""
    col, far = ("origin_iso3", "destination_iso3") if end == "origin" else ("destination_iso3", "origin_iso3")
    c = card.corridors
    if other != ALL:
        c = c[c[far] == other]
    n = names()
    codes = set(c[col].dropna()) | ({keep} if keep and keep != ALL else set())
    out = [{"label": _("All"), "value": ALL}] + [{"label": n.get(x, x), "value": x}
                                                  for x in sorted(codes, key=lambda x: sort_key(n.get(x, x)))]
    if reverse:
        note = _("a migrant destination: opens the corridor the other way") if end == "origin" else \
            _("a migrant origin: opens the corridor the other way")
        extra = [x for x in reversed_extras(corridor_pairs(card.corridors), end, other) if x not in codes]
        out += [{"label": f"{n.get(x, x)} ({note})", "value": x}
                for x in sorted(extra, key=lambda x: sort_key(n.get(x, x)))]
    return out


def parse_end(card: Scorecard, end: str, text: Any) -> str:
    """An origin or destination code from the URL if some corridor with data has it at that end, else 'ALL'."""
    col = "origin_iso3" if end == "origin" else "destination_iso3"
    code = str(text or "").strip().upper()
    return code if code and code in set(card.corridors[col].dropna()) else ALL


def select(card: Scorecard, origin: str = ALL, destination: str = ALL) -> pd.DataFrame:
    """Corridors matching the origin and destination choices, with names, costliest first."""
    c = card.corridors
    if origin != ALL:
        c = c[c["origin_iso3"] == origin]
    if destination != ALL:
        c = c[c["destination_iso3"] == destination]
    n = names()
    out = c.assign(origin_name=c["origin_iso3"].map(n).fillna(c["origin_iso3"]),
                   destination_name=c["destination_iso3"].map(n).fillna(c["destination_iso3"]))
    return out.sort_values(["remittance_cost", "origin_name", "destination_name"], ascending=[False, True, True],
                           na_position="last").reset_index(drop=True)


def headlines(sel: pd.DataFrame) -> dict[str, Any]:
    """Count, unweighted mean remittance cost, corridors above 5 % (SDG 10.c limit) and at or below the 3 % target."""
    cost = sel["remittance_cost"].dropna().astype(float)
    years = sel.loc[sel["remittance_cost"].notna(), "remittance_cost_year"] if "remittance_cost_year" in sel else []
    span = (f"{int(min(years))}" if min(years) == max(years) else f"{int(min(years))}-{int(max(years))}") \
        if len(years) else ""
    return {"corridors": int(len(sel)), "with_cost": int(len(cost)),
            "mean_cost": float(cost.mean()) if len(cost) else float("nan"),
            "above_5": int((cost > SDG_CEILING).sum()), "at_target": int((cost <= SDG_TARGET).sum()),
            "years": span}


MEAN_COST_NOTE = N_("simple mean of the latest cost of each corridor with a price, not the World Bank's Global Average "
                    "(which averages provider quotes: 6.8 % in 2020Q3)")


def format_pct(v: float | None, digits: int = 1) -> str:
    """'4.6 %', or an en dash when missing."""
    return "–" if v is None or (isinstance(v, float) and math.isnan(v)) else percent(v, digits)


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None (JSON null, shown as 'insufficient data' by the table), numbers as floats or ints."""
    return df.astype(object).where(df.notna(), None)


TABLE_COLUMNS = {   # column (shown as _(column)) -> (table type, number format, text shown for a missing value)
    N_("rank"): ("numeric", "d", N_("not ranked")),
    N_("origin"): ("text", None, ""), N_("destination"): ("text", None, ""),
    N_("remittance cost (% of USD 200)"): ("numeric", ".2f", N_("no data")),
    N_("year used"): ("numeric", "d", ""),
    N_("recruitment cost (% of monthly earnings)"): ("numeric", ".0f", N_("no data yet")),
    N_("recruitment cost year"): ("numeric", "d", ""),
    N_("corridor score"): ("numeric", ".1f", N_("insufficient data")),
    N_("score rank"): ("numeric", "d", N_("not ranked")),
    N_("destination protection"): ("numeric", ".1f", N_("insufficient data")),
    N_("destination association"): ("numeric", ".1f", N_("insufficient data")),
    N_("origin governance"): ("numeric", ".1f", N_("not scored")),
    N_("destination part"): ("numeric", ".1f", N_("insufficient data")),
    N_("origin part"): ("numeric", ".1f", N_("not scored")),
    "origin_iso3": ("text", None, ""), "destination_iso3": ("text", None, ""),
}


def display_table(sel: pd.DataFrame, ind: str = DEFAULT_IND) -> pd.DataFrame:
    """The ranked corridor table as shown and downloaded, worst first for a cost, rank order for the score."""
    def col(name: str) -> pd.Series:
        return sel[name] if name in sel.columns else pd.Series(np.nan, index=sel.index, dtype=float)

    out = pd.DataFrame({
        "rank": col("rank").astype("Float64").round(0).astype("Int64"),
        "origin": sel["origin_name"], "destination": sel["destination_name"],
        "remittance cost (% of USD 200)": col("remittance_cost").astype(float).round(2),
        "year used": col("remittance_cost_year").astype("Float64").round(0).astype("Int64"),
        "recruitment cost (% of monthly earnings)": col("recruitment_cost").astype(float).round(1),
        "recruitment cost year": col("recruitment_cost_year").astype("Float64").round(0).astype("Int64"),
        "corridor score": col("score").astype(float).round(1),
        "destination protection": col("destination_protection").astype(float).round(1),
        "destination association": col("destination_association").astype(float).round(1),
        "origin governance": col("origin_governance").astype(float).round(1),
        "destination part": col("destination_part").astype(float).round(1),
        "origin part": col("origin_part").astype(float).round(1),
        "origin_iso3": sel["origin_iso3"], "destination_iso3": sel["destination_iso3"],
    })
    if out["recruitment cost year"].isna().all():
        out = out.drop(columns="recruitment cost year")
    c = colouring(ind)
    if c.key == "score":
        out = out.sort_values(["rank", "origin", "destination"], na_position="last")
    else:
        key = {"remittance_cost": "remittance cost (% of USD 200)",
               "recruitment_cost": "recruitment cost (% of monthly earnings)"}[c.column]
        out = out.sort_values([key, "origin", "destination"], ascending=[c.direction == "higher_is_better", True, True],
                              na_position="last")
        # the rank column follows the table's order (1 = costliest, ties share a rank); the score's rank moves on
        out.insert(out.columns.get_loc("corridor score") + 1, "score rank", out["rank"])
        out["rank"] = out[key].rank(method="min", ascending=c.direction == "higher_is_better").astype("Int64")
    return _plain(out.reset_index(drop=True))


def rank_note(ind: str = DEFAULT_IND) -> str:
    """What the ranked table's rank column counts, in words."""
    c = colouring(ind)
    if c.key == "score":
        return _("Rank 1 = best corridor score.")
    return _("Rank 1 = highest {what} (the table is in that order); the corridor score's rank is listed too.").format(
        what=c.label.lower())


def table_columns(columns: list[str]) -> list[dict[str, Any]]:
    """DataTable column specs: numbers sort as numbers and a missing value reads 'insufficient data', never 0."""
    out = []
    for c in columns:
        kind, fmt, nully = TABLE_COLUMNS.get(c, ("text", None, ""))
        spec: dict[str, Any] = {"name": header(c), "id": c, "type": kind}
        if kind == "numeric":
            spec["format"] = {"specifier": fmt or "", "nully": _(nully) if nully else "",
                              "locale": {"decimal": separators()[0], "group": separators()[1]}}
        out.append(spec)
    return out


MAP_TOP = (20, 50, 100)      # the map of all corridors draws the N worst by default (367 arcs cannot be read)


def parse_top(text: Any) -> int | None:
    """How many corridors the all-corridors map draws: one of MAP_TOP (default the first), None for all."""
    if str(text).lower() == "all":
        return None
    return int(text) if str(text) in {str(n) for n in MAP_TOP} else MAP_TOP[0]


def worst(sel: pd.DataFrame, ind: str, n: int | None) -> pd.DataFrame:
    """The n worst corridors by the map's colouring with a value (highest cost, lowest score); all when n is None."""
    c = colouring(ind)
    if n is None:
        return sel
    has = sel[sel[c.column].notna()] if c.column in sel else sel.iloc[0:0]
    return has.sort_values(c.column, ascending=c.direction == "higher_is_better", kind="stable").head(n)


def flow_figure(sel: pd.DataFrame, ind: str, year: int, *, fit: bool = False, height: int = 520) -> go.Figure:
    """Flow map of the selected corridors, coloured in rating bins of a cost (3 / 5 / 10 %) or of the corridor score.

    The hover gives origin -> destination, the value, and the year used (with the remittance cost when the
    score colours the map). fit zooms to the corridors drawn (for a selection smaller than the world).
    """
    c = colouring(ind)
    data = sel.copy()
    yr = {"remittance_cost": "remittance_cost_year", "recruitment_cost": "recruitment_cost_year"}.get(c.column)
    hover: list[str] = []
    if yr and yr in data.columns:
        data["year_used"] = [figures.year_text(v) for v in data[yr]]
        hover.append("year_used")
    if c.key == "score":
        data[_("Remittance cost")] = [
            "–" if pd.isna(v) else f"{percent(v, 2)} ({figures.year_text(y)})"
            for v, y in zip(data["remittance_cost"], data.get("remittance_cost_year", pd.Series(np.nan, index=data.index)))]
        data[_("Rank")] = [_("not ranked") if pd.isna(r) else f"{int(r)}" for r in data.get("rank", [])]
        hover += [_("Remittance cost"), _("Rank")]
    fig = flow_map(data, value_col=c.column, title=_("{what} by migration corridor, latest up to {year}").format(
                       what=c.label, year=year),
                           unit=c.unit, source=c.source, year_label=str(year), thresholds=c.thresholds,
                           direction=c.direction, hover_cols=tuple(hover), value_format=c.value_format,
                           line_width=1.4, height=height, indicator_id=None if c.key == "score" else c.key,
                           score_bands=c.key == "score")
    view = view_range(data) if fit else None
    if view:
        fig.update_geos(lonaxis_range=list(view[0]), lataxis_range=list(view[1]))
    return fig


def view_range(sel: pd.DataFrame, pad: float = 8.0) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Longitude and latitude ranges framing the selected corridors' great-circle lines with some margin; None when
    they span most of the world (or cross the date line), so the whole world is shown."""
    points = geography.centroids().set_index("iso3")
    ok = sel["origin_iso3"].isin(points.index) & sel["destination_iso3"].isin(points.index)
    if not ok.any():
        return None
    o = points.loc[sel.loc[ok, "origin_iso3"], ["lon", "lat"]].to_numpy(dtype=float)
    d = points.loc[sel.loc[ok, "destination_iso3"], ["lon", "lat"]].to_numpy(dtype=float)
    lons, lats = [], []
    for (lo1, la1), (lo2, la2) in zip(o, d):
        a, b = _unit(lo1, la1), _unit(lo2, la2)
        for t in np.linspace(0.0, 1.0, 9):                      # points along the arc plotly draws
            v = (1 - t) * a + t * b
            v = v / (np.linalg.norm(v) or 1.0)
            lons.append(math.degrees(math.atan2(v[1], v[0])))
            lats.append(math.degrees(math.asin(max(-1.0, min(1.0, v[2])))))
    lon = (min(lons) - pad, max(lons) + pad)
    lat = (max(min(lats) - pad, figures.MAP_LAT_RANGE[0]), min(max(lats) + pad, figures.MAP_LAT_RANGE[1]))
    if lon[1] - lon[0] > 200:
        return None
    width = max(lon[1] - lon[0], 40.0)                          # never zoom in further than ~40 degrees across
    mid = (lon[0] + lon[1]) / 2
    lon = (max(mid - width / 2, -180.0), min(mid + width / 2, 180.0))
    if lat[1] - lat[0] < 25:
        c = (lat[0] + lat[1]) / 2
        lat = (max(c - 12.5, figures.MAP_LAT_RANGE[0]), min(c + 12.5, figures.MAP_LAT_RANGE[1]))
    return (round(lon[0], 1), round(lon[1], 1)), (round(lat[0], 1), round(lat[1], 1))


def _unit(lon: float, lat: float) -> np.ndarray:
    """A point on the unit sphere."""
    lo, la = math.radians(lon), math.radians(lat)
    return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])


def bar_data(sel: pd.DataFrame) -> pd.DataFrame:
    """Corridors with a remittance cost, cheapest first (drawn bottom-up, so the costliest is on top), labelled by
    the end that varies (the destination when one origin is chosen, else the origin)."""
    rc = colouring(DEFAULT_IND)
    d = sel.dropna(subset=["remittance_cost"]).sort_values(["remittance_cost", "origin_name", "destination_name"])
    label = d["destination_name"] if d["origin_iso3"].nunique() == 1 else d["origin_name"]
    years = d["remittance_cost_year"] if "remittance_cost_year" in d else pd.Series(np.nan, index=d.index)
    return pd.DataFrame({N_("corridor"): label.to_numpy(), "origin": d["origin_name"].to_numpy(),
                         "destination": d["destination_name"].to_numpy(),
                         N_("cost (% of USD 200 sent)"): d["remittance_cost"].astype(float).round(2).to_numpy(),
                         "year used": years.astype("Float64").round(0).astype("Int64").to_numpy(),
                         "rating": [figures.rate(v, rc.thresholds, rc.direction) for v in d["remittance_cost"]]})


def bar_figure(sel: pd.DataFrame, label: str, year: int) -> go.Figure:
    """Latest costs of one origin's or one destination's corridors as sorted bars, with the 3 % and 5 % lines."""
    d = bar_data(sel)
    colours = [figures.rating_colour(r) for r in d["rating"]]
    fig = go.Figure(go.Bar(x=d["cost (% of USD 200 sent)"], y=[esc(c) for c in d["corridor"]], orientation="h",
                           marker_color=colours,
                           text=[percent(v, 1) for v in d["cost (% of USD 200 sent)"]], textposition="outside",
                           customdata=np.column_stack([[esc(o) for o in d["origin"]],
                                                       [esc(x) for x in d["destination"]],
                                                       [figures.year_text(y) for y in d["year used"]]])
                           if len(d) else None,
                           hovertemplate="%{customdata[0]} → %{customdata[1]}: %{x:.2f} " + esc(_(RPW_UNIT))
                                         + " (%{customdata[2]})<extra></extra>"))
    for x, colour, dash, text in ((SDG_TARGET, TARGET_COLOUR, "dash", _("3 % target")),
                                  (SDG_CEILING, CEILING_COLOUR, "dot", "5 %")):
        fig.add_vline(x=x, line=dict(color=colour, dash=dash))
        fig.add_annotation(x=x, xref="x", y=1, yref="paper", yanchor="bottom", text=text, showarrow=False,
                           font=dict(color=colour, size=11))       # above the plot, clear of the top bar
    top = max([SDG_CEILING + 1, *d["cost (% of USD 200 sent)"].tolist()])
    fig.update_layout(title=dict(text=markup(_("Cost of sending USD 200 home: {}, latest up to {}"), label, year),
                                 x=0.01),
                      template="plotly_white", font=figures.FONT, showlegend=False,
                      xaxis=dict(title=_(RPW_UNIT), range=[0, top * 1.15]), yaxis=dict(automargin=True),
                      height=max(300, 22 * len(d) + 160), margin=dict(l=160, r=40, t=64, b=70))
    return figures.source_annotation(fig, figures.source_text(RPW_SOURCE, _(RPW_UNIT), str(year)))
