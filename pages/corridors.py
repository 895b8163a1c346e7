"""Corridors page: origin/destination pickers, flow map, headlines, ranked corridor table, cost trend of one corridor.

State in the URL: ?origin=NPL&destination=QAT&ind=remittance_cost_corridor&year=2020 (defaults omitted).
"""
from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
import dash_ag_grid as dag
from dash import Input, Output, State, callback, dcc, html, no_update

from indicators.i18n import N_, _, ngettext
from indicators.i18n.formats import integer, period, significant, sort_key
from indicators.views import corridor_trend as ct
from indicators.views import corridors as cv
from indicators.views import direction
from indicators.scoring.corridors import corridor_formula
from indicators.scoring.service import scorecard, scores_version, version_line
from indicators.views.grid import grid_block, locale_text, shown
from indicators.views.headers import header
from indicators.views.urlstate import make_search, parse_search, settings_from_query, update_search
from pages._export import briefing_control, export_control
from pages._later import drawn_later, find
from pages._layouts import redrawable, scores_notice, shared_layout
from pages._shared import chart_card, empty_note, headline
from pages._data import store
from pages._language import dropdown, in_language, lang_query, title

dash.register_page(__name__, path="/corridors", title=title(N_("Corridors")), name="Corridors")


@redrawable
def layout(**query) -> html.Div:
    """The corridor view for the origin, destination, map indicator, scoring settings and language in the URL."""
    return in_language(query, lambda lang: _layout(lang, query))


def _layout(lang: str, query: dict) -> html.Div:
    """The corridor view in the language in force (built once per data version, view and language)."""
    s = settings_from_query(query)
    st = store()
    version = scores_version(st, s.year, s.custom_weights, s.aggregation)
    card = scorecard(st, s.year, s.custom_weights, s.aggregation, version)
    ends = direction.resolve_ends(direction.corridor_pairs(card.corridors), direction.requested(query.get("origin")),
                                  direction.requested(query.get("destination")), cv.names())
    ind = cv.parse_indicator(card, query.get("ind"), query.get("colour"))
    top = cv.parse_top(query.get("top"))
    key = ("corridors-layout", s.year, str(s.weights), s.aggregation, ends, ind, top, lang)
    return shared_layout(st, version, key, lambda: _build(st, card, s.year, ends, ind, top, version))


def _grid(table) -> html.Div:
    """The ranked corridor table as an AG Grid paging on the server (infinite row model: only the rows in view
    travel); the full table stays on the server for the callback and the downloads."""
    cols = []
    for c in table.columns:
        kind = cv.TABLE_COLUMNS.get(c, ("text", None, ""))[0]
        number = {"type": "rightAligned", "cellStyle": {"fontVariantNumeric": "tabular-nums"},
                  "filterParams": {"defaultOption": "greaterThan"}}
        cols.append({"field": c, "headerName": header(c), "sortable": True, "resizable": True, "floatingFilter": True,
                     "filter": "agNumberColumnFilter" if kind == "numeric" else "agTextColumnFilter", "minWidth": 120,
                     **(number if kind == "numeric" else {})})
    grid = dag.AgGrid(id="corridors-table", rowModelType="infinite", columnDefs=cols,
                      defaultColDef={"wrapHeaderText": True, "autoHeaderHeight": True, "filter": True, "floatingFilter": True,
                                     "sortable": True},
                      dashGridOptions={"pagination": True, "paginationPageSize": 15, "cacheBlockSize": 15,
                                       "paginationPageSizeSelector": False, "suppressColumnVirtualisation": True,
                                       "localeText": locale_text(),
                                       "rowSelection": {"mode": "singleRow", "checkboxes": False,
                                                        "enableClickSelection": True}},
                      className="ag-theme-quartz", style={"height": "560px"})
    grid.full_table = table
    return html.Div([export_control("corridors-table", "corridors-table", chart=False), grid])


