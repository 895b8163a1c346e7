"""The language of a view (URL `lang`, else Accept-Language, else English), the navbar switch and `<html lang>`."""
from __future__ import annotations

import json
from typing import Any, Mapping

import dash_bootstrap_components as dbc
import flask
from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html, no_update

from indicators.i18n import DEFAULT, LANGUAGES, N_, _, current, pick, use
from indicators.i18n.context import NAMES
from indicators.views.urlstate import parse_search, update_search


# The labels assets/a11y.js gives third-party widgets (DataTable pagers and filter boxes, the file picker), as
# messages of the catalogues: written once into the HTML shell as a JSON data block (not a script: the CSP allows it).
A11Y_WORDS = (N_("First page"), N_("Previous page"), N_("Next page"), N_("Last page"), N_("Page number"),
              N_("Search in "), N_("Choose a file to upload"))
A11Y_WORDS_ID = "mpd-a11y-words"


def a11y_words() -> dict[str, dict[str, str]]:
    """{language: {English label: label in that language}} for every language but English."""
    out = {}
    for code in LANGUAGES:
        if code != DEFAULT:
            with use(code):
                out[code] = {w: _(w) for w in A11Y_WORDS}
    return out


def a11y_words_block() -> str:
    """The labels as a `<script type="application/json">` data block (never run; '</' escaped)."""
    text = json.dumps(a11y_words(), ensure_ascii=True).replace("</", "<\\/")
    return f'<script type="application/json" id="{A11Y_WORDS_ID}">{text}</script>'


def request_lang(query: Mapping[str, Any] | None = None) -> str:
    """The language of the view being served: the query's `lang`, else the browser's Accept-Language, else English."""
    header = flask.request.headers.get("Accept-Language") if flask.has_request_context() else None
    return pick((query or {}).get("lang"), header)


def in_language(query: Mapping[str, Any], build):
    """Call build(lang) with the view's language in force (pages' layout functions)."""
    lang = request_lang(query)
    if flask.has_app_context():
        flask.g.mpd_lang = lang                 # the page title (asked for next in the same request) follows it
    with use(lang):
        return build(lang)


def title(page: str):
    """A page's browser title in the view's language, as Dash Pages asks for it ('Overview - Migrant protection
    indicators'): the language of the layout just built in this request, else of the first page's URL or browser."""
    def make(**_path_variables) -> str:
        lang = flask.g.get("mpd_lang") if flask.has_app_context() else None
        with use(lang or request_lang(flask.request.args if flask.has_request_context() else None)):
            return f"{_(page)} - {_('Migrant protection indicators')}"
    return make


# Dash's dropdown words (its `labels`), English in the component: given in the view's language by dropdown()
DROPDOWN_WORDS = {"select_all": N_("Select all"), "deselect_all": N_("Deselect all"),
                  "selected_count": N_("{num_selected} selected"), "search": N_("Search"),
                  "clear_search": N_("Clear search"), "clear_selection": N_("Clear selection"),
                  "no_options_found": N_("No options found")}


def dropdown_labels() -> dict[str, str]:
    """Dash's dropdown words ("3 selected", "Search", "No options found", ...) in the language in force."""
    return {key: _(words) for key, words in DROPDOWN_WORDS.items()}


def dropdown(**props: Any) -> dcc.Dropdown:
    """A dcc.Dropdown whose own words are in the language in force (pages build their layouts in the view's)."""
    return dcc.Dropdown(labels=dropdown_labels(), **props)


def lang_query() -> dict[str, str]:
    """`{"lang": code}` for links built by a page in a language other than English (else empty: URLs stay as they were)."""
    return {} if current() == DEFAULT else {"lang": current()}


def switch() -> html.Div:
    """The language switch: one link per language, to the same view in that language (hrefs set by a callback)."""
    return html.Div([dbc.NavLink(html.Span(NAMES[code], lang=code), id={"type": "lang-link", "lang": code},
                                 href=f"/?lang={code}", className="px-2 py-1 small text-white") for code in LANGUAGES],
                    className="d-flex align-items-center ms-2", id="language-switch", role="group",
                    **{"aria-label": "Language / Langue / Idioma"})


def lang_store() -> dcc.Store:
    """The language of the page shown (for the navbar texts and `<html lang>`)."""
    return html.Div([dcc.Store(id="page-lang", data="en"), dcc.Store(id="lang-sink")])


@callback(Output("page-lang", "data"), Input("url", "search"), State("page-lang", "data"),
          prevent_initial_call=True)
def _page_lang(search, shown=None):
    """The language of the current URL (or of the browser when the URL has none); nothing is sent when it is the
    language already shown, so a change of the query alone re-sends no navbar words or country list."""
    lang = request_lang(parse_search(search))
    return no_update if lang == shown else lang


@callback(Output({"type": "lang-link", "lang": ALL}, "href"), Output({"type": "lang-link", "lang": ALL}, "active"),
          Input("url", "pathname"), Input("url", "search"), Input("page-lang", "data"),
          State({"type": "lang-link", "lang": ALL}, "id"), prevent_initial_call=True)
def _switch_hrefs(pathname, search, lang, ids):
    """Each switch link: the same page and query in its language; the current one marked."""
    codes = [i["lang"] for i in ids]
    return [f"{pathname or '/'}{update_search(search, lang=c)}" for c in codes], [c == lang for c in codes]


# html lang: set in the browser by assets/i18n.js (a file, so the CSP needs no inline script)
clientside_callback(ClientsideFunction(namespace="i18n", function_name="setDocumentLang"),
                    Output("lang-sink", "data"), Input("page-lang", "data"))
