"""Country search of the navbar (logic in indicators/views/search.py): pick or type a country, open its profile."""
from __future__ import annotations

from dash import Input, Output, State, callback, dcc, html, no_update

from indicators.i18n import N_, _, use
from indicators.views import search
from indicators.views.urlstate import settings_search


LABEL, PLACEHOLDER = N_("Find a country"), N_("Find a country…")


def box() -> html.Div:
    """A labelled, searchable country picker for the navbar (words and names set per language by _in_language)."""
    return html.Div([
        html.Label(LABEL, htmlFor="country-search", className="visually-hidden", id="country-search-label"),
        dcc.Dropdown(id="country-search", options=search.options("en"), placeholder=PLACEHOLDER,
                     clearable=True, searchable=True),
    ], className="navbar-search ms-lg-3", role="search")


@callback(Output("country-search", "options"), Output("country-search", "placeholder"),
          Output("country-search-label", "children"), Input("page-lang", "data"), State("country-search", "placeholder"))
def _in_language(lang, shown):
    """The country names, placeholder and label in the page's language (nothing sent when they already are)."""
    with use(lang):
        words = _(PLACEHOLDER)
        return (no_update,) * 3 if words == shown else (search.options(), words, _(LABEL))


@callback(Output("url", "href", allow_duplicate=True), Output("country-search", "value"),
          Input("country-search", "value"), State("url", "search"), prevent_initial_call=True)
def _open(choice, query):
    """Open the chosen country's profile (keeping the scoring settings) and clear the box."""
    path = search.profile_path(choice)
    return (path + settings_search(query), None) if path else (no_update, no_update)