def _build(st, card, year: int, ends: direction.Ends, ind: str, top: int | None, version: str) -> html.Div:
    """Assemble the corridor components (memoised per data version by layout; the scores of the version served)."""
    origin, dest = ends.origin, ends.destination
    sel = cv.select(card, origin, dest)
    h = cv.headlines(sel)
    table = cv.display_table(sel, ind)
    what, detail = _detail(st, card, sel, h, year, origin, dest)
    c = cv.colouring(ind)
    drawn = cv.worst(sel, ind, top) if origin == dest == cv.ALL else sel
    shown = ""
    if len(drawn) < len(sel):
        shown = (_("The map draws the {n} corridors with the lowest {what} of {total} (change it above the map; the "
                   "table lists all).") if c.key == "score" else
                 _("The map draws the {n} corridors with the highest {what} of {total} (change it above the map; the "
                   "table lists all).")).format(n=len(drawn), what=c.label.lower(), total=len(sel)) + " "
    return html.Div([
        html.H1(_("Migration corridors"), className="h3"),
        scores_notice(st, version),
        html.P(_("Which corridors are the most expensive to be recruited into, or to send money home from?"),
               className="lead mb-1"),
        html.P([_("A corridor runs "), html.B(_("from origin to destination, the way people migrate")),
                _(". Money flows the other way: the remittance cost of a corridor is the cost of sending USD 200 from "
                  "the destination back home to the origin (World Bank Remittance Prices Worldwide).")],
               className="small mb-2"),
        dbc.Alert(
            [_("Recruitment cost (SDG 10.7.1): "),
             _recruitment_status(card),
             _(" — public corridor data on what workers pay to be recruited is very thin, so the map, the headlines "
               "and the corridor score cover the remittance side only. Working groups can upload SDG 10.7.1 corridor "
               "data ("), dcc.Link(_("Upload"), href="/upload" + make_search(lang_query()),
                                   className="alert-link"), ")."],
            color="info", className="py-2 small", id="corridors-recruitment-note"),
        dbc.Row([
            dbc.Col([html.Label(_("Origin (migrants from)"), htmlFor="corridors-origin", className="small fw-semibold"),
                     dropdown(id="corridors-origin", options=cv.options(card, "origin", dest, origin, True),
                              value=origin, clearable=False)], md=4),
            dbc.Col([html.Label(_("Destination (migrants in)"), htmlFor="corridors-destination",
                                className="small fw-semibold"),
                     dropdown(id="corridors-destination", options=cv.options(card, "destination", origin, dest,
                                                                             True),
                              value=dest, clearable=False)], md=4),
            dbc.Col([html.Label(_("Colour the map by"), htmlFor="corridors-ind", className="small fw-semibold"),
                     dropdown(id="corridors-ind", options=cv.indicator_options(card), value=ind,
                              clearable=False)], md=4),
        ], className="mb-3"),
        dbc.Alert(ends.note, color="warning", className="py-2", id="corridors-direction")
        if ends.note else None,
        html.P(_("Selection: {what}; {corridors}, {with_cost} with a remittance price (latest value up to {year}; "
                 "{coverage}). {version}.").format(
                   what=what, corridors=corridor_count(h['corridors']), with_cost=integer(h['with_cost']), year=year,
                   coverage=ct.rpw_coverage(st) and _("remittance prices {span}").format(span=ct.rpw_coverage(st)),
                   version=version_line(st)), className="small text-muted mb-1", id="corridors-selection"),
        dbc.Row([
            headline(integer(h['corridors']), _("corridors in the selection"), "corridors-count"),
            headline(cv.format_pct(h["mean_cost"]), _("cost of sending USD 200 home: {how}; latest values {years} "
                                                      "(target 3 %)").format(how=_(cv.MEAN_COST_NOTE), years=h['years']),
                     "corridors-mean"),
            headline(integer(h['above_5']), _("corridors costlier than 5 % (SDG 10.c: none should be), latest values "
                                              "{years}").format(years=h['years']), "corridors-above5"),
            headline(integer(h['at_target']), _("corridors at or below the 3 % target, latest values {years}").format(
                years=h['years']), "corridors-target"),
        ], className="g-2 mb-3"),
        detail,
        _map_control(top) if origin == dest == cv.ALL else None,
        chart_card("corridors-map",
                   cv.flow_figure(drawn, ind, year, fit=origin != cv.ALL or dest != cv.ALL or len(drawn) < len(sel),
                                  height=520 if origin == dest == cv.ALL else 440).to_dict(),
                   shown + _("Lines join the country centroids of origin (circle) and destination (diamond); colour: "
                             "{what} in rating bins ({bins}), grey dotted: insufficient data. Hover over the middle of "
                             "a line for its value and the year used.").format(
                       what=c.label.lower(), bins=", ".join(significant(t) for t in c.thresholds))
                   + f" {corridor_formula(card.catalogue)} "
                   + _("The ranked table below lists the same corridors, with the destination's and the origin's "
                       "parts (the map's text alternative).")),
        drawn_later(_ranked(table, ind), "corridors-grid-part", 700),      # below the first screen (pages/_later.py)
    ])


