"""The key charts of a briefing, each with its caption, source and years, and native data for an editable deck:
peers, indicator trends, remittance costs by corridor, corridor maps, pillar scores at both ends of a corridor."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import _
from indicators.scoring.wording import pillar_word
from indicators.exports.briefing_content import Chart, NativeChart
from indicators.exports.filenames import slug
from indicators.scoring.ratings import rate_value
from indicators.scoring.scorecard import Scorecard
from indicators.store.catalogue import PILLARS, Catalogue
from indicators.store.observations import Store
from indicators.views import corridor_trend as ct
from indicators.views import corridors as cv
from indicators.views import figures
from indicators.views import profile as pr
from indicators.views.profile import OKABE_ITO
from indicators.views.markup import esc, markup


def primary_sources(cat: Catalogue, ids: list[str]) -> str:
    """The sources of the given indicators that are not derived from others, sorted, joined by '; '."""
    ind = cat.indicators
    return "; ".join(sorted(set(ind.loc[[i for i in ids if pd.isna(ind.at[i, "derived_from"])], "source"])))


def peer_chart(cat: Catalogue, card: Scorecard, code: str, name: str, ids: list[str]) -> Chart:
    """Country vs region vs income group, per pillar and overall."""
    peers = pr.peer_table(card, code)
    src = primary_sources(cat, ids)
    fig = pr.peer_figure(peers, _("{name} and its peers, {year}").format(name=name, year=card.year), src, card.year)
    cats = [_("Overall") if c == "overall" else pillar_word(c).capitalize() for c in pr.SCORE_COLUMNS]
    series = [(str(r["group"]) if i == 0 else _("{group} ({n} countries)").format(group=r['group'], n=r['countries']),
               [None if pd.isna(r[c]) else round(float(r[c]), 1) for c in pr.SCORE_COLUMNS])
              for i, (_k, r) in enumerate(peers.iterrows())]
    return Chart("peer-comparison", fig, _("Scores 0-100; peer values are means over the countries of the group with "
                                           "a score; a missing bar is insufficient data."), src, str(card.year),
                 NativeChart("bar", cats, series, _("score 0-100")))


def trend_charts(store: Store, cat: Catalogue, card: Scorecard, code: str, name: str, year: int,
                 limit: int = 2) -> list[Chart]:
    """Up to two indicator series of the country with the most years of data (at least three)."""
    annual = store.annual()
    mine = annual[(annual["iso3"] == code) & (annual["year"] <= year)]
    counts = mine.groupby("indicator_id")["year"].nunique()
    counts = counts[(counts >= 3) & counts.index.isin(cat.indicators.index)]
    chosen: list[str] = []
    for iid in sorted(counts.index, key=lambda i: (-counts[i], cat.ids.index(i))):   # longest series, one per pillar
        if len(chosen) < limit and cat.indicators.at[iid, "pillar"] not in {cat.indicators.at[c, "pillar"] for c in chosen}:
            chosen.append(iid)
    out = []
    for iid in chosen:
        series = pr.series_for(annual, code, iid)
        series = series[series["year"] <= year]
        meta = cat.get(iid)
        source = pr.series_source(annual, code, iid, cat)                 # the values' own sources (groups named)
        fig = pr.trend_figure(series, meta, name, year, source)
        years = f"{int(series['year'].min())}-{int(series['year'].max())}"
        out.append(Chart(f"{slug(meta.get('short_name') or meta['name'])}-trend", fig,
                         _("{name}. Dashed lines: goalposts of the 0-100 score; dotted: rating thresholds.").format(
                             name=meta['name']),
                         source, years,
                         NativeChart("line", [str(int(y)) for y in series["year"]],
                                     [(name, [round(float(v), 3) for v in series["value"]])], meta["unit"],
                                     "0.0#")))
    return out


def country_corridor_charts(card: Scorecard, code: str, name: str, year: int) -> list[Chart]:
    """Cost of sending money home for the country's emigrants (bars) and a map of its corridors."""
    c = card.corridors
    mine = c[(c["origin_iso3"] == code) | (c["destination_iso3"] == code)]
    out = []
    if mine.empty:
        return out
    home = cv.select(card, code, cv.ALL)
    home = home[home["remittance_cost"].notna()]
    if len(home):
        out.append(cost_bars(home, _("emigrants from {name}").format(name=name), year, "destination_name", None))
    sel = pd.concat([cv.select(card, code, cv.ALL), cv.select(card, cv.ALL, code)], ignore_index=True)
    fig = cv.flow_figure(sel, "remittance_cost", year)
    fig.update_layout(title=dict(text=markup(_("Migration corridors of {}: cost of sending money home, latest up to {}"),
                                             name, year)))
    out.append(Chart("corridor-map", fig, _("Lines join origin and destination; colour: cost of sending USD 200 back "
                                            "to the origin (rating bins 3 / 5 / 10 %)."), cv.RPW_SOURCE, str(year)))
    return out


