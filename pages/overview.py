"""Overview page: world map of the index, a pillar or an indicator; year slider; headlines; ranked table."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from indicators.i18n import N_, _, ngettext
from indicators.i18n.formats import integer
from indicators.store.catalogue_text import localised
from indicators.views import overview as ov
from indicators.scoring.service import catalogue, default_year, scorecard, version_line, years
from indicators.scoring.vintage import data_label, vintage_note
from indicators.views import corridors as cv
from indicators.views.urlstate import changed_search, settings_search
from pages._later import drawn_later
from pages._layouts import redrawable, scores_notice, settings_layout
from pages._shared import headline, chart_card, data_table
from pages._data import store
from pages._language import dropdown, title

dash.register_page(__name__, path="/", title=title(N_("Overview")), name="Overview")


@redrawable
def layout(**query) -> html.Div:
    """The overview for the view, year, weights, aggregation and language in the URL (built once per data version)."""
    view = ov.valid_view(query.get("view"), catalogue(store()))
    return settings_layout(query, "overview-layout",
                           lambda st, s, version: _build(st, localised(catalogue(st)), s, view, version), (view,))


def _build(st, cat, s, view, version: str) -> html.Div:
    """Assemble the overview components (the scores of the data version served: scores_version)."""
    card = scorecard(st, s.year, s.custom_weights, s.aggregation, version)
    mv = ov.map_view(card, cat, view)
    h = ov.headlines(card)
    span = years(st)
    lo, hi = ov.year_bounds([span["first"], span["last"]], s.year)
    missing = ov.missing_countries(mv)
    table = ov.ranking_table(card)
    return html.Div([
        html.H1(_("Migrant protection index"), className="h3"),
        scores_notice(st, version),
        dbc.Alert(card.index_note(), color="info", id="index-note", className="py-2 mb-1"),
        html.P(f"{vintage_note(card.indicators, cat, s.year, h['corridor_last_period'])} · {version_line(st)}",
               className="small text-muted", id="overview-vintage"),
        dbc.Row([
            headline(integer(h['countries_ranked']), _("countries ranked in {year} (of {n} with data; {vintage})").format(
                year=s.year, n=integer(h['countries_with_data']), vintage=data_label(card.indicators, cat, s.year).lower()),
                "overview-ranked"),
            headline(ov.format_pct(h["mean_corridor_cost"]),
                     _("cost of sending USD 200: {how}, over {n} corridors, latest values {years} (SDG target: 3 %)"
                       ).format(how=_(cv.MEAN_COST_NOTE), n=integer(h['corridors']), years=h['corridor_years']),
                     "overview-mean-cost"),
            headline(integer(h['corridors_above_5']), _("corridors costlier than 5 % (SDG 10.c: none should be), latest "
                     "values {years}").format(years=h['corridor_years']), "overview-above5"),
            headline(integer(h['corridors_at_target']), _("corridors at or below the 3 % target, latest values "
                     "{years}").format(years=h['corridor_years']), "overview-target"),
        ], className="g-2 mb-3"),
        dbc.Row([
            dbc.Col([html.Label(_("Show on the map"), htmlFor="overview-view", className="small fw-semibold"),
                     dropdown(id="overview-view", options=ov.view_options(cat, card), value=view,
                                  clearable=False)], md=6),
            dbc.Col([html.Label(_("Reference year: {year}").format(year=s.year), htmlFor="overview-year", className="small fw-semibold"),
                     dcc.Slider(id="overview-year", min=lo, max=hi, step=1, value=s.year,
                                marks=ov.year_marks(lo, hi),
                                tooltip={"placement": "bottom"})], md=6),
        ], className="mb-2"),
        chart_card("overview-map", ov.map_figure(mv, s.year).to_dict(),
                   _("{title}. Unit: {unit}. Source: {source}. Grey: insufficient data (never zero). "
                     "Click a country to open its profile.").format(title=mv.title, unit=mv.unit, source=mv.source),
                   mv.data.round(2)),
        html.Details([html.Summary(ngettext("{n} country or territory with insufficient data for this view",
                                            "{n} countries and territories with insufficient data for this view",
                                            len(missing)).format(n=integer(len(missing))), className="small"),
                      html.P(", ".join(missing), className="small text-muted", id="overview-missing")],
                     className="mb-3"),
        drawn_later(html.Div([                      # below the first screen: drawn after it (pages/_later.py)
            html.H2(_("Ranking"), className="h5"),
            html.P(_("Rank interval: 5th-95th percentile of the rank when pillar weights are drawn at random around "
                     "the chosen ones, under both arithmetic and geometric aggregation. Click a row to open the "
                     "profile."), className="small text-muted"),
            data_table("ranking", table, page_size=20, row_selectable=False, cell_selectable=True)]),
                    "ranking-part", 1200),
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


# two callbacks: the ranking is drawn after the first screen (pages/_later.py), and a callback whose inputs are not
# all on the page yet is an error in the browser
@callback(Output("url", "href", allow_duplicate=True), Input("overview-map", "clickData"), State("url", "search"),
          prevent_initial_call=True)
def _open_clicked(click, search):
    """Open the profile of the country clicked on the map."""
    return _profile(ov.clicked_iso3(click), search)


@callback(Output("url", "href", allow_duplicate=True), Input("ranking", "active_cell"),
          State("ranking", "derived_viewport_data"), State("url", "search"), prevent_initial_call=True)
def _open_ranked(cell, rows, search):
    """Open the profile of the country clicked in the ranking."""
    return _profile(rows[cell["row"]]["iso3"] if cell and rows and cell["row"] < len(rows) else None, search)


def _profile(iso3: str | None, search: str | None):
    """The URL of a country's profile with the view's settings (no_update without a country)."""
    return f"/country/{iso3}{settings_search(search)}" if iso3 else no_update
