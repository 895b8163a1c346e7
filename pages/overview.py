"""Overview page: world map of the index, a pillar or an indicator; year slider; headlines; ranked table."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from indicators.views import overview as ov
from indicators.scoring.service import catalogue, default_year, scorecard, version_line, years
from indicators.scoring.vintage import data_label, vintage_note
from indicators.views import corridors as cv
from indicators.views.urlstate import changed_search, settings_from_query, settings_search
from pages._shared import headline, chart_card, data_table
from pages._data import store

dash.register_page(__name__, path="/", title="Overview - Migrant protection indicators", name="Overview")


def layout(**query) -> html.Div:
    """The overview for the view, year, weights and aggregation in the URL (built once per data version)."""
    s = settings_from_query(query)
    st = store()
    cat = catalogue(st)
    view = ov.valid_view(query.get("view"), cat)
    return st.memo(("overview-layout", view, s.year, str(s.weights), s.aggregation), lambda: _build(st, cat, s, view))


def _build(st, cat, s, view) -> html.Div:
    """Assemble the overview components."""
    card = scorecard(st, s.year, s.custom_weights, s.aggregation)
    mv = ov.map_view(card, cat, view)
    h = ov.headlines(card)
    span = years(st)
    lo, hi = ov.year_bounds([span["first"], span["last"]], s.year)
    missing = ov.missing_countries(mv)
    table = ov.ranking_table(card)
    return html.Div([
        html.H1("Migrant protection index", className="h3"),
        dbc.Alert(card.index_note(), color="info", id="index-note", className="py-2 mb-1"),
        html.P(f"{vintage_note(card.indicators, cat, s.year, h['corridor_last_period'])} · {version_line(st)}",
               className="small text-muted", id="overview-vintage"),
        dbc.Row([
            headline(f"{h['countries_ranked']}", f"countries ranked in {s.year} (of {h['countries_with_data']} with "
                     f"data; {data_label(card.indicators, cat, s.year).lower()})", "overview-ranked"),
            headline(ov.format_pct(h["mean_corridor_cost"]),
                     f"cost of sending USD 200: {cv.MEAN_COST_NOTE}, over {h['corridors']} corridors, latest values "
                     f"{h['corridor_years']} (SDG target: 3 %)", "overview-mean-cost"),
            headline(f"{h['corridors_above_5']}", f"corridors costlier than 5 % (SDG 10.c: none should be), latest "
                     f"values {h['corridor_years']}", "overview-above5"),
            headline(f"{h['corridors_at_target']}", f"corridors at or below the 3 % target, latest values "
                     f"{h['corridor_years']}", "overview-target"),
        ], className="g-2 mb-3"),
        dbc.Row([
            dbc.Col([html.Label("Show on the map", htmlFor="overview-view", className="small fw-semibold"),
                     dcc.Dropdown(id="overview-view", options=ov.view_options(cat, card), value=view,
                                  clearable=False)], md=6),
            dbc.Col([html.Label(f"Reference year: {s.year}", htmlFor="overview-year", className="small fw-semibold"),
                     dcc.Slider(id="overview-year", min=lo, max=hi, step=1, value=s.year,
                                marks=ov.year_marks(lo, hi),
                                tooltip={"placement": "bottom"})], md=6),
        ], className="mb-2"),
        chart_card("overview-map", ov.map_figure(mv, s.year).to_dict(),
                   f"{mv.title}. Unit: {mv.unit}. Source: {mv.source}. Grey: insufficient data (never zero). "
                   "Click a country to open its profile.",
                   mv.data.round(2)),
        html.Details([html.Summary(f"{len(missing)} countries and territories with insufficient data for this view",
                                   className="small"),
                      html.P(", ".join(missing), className="small text-muted", id="overview-missing")],
                     className="mb-3"),
        html.H2("Ranking", className="h5"),
        html.P("Rank interval: 5th-95th percentile of the rank when pillar weights are drawn at random around the "
               "chosen ones, under both arithmetic and geometric aggregation. Click a row to open the profile.",
               className="small text-muted"),
        data_table("ranking", table, page_size=20, row_selectable=False, cell_selectable=True),
    ])


@callback(Output("url", "search", allow_duplicate=True),
          Input("overview-view", "value"), Input("overview-year", "value"), State("url", "search"),
          prevent_initial_call=True)
def _set_view(view, year, search):
    """Write the chosen view and year into the URL."""
    # the slider and dropdown report their values when the page mounts: the defaults the URL left out are no change
    new = changed_search(search, {"view": ov.INDEX_VIEW, "year": default_year()},
                         view=None if view == ov.INDEX_VIEW else view, year=year)
    return no_update if new is None else new


@callback(Output("url", "href", allow_duplicate=True),
          Input("overview-map", "clickData"), Input("ranking", "active_cell"), State("ranking", "derived_viewport_data"),
          State("url", "search"), prevent_initial_call=True)
def _open_country(click, cell, rows, search):
    """Open the profile of the country clicked on the map or in the ranking."""
    iso3 = ov.clicked_iso3(click) if dash.ctx.triggered_id == "overview-map" else (
        rows[cell["row"]]["iso3"] if cell and rows and cell["row"] < len(rows) else None)
    return f"/country/{iso3}{settings_search(search)}" if iso3 else no_update
