"""Briefing packs (no Dash): a country profile or a corridor as a 2-4 page PDF and an editable PowerPoint deck.

The content is built once (BriefingContent: headline scores with ratings and trend arrows, key charts, the
indicator table, sources, method note); BriefingPack renders each chart once (print-styled PNG through the shared
warm browser of indicators.exports.rendering) and writes both documents from it. The PDF is composed with reportlab (A4,
DejaVu Sans when installed), the deck with python-pptx: bar and line charts are native, editable PowerPoint charts;
maps are high-resolution images; every slide carries its source line.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.exports import constants, filenames, metadata, print_style, rendering, spreadsheets
from indicators.views import figures
from indicators.views import profile as pr
from indicators.store.catalogue import PILLARS, Catalogue
from indicators.store.countries import country_table
from indicators.scoring.trends import TREND_ARROWS, TREND_LABELS
from indicators.scoring.scorecard import Scorecard
from indicators.scoring.ratings import rate_score, rate_value
from indicators.scoring.service import catalogue, scorecard
from indicators.store.observations import Store
from indicators.views.urlstate import Settings, default_weights

CHANGE_SPAN = 5                       # headline arrows compare with the scores of the reference year minus this
CHANGE_THRESHOLD = 2.0                # points on the 0-100 scale: smaller changes count as stable
CHANGE_ARROWS = {"up": "↑", "down": "↓", "flat": "→", "none": "·"}
OKABE_ITO = pr.OKABE_ITO
MAX_PDF_PAGES = 4
PACK_CHART_WIDTH = 900                # layout px of pack charts: text stays legible at A4 column width


# ---------------------------------------------------------------------- content model
@dataclass
class Headline:
    """One headline figure: a score or value with its rating and its trend arrow."""

    label: str
    value: float
    value_text: str
    rating: str
    arrow: str
    trend: str


@dataclass
class NativeChart:
    """Data for an editable PowerPoint chart: kind bar | barh | line, categories and named series."""

    kind: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str
    number_format: str = "0.0"
    point_colours: list[str] | None = None          # one colour per category (single-series bars)
    series_colours: list[str] = field(default_factory=lambda: list(OKABE_ITO))


@dataclass
class Chart:
    """A key chart: the dashboard figure, its caption, its file stem, and native data when practical."""

    key: str
    fig: go.Figure
    caption: str
    source: str
    years: str
    native: NativeChart | None = None


@dataclass
class BriefingContent:
    """Everything a briefing says, independent of the output format."""

    kind: str                         # country | corridor
    code: str                         # KEN or NPL-QAT
    title: str
    subtitle: str
    year: int
    date: str
    headlines: list[Headline]
    headline_note: str
    charts: list[Chart]
    table: pd.DataFrame
    table_title: str
    sources: list[str]
    method_note: str
    notes: list[str] = field(default_factory=list)

    @property
    def source_line(self) -> str:
        """One line naming every source (used on each slide and page)."""
        return "Source: " + "; ".join(s.split(" — ")[0] for s in self.sources)


# ---------------------------------------------------------------------- shared helpers
def _fmt(value: Any, digits: int = 1, suffix: str = "") -> str:
    """A number for a table or headline; 'insufficient data' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "insufficient data"
    return f"{float(value):.{digits}f}{suffix}"


def _nan(value: Any) -> float:
    """A float, NaN for missing."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return v


def _change(now: float, before: float) -> tuple[str, str]:
    """Arrow and words for the change of a 0-100 score between two years."""
    if math.isnan(now) or math.isnan(before):
        return CHANGE_ARROWS["none"], "no comparable earlier score"
    d = now - before
    direction = "up" if d >= CHANGE_THRESHOLD else "down" if d <= -CHANGE_THRESHOLD else "flat"
    return CHANGE_ARROWS[direction], f"{d:+.1f} points since"


def _counted(card: Scorecard, iso3: str, pillars: list[str]) -> frozenset[str]:
    """Indicators that make up a country's score in the given pillars (in play, with a value)."""
    ind = card.indicators
    rows = ind[(ind["iso3"] == iso3) & (ind["level"] == "country") & ind["in_play"] & ind["pillar"].isin(pillars)]
    return frozenset(rows["indicator_id"])


