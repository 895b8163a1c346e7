"""Country search of the navbar (logic in indicators/views/search.py): pick or type a country, open its profile."""
from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html, no_update

from indicators.i18n import N_, _, use
from indicators.views import search
from indicators.views.urlstate import settings_search
from pages._language import dropdown, dropdown_labels


LABEL, PLACEHOLDER = N_("Find a country"), N_("Find a country…")


def box() -> html.Div:
    """A labelled, searchable country picker for the navbar (words and names set per language by _in_language).

    Its 250 options wait in a Store until the page has drawn and the browser is idle, or the box is pointed at or
    focused (assets/search.js): Dash's dropdown builds a search index over every substring of its options when it gets
    them, which every page would otherwise pay before its first chart (50-110 ms of script time measured)."""
    return html.Div([
        html.Label(LABEL, htmlFor="country-search", className="visually-hidden", id="country-search-label"),
        dropdown(id="country-search", options=[], placeholder=PLACEHOLDER, clearable=True, searchable=True),
        dcc.Store(id="country-search-options", data=search.options("en")),
        dcc.Store(id="country-search-wanted", data=False),
    ], className="navbar-search ms-lg-3", role="search")


# the options go into the box once it is wanted (focused) or when they change while it has them
clientside_callback(ClientsideFunction(namespace="search", function_name="fill"),
                    Output("country-search", "options"), Input("country-search-wanted", "data"),
                    Input("country-search-options", "data"), prevent_initial_call=True)


@callback(Output("country-search-options", "data"), Output("country-search", "placeholder"),
          Output("country-search-label", "children"), Output("country-search", "labels"), Input("page-lang", "data"),
          State("country-search", "placeholder"), prevent_initial_call=True)
def _in_language(lang, shown):
    """The country names, placeholder, label and the box's own words in the page's language (nothing sent when they
    already are)."""
    with use(lang):
        words = _(PLACEHOLDER)
        return (no_update,) * 4 if words == shown else (search.options(), words, _(LABEL), dropdown_labels())


@callback(Output("url", "href", allow_duplicate=True), Output("country-search", "value"),
          Input("country-search", "value"), State("url", "search"), prevent_initial_call=True)
def _open(choice, query):
    """Open the chosen country's profile (keeping the scoring settings) and clear the box."""
    path = search.profile_path(choice)
    return (path + settings_search(query), None) if path else (no_update, no_update)
