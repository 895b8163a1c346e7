"""Corridors page: origin/destination pickers, flow map, headlines, ranked corridor table, cost trend of one corridor.

State in the URL: ?origin=NPL&destination=QAT&ind=remittance_cost_corridor&year=2020 (defaults omitted).
"""
from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dash_table, dcc, html, no_update

from indicators.views import corridor_trend as ct
from indicators.views import corridors as cv
from indicators.views import direction
from indicators.scoring.corridors import corridor_formula
from indicators.scoring.service import scorecard, version_line
from indicators.views.headers import number_alignment
from indicators.views.urlstate import parse_search, settings_from_query, update_search
from pages._export import briefing_control
from pages._shared import chart_card, counted, data_table, empty_note, headline
from pages._data import store

dash.register_page(__name__, path="/corridors", title="Corridors - Migrant protection indicators", name="Corridors")


def layout(**query) -> html.Div:
    """The corridor view for the origin, destination, map indicator and scoring settings in the URL."""
    s = settings_from_query(query)
    st = store()
    card = scorecard(st, s.year, s.custom_weights, s.aggregation)
    ends = direction.resolve_ends(direction.corridor_pairs(card.corridors), direction.requested(query.get("origin")),
                                  direction.requested(query.get("destination")), cv.names())
    ind = cv.parse_indicator(card, query.get("ind"), query.get("colour"))
    top = cv.parse_top(query.get("top"))
    key = ("corridors-layout", s.year, str(s.weights), s.aggregation, ends, ind, top)
    return st.memo(key, lambda: _build(st, card, s.year, ends, ind, top))


def _typed(table: html.Div) -> html.Div:
    """Give the shared table numeric columns (numeric sort and filters such as '> 5') and 'insufficient data' text."""
    for child in table.children if isinstance(table, html.Div) else [table]:
        if isinstance(child, dash_table.DataTable):
            child.columns = cv.table_columns([c["id"] for c in child.columns])
            child.style_cell_conditional = number_alignment(child.columns)
    return table