def _compare(card: Scorecard, before: Scorecard | None, iso3: str, col: str, now: float, was: float) -> tuple[str, str]:
    """Arrow and words for a headline score, only when both years rest on the same indicators."""
    if before is None:
        return CHANGE_ARROWS["none"], "no earlier data"
    pillars = card.index_pillars if col == "overall" else [col]
    if col == "overall" and card.index_pillars != before.index_pillars:
        return CHANGE_ARROWS["none"], f"not comparable with {before.year} (other pillars in the index)"
    if not math.isnan(now) and not math.isnan(was) and _counted(card, iso3, pillars) != _counted(before, iso3, pillars):
        return CHANGE_ARROWS["none"], f"not comparable with {before.year} (other indicators counted)"
    arrow, words = _change(now, was)
    return arrow, f"{words} {before.year}" if words.endswith("since") else words


def _earlier(store: Store, settings: Settings) -> Scorecard | None:
    """The scorecard CHANGE_SPAN years before the reference year (same weights and rule), or None before the data."""
    year = settings.year - CHANGE_SPAN
    if year < min(store.data_years() or [year]):
        return None
    return scorecard(store, year, settings.custom_weights, settings.aggregation)


def _sources(cat: Catalogue, ids: list[str], extra: list[str] = ()) -> list[str]:
    """Source lines with licences for the given indicators (catalogue order, no duplicates)."""
    ind = cat.indicators
    out: dict[str, str] = {}
    for iid in ind.index:
        if iid in ids:
            src, lic = str(ind.at[iid, "source"]), str(ind.at[iid, "licence"] or "")
            out.setdefault(src, f"{src} — licence: {lic}" if lic else src)
    for e in extra:
        out.setdefault(e, e)
    return list(out.values())


def _method_note(card: Scorecard, extra: str = "") -> str:
    """Short method note with the settings in force."""
    w = ", ".join(f"{p} {card.weights[p]:g}" for p in PILLARS)
    return (f"{constants.METHOD_SUMMARY} Settings: reference year {card.year}; {card.aggregation} mean; pillar weights "
            f"{w}. {card.index_note()} Arrows beside headline scores compare with the scores recomputed for "
            f"{card.year - CHANGE_SPAN} with the same method and weights, only where both years rest on the same "
            f"indicators (↑ at least {CHANGE_THRESHOLD:g} points better, ↓ worse, → within ±{CHANGE_THRESHOLD:g}, "
            f"· not comparable or no earlier score). Indicator trend arrows follow the dashboard's trend classes (↑ on track, ↗ moderately "
            f"improving, → stagnating, ↓ worsening, · insufficient data). {extra}").strip()


def _names() -> dict[str, str]:
    """iso3 -> country name."""
    t = country_table()
    return dict(zip(t["iso3"], t["name"]))


