"""Compare page: several countries and regional aggregates over time, for any indicator, pillar or the index."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from indicators.i18n import N_, _
from indicators.i18n.countries import localise_names
from indicators.i18n.formats import sort_key
from indicators.store.catalogue_text import localised
from indicators.views import compare as cp
from indicators.store.catalogue import PILLARS
from indicators.store.countries import iso3_set
from indicators.scoring.service import annual_with_derived, catalogue, country_names, indicator_series, version_line
from indicators.views.urlstate import changed_search, parse_choice, parse_codes, parse_int, settings_from_query
from pages._later import drawn_later
from pages._layouts import redrawable, shared_layout
from pages._shared import chart_card, data_table, empty_note
from pages._data import store
from pages._language import dropdown, in_language, title

dash.register_page(__name__, path="/compare", title=title(N_("Compare")), name="Compare")
DEFAULT_COUNTRIES = ["PHL", "IDN", "NPL"]
DEFAULT_FROM = 2015


@redrawable
def layout(**query) -> html.Div:
    """The comparison in the URL: countries, aggregates, what, from-year, settings and language."""
    return in_language(query, lambda lang: _layout(lang, query))


def _layout(lang: str, query: dict) -> html.Div:
    """The comparison in the language in force (built once per data version, view and language)."""
    s = settings_from_query(query)
    st = store()
    cat = localised(catalogue(st))
    what_opts, group_opts = cp.what_options(cat), cp.group_options()
    what = parse_choice(query.get("what"), [o["value"] for o in what_opts], cp.INDEX)
    countries = parse_codes(query.get("countries"), iso3_set(), limit=8) if "countries" in query else DEFAULT_COUNTRIES
    groups = [g for g in str(query.get("groups") or "").split(",") if g in {o["value"] for o in group_opts}][:4]
    start = parse_int(query.get("from"), DEFAULT_FROM, 1990, s.year)
    mode = parse_choice(query.get("composition"), [cp.YEARLY, cp.FIXED], cp.YEARLY)
    key = ("compare-layout", what, tuple(countries), tuple(groups), start, mode, s.year, str(s.weights), s.aggregation,
           lang)
    return shared_layout(st, st.version(), key,
                         lambda: _build(st, cat, s, what_opts, group_opts, what, countries, groups, start, mode))


def _build(st, cat, s, what_opts, group_opts, what, countries, groups, start, mode) -> html.Div:
    """Assemble the comparison."""
    names = localise_names(country_names())
    years = list(range(start, s.year + 1))
    composite = what == cp.INDEX or what in PILLARS
    if composite:                          # each year's pillar scores are materialised once per data version
        version = st.version()
        values, segments, empty = cp.composite_values(what, years, lambda y: st.memo(
            ("compare-year", y), lambda: cp.materialised_year(st.root, version, cat, y,
                                                              lambda: annual_with_derived(st))), cat,
            s.custom_weights, s.aggregation, mode)
    else:
        values, segments, empty = cp.indicator_values(what, years, indicator_series(st, what)), None, {}
    series = cp.build_series(values, countries, groups, names)
    label, unit, source = cp.what_meta(what, cat)
    missing = [names.get(c, c) for c in cp.missing_countries(values, countries)]
    title = f"{label}, {start}-{s.year}"
    composition = cp.composition_note(segments or [], cat, mode, empty)
    table = cp.wide_table(series, (start, s.year), segments)
    fig = cp.figure(series, title, unit, source, (start, s.year), segments)
    chart = (chart_card("compare-chart", fig.to_dict(),
                        _("{title}. Unit: {unit}. Source: {source}. Aggregates (dashed) are means over the member "
                          "countries with a value that year; the legend and hover say how many. A gap is a year "
                          "without a value, never a zero.").format(title=title, unit=unit, source=source)
                        + f" {composition}", table,
                        export_name=f"compare_{what}_{start}-{s.year}")
             if len(series) else empty_note(_("None of the selected countries has data for this over these years.")))
    return html.Div([
        html.H1(_("Compare countries over time"), className="h3"),
        html.P(version_line(st), className="small text-muted mb-2", id="compare-version"),
        dbc.Row([
            dbc.Col([html.Label(_("Countries (up to 8)"), htmlFor="compare-countries", className="small fw-semibold"),
                     dropdown(id="compare-countries", multi=True, value=countries,
                              options=[{"label": n, "value": i}
                                       for i, n in sorted(names.items(), key=lambda x: sort_key(x[1]))])],
                    md=5),
            dbc.Col([html.Label(_("Aggregates"), htmlFor="compare-groups", className="small fw-semibold"),
                     dropdown(id="compare-groups", multi=True, value=groups, options=group_opts)], md=3),
            dbc.Col([html.Label(_("Compare"), htmlFor="compare-what", className="small fw-semibold"),
                     dropdown(id="compare-what", value=what, options=what_opts, clearable=False)], md=3),
            dbc.Col([html.Label(_("From"), htmlFor="compare-from", className="small fw-semibold"),
                     dropdown(id="compare-from", value=start, clearable=False,
                              options=[{"label": str(y), "value": y} for y in range(2000, s.year + 1)])], md=1),
        ], className="mb-3"),
        html.Div([html.Label(_("Composition over time (index and pillars)"), htmlFor="compare-composition",
                             className="small fw-semibold me-2"),
                  dcc.RadioItems(id="compare-composition", value=mode, inline=True, inputClassName="me-1",
                                 labelClassName="me-3 small", options=cp.mode_options(composite)),
                  html.Small(_(cp.MODE_HELP), className="text-muted d-block")],
                 className="mb-2"),
        html.P(_("No data at all for: {countries}.").format(countries=", ".join(missing)) if missing else "",
               className="small text-muted", id="compare-missing"),
        chart,
        drawn_later(html.Div([html.H2(_("Values"), className="h5"),      # below the first screen (pages/_later.py)
                              data_table("compare-table", table, page_size=15)]), "compare-table-part", 900),
    ])


@callback(Output("url", "search", allow_duplicate=True),
          Input("compare-countries", "value"), Input("compare-groups", "value"), Input("compare-what", "value"),
          Input("compare-from", "value"), Input("compare-composition", "value"), State("url", "search"),
          prevent_initial_call=True)
def _choose(countries, groups, what, start, mode, search):
    """Write the comparison into the URL."""
    # the controls report their values when the page mounts: the defaults the URL left out are no change
    defaults = {"countries": ",".join(DEFAULT_COUNTRIES), "what": cp.INDEX, "from": DEFAULT_FROM}
    new = changed_search(search, defaults, countries=",".join(countries or []), groups=",".join(groups or []) or None,
                         what=what, composition=mode if mode == cp.FIXED else None, **{"from": start})
    return no_update if new is None else new
