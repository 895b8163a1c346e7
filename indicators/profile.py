"""Data and figures for a country profile: header, peer comparison, indicator table, trend charts, corridors."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import figures
from .catalogue import PILLARS, Catalogue
from .countries import country_table
from .scoring import TREND_ARROWS, TREND_LABELS, Scorecard, explain

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SCORE_COLUMNS = ["overall", *PILLARS]


def country_info(iso3: str) -> dict[str, Any] | None:
    """Reference data of one country (name, regions, income group), or None for an unknown code."""
    t = country_table()
    row = t[t["iso3"] == iso3]
    return None if row.empty else row.iloc[0].to_dict()


def header(card: Scorecard, iso3: str) -> dict[str, Any]:
    """Overall score, rating, rank with its interval and status of one country."""
    c = card.countries[card.countries["iso3"] == iso3]
    if c.empty:
        return {"overall": np.nan, "rating": "insufficient", "rank": None, "rank_p05": None, "rank_p95": None,
                "status": "no data for this country in the window", "ranked_of": int(card.countries["rank"].notna().sum())}
    r = c.iloc[0]
    return {"overall": r["overall"], "rating": r["rating"], "rank": None if pd.isna(r["rank"]) else int(r["rank"]),
            "rank_p05": None if pd.isna(r["rank_p05"]) else int(r["rank_p05"]),
            "rank_p95": None if pd.isna(r["rank_p95"]) else int(r["rank_p95"]),
            "status": r["status"], "ranked_of": int(card.countries["rank"].notna().sum()),
            **{p: r[p] for p in PILLARS}}


def peer_table(card: Scorecard, iso3: str) -> pd.DataFrame:
    """The country's overall and pillar scores beside the means of its UN region and income group."""
    ref = country_table().set_index("iso3")
    scores = card.countries.set_index("iso3")[SCORE_COLUMNS]
    rows = []
    if iso3 in scores.index:
        rows.append({"group": ref.at[iso3, "name"] if iso3 in ref.index else iso3, "countries": 1,
                     **scores.loc[iso3].to_dict()})
    for col, label in (("un_region", "Region"), ("income_group", "Income group")):
        if iso3 not in ref.index or pd.isna(ref.at[iso3, col]) or not ref.at[iso3, col]:
            continue
        members = ref.index[ref[col] == ref.at[iso3, col]]
        sub = scores.reindex(members).dropna(how="all")
        row = {"group": f"{label}: {ref.at[iso3, col]}", "countries": int(len(sub))}
        row.update({c: sub[c].mean() for c in SCORE_COLUMNS})            # mean over countries with a score
        rows.append(row)
    return pd.DataFrame(rows, columns=["group", "countries", *SCORE_COLUMNS])


def peer_figure(peers: pd.DataFrame, title: str, source: str, year: int) -> go.Figure:
    """Grouped bars: the country, its region and its income group, per pillar and overall (0-100)."""
    fig = go.Figure()
    labels = ["Overall" if c == "overall" else c.capitalize() for c in SCORE_COLUMNS]
    patterns = ["", "/", "."]
    for i, (_, r) in enumerate(peers.iterrows()):
        vals = [r[c] for c in SCORE_COLUMNS]
        fig.add_bar(x=labels, y=vals, name=f"{r['group']} ({r['countries']} countries)" if i else r["group"],
                    marker=dict(color=OKABE_ITO[i % len(OKABE_ITO)], pattern_shape=patterns[i % 3]),
                    text=["n/a" if pd.isna(v) else f"{v:.0f}" for v in vals], textposition="outside",
                    hovertemplate="%{x}: %{y:.1f}<extra>%{fullData.name}</extra>")
    fig.update_layout(barmode="group", title=dict(text=title, x=0.01), yaxis=dict(title="score 0-100", range=[0, 110]),
                      template="plotly_white", font=figures.FONT, legend=dict(orientation="h", y=-0.18),
                      margin=dict(l=50, r=20, t=50, b=120), height=400)
    return figures.source_annotation(fig, figures.source_text(source, "score 0-100", str(year)))