# ---------------------------------------------------------------------- country
def country_content(store: Store, iso3: str, settings: Settings, export_date: str | None = None) -> BriefingContent:
    """The briefing content of one country for the settings (year, weights, aggregation)."""
    code = iso3.upper()
    info = pr.country_info(code)
    if info is None:
        raise KeyError(f"unknown country code {iso3!r}")
    cat = catalogue(store)
    card = scorecard(store, settings.year, settings.custom_weights, settings.aggregation)
    before = _earlier(store, settings)
    h = pr.header(card, code)
    name = info["name"]
    bands = [float(b) for b in cat.settings.get("score_bands", [75, 50, 25])]
    prev = before.countries.set_index("iso3") if before is not None else pd.DataFrame()

    headlines = []
    for col, label in [("overall", "Overall index"), *[(p, cat.pillars[p]["name"]) for p in PILLARS]]:
        now = _nan(h.get(col, np.nan))
        was = _nan(prev.at[code, col]) if code in prev.index and col in prev.columns else float("nan")
        arrow, trend = _compare(card, before, code, col, now, was)
        rating = rate_score(now, bands)
        text = _fmt(now)
        if col == "recruitment" and math.isnan(now):
            trend = card.in_play["recruitment"]["reason"]
        headlines.append(Headline(label, now, text, rating, arrow, trend))
    rank = (f"rank {h['rank']} of {h['ranked_of']} (5-95 % interval {h['rank_p05']}-{h['rank_p95']})"
            if h["rank"] else f"not ranked: {h['status']}")
    subtitle = " · ".join(x for x in [info.get("un_region") or "", info.get("un_subregion") or "",
                                      info.get("income_group") or "", f"reference year {settings.year}", rank] if x)

    ids = sorted(set(card.indicators.loc[card.indicators["iso3"] == code, "indicator_id"]))
    charts = [_peer_chart(cat, card, code, name, ids)]
    charts += _trend_charts(store, cat, card, code, name, settings.year)
    charts += _corridor_charts(card, code, name, settings.year)

    table = pr.indicator_table(card, code, cat)
    table = pd.DataFrame({
        "Pillar": table["pillar"].str.capitalize(), "Indicator": table["indicator"],
        "Value": [f"{v} ({u})" if v else "no data" for v, u in zip(table["value"], table["unit"])],
        "Year": table["year"], "Score": [_fmt(s) if s == s else "" for s in table["score"]],
        "Rating": [r if v else "Insufficient data" for r, v in zip(table["rating"], table["value"])],
        "Trend": [t or "" for t in table["trend"]],
    })
    derived = [i for i in ids if pd.notna(cat.indicators.at[i, "derived_from"])] if ids else []
    if any(ch.key.startswith(("remittance-cost", "corridor-map")) for ch in charts):
        ids = ids + ["remittance_cost_corridor"]             # the corridor charts draw on RPW corridor data
    extra = ["UN DESA International Migrant Stock 2024 (weights of corridor averages) — licence: UN terms"] if derived else []
    extra.append("Natural Earth boundaries and centroids (maps) — public domain")
    return BriefingContent(
        kind="country", code=code, title=f"{name}: protection of migrant workers", subtitle=subtitle,
        year=settings.year, date=export_date or dt.date.today().isoformat(), headlines=headlines,
        headline_note=card.index_note(), charts=charts, table=table, table_title=f"Indicators for {name}",
        sources=_sources(cat, ids, extra), method_note=_method_note(card), notes=[h["status"]])


def _peer_chart(cat: Catalogue, card: Scorecard, code: str, name: str, ids: list[str]) -> Chart:
    """Country vs region vs income group, per pillar and overall."""
    peers = pr.peer_table(card, code)
    ind = cat.indicators
    src = "; ".join(sorted(set(ind.loc[[i for i in ids if pd.isna(ind.at[i, "derived_from"])], "source"])))
    fig = pr.peer_figure(peers, f"{name} and its peers, {card.year}", src, card.year)
    cats = ["Overall" if c == "overall" else c.capitalize() for c in pr.SCORE_COLUMNS]
    series = [(str(r["group"]) if i == 0 else f"{r['group']} ({r['countries']} countries)",
               [None if pd.isna(r[c]) else round(float(r[c]), 1) for c in pr.SCORE_COLUMNS])
              for i, (_, r) in enumerate(peers.iterrows())]
    return Chart("peer-comparison", fig, "Scores 0-100; peer values are means over the countries of the group with "
                 "a score; a missing bar is insufficient data.", src, str(card.year),
                 NativeChart("bar", cats, series, "score 0-100"))


