"""The scoring-settings panel (pillar weights, aggregation rule) and navigation links that carry the settings."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, dcc, html, no_update

from indicators.i18n import N_, _, use
from indicators.store.catalogue import PILLARS, load_catalogue
from indicators.store.catalogue_text import localised
from indicators.i18n.formats import number
from pages._language import request_lang
from indicators.views.urlstate import (
    Settings, default_weights, format_weights, settings_from_query, settings_search, parse_search, update_search)


def panel() -> html.Div:
    """A button and an off-canvas panel with one weight slider per pillar and the aggregation rule."""
    cat = load_catalogue()
    sliders = []
    for p in PILLARS:
        sliders += [html.Label(cat.pillars[p]["name"], htmlFor=f"settings-w-{p}", className="small fw-semibold mt-2",
                               id={"type": "settings-pillar", "pillar": p}),
                    dcc.Slider(id=f"settings-w-{p}", min=0, max=3, step=0.5, value=1,
                               marks={0: "0", 1: "1", 2: "2", 3: "3"}, tooltip={"placement": "bottom"})]
    return html.Div([
        dbc.Button(TEXTS["settings-open"], id="settings-open", color="light", size="sm", className="ms-2"),
        dbc.Offcanvas([
            html.P(TEXTS["settings-intro"], className="small", id="settings-intro"),
            *sliders,
            html.Label(TEXTS["settings-agg-label"], htmlFor="settings-agg", className="small fw-semibold mt-3",
                       id="settings-agg-label"),
            dbc.RadioItems(id="settings-agg", value="arithmetic", options=_agg_options()),
            html.Div([dbc.Button(TEXTS["settings-apply"], id="settings-apply", color="primary", className="me-2"),
                      dbc.Button(TEXTS["settings-reset"], id="settings-reset", color="secondary", outline=True)],
                     className="mt-3"),
            html.P(id="settings-current", className="small text-muted mt-3"),
        ], id="settings-panel", title=TEXTS["settings-open"], placement="end", is_open=False),
    ])


TEXTS = {"settings-open": N_("Scoring settings"),
         "settings-intro": N_("Weights of the pillars in the overall index (0 leaves a pillar out). Every page's "
                              "scores and ranks follow them, and the link you share carries them."),
         "settings-agg-label": N_("Aggregation"), "settings-apply": N_("Apply"),
         "settings-reset": N_("Reset to equal weights")}


def _agg_options() -> list[dict[str, str]]:
    """The two aggregation rules, in the language in force."""
    return [{"label": _("Arithmetic mean (compensatory)"), "value": "arithmetic"},
            {"label": _("Geometric mean (less compensation between pillars)"), "value": "geometric"}]


@callback(*[Output(k, "children") for k in TEXTS], Output("settings-panel", "title"),
          Output("settings-agg", "options"), Output({"type": "settings-pillar", "pillar": ALL}, "children"),
          Input("page-lang", "data"), State({"type": "settings-pillar", "pillar": ALL}, "id"),
          prevent_initial_call=True)
def _texts(lang, ids):
    """The panel's texts in the page's language."""
    with use(lang):
        cat = localised(load_catalogue())
        texts = [_(t) for t in TEXTS.values()]
        return (*texts, texts[0], _agg_options(),
                [cat.pillars[i["pillar"]]["name"] for i in ids])


def describe(s: Settings) -> str:
    """Plain statement of the settings in force."""
    names = localised(load_catalogue()).pillars
    w = ", ".join(f"{names[p]['name']} {number(s.weights[p], 1 if s.weights[p] % 1 else 0)}" for p in PILLARS)
    rule = _("arithmetic mean") if s.aggregation == "arithmetic" else _("geometric mean")
    return _("In force: {rule}; weights {weights}; reference year {year}.").format(rule=rule, weights=w, year=s.year)


@callback(Output("settings-panel", "is_open"), Input("settings-open", "n_clicks"), State("settings-panel", "is_open"),
          prevent_initial_call=True)
def _toggle(n, is_open):
    """Open or close the panel."""
    return (not is_open) if n else no_update


@callback(*[Output(f"settings-w-{p}", "value") for p in PILLARS], Output("settings-agg", "value"),
          Output("settings-current", "children"), Input("url", "search"), prevent_initial_call=True)
def _from_url(search):
    """Show the settings of the current URL in the panel."""
    query = parse_search(search)
    s = settings_from_query(query)
    with use(request_lang(query)):
        return *[s.weights[p] for p in PILLARS], s.aggregation, describe(s)


@callback(Output("url", "search", allow_duplicate=True), Output("settings-panel", "is_open", allow_duplicate=True),
          Input("settings-apply", "n_clicks"), Input("settings-reset", "n_clicks"),
          *[State(f"settings-w-{p}", "value") for p in PILLARS], State("settings-agg", "value"),
          State("url", "search"), prevent_initial_call=True)
def _apply(apply, reset, *rest):
    """Write the chosen weights and rule into the URL (the page re-renders with them)."""
    from dash import ctx
    *weights, agg, search = rest
    if not (apply or reset):
        return no_update, no_update
    if ctx.triggered_id == "settings-reset":
        return update_search(search, w=None, agg=None), False
    w = dict(zip(PILLARS, (float(x) for x in weights)))
    if sum(w.values()) <= 0:
        return no_update, no_update
    new = update_search(search, w=None if w == default_weights() else format_weights(w),
                        agg=None if agg == "arithmetic" else agg)
    return (no_update if new == (search or "") else new), False


def nav_links(nav: list[tuple[str, str]]) -> list[dbc.NavItem]:
    """Navigation links; their hrefs get the current settings appended by a callback."""
    return [dbc.NavItem(dbc.NavLink(label, href=href, active="partial" if href != "/" else "exact",
                                    id={"type": "nav-link", "path": href})) for label, href in nav]


@callback(Output({"type": "nav-link", "path": ALL}, "href"), Input("url", "search"),
          State({"type": "nav-link", "path": ALL}, "id"), prevent_initial_call=True)
def _carry_settings(search, ids):
    """Keep year, weights and aggregation when moving between pages."""
    tail = settings_search(search)
    return [i["path"] + tail for i in ids]


@callback(Output("navbar-collapse", "is_open"), Input("navbar-toggler", "n_clicks"),
          State("navbar-collapse", "is_open"), prevent_initial_call=True)
def _fold(n, is_open):
    """Open or close the navbar's menu on narrow screens."""
    return (not is_open) if n else no_update
