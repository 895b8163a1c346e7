"""Data and figures for the corridors page: selection, headlines, flow map, cost trends, ranked table."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import figures
from .countries import country_table
from .overview import SDG_CEILING, SDG_TARGET
from .scoring import Scorecard

ALL = "ALL"
RPW_SOURCE = "World Bank, Remittance Prices Worldwide (Corridors), series ATCR.CORR"
COLOUR_BY = {"remittance_cost": ("Remittance cost", "% of USD 200 sent", (3, 5, 10), "lower_is_better"),
             "score": ("Corridor score", "score 0-100", (75, 50, 25), "higher_is_better")}


def names() -> dict[str, str]:
    """iso3 -> country name."""
    t = country_table()
    return dict(zip(t["iso3"], t["name"]))


def options(card: Scorecard, end: str) -> list[dict[str, str]]:
    """Countries that appear at one end of a corridor with data, plus 'All'."""
    col = "origin_iso3" if end == "origin" else "destination_iso3"
    n = names()
    codes = sorted(set(card.corridors[col].dropna()), key=lambda c: n.get(c, c))
    return [{"label": "All", "value": ALL}] + [{"label": n.get(c, c), "value": c} for c in codes]


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
    return out.sort_values("remittance_cost", ascending=False, na_position="last").reset_index(drop=True)


def headlines(sel: pd.DataFrame) -> dict[str, Any]:
    """Count, mean cost, corridors above 5 % and at or below the 3 % target."""
    cost = sel["remittance_cost"].dropna().astype(float)
    return {"corridors": int(len(sel)), "with_cost": int(len(cost)),
            "mean_cost": float(cost.mean()) if len(cost) else float("nan"),
            "above_5": int((cost > SDG_CEILING).sum()), "at_target": int((cost <= SDG_TARGET).sum())}


def display_table(sel: pd.DataFrame) -> pd.DataFrame:
    """The ranked corridor table as shown (and downloaded)."""
    return pd.DataFrame({
        "rank": sel["rank"].astype("Int64"), "origin": sel["origin_name"], "destination": sel["destination_name"],
        "origin_iso3": sel["origin_iso3"], "destination_iso3": sel["destination_iso3"],
        "remittance cost (% of USD 200)": sel["remittance_cost"].round(2),
        "year": sel["remittance_cost_year"].astype("Int64") if "remittance_cost_year" in sel else pd.NA,
        "recruitment cost (% of monthly earnings)": sel["recruitment_cost"],
        "corridor score": sel["score"].round(1),
        "destination protection": sel.get("destination_protection", pd.Series(dtype=float)).round(1),
        "destination association": sel.get("destination_association", pd.Series(dtype=float)).round(1),
        "origin protection": sel.get("origin_protection", pd.Series(dtype=float)).round(1),
    })


def flow_figure(sel: pd.DataFrame, colour_by: str, year: int) -> go.Figure:
    """Flow map of the selected corridors coloured by cost or corridor score."""
    label, unit, thresholds, direction = COLOUR_BY[colour_by]
    src = RPW_SOURCE if colour_by == "remittance_cost" else f"Corridor scores from {RPW_SOURCE} and country pillars"
    return figures.flow_map(sel, value_col=colour_by, title=f"{label} by migration corridor, latest up to {year}",
                            unit=unit, source=src, year_label=str(year), thresholds=thresholds, direction=direction,
                            hover_cols=("remittance_cost_year",) if "remittance_cost_year" in sel else (), height=520)


def quarterly(series: pd.DataFrame) -> pd.DataFrame:
    """Observations with a period like 2016Q3 or 2016 turned into dates for a time axis."""
    p = series["period"].astype(str)
    q = p.str.extract(r"^(\d{4})(?:Q([1-4]))?$")
    month = (q[1].fillna("1").astype(int) - 1) * 3 + 1
    date = pd.to_datetime(q[0] + "-" + month.astype(str).str.zfill(2) + "-01")
    return pd.DataFrame({"period": p, "date": date, "value": series["value"].astype(float)}).sort_values("date") \
        .reset_index(drop=True)


def trend_figure(q: pd.DataFrame, origin: str, destination: str) -> go.Figure:
    """Quarterly cost of sending USD 200 along one corridor, with the 3 % target and the 5 % ceiling."""
    fig = go.Figure()
    fig.add_scatter(x=q["date"], y=q["value"], mode="lines+markers", name=f"{origin} -> {destination}",
                    text=q["period"], hovertemplate="%{text}: %{y:.2f} % of USD 200<extra></extra>",
                    line=dict(color="#0072B2", width=2))
    fig.add_hline(y=SDG_TARGET, line=dict(color="#0571b0", dash="dash"), annotation_text="SDG target 3 %",
                  annotation_position="bottom right")
    fig.add_hline(y=SDG_CEILING, line=dict(color="#ca0020", dash="dot"), annotation_text="5 %: no corridor above",
                  annotation_position="top right")
    top = max([SDG_CEILING + 1, *q["value"].tolist()])
    years = f"{q['period'].iloc[0]}-{q['period'].iloc[-1]}" if len(q) else ""
    fig.update_layout(title=dict(text=f"Cost of sending USD 200 from {destination} to {origin}", x=0.01),
                      template="plotly_white", font=figures.FONT, yaxis=dict(title="% of USD 200 sent",
                                                                              range=[0, top * 1.1]),
                      xaxis=dict(title="quarter"), showlegend=False, height=380, margin=dict(l=60, r=20, t=50, b=70))
    return figures.source_annotation(fig, figures.source_text(RPW_SOURCE, "% of USD 200 sent", years))


def bar_figure(sel: pd.DataFrame, label: str, year: int) -> go.Figure:
    """Latest corridor costs of one origin's or one destination's corridors, sorted, with the 3 % and 5 % lines."""
    d = sel.dropna(subset=["remittance_cost"]).sort_values("remittance_cost")
    other = np.where(d["origin_name"].nunique() == 1, d["destination_name"], d["origin_name"])
    colours = [figures.rating_colour(figures.rate(v, (3, 5, 10), "lower_is_better")) for v in d["remittance_cost"]]
    fig = go.Figure(go.Bar(x=d["remittance_cost"], y=other, orientation="h", marker_color=colours,
                           text=[f"{v:.1f} %" for v in d["remittance_cost"]], textposition="outside",
                           hovertemplate="%{y}: %{x:.2f} % of USD 200<extra></extra>"))
    fig.add_vline(x=SDG_TARGET, line=dict(color="#0571b0", dash="dash"), annotation_text="3 % target")
    fig.add_vline(x=SDG_CEILING, line=dict(color="#ca0020", dash="dot"), annotation_text="5 %")
    fig.update_layout(title=dict(text=f"Cost of sending USD 200 home: {label}, latest up to {year}", x=0.01),
                      template="plotly_white", font=figures.FONT, xaxis=dict(title="% of USD 200 sent"),
                      height=max(300, 22 * len(d) + 140), margin=dict(l=160, r=40, t=50, b=70))
    return figures.source_annotation(fig, figures.source_text(RPW_SOURCE, "% of USD 200 sent", str(year)))