def _ranked(table, ind: str) -> html.Div:
    """The ranked corridors: heading, how to read and search them, the grid."""
    return html.Div([
        html.H2(_("Ranked corridors"), className="h5"),
        html.P(cv.rank_note(ind) + " " + _(
            "Sort by any column (click its header); type in the row under the headers to "
            "search (e.g. Nepal; a number shows the values above it). Click a row to see that corridor's cost over time. "
            "Empty recruitment cost: no data yet."), className="small text-muted mb-1"),
        _grid(table)])


def _detail(st, card, sel, h: dict, year: int, origin: str, dest: str) -> tuple[str, Any]:
    """What the selection is in words, and the component under the headlines: a corridor's quarterly cost, the
    corridors of one end side by side, or a hint."""
    n = cv.names()
    on, dn = n.get(origin, origin), n.get(dest, dest)
    if origin != cv.ALL and dest != cv.ALL:
        return _("the corridor {origin} → {destination}").format(origin=on, destination=dn), \
            _corridor_detail(st, card, sel, year, origin, dest, on, dn)
    if origin != cv.ALL or dest != cv.ALL:
        label = _("emigrants from {country}").format(country=on) if origin != cv.ALL else \
            _("migrants in {country}").format(country=dn)
        missing = h["corridors"] - h["with_cost"]
        return _("corridors of {who}").format(who=label), chart_card(
            "corridors-bars", cv.bar_figure(sel, label, year).to_dict(),
            _("Latest cost per corridor up to {year} (bars coloured by rating: ≤ 3 %, 3–5 %, 5–10 %, > 10 %).").format(
                year=year) + " "
            + (_("Each bar is the cost of sending USD 200 home to {country} from that destination.").format(country=on)
               if origin != cv.ALL else
               _("Each bar is the cost of sending USD 200 from {country} home to that origin.").format(country=dn))
            + " " + (_("{corridors} without a remittance price (insufficient data) not shown.").format(
                corridors=corridor_count(missing)) + " " if missing else "")
            + _("Choose a destination too, or click a row of the table, for the cost over time. Source: {source}."
                ).format(source=cv.RPW_SOURCE),
            cv.bar_data(sel))
    return _("all corridors"), html.P(
        _("Choose an origin and a destination, or click a row of the table, to see that corridor's "
          "cost per quarter; choose only one of them for its corridors side by side."),
        className="small text-muted", id="corridors-hint")


def _corridor_detail(st, card, sel, year: int, origin: str, dest: str, on: str, dn: str) -> Any:
    """One corridor: its quarterly cost against the 3 % and 5 % lines (with the briefing export), or why not."""
    q = ct.corridor_quarters(st, origin, dest, year)
    if len(q):
        fig = ct.trend_figure(q, on, dn, ct.rpw_coverage(st))
        detail = chart_card(
            "corridors-trend", fig.to_dict(),
            _("Average total cost of sending USD 200 from {destination} to {origin} (money flows against the migration "
              "direction), per quarter, {first} to {last}: RPW surveyed twice a year until 2012, quarterly since "
              "2013. Dashed: SDG 10.c target (3 %); dotted: the 5 % no corridor should exceed. Source: {source}, "
              "{coverage}.").format(destination=dn, origin=on, first=period(q['period'].iloc[0]),
                                   last=period(q['period'].iloc[-1]), source=cv.RPW_SOURCE,
                                   coverage=ct.rpw_coverage(st)), ct.trend_table(q))
        status = dbc.Alert(ct.target_status(q), color="light", className="py-2 small", id="corridors-status")
        return html.Div([briefing_control("corridor", f"{origin}-{dest}"), status, detail]) if len(sel) else \
            html.Div([status, detail])
    if len(sel):
        return empty_note(_("No quarterly remittance price for {destination} → {origin} up to {year}.").format(
            destination=dn, origin=on, year=year))
    far = cv.select(card, origin, cv.ALL)["destination_name"].tolist()
    return empty_note(_("No corridor {origin} → {destination} has data up to {year}. Corridors from {origin} go to: "
                        "{others}. Choose another destination, or All.").format(
                          origin=on, destination=dn, year=year, others=", ".join(sorted(far, key=sort_key))))


