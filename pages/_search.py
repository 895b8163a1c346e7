"""Country search of the navbar (logic in indicators/views/search.py): pick or type a country, open its profile."""
from __future__ import annotations

from dash import Input, Output, State, callback, dcc, html, no_update

from indicators.views import search
from indicators.views.urlstate import settings_search


def box() -> html.Div:
    """A labelled, searchable country picker for the navbar."""
    return html.Div([
        html.Label("Find a country", htmlFor="country-search", className="visually-hidden"),
        dcc.Dropdown(id="country-search", options=search.options(), placeholder="Find a country…",
                     clearable=True, searchable=True),
    ], className="navbar-search ms-lg-3", role="search")


@callback(Output("url", "href", allow_duplicate=True), Output("country-search", "value"),
          Input("country-search", "value"), State("url", "search"), prevent_initial_call=True)
def _open(choice, query):
    """Open the chosen country's profile (keeping the scoring settings) and clear the box."""
    path = search.profile_path(choice)
    return (path + settings_search(query), None) if path else (no_update, no_update)
