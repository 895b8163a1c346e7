"""Corridors page: origin/destination pickers, flow map, ranked corridor table, cost trend of one corridor."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from indicators import corridor_views as cv
from indicators.overview import format_pct
from indicators.service import scorecard
from indicators.urlstate import parse_choice, settings_from_query, update_search
from pages._export import briefing_control
from pages._shared import headline, chart_card, data_table, empty_note, store

dash.register_page(__name__, path="/corridors", title="Corridors - Migrant protection indicators", name="Corridors")


def layout(**query) -> html.Div:
    """The corridor view for the origin, destination, colouring and settings in the URL."""
    s = settings_from_query(query)
    st = store()
    card = scorecard(st, s.year, s.custom_weights, s.aggregation)
    origins, dests = cv.options(card, "origin"), cv.options(card, "destination")
    origin = parse_choice((query.get("origin") or "").upper(), [o["value"] for o in origins], cv.ALL)
    dest = parse_choice((query.get("destination") or "").upper(), [o["value"] for o in dests], cv.ALL)
    colour = parse_choice(query.get("colour"), list(cv.COLOUR_BY), "remittance_cost")
    key = ("corridors-layout", s.year, str(s.weights), s.aggregation, origin, dest, colour)
    return st.memo(key, lambda: _build(st, card, s, origins, dests, origin, dest, colour))


def _build(st, card, s, origins, dests, origin, dest, colour) -> html.Div:
    """Assemble the corridor components."""
    sel = cv.select(card, origin, dest)
    h = cv.headlines(sel)
    n = cv.names()
    detail = None
    if origin != cv.ALL and dest != cv.ALL:
        q = cv.quarterly(st.series("remittance_cost_corridor", origin_iso3=origin, destination_iso3=dest))
        detail = (chart_card("corridors-trend", cv.trend_figure(q, n.get(origin, origin), n.get(dest, dest)).to_dict(),
                             f"Quarterly average total cost of sending USD 200 from {n.get(dest, dest)} to "
                             f"{n.get(origin, origin)}. Source: {cv.RPW_SOURCE} (2011Q1-2020Q3; half-yearly until "
                             "2012).", q.assign(date=q["date"].dt.strftime("%Y-%m-%d")))
                  if len(q) else empty_note("No remittance price series for this corridor."))
        if len(sel):
            detail = html.Div([briefing_control("corridor", f"{origin}-{dest}"), detail])
    elif origin != cv.ALL or dest != cv.ALL:
        label = f"emigrants from {n.get(origin, origin)}" if origin != cv.ALL else f"migrants in {n.get(dest, dest)}"
        detail = chart_card("corridors-bars", cv.bar_figure(sel, label, s.year).to_dict(),
                            f"Latest cost per corridor up to {s.year}. Source: {cv.RPW_SOURCE}.",
                            cv.display_table(sel))
    return html.Div([
        html.H1("Migration corridors", className="h3"),
        html.P("A corridor runs from origin to destination, the way people migrate; remittances flow the other way "
               "(the cost shown is that of sending USD 200 from the destination back to the origin). The recruitment "
               "cost side (SDG 10.7.1) has no bundled data yet: working groups can upload corridor surveys.",
               className="small text-muted"),
        dbc.Row([
            dbc.Col([html.Label("Origin (migrants from)", htmlFor="corridors-origin", className="small fw-semibold"),
                     dcc.Dropdown(id="corridors-origin", options=origins, value=origin, clearable=False)], md=4),
            dbc.Col([html.Label("Destination (migrants in)", htmlFor="corridors-destination",
                                className="small fw-semibold"),
                     dcc.Dropdown(id="corridors-destination", options=dests, value=dest, clearable=False)], md=4),
            dbc.Col([html.Label("Colour the map by", htmlFor="corridors-colour", className="small fw-semibold"),
                     dcc.Dropdown(id="corridors-colour", value=colour, clearable=False, options=[
                         {"label": v[0], "value": k} for k, v in cv.COLOUR_BY.items()])], md=4),
        ], className="mb-3"),
        dbc.Row([
            headline(f"{h['corridors']}", "corridors in the selection", "corridors-count"),
            headline(format_pct(h["mean_cost"]), "mean cost of sending USD 200 (target 3 %)", "corridors-mean"),
            headline(f"{h['above_5']}", "corridors costlier than 5 %", "corridors-above5"),
            headline(f"{h['at_target']}", "corridors at or below 3 %", "corridors-target"),
        ], className="g-2 mb-3"),
        detail or html.Div(),
        chart_card("corridors-map", cv.flow_figure(sel, colour, s.year).to_dict(),
                   f"Lines join country centroids (Natural Earth). Source: {cv.RPW_SOURCE}; corridor scores combine "
                   "the corridor cost with destination protection and association and origin protection. The ranked "
                   "table below lists the same corridors (the map's text alternative)."),
        html.H2("Ranked corridors", className="h5"),
        html.P("Click a row to see that corridor's cost over time.", className="small text-muted"),
        data_table("corridors-table", cv.display_table(sel), page_size=15, cell_selectable=True),
    ])


@callback(Output("url", "search", allow_duplicate=True),
          Input("corridors-origin", "value"), Input("corridors-destination", "value"), Input("corridors-colour", "value"),
          Input("corridors-table", "active_cell"), State("corridors-table", "derived_viewport_data"),
          State("url", "search"), prevent_initial_call=True)
def _select(origin, dest, colour, cell, rows, search):
    """Write the chosen corridor ends and colouring into the URL (a clicked row sets both ends)."""
    if dash.ctx.triggered_id == "corridors-table":
        if not cell or not rows or cell["row"] >= len(rows):
            return no_update
        origin, dest = rows[cell["row"]]["origin_iso3"], rows[cell["row"]]["destination_iso3"]
    new = update_search(search, origin=None if origin == cv.ALL else origin,
                        destination=None if dest == cv.ALL else dest,
                        colour=None if colour == "remittance_cost" else colour)
    return no_update if new == (search or "") else new