def cost_bars(sel: pd.DataFrame, label: str, year: int, name_col: str, highlight: str | None) -> Chart:
    """Remittance cost per corridor as horizontal bars (native bar chart in the deck)."""
    fig = cv.bar_figure(sel, label, year)
    d = sel.dropna(subset=["remittance_cost"]).sort_values("remittance_cost")
    cats = list(d[name_col].astype(str))
    colours = [figures.rating_colour(rate_value(float(v), [3, 5, 10], "lower_is_better")) for v in d["remittance_cost"]]
    if highlight:
        fig.update_traces(marker_line_color=["#000000" if n == highlight else "rgba(0,0,0,0)" for n in cats],
                          marker_line_width=2)
    return Chart("remittance-cost-by-corridor", fig,
                 _("Total cost of sending USD 200, latest value up to the reference year; SDG 10.c target 3 %, no "
                   "corridor above 5 %."), cv.RPW_SOURCE, str(year),
                 NativeChart("barh", cats, [(_("cost, % of USD 200"),
                                             [round(float(v), 2) for v in d["remittance_cost"]])],
                             _("% of USD 200 sent"), "0.0", point_colours=colours))


def ends_chart(cat: Catalogue, card: Scorecard, o: str, d: str, on: str, dn: str, year: int) -> Chart:
    """Pillar scores of the destination and the origin side by side."""
    p = card.pillars.pivot(index="iso3", columns="pillar", values="score").reindex(columns=list(PILLARS))
    cats = [pillar_word(c).capitalize() for c in PILLARS]
    series = [(_("{name} (destination)").format(name=dn),
               [None if pd.isna(v) else round(float(v), 1) for v in p.reindex([d]).iloc[0]]),
              (_("{name} (origin)").format(name=on),
               [None if pd.isna(v) else round(float(v), 1) for v in p.reindex([o]).iloc[0]])]
    fig = go.Figure()
    for i, ((label, vals), pattern) in enumerate(zip(series, ["", "/"])):
        fig.add_bar(x=cats, y=vals, name=esc(label), marker=dict(color=OKABE_ITO[i], pattern_shape=pattern),
                    text=[_("n/a") if v is None else f"{v:.0f}" for v in vals], textposition="outside")
    ids = sorted(set(card.indicators.loc[card.indicators["iso3"].isin([o, d]) & (card.indicators["level"] == "country"),
                                         "indicator_id"]))
    src = primary_sources(cat, ids)
    fig.update_layout(barmode="group", title=dict(text=markup(_("Pillar scores at both ends: {} and {}, {}"), dn, on,
                                                              year), x=0.01),
                      yaxis=dict(title=_("score 0-100"), range=[0, 110]), template="plotly_white", font=figures.FONT,
                      legend=dict(orientation="h", y=-0.15), height=400, margin=dict(l=50, r=20, t=50, b=110))
    figures.source_annotation(fig, figures.source_text(src, _("score 0-100"), str(year)))
    return Chart("pillars-both-ends", fig, _("Pillar scores 0-100 of the destination and the origin; a missing bar "
                                             "is insufficient data (recruitment has no data yet)."), src, str(year),
                 NativeChart("bar", cats, series, _("score 0-100")))


def corridor_charts(store: Store, cat: Catalogue, card: Scorecard, o: str, d: str, on: str, dn: str,
                    year: int) -> list[Chart]:
    """The key charts of a corridor: its cost trend, the origin's corridors by cost, both ends' pillars, the map."""
    charts: list[Chart] = []
    q = ct.quarterly(store.series("remittance_cost_corridor", origin_iso3=o, destination_iso3=d))
    q = q[q["date"].dt.year <= year]
    if len(q):
        years = f"{q['period'].iloc[0]}-{q['period'].iloc[-1]}"
        charts.append(Chart("remittance-cost", ct.trend_figure(q, on, dn),
                            _("Average total cost of sending USD 200 from {destination} to {origin}, per quarter; SDG "
                              "target 3 %, no corridor above 5 %.").format(destination=dn, origin=on),
                            cv.RPW_SOURCE, years,
                            NativeChart("line", list(q["period"]), [(f"{dn} → {on}", [round(float(v), 2) for v in q["value"]])],
                                        _("% of USD 200 sent"), "0.00")))
    home = cv.select(card, o, cv.ALL)
    home = home[home["remittance_cost"].notna()]
    if len(home) > 1:
        charts.append(cost_bars(home, _("emigrants from {name}").format(name=on), year, "destination_name", dn))
    charts.append(ends_chart(cat, card, o, d, on, dn, year))
    sel = cv.select(card, o, cv.ALL)
    fig = cv.flow_figure(sel, "remittance_cost", year)
    fig.update_layout(title=dict(text=markup(_("Corridors from {}: cost of sending money home, latest up to {}"), on,
                                             year)))
    charts.append(Chart("corridor-map", fig, _("All corridors with {origin} as origin; {destination} is one of "
                                               "them.").format(origin=on, destination=dn),
                        cv.RPW_SOURCE, str(year)))
    return charts