def _trend_charts(store: Store, cat: Catalogue, card: Scorecard, code: str, name: str, year: int,
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
        fig = pr.trend_figure(series, meta, name, year)
        years = f"{int(series['year'].min())}-{int(series['year'].max())}"
        out.append(Chart(f"{filenames.slug(meta.get('short_name') or meta['name'])}-trend", fig,
                         f"{meta['name']}. Dashed lines: goalposts of the 0-100 score; dotted: rating thresholds.",
                         meta["source"], years,
                         NativeChart("line", [str(int(y)) for y in series["year"]],
                                     [(name, [round(float(v), 3) for v in series["value"]])], meta["unit"],
                                     "0.0#")))
    return out


def _corridor_charts(card: Scorecard, code: str, name: str, year: int) -> list[Chart]:
    """Cost of sending money home for the country's emigrants (bars) and a map of its corridors."""
    from indicators.views import corridors as cv
    c = card.corridors
    mine = c[(c["origin_iso3"] == code) | (c["destination_iso3"] == code)]
    out = []
    if mine.empty:
        return out
    home = cv.select(card, code, cv.ALL)
    home = home[home["remittance_cost"].notna()]
    if len(home):
        out.append(_cost_bars(home, f"emigrants from {name}", year, "destination_name", None))
    sel = pd.concat([cv.select(card, code, cv.ALL), cv.select(card, cv.ALL, code)], ignore_index=True)
    fig = cv.flow_figure(sel, "remittance_cost", year)
    fig.update_layout(title=dict(text=f"Migration corridors of {name}: cost of sending money home, latest up to {year}"))
    out.append(Chart("corridor-map", fig, "Lines join origin and destination; colour: cost of sending USD 200 back "
                     "to the origin (rating bins 3 / 5 / 10 %).", cv.RPW_SOURCE, str(year)))
    return out


def _cost_bars(sel: pd.DataFrame, label: str, year: int, name_col: str, highlight: str | None) -> Chart:
    """Remittance cost per corridor as horizontal bars (native bar chart in the deck)."""
    from indicators.views import corridors as cv
    fig = cv.bar_figure(sel, label, year)
    d = sel.dropna(subset=["remittance_cost"]).sort_values("remittance_cost")
    cats = list(d[name_col].astype(str))
    colours = [figures.rating_colour(rate_value(float(v), [3, 5, 10], "lower_is_better")) for v in d["remittance_cost"]]
    if highlight:
        fig.update_traces(marker_line_color=["#000000" if n == highlight else "rgba(0,0,0,0)" for n in cats],
                          marker_line_width=2)
    return Chart("remittance-cost-by-corridor", fig,
                 "Total cost of sending USD 200, latest value up to the reference year; SDG 10.c target 3 %, no "
                 "corridor above 5 %.", cv.RPW_SOURCE, str(year),
                 NativeChart("barh", cats, [("cost, % of USD 200", [round(float(v), 2) for v in d["remittance_cost"]])],
                             "% of USD 200 sent", "0.0", point_colours=colours))


# ---------------------------------------------------------------------- corridor
def corridor_content(store: Store, origin: str, destination: str, settings: Settings,
                     export_date: str | None = None) -> BriefingContent:
    """The briefing content of one corridor (origin -> destination, the way people migrate)."""
    from indicators.views import corridors as cv
    o, d = origin.upper(), destination.upper()
    cat = catalogue(store)
    card = scorecard(store, settings.year, settings.custom_weights, settings.aggregation)
    row = card.corridors[(card.corridors["origin_iso3"] == o) & (card.corridors["destination_iso3"] == d)]
    if row.empty:
        raise KeyError(f"no corridor {o}-{d} with data up to {settings.year}")
    r = row.iloc[0]
    n = _names()
    on, dn = n.get(o, o), n.get(d, d)
    bands = [float(b) for b in cat.settings.get("score_bands", [75, 50, 25])]
    before = _earlier(store, settings)
    prev_p = before.pillars.pivot(index="iso3", columns="pillar", values="score") if before is not None else pd.DataFrame()
    prev_c = before.corridors.set_index(["origin_iso3", "destination_iso3"]) if before is not None else pd.DataFrame()

    headlines = []
    score = _nan(r["score"])
    was = _nan(prev_c.at[(o, d), "score"]) if (o, d) in prev_c.index else float("nan")
    same = before is not None and (o, d) in prev_c.index and prev_c.at[(o, d), "components"] == r["components"] and all(
        _counted(card, iso, [p]) == _counted(before, iso, [p])
        for iso, p in ((d, "protection"), (d, "association"), (o, "protection")))
    if before is None:
        arrow, words = CHANGE_ARROWS["none"], "no earlier data"
    elif not same and not math.isnan(was):
        arrow, words = CHANGE_ARROWS["none"], f"not comparable with {before.year} (other indicators counted)"
    else:
        arrow, words = _change(score, was)
        words = f"{words} {before.year}" if words.endswith("since") else words
    headlines.append(Headline("Corridor score", score, _fmt(score), rate_score(score, bands), arrow, words))
    ind = card.indicators
    rc = ind[(ind["indicator_id"] == "remittance_cost_corridor") & (ind["origin_iso3"] == o) & (ind["destination_iso3"] == d)]
    cost = _nan(rc["value"].iloc[0]) if len(rc) else float("nan")
    trend = rc["trend"].iloc[0] if len(rc) else "insufficient_data"
    meta_rc = cat.get("remittance_cost_corridor")
    cost_year = int(rc["year_used"].iloc[0]) if len(rc) else None
    headlines.append(Headline(f"Remittance cost ({dn} → {on})", cost,
                              _fmt(cost, 2, " %") + (f" ({cost_year})" if cost_year else ""),
                              rate_value(cost, list(meta_rc["thresholds"]), meta_rc["direction"]),
                              TREND_ARROWS.get(trend, "·") or "·", TREND_LABELS.get(trend, trend)))
    headlines.append(Headline("Recruitment cost", float("nan"), "insufficient data", "insufficient", "·",
                              "no public SDG 10.7.1 data yet; working groups can upload corridor surveys"))
    for end, iso, pillar in (("Destination", d, "protection"), ("Destination", d, "association"),
                             ("Origin", o, "protection")):
        p = card.pillars[(card.pillars["iso3"] == iso) & (card.pillars["pillar"] == pillar)]
        now = _nan(p["score"].iloc[0]) if len(p) else float("nan")
        was = _nan(prev_p.at[iso, pillar]) if iso in prev_p.index and pillar in prev_p.columns else float("nan")
        arrow, words = _compare(card, before, iso, pillar, now, was)
        headlines.append(Headline(f"{end} {pillar} ({n.get(iso, iso)})", now, _fmt(now), rate_score(now, bands), arrow,
                                  words))

    charts: list[Chart] = []
    q = cv.quarterly(store.series("remittance_cost_corridor", origin_iso3=o, destination_iso3=d))
    q = q[q["date"].dt.year <= settings.year]
    if len(q):
        years = f"{q['period'].iloc[0]}-{q['period'].iloc[-1]}"
        charts.append(Chart("remittance-cost", cv.trend_figure(q, on, dn),
                            f"Average total cost of sending USD 200 from {dn} to {on}, per quarter; SDG target 3 %, "
                            "no corridor above 5 %.", cv.RPW_SOURCE, years,
                            NativeChart("line", list(q["period"]), [(f"{dn} → {on}", [round(float(v), 2) for v in q["value"]])],
                                        "% of USD 200 sent", "0.00")))
    home = cv.select(card, o, cv.ALL)
    home = home[home["remittance_cost"].notna()]
    if len(home) > 1:
        charts.append(_cost_bars(home, f"emigrants from {on}", settings.year, "destination_name", dn))
    charts.append(_ends_chart(cat, card, o, d, on, dn, settings.year))
    sel = cv.select(card, o, cv.ALL)
    fig = cv.flow_figure(sel, "remittance_cost", settings.year)
    fig.update_layout(title=dict(text=f"Corridors from {on}: cost of sending money home, latest up to {settings.year}"))
    charts.append(Chart("corridor-map", fig, f"All corridors with {on} as origin; {dn} is one of them.",
                        cv.RPW_SOURCE, str(settings.year)))

    table = _corridor_table(card, r, o, d, on, dn, cat)
    ids = ["remittance_cost_corridor"] + sorted(set(ind.loc[ind["iso3"].isin([o, d]), "indicator_id"]))
    return BriefingContent(
        kind="corridor", code=f"{o}-{d}", title=f"{on} → {dn}: migration corridor",
        subtitle=(f"Migrants from {on} working in {dn}; remittances flow {dn} → {on} · reference year "
                  f"{settings.year} · " + (f"corridor rank {int(r['rank'])} of {int(card.corridors['rank'].notna().sum())}"
                                           if pd.notna(r["rank"]) else "corridor not ranked (insufficient data)")),
        year=settings.year, date=export_date or dt.date.today().isoformat(), headlines=headlines,
        headline_note=("Corridor score = equal-weight mean of the corridor's remittance cost and the destination's "
                       "protection and association and the origin's protection pillars (recruitment cost has no data "
                       "yet). " + card.index_note()),
        charts=charts, table=table, table_title=f"Corridor components and indicators: {on} → {dn}",
        sources=_sources(cat, ids, ["Natural Earth boundaries and centroids (maps) — public domain"]),
        method_note=_method_note(card, "Corridors run in the direction people migrate (origin -> destination); "
                                       "the remittance cost is that of sending money back along the corridor."))


def _ends_chart(cat: Catalogue, card: Scorecard, o: str, d: str, on: str, dn: str, year: int) -> Chart:
    """Pillar scores of the destination and the origin side by side."""
    p = card.pillars.pivot(index="iso3", columns="pillar", values="score").reindex(columns=list(PILLARS))
    cats = [c.capitalize() for c in PILLARS]
    series = [(f"{dn} (destination)", [None if pd.isna(v) else round(float(v), 1) for v in p.reindex([d]).iloc[0]]),
              (f"{on} (origin)", [None if pd.isna(v) else round(float(v), 1) for v in p.reindex([o]).iloc[0]])]
    fig = go.Figure()
    for i, ((label, vals), pattern) in enumerate(zip(series, ["", "/"])):
        fig.add_bar(x=cats, y=vals, name=label, marker=dict(color=OKABE_ITO[i], pattern_shape=pattern),
                    text=["n/a" if v is None else f"{v:.0f}" for v in vals], textposition="outside")
    ids = sorted(set(card.indicators.loc[card.indicators["iso3"].isin([o, d]) & (card.indicators["level"] == "country"),
                                         "indicator_id"]))
    ind = cat.indicators
    src = "; ".join(sorted(set(ind.loc[[i for i in ids if pd.isna(ind.at[i, "derived_from"])], "source"])))
    fig.update_layout(barmode="group", title=dict(text=f"Pillar scores at both ends: {dn} and {on}, {year}", x=0.01),
                      yaxis=dict(title="score 0-100", range=[0, 110]), template="plotly_white", font=figures.FONT,
                      legend=dict(orientation="h", y=-0.15), height=400, margin=dict(l=50, r=20, t=50, b=110))
    figures.source_annotation(fig, figures.source_text(src, "score 0-100", str(year)))
    return Chart("pillars-both-ends", fig, "Pillar scores 0-100 of the destination and the origin; a missing bar is "
                 "insufficient data (recruitment has no data yet).", src, str(year),
                 NativeChart("bar", cats, series, "score 0-100"))


def _corridor_table(card: Scorecard, r: pd.Series, o: str, d: str, on: str, dn: str, cat) -> pd.DataFrame:
    """Corridor components, then the country indicators at both ends that have a value."""
    bands = [float(b) for b in cat.settings.get("score_bands", [75, 50, 25])]
    rows = []
    meta = cat.get("remittance_cost_corridor")
    cost = _nan(r.get("remittance_cost"))
    ind = card.indicators
    rc = ind[(ind["indicator_id"] == "remittance_cost_corridor") & (ind["origin_iso3"] == o) & (ind["destination_iso3"] == d)]
    trend = rc["trend"].iloc[0] if len(rc) else "insufficient_data"
    rows.append({"Part": "Corridor", "Indicator": f"Remittance cost ({dn} → {on})",
                 "Value": _fmt(cost, 2, " % of USD 200"),
                 "Year": "" if pd.isna(r.get("remittance_cost_year")) else str(int(r["remittance_cost_year"])),
                 "Score": _fmt(r.get("remittance_cost_corridor_score")),
                 "Rating": figures.rating_label(rate_value(cost, list(meta["thresholds"]), meta["direction"])),
                 "Trend": f"{TREND_ARROWS.get(trend, '')} {TREND_LABELS.get(trend, trend)}".strip()})
    rows.append({"Part": "Corridor", "Indicator": "Recruitment cost (SDG 10.7.1)", "Value": "no data", "Year": "",
                 "Score": "", "Rating": "Insufficient data", "Trend": ""})
    for label, col in ((f"Destination protection pillar ({dn})", "destination_protection"),
                       (f"Destination association pillar ({dn})", "destination_association"),
                       (f"Origin protection pillar ({on})", "origin_protection")):
        v = _nan(r.get(col))
        rows.append({"Part": "Corridor", "Indicator": label, "Value": _fmt(v), "Year": str(card.year), "Score": _fmt(v),
                     "Rating": figures.rating_label(rate_score(v, bands)), "Trend": ""})
    for end, iso, nm in (("Destination", d, dn), ("Origin", o, on)):
        t = pr.indicator_table(card, iso, cat)
        t = t[t["value"] != ""]
        for _, x in t.iterrows():
            rows.append({"Part": f"{end}: {nm}", "Indicator": x["indicator"], "Value": f"{x['value']} ({x['unit']})",
                         "Year": x["year"], "Score": _fmt(x["score"]), "Rating": x["rating"], "Trend": x["trend"]})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------- the pack: render once, write PDF and PPTX
class BriefingPack:
    """A briefing's content with its charts rendered once, written as PDF, PPTX or chart files."""

    def __init__(self, content: BriefingContent):
        self.content = content
        self._png: dict[str, bytes] = {}

    @property
    def stem(self) -> str:
        """File stem, e.g. briefing_KEN_2020 or corridor-briefing_NPL-QAT_2020."""
        kind = "briefing" if self.content.kind == "country" else "corridor-briefing"
        return filenames.export_filename(kind, self.content.code, self.content.year, "x")[:-2]

    def filename(self, fmt: str) -> str:
        """File name of the pack in a format (pdf, pptx)."""
        return f"{self.stem}.{fmt}"

    def styled(self, chart: Chart) -> go.Figure:
        """A key chart in print style, with its own source line and the export date."""
        return print_style.print_style(chart.fig, export_date=self.content.date, width=PACK_CHART_WIDTH)

    def png(self, chart: Chart) -> bytes:
        """The chart as a print-styled PNG (2x), rendered once per pack."""
        if chart.key not in self._png:
            self._png[chart.key] = rendering.render(self.styled(chart), "png", scale=constants.PNG_SCALE)
        return self._png[chart.key]

    def chart_files(self, fmt: str) -> dict[str, bytes]:
        """Every key chart as a print-styled file (png, svg or pdf), by self-describing file name."""
        out = {}
        for ch in self.content.charts:
            name = filenames.export_filename(ch.key, self.content.code, ch.years, fmt)
            out[name] = self.png(ch) if fmt == "png" else rendering.render(self.styled(ch), fmt)
        return out

    def pdf(self) -> bytes:
        """The briefing as a 2-4 page A4 PDF."""
        from indicators.exports import briefing_docs
        return briefing_docs.write_pdf(self)

    def pptx(self) -> bytes:
        """The briefing as a PowerPoint deck (native bar/line charts, map images, source on every slide)."""
        from indicators.exports import briefing_docs
        return briefing_docs.write_pptx(self)

    def write(self, fmt: str, out_dir: str | Path) -> list[Path]:
        """Write the pack (pdf, pptx) or its charts (png, svg) into a folder; returns the paths written."""
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        if fmt in ("pdf", "pptx"):
            path = folder / self.filename(fmt)
            path.write_bytes(self.pdf() if fmt == "pdf" else self.pptx())
            return [path]
        if fmt in ("png", "svg"):
            paths = []
            for name, data in self.chart_files(fmt).items():
                (folder / name).write_bytes(data)
                paths.append(folder / name)
            return paths
        if fmt == "xlsx":
            path = folder / self.filename("xlsx")
            path.write_bytes(self.xlsx())
            return [path]
        raise ValueError(f"unknown format {fmt!r} (pdf, pptx, png, svg, xlsx)")

    def xlsx(self) -> bytes:
        """The indicator table as XLSX with the metadata sheet."""
        c = self.content
        return spreadsheets.data_xlsx(c.table, metadata.export_metadata(
            title=c.table_title, year=c.year, source="; ".join(c.sources), indicator_ids=None,
            notes=c.headline_note, export_date=c.date))


def country_pack(store: Store, iso3: str, settings: Settings | None = None,
                 export_date: str | None = None) -> BriefingPack:
    """The briefing pack of a country (settings default to the reference year and catalogue weights)."""
    return BriefingPack(country_content(store, iso3, settings or default_settings(), export_date))


def corridor_pack(store: Store, origin: str, destination: str, settings: Settings | None = None,
                  export_date: str | None = None) -> BriefingPack:
    """The briefing pack of a corridor origin -> destination."""
    return BriefingPack(corridor_content(store, origin, destination, settings or default_settings(), export_date))


def default_settings(year: int | None = None) -> Settings:
    """Default scoring settings (catalogue reference year and weights, arithmetic mean)."""
    from indicators.scoring.service import default_year
    return Settings(year=int(year or default_year()), weights=default_weights(), aggregation="arithmetic")


# ---------------------------------------------------------------------- command line: python -m indicators export
EXPORT_FORMATS = ("pdf", "pptx", "png", "svg", "xlsx")


def add_export_arguments(p) -> None:
    """Options of `python -m indicators export` (argparse sub-parser)."""
    p.add_argument("--iso3", action="append", default=[], metavar="ISO3[,ISO3...]",
                   help="country profile(s); repeat or separate with commas")
    p.add_argument("--corridor", action="append", default=[], metavar="ORIGIN-DESTINATION",
                   help="corridor(s) in the direction people migrate, e.g. NPL-QAT; repeat or separate with commas")
    p.add_argument("--format", action="append", default=[], metavar="pdf|pptx|png|svg|xlsx",
                   help="pdf and pptx: briefing pack; png and svg: its charts, print-styled; xlsx: indicator table "
                        "with metadata (default pdf; repeat or separate with commas)")
    p.add_argument("--out", default=".", help="output folder (created if missing)")
    p.add_argument("--year", type=int)
    p.add_argument("--weights", default="", help="e.g. protection=1,recruitment=1,remittance=1,association=1")
    p.add_argument("--aggregation", choices=["arithmetic", "geometric"], default="arithmetic")


def _split(values: list[str]) -> list[str]:
    """Repeated and comma-separated option values as one list."""
    return [v.strip() for x in values for v in x.split(",") if v.strip()]


def run_export(store: Store, args, out=None, err=None) -> int:
    """Write the packs or charts asked for; prints each file written. Exit code 0, 1 if any failed, 2 if none asked."""
    import sys
    from indicators.scoring.service import default_year, parse_weights
    out, err = out or sys.stdout, err or sys.stderr
    formats = _split(args.format) or ["pdf"]
    bad = [f for f in formats if f not in EXPORT_FORMATS]
    countries, corridors = [c.upper() for c in _split(args.iso3)], [c.upper() for c in _split(args.corridor)]
    if bad or not (countries or corridors):
        print(f"error: give --iso3 and/or --corridor, and formats among {', '.join(EXPORT_FORMATS)}"
              + (f" (not {', '.join(bad)})" if bad else ""), file=err)
        return 2
    weights = parse_weights(args.weights)
    full = {**default_weights(), **weights}
    settings = Settings(year=int(args.year or default_year()), weights=full, aggregation=args.aggregation)
    failed = 0
    with rendering.warm_browser():                      # one browser for the whole batch
        jobs = [("country", c) for c in countries] + [("corridor", c) for c in corridors]
        for kind, code in jobs:
            try:
                if kind == "country":
                    pack = country_pack(store, code, settings)
                else:
                    o, _, d = code.partition("-")
                    if not o or not d:
                        raise KeyError(f"corridor {code!r} must look like ORIGIN-DESTINATION, e.g. NPL-QAT")
                    pack = corridor_pack(store, o, d, settings)
                for fmt in formats:
                    for path in pack.write(fmt, args.out):
                        print(path, file=out)
            except KeyError as exc:
                failed += 1
                print(f"error: {exc.args[0] if exc.args else exc}", file=err)
    return 1 if failed else 0