def _build(st, card, year: int, ends: direction.Ends, ind: str, top: int | None) -> html.Div:
    """Assemble the corridor components (memoised per data version by layout)."""
    origin, dest = ends.origin, ends.destination
    sel = cv.select(card, origin, dest)
    h = cv.headlines(sel)
    table = cv.display_table(sel, ind)
    what, detail = _detail(st, card, sel, h, year, origin, dest)
    c = cv.colouring(ind)
    drawn = cv.worst(sel, ind, top) if origin == dest == cv.ALL else sel
    shown = (f"The map draws the {len(drawn)} corridors with the highest {c.label.lower()} of {len(sel)} "
             f"(change it above the map; the table lists all). " if len(drawn) < len(sel) else "")
    if c.key == "score" and len(drawn) < len(sel):
        shown = shown.replace("highest", "lowest")
    return html.Div([
        html.H1("Migration corridors", className="h3"),
        html.P("Which corridors are the most expensive to be recruited into, or to send money home from?",
               className="lead mb-1"),
        html.P(["A corridor runs ", html.B("from origin to destination, the way people migrate"),
                ". Money flows the other way: the remittance cost of a corridor is the cost of sending USD 200 from "
                "the destination back home to the origin (World Bank Remittance Prices Worldwide)."],
               className="small mb-2"),
        dbc.Alert(
            ["Recruitment cost (SDG 10.7.1): ",
             _recruitment_status(card),
             " — public corridor data on what workers pay to be recruited is very thin, so the map, the headlines and "
             "the corridor score cover the remittance side only. Working groups can upload SDG 10.7.1 corridor data "
             "(", dcc.Link("Upload", href="/upload", className="alert-link"), ")."],
            color="info", className="py-2 small", id="corridors-recruitment-note"),
        dbc.Row([
            dbc.Col([html.Label("Origin (migrants from)", htmlFor="corridors-origin", className="small fw-semibold"),
                     dcc.Dropdown(id="corridors-origin", options=cv.options(card, "origin", dest, origin, True),
                                  value=origin, clearable=False)], md=4),
            dbc.Col([html.Label("Destination (migrants in)", htmlFor="corridors-destination",
                                className="small fw-semibold"),
                     dcc.Dropdown(id="corridors-destination", options=cv.options(card, "destination", origin, dest,
                                                                                 True),
                                  value=dest, clearable=False)], md=4),
            dbc.Col([html.Label("Colour the map by", htmlFor="corridors-ind", className="small fw-semibold"),
                     dcc.Dropdown(id="corridors-ind", options=cv.indicator_options(card), value=ind,
                                  clearable=False)], md=4),
        ], className="mb-3"),
        dbc.Alert(ends.note, color="warning", className="py-2", id="corridors-direction")
        if ends.note else None,
        html.P(f"Selection: {what}; {counted(h['corridors'], 'corridor')}, {h['with_cost']} with a remittance price "
               f"(latest value up to {year}; {ct.rpw_coverage(st) and 'remittance prices ' + ct.rpw_coverage(st)}). "
               f"{version_line(st)}.", className="small text-muted mb-1", id="corridors-selection"),
        dbc.Row([
            headline(f"{h['corridors']}", "corridors in the selection", "corridors-count"),
            headline(cv.format_pct(h["mean_cost"]), f"cost of sending USD 200 home: {cv.MEAN_COST_NOTE}; latest values "
                     f"{h['years']} (target 3 %)",
                     "corridors-mean"),
            headline(f"{h['above_5']}", f"corridors costlier than 5 % (SDG 10.c: none should be), latest values "
                     f"{h['years']}", "corridors-above5"),
            headline(f"{h['at_target']}", f"corridors at or below the 3 % target, latest values {h['years']}",
                     "corridors-target"),
        ], className="g-2 mb-3"),
        detail,
        _map_control(top) if origin == dest == cv.ALL else None,
        chart_card("corridors-map",
                   cv.flow_figure(drawn, ind, year, fit=origin != cv.ALL or dest != cv.ALL or len(drawn) < len(sel),
                                  height=520 if origin == dest == cv.ALL else 440).to_dict(),
                   f"{shown}Lines join the country centroids of origin (circle) and destination (diamond); colour: "
                   f"{c.label.lower()} in rating bins ({', '.join(f'{t:g}' for t in c.thresholds)}), grey dotted: "
                   "insufficient data. Hover over the middle of a line for its value and the year used. "
                   f"{corridor_formula(card.catalogue)} The ranked table below lists the same corridors, with the "
                   "destination's and the origin's parts (the map's text alternative)."),
        html.H2("Ranked corridors", className="h5"),
        html.P(f"{cv.rank_note(ind)} Sort by any column; type in the grey row to search (e.g. Nepal, "
               "or > 5 in a number column). Click a row to see that corridor's cost over time. Empty recruitment "
               "cost: no data yet.", className="small text-muted mb-1"),
        _typed(data_table("corridors-table", table, page_size=15, cell_selectable=True,
                          filter_options={"case": "insensitive", "placeholder_text": "search…"})),
    ])


def _detail(st, card, sel, h: dict, year: int, origin: str, dest: str) -> tuple[str, Any]:
    """What the selection is in words, and the component under the headlines: a corridor's quarterly cost, the
    corridors of one end side by side, or a hint."""
    n = cv.names()
    on, dn = n.get(origin, origin), n.get(dest, dest)
    if origin != cv.ALL and dest != cv.ALL:
        return f"the corridor {on} → {dn}", _corridor_detail(st, card, sel, year, origin, dest, on, dn)
    if origin != cv.ALL or dest != cv.ALL:
        label = f"emigrants from {on}" if origin != cv.ALL else f"migrants in {dn}"
        missing = h["corridors"] - h["with_cost"]
        return f"corridors of {label}", chart_card(
            "corridors-bars", cv.bar_figure(sel, label, year).to_dict(),
            f"Latest cost per corridor up to {year} (bars coloured by rating: ≤ 3 %, 3–5 %, 5–10 %, > 10 %). "
            + ("Each bar is the cost of sending USD 200 home to " + on + " from that destination. " if origin != cv.ALL
               else "Each bar is the cost of sending USD 200 from " + dn + " home to that origin. ")
            + (f"{counted(missing, 'corridor')} without a remittance price (insufficient data) not shown. " if missing else "")
            + f"Choose a destination too, or click a row of the table, for the cost over time. Source: {cv.RPW_SOURCE}.",
            cv.bar_data(sel))
    return "all corridors", html.P(
        "Choose an origin and a destination, or click a row of the table, to see that corridor's "
        "cost per quarter; choose only one of them for its corridors side by side.",
        className="small text-muted", id="corridors-hint")