def indicator_table(card: Scorecard, iso3: str, cat: Catalogue) -> pd.DataFrame:
    """Every country-level indicator: raw value, unit, year used, score, rating, trend, source (or why no data)."""
    ex = explain(card, iso3, cat)["indicators"]
    status = cat.indicators["data_status"]
    out = pd.DataFrame({
        "pillar": ex["pillar"], "indicator": ex["indicator"], "indicator_id": ex["indicator_id"],
        "value": [("" if pd.isna(v) else f"{v:.4g}") for v in ex["value"]], "unit": ex["unit"],
        "year": [("" if y is None or pd.isna(y) else str(int(y))) for y in ex["year_used"]],
        "score": ex["score"].round(1),
        "rating": [figures.rating_label(r) for r in ex["rating"]],
        "trend": [f"{TREND_ARROWS.get(t, '')} {TREND_LABELS.get(t, t)}".strip() if pd.notna(v) else ""
                  for t, v in zip(ex["trend"], ex["value"])],
        "counted": ["yes" if c else w for c, w in zip(ex["counted"], ex["why"])],
        "source": [s if pd.notna(v) else (status.get(i) if isinstance(status.get(i), str) else "no data")
                   for s, v, i in zip(ex["source"], ex["value"], ex["indicator_id"])],
    })
    return out


def series_for(annual: pd.DataFrame, iso3: str, indicator_id: str) -> pd.DataFrame:
    """Annual values of one indicator for one country, by year."""
    s = annual[(annual["indicator_id"] == indicator_id) & (annual["iso3"] == iso3)]
    return s[["year", "value"]].sort_values("year").reset_index(drop=True)


def trend_figure(series: pd.DataFrame, meta: dict[str, Any], country: str, year: int) -> go.Figure:
    """A country's series of one indicator with goalposts, rating thresholds and the reference year drawn."""
    name = meta.get("short_name") or meta["name"]
    fig = go.Figure()
    fig.add_scatter(x=series["year"], y=series["value"], mode="lines+markers", name=country,
                    line=dict(color=OKABE_ITO[0], width=2, shape="hv" if meta.get("binary") else "linear"),
                    marker=dict(size=7),
                    hovertemplate="%{x}: %{y:.3g} " + meta["unit"] + "<extra></extra>")
    lines = [(meta["best"], "best (goalpost)", "dash", "#0571b0"), (meta["worst"], "worst (goalpost)", "dash", "#ca0020")]
    labels = ["achieved", "challenges remain", "significant challenges"]
    for t, lab in zip(meta["thresholds"], labels):
        if t not in (meta["best"], meta["worst"]):
            lines.append((t, f"threshold: {lab}", "dot", "#7f7f7f"))
    for y, label, dash, colour in lines:
        fig.add_hline(y=y, line=dict(dash=dash, color=colour, width=1), annotation_text=f"{label}: {y:g}",
                      annotation_position="top left", annotation_font_size=10)
    fig.add_vline(x=year, line=dict(color="#999", width=1), annotation_text=f"reference year {year}",
                  annotation_font_size=10)
    span = [meta["best"], meta["worst"], *series["value"].tolist()]
    pad = (max(span) - min(span)) * 0.08 or 1
    fig.update_layout(title=dict(text=f"{name}: {country}", x=0.01), template="plotly_white", font=figures.FONT,
                      xaxis=dict(title="year", dtick=2 if len(series) > 8 else 1),
                      yaxis=dict(title=meta["unit"], range=[min(span) - pad, max(span) + pad]),
                      showlegend=False, height=380, margin=dict(l=60, r=20, t=50, b=70))
    years = f"{int(series['year'].min())}-{int(series['year'].max())}" if len(series) else ""
    return figures.source_annotation(fig, figures.source_text(meta["source"], meta["unit"], years))


def corridors_of(card: Scorecard, iso3: str, end: str) -> pd.DataFrame:
    """Corridors where the country is the origin or the destination, with remittance cost, score and rank."""
    c = card.corridors
    col = "origin_iso3" if end == "origin" else "destination_iso3"
    sub = c[c[col] == iso3]
    names = dict(zip(country_table()["iso3"], country_table()["name"]))
    out = pd.DataFrame({
        "origin": sub["origin_iso3"].map(names).fillna(sub["origin_iso3"]),
        "destination": sub["destination_iso3"].map(names).fillna(sub["destination_iso3"]),
        "remittance cost (% of USD 200)": sub["remittance_cost"].round(2),
        "year": sub.get("remittance_cost_year", pd.Series(index=sub.index, dtype=float)).astype("Int64"),
        "corridor score": sub["score"].round(1), "rank": sub["rank"].astype("Int64"),
        "link": [f"/corridors?origin={o}&destination={d}" for o, d in zip(sub["origin_iso3"], sub["destination_iso3"])],
    })
    return out.sort_values("remittance cost (% of USD 200)", ascending=False, na_position="last").reset_index(drop=True)


def trend_choices(card: Scorecard, iso3: str, cat: Catalogue) -> list[dict[str, str]]:
    """Indicators with a value for the country (for the trend chart picker), catalogue order."""
    have = set(card.indicators.loc[card.indicators["iso3"] == iso3, "indicator_id"])
    return [{"label": r["short_name"] or r["name"], "value": i} for i, r in cat.indicators.iterrows() if i in have]
