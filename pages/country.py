"""Country profile page: /country/<ISO3> — pillar scores, peers, indicators with trends, corridors, explanation."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from indicators import profile as pr
from indicators.catalogue import PILLARS, load_catalogue
from indicators.countries import country_table
from indicators.figures import rating_colour
from indicators.scoring import explain_text
from indicators.service import explanation, scorecard
from indicators.urlstate import settings_from_query, settings_search, update_search
from pages._export import briefing_control
from pages._shared import chart_card, data_table, empty_note, rating_badge, store

dash.register_page(__name__, path_template="/country/<iso3>", title="Country profile - Migrant protection indicators",
                   name="Country profile")


def _picker(iso3: str | None) -> dcc.Dropdown:
    """Country switcher."""
    t = country_table().sort_values("name")
    return dcc.Dropdown(id="country-picker", options=[{"label": n, "value": i} for i, n in zip(t["iso3"], t["name"])],
                        value=iso3, placeholder="Choose a country", clearable=False)


def _score_card(label: str, score, rating: str) -> dbc.Col:
    """One pillar or index score with its rating in words and colour."""
    text = "insufficient data" if pd.isna(score) else f"{score:.1f}"
    return dbc.Col(dbc.Card(dbc.CardBody([html.Div(label, className="small text-muted"),
                                          html.Div(text, className="fs-4 fw-semibold"),
                                          rating_badge(rating, rating_colour(rating))])), md=2, sm=4, xs=6)


def layout(iso3: str | None = None, **query) -> html.Div:
    """The profile of the country in the path, for the settings in the URL."""
    code = (iso3 or "").upper()
    info = pr.country_info(code)
    if info is None:
        return html.Div([html.H1("Country profile", className="h3"),
                         dbc.Alert(f"No country with the code {code!r}. Choose one:", color="warning",
                                   id="country-unknown"), _picker(None)])
    cat = load_catalogue()
    s = settings_from_query(query)
    st = store()
    key = ("country-layout", code, s.year, str(s.weights), s.aggregation, query.get("ind"))
    return st.memo(key, lambda: _build(st, cat, s, code, info, query.get("ind")))


def _build(st, cat, s, code, info, chosen) -> html.Div:
    """Assemble the profile components."""
    card = scorecard(st, s.year, s.custom_weights, s.aggregation)
    h = pr.header(card, code)
    bands = cat.settings.get("score_bands", [75, 50, 25])
    from indicators.scoring import rate_score
    rank = (f"rank {h['rank']} of {h['ranked_of']} (5-95 % interval {h['rank_p05']}-{h['rank_p95']})"
            if h["rank"] else f"not ranked: {h['status']}")
    scores = [_score_card("Overall index", h["overall"], h["rating"])]
    for p in PILLARS:
        v = h.get(p, float("nan"))
        scores.append(_score_card(cat.pillars[p]["name"], v, rate_score(v, bands)))
    peers = pr.peer_table(card, code)
    sources = "; ".join(sorted(set(card.indicators.loc[card.indicators["iso3"] == code, "source"].dropna())))
    table = pr.indicator_table(card, code, cat)
    choices = pr.trend_choices(card, code, cat)
    ind = chosen if chosen in [c["value"] for c in choices] else (choices[0]["value"] if choices else None)
    trend = None
    if ind:
        series = pr.series_for(st.annual(), code, ind)
        meta = cat.get(ind)
        if series.empty:   # derived indicators are computed, not stored: take them from the scorecard
            rows = card.indicators[(card.indicators["indicator_id"] == ind) & (card.indicators["iso3"] == code)]
            series = rows.rename(columns={"year_used": "year"})[["year", "value"]]
        trend = chart_card("country-trend", pr.trend_figure(series, meta, info["name"], s.year).to_dict(),
                           f"{meta['name']}. Unit: {meta['unit']}. Source: {meta['source']}. Dashed lines: goalposts "
                           "used for the 0-100 score; dotted: rating thresholds.", series)
    ex = explanation(st, code, s.year, s.custom_weights, s.aggregation)
    as_origin, as_dest = pr.corridors_of(card, code, "origin"), pr.corridors_of(card, code, "destination")
    return html.Div([
        dbc.Row([dbc.Col(html.H1(info["name"], className="h3", id="country-name"), md=8),
                 dbc.Col(_picker(code), md=4)]),
        html.P(f"{info.get('un_region') or ''} · {info.get('un_subregion') or ''} · "
               f"{info.get('income_group') or 'income group n/a'} · reference year {s.year} · {rank}",
               className="text-muted", id="country-rank"),
        briefing_control("country", code),
        dbc.Alert(card.index_note(), color="info", className="py-2 small"),
        dbc.Row(scores, className="g-2 mb-3", id="country-scores"),
        chart_card("country-peers", pr.peer_figure(peers, f"{info['name']} and its peers, {s.year}", sources,
                                                   s.year).to_dict(),
                   "Peer averages are means over the countries of the group that have a score; n/a = insufficient "
                   "data.", peers.round(1)),
        html.H2("Indicators", className="h5 mt-3"),
        data_table("country-indicators", table.drop(columns=["indicator_id"]), page_size=20),
        html.H2("Trend", className="h5 mt-3"),
        dcc.Dropdown(id="country-indicator", options=choices, value=ind, clearable=False, className="mb-2"),
        trend or empty_note("No indicator has data for this country."),
        html.H2("Corridors", className="h5 mt-3"),
        html.P("Corridors run in the direction people migrate (origin -> destination); the remittance cost is the "
               "cost of sending USD 200 back along the corridor.", className="small text-muted"),
        dbc.Row([dbc.Col([html.H3(f"Emigrants from {info['name']} (origin)", className="h6"),
                          data_table("country-corridors-out", as_origin.drop(columns=["link"]), page_size=10)
                          if len(as_origin) else empty_note("No corridor data with this country as origin.")], md=6),
                 dbc.Col([html.H3(f"Immigrants in {info['name']} (destination)", className="h6"),
                          data_table("country-corridors-in", as_dest.drop(columns=["link"]), page_size=10)
                          if len(as_dest) else empty_note("No corridor data with this country as destination.")],
                         md=6)]),
        html.Details([html.Summary("Explain this score", className="fw-semibold"),
                      html.Pre(explain_text(ex, info["name"]), id="country-explain", className="small",
                               style={"whiteSpace": "pre-wrap"})], className="mt-3"),
    ])


@callback(Output("url", "href", allow_duplicate=True), Input("country-picker", "value"), State("url", "pathname"),
          State("url", "search"), prevent_initial_call=True)
def _switch(iso3, path, search):
    """Open another country's profile, keeping the settings."""
    target = f"/country/{iso3}"
    return no_update if not iso3 or path == target else target + settings_search(search)


@callback(Output("url", "search", allow_duplicate=True), Input("country-indicator", "value"), State("url", "search"),
          prevent_initial_call=True)
def _pick_indicator(ind, search):
    """Show another indicator's trend."""
    new = update_search(search, ind=ind)
    return no_update if not ind or new == (search or "") else new