def _corridor_detail(st, card, sel, year: int, origin: str, dest: str, on: str, dn: str) -> Any:
    """One corridor: its quarterly cost against the 3 % and 5 % lines (with the briefing export), or why not."""
    q = ct.corridor_quarters(st, origin, dest, year)
    if len(q):
        fig = ct.trend_figure(q, on, dn, ct.rpw_coverage(st))
        detail = chart_card(
            "corridors-trend", fig.to_dict(),
            f"Average total cost of sending USD 200 from {dn} to {on} (money flows against the migration "
            f"direction), per quarter, {q['period'].iloc[0]} to {q['period'].iloc[-1]}: RPW surveyed twice a "
            f"year until 2012, quarterly since 2013. Dashed: SDG 10.c target (3 %); dotted: the 5 % no corridor "
            f"should exceed. Source: {cv.RPW_SOURCE}, {ct.rpw_coverage(st)}.", ct.trend_table(q))
        status = dbc.Alert(ct.target_status(q), color="light", className="py-2 small", id="corridors-status")
        return html.Div([briefing_control("corridor", f"{origin}-{dest}"), status, detail]) if len(sel) else \
            html.Div([status, detail])
    if len(sel):
        return empty_note(f"No quarterly remittance price for {dn} → {on} up to {year}.")
    far = cv.select(card, origin, cv.ALL)["destination_name"].tolist()
    return empty_note(f"No corridor {on} → {dn} has data up to {year}. Corridors from {on} go to: "
                      f"{', '.join(sorted(far))}. Choose another destination, or All.")


def _map_control(top: int | None) -> html.Div:
    """How many corridors the all-corridors map draws."""
    return html.Div([
        html.Label("Corridors on the map", htmlFor="corridors-top", className="small fw-semibold me-2"),
        dcc.Dropdown(id="corridors-top", value=str(top or "all"), clearable=False, searchable=False,
                     options=[{"label": f"the {n} worst", "value": str(n)} for n in cv.MAP_TOP]
                     + [{"label": "all (crowded)", "value": "all"}], style={"minWidth": "12rem"}),
    ], className="d-flex align-items-center flex-wrap mb-2")


def _recruitment_status(card) -> html.B:
    """How many corridors have a recruitment cost, in bold."""
    c = card.corridors
    k = int(c["recruitment_cost"].notna().sum()) if "recruitment_cost" in c else 0
    return html.B("no bundled data yet") if not k else html.B(f"{k} corridors have data")


@callback(Output("url", "search", allow_duplicate=True),
          Input("corridors-origin", "value"), Input("corridors-destination", "value"), Input("corridors-ind", "value"),
          Input("corridors-table", "active_cell"), State("corridors-table", "derived_viewport_data"),
          State("url", "search"), prevent_initial_call=True)
def _select(origin, dest, ind, cell, rows, search):
    """Write the chosen corridor ends and map indicator into the URL (a clicked row sets both ends)."""
    if dash.ctx.triggered_id == "corridors-table":
        if not cell or not rows or cell["row"] >= len(rows):
            return no_update
        origin, dest = rows[cell["row"]]["origin_iso3"], rows[cell["row"]]["destination_iso3"]
    if origin is None or dest is None or ind is None:
        return no_update
    asked = parse_search(search)
    if dash.ctx.triggered_id != "corridors-table" and \
            direction.shown_as_asked(asked.get("origin"), asked.get("destination"), origin, dest):
        return no_update
    new = update_search(search, origin=None if origin == cv.ALL else origin,
                        destination=None if dest == cv.ALL else dest,
                        ind=None if ind == cv.DEFAULT_IND else ind, colour=None)
    return no_update if new == (search or "") else new


@callback(Output("url", "search", allow_duplicate=True), Input("corridors-top", "value"), State("url", "search"),
          prevent_initial_call=True)
def _top(top, search):
    """Write how many corridors the all-corridors map draws into the URL."""
    new = update_search(search, top=None if top in (None, str(cv.MAP_TOP[0])) else top)
    return no_update if new == (search or "") else new
