"""Data and figures for the compare page: several countries and regional aggregates over time."""
from __future__ import annotations

from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from . import figures
from .catalogue import PILLARS, Catalogue
from .countries import country_table
from .profile import OKABE_ITO
from .scoring import Scorecard

INDEX = "index"
GROUP_COLUMNS = {"un": ("un_region", "Region"), "wb": ("wb_region", "World Bank region"),
                 "inc": ("income_group", "Income group")}
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "triangle-down", "star", "hexagon", "pentagon"]


def what_options(cat: Catalogue) -> list[dict[str, str]]:
    """What can be compared: the index, each pillar, each country-level indicator."""
    opts = [{"label": "Overall index (0-100)", "value": INDEX}]
    opts += [{"label": f"Pillar: {cat.pillars[p]['name']} (0-100)", "value": p} for p in PILLARS]
    opts += [{"label": f"Indicator: {r['short_name'] or r['name']}", "value": i}
             for i, r in cat.indicators[cat.indicators["level"] == "country"].iterrows()]
    return opts


def group_options() -> list[dict[str, str]]:
    """Regional and income aggregates, e.g. 'un:Africa' labelled 'Region: Africa'."""
    t = country_table()
    out = []
    for key, (col, label) in GROUP_COLUMNS.items():
        for v in sorted(x for x in t[col].dropna().unique() if x):
            out.append({"label": f"{label}: {v}", "value": f"{key}:{v}"})
    return out


def group_members(group: str) -> tuple[str, list[str]]:
    """Label and member iso3 codes of an aggregate id like 'inc:Low income' (unknown -> empty)."""
    key, _, value = group.partition(":")
    if key not in GROUP_COLUMNS:
        return group, []
    col, label = GROUP_COLUMNS[key]
    t = country_table()
    return f"{label}: {value}", t.loc[t[col] == value, "iso3"].tolist()


def country_values(what: str, years: list[int], annual: pd.DataFrame,
                   card_for: Callable[[int], Scorecard]) -> pd.DataFrame:
    """One value per country and year (iso3, year, value): raw indicator values, or scores from each year's card."""
    if what == INDEX or what in PILLARS:
        parts = []
        for y in years:
            c = card_for(y).countries
            col = "overall" if what == INDEX else what
            parts.append(pd.DataFrame({"iso3": c["iso3"], "year": y, "value": c[col]}))
        out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["iso3", "year", "value"])
        return out.dropna(subset=["value"])
    a = annual[(annual["indicator_id"] == what) & annual["iso3"].notna() & annual["year"].isin(years)]
    return a[["iso3", "year", "value"]].reset_index(drop=True)


def build_series(values: pd.DataFrame, countries: list[str], groups: list[str], names: dict[str, str]) -> pd.DataFrame:
    """Long series (entity, year, value, countries averaged) for the chosen countries and aggregate means."""
    parts = []
    for iso in countries:
        v = values[values["iso3"] == iso]
        parts.append(pd.DataFrame({"entity": names.get(iso, iso), "year": v["year"], "value": v["value"], "n": 1}))
    for g in groups:
        label, members = group_members(g)
        v = values[values["iso3"].isin(members)]
        agg = v.groupby("year", as_index=False).agg(value=("value", "mean"), n=("value", "size"))
        parts.append(agg.assign(entity=label)[["entity", "year", "value", "n"]])
    if not parts:
        return pd.DataFrame(columns=["entity", "year", "value", "n"])
    return pd.concat(parts, ignore_index=True).sort_values(["entity", "year"]).reset_index(drop=True)


def figure(series: pd.DataFrame, title: str, unit: str, source: str, years: str) -> go.Figure:
    """One line per entity, Okabe-Ito colours and distinct marker symbols; gaps where there is no value."""
    fig = go.Figure()
    for i, (entity, s) in enumerate(series.groupby("entity", sort=False)):
        n_text = [f"{entity}: {v:.3g} ({n} countries)" if n > 1 else f"{entity}: {v:.3g}"
                  for v, n in zip(s["value"], s["n"])]
        fig.add_scatter(x=s["year"], y=s["value"], mode="lines+markers", name=entity, text=n_text,
                        hovertemplate="%{x}: %{text}<extra></extra>", connectgaps=False,
                        line=dict(color=OKABE_ITO[i % len(OKABE_ITO)], width=2),
                        marker=dict(symbol=SYMBOLS[i % len(SYMBOLS)], size=8))
    fig.update_layout(title=dict(text=title, x=0.01), template="plotly_white", font=figures.FONT,
                      xaxis=dict(title="year", dtick=1), yaxis=dict(title=unit), height=420,
                      legend=dict(orientation="h", y=-0.2), margin=dict(l=60, r=20, t=50, b=120))
    return figures.source_annotation(fig, figures.source_text(source, unit, years))


def wide_table(series: pd.DataFrame) -> pd.DataFrame:
    """Entity x year table of the same numbers (the chart's accessible alternative)."""
    if series.empty:
        return pd.DataFrame(columns=["entity"])
    t = series.pivot_table(index="entity", columns="year", values="value", aggfunc="first").round(2)
    t.columns = [str(c) for c in t.columns]
    return t.reset_index()