def _map_control(top: int | None) -> html.Div:
    """How many corridors the all-corridors map draws."""
    return html.Div([
        html.Label(_("Corridors on the map"), htmlFor="corridors-top", className="small fw-semibold me-2"),
        dropdown(id="corridors-top", value=str(top or "all"), clearable=False, searchable=False,
                 options=[{"label": _("the {n} worst").format(n=n), "value": str(n)} for n in cv.MAP_TOP]
                 + [{"label": _("all (crowded)"), "value": "all"}], style={"minWidth": "12rem"}),
    ], className="d-flex align-items-center flex-wrap mb-2")


def _recruitment_status(card) -> html.B:
    """How many corridors have a recruitment cost, in bold."""
    c = card.corridors
    k = int(c["recruitment_cost"].notna().sum()) if "recruitment_cost" in c else 0
    return html.B(_("no bundled data yet")) if not k else html.B(
        ngettext("{n} corridor has data", "{n} corridors have data", k).format(n=integer(k)))


def corridor_count(k: int) -> str:
    """'1 corridor', '3 corridors' in the language in force."""
    return ngettext("{n} corridor", "{n} corridors", k).format(n=integer(k))


@callback(Output("url", "search", allow_duplicate=True),
          Input("corridors-origin", "value"), Input("corridors-destination", "value"), Input("corridors-ind", "value"),
          State("url", "search"), prevent_initial_call=True)
def _select(origin, dest, ind, search):
    """Write the chosen corridor ends and map indicator into the URL."""
    if origin is None or dest is None or ind is None:
        return no_update
    asked = parse_search(search)
    if direction.shown_as_asked(asked.get("origin"), asked.get("destination"), origin, dest):
        return no_update
    return _chosen(search, origin, dest, ind)


# its own callback: the table is drawn after the first screen (pages/_later.py), and a callback whose inputs are not
# all on the page yet is an error in the browser
@callback(Output("url", "search", allow_duplicate=True), Input("corridors-table", "selectedRows"),
          State("corridors-ind", "value"), State("url", "search"), prevent_initial_call=True)
def _select_row(rows, ind, search):
    """A clicked row of the table sets both ends."""
    if not rows or ind is None:
        return no_update
    return _chosen(search, rows[0]["origin_iso3"], rows[0]["destination_iso3"], ind)


def _chosen(search: str | None, origin: str, dest: str, ind: str):
    """The URL's query with these corridor ends and map indicator (no_update when it would not change)."""
    new = update_search(search, origin=None if origin == cv.ALL else origin,
                        destination=None if dest == cv.ALL else dest,
                        ind=None if ind == cv.DEFAULT_IND else ind, colour=None)
    return no_update if new == (search or "") else new


@callback(Output("corridors-table", "getRowsResponse"), Input("corridors-table", "getRowsRequest"),
          State("url", "search"), prevent_initial_call=True)
def _rows(req, search):
    """One block of the ranked table, sorted and filtered on the server as the grid asks."""
    query = parse_search(search)
    return in_language(query, lambda lang: _block(find(layout(**query), "corridors-table").full_table, req))


def _block(table, req) -> dict:
    """The grid's response: the rows of the block as shown, and how many rows match."""
    rows, n = grid_block(table, req)
    return {"rowData": shown(rows, cv.TABLE_COLUMNS), "rowCount": n}


@callback(Output("url", "search", allow_duplicate=True), Input("corridors-top", "value"), State("url", "search"),
          prevent_initial_call=True)
def _top(top, search):
    """Write how many corridors the all-corridors map draws into the URL."""
    new = update_search(search, top=None if top in (None, str(cv.MAP_TOP[0])) else top)
    return no_update if new == (search or "") else new
