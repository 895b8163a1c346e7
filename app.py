"""Dash application: wires the pages, serves everything locally (no CDN), exposes `server` for gunicorn.

Run: `python app.py [--data-dir DIR] [--host 127.0.0.1] [--port 8050]`; in production
`gunicorn -c gunicorn.conf.py app:server` (settings explained in gunicorn.conf.py; limits and headers: SECURITY.md).
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, dcc, html

from indicators.scoring.materialise import WARM_ENV
from indicators.web import bundle, scripts as shell_scripts, security, transfer
from indicators.web.api import api as uploads_api
from indicators.web.read_api import read as read_api
from indicators.web import read_files  # noqa: F401  (the read API's file routes, on the same blueprint)
from indicators.web.ratelimit import install as install_rate_limits
from indicators.store.config import DATA_DIR_ENV
from indicators.store.objects import location
from indicators.i18n import LANGUAGES, N_, _, use
from pages import _language as language
from pages._chrome import prime
from pages._first import chart_on_first_screen, first_container, opened_url
from indicators.views.urlstate import parse_search
from pages import _search as country_search
from pages import _settings as settings

PLOTLY_BUNDLE_ENV = "MPD_PLOTLY_BUNDLE"     # "full": Dash's whole plotly.min.js instead of assets/vendor's partial one
NAV = [(N_("Overview"), "/"), (N_("Corridors"), "/corridors"), (N_("Compare"), "/compare"),
       (N_("Indicators & methodology"), "/methodology"), (N_("Upload"), "/upload")]
BRAND = N_("Migrant protection indicators")
FOOTER = N_("Open data from the World Bank, UN DESA, UN Treaty Collection, ILO, Freedom House and Our World in Data; "
            "see Indicators & methodology for sources, licences and known flaws.")
LOADING_TEXT = N_("Loading the dashboard: map, charts and tables\u2026")
NOSCRIPT_TEXT = N_("This dashboard needs JavaScript. The data behind it is available through the command line and the "
                   "API (see the README).")
# The HTML shell shows a skeleton with words until the scripts have loaded and the app has rendered (assets/loading.css
# hides it then); without JavaScript it says what is needed. Both texts are put in the page's language per request.
BOOT = (f'<div class="mpd-boot" role="status" aria-live="polite"><div class="mpd-boot-bar"></div>'
        f'<div class="mpd-skeleton"><span class="mpd-spinner" aria-hidden="true"></span>{LOADING_TEXT}</div></div>'
        f'<noscript><p style="margin:1rem">{NOSCRIPT_TEXT}</p></noscript>')


class Dashboard(dash.Dash):
    """Dash with `<html lang>` written into each first page for the language of its URL or browser."""

    def interpolate_index(self, **kwargs) -> str:
        """The index page with the view's language on its html element (in-app changes: assets/i18n.js), its title
        and loading words in that language; Dash's polyfill swapped, AG Grid deferred, the common lazy chunks loaded with the
        page, Plotly loaded when first needed on a page with no chart at its top (indicators/web/scripts.py)."""
        import flask
        lang = language.request_lang(flask.request.args if flask.has_request_context() else None)
        runtime = f"{self.get_asset_url(shell_scripts.RUNTIME)}?v={shell_scripts.RUNTIME_VERSION}"
        chunks = tuple(self._collect_and_register_resources(list(shell_scripts.EARLY_CHUNKS)))   # fingerprinted URLs
        kwargs["scripts"] = shell_scripts.shell_scripts(kwargs["scripts"], runtime, shell_scripts.mode(), chunks)
        if shell_scripts.mode() == "ours":
            prefix = self.config.requests_pathname_prefix
            path = flask.request.path if flask.has_request_context() else "/"
            kwargs["scripts"], plotly_tags = shell_scripts.lazy_plotly(kwargs["scripts"], chart_on_first_screen(path))
            kwargs["metas"] = shell_scripts.preload_links(prefix) + plotly_tags + kwargs["metas"]
            for kind, key in (("js", "scripts"), ("css", "css")):      # the app's own assets, one file each
                kwargs[key] = bundle.bundled_tags(kwargs[key], kind, bundle.url(self.config.assets_folder, kind, prefix))
        with use(lang):
            words = {f"<title>{BRAND}</title>": f"<title>{_(BRAND)}</title>",
                     LOADING_TEXT: _(LOADING_TEXT), NOSCRIPT_TEXT: _(NOSCRIPT_TEXT)}
        page = super().interpolate_index(**kwargs).replace("<html>", f'<html lang="{lang}">', 1)
        for english, translated in words.items():
            page = page.replace(english, translated, 1)
        return page


def navbar() -> dbc.Navbar:
    """Top navigation bar: links to every page, country search and scoring settings; folds behind a menu button on
    narrow screens."""
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand(BRAND, href="/", className="fw-semibold text-wrap", id="navbar-brand"),
        dbc.NavbarToggler(id="navbar-toggler"),
        dbc.Collapse([
            dbc.Nav(settings.nav_links(NAV), navbar=True, className="ms-auto"),
            country_search.box(),
            settings.panel(),
            language.switch(),
        ], id="navbar-collapse", is_open=False, navbar=True),
    ], fluid=True), color="primary", dark=True, expand="lg", className="mb-3")


def loading_placeholder() -> html.Div:
    """A skeleton with a spinner and words, where the page will be drawn: the words in every language, the one of
    `<html lang>` shown (assets/loading.css), as the app's layout is the same for every language."""
    words = []
    for code in LANGUAGES:
        with use(code):
            words.append(html.Span(_(LOADING_TEXT), lang=code))
    return html.Div([html.Span(className="mpd-spinner", **{"aria-hidden": "true"}),
                     html.Span(words, className="mpd-l10n")], className="mpd-skeleton mpd-page-loading", role="status")


def create_app() -> dash.Dash:
    """Build the Dash app with the pages in pages/ (Bootstrap CSS and map files come from assets/)."""
    app = Dashboard(
        __name__, use_pages=True, pages_folder="pages", suppress_callback_exceptions=True,
        title=BRAND, serve_locally=True, external_stylesheets=[],
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        # assets/vendor/plotly-partial.min.js defines window.Plotly before any chart is drawn, so dcc.Graph never
        # fetches Dash's 4.8 MB plotly.min.js (tools/plotly-bundle/ builds it); "full" keeps Dash's for comparison
        # regenerator-runtime is put where Dash's polyfill was, before every bundle (indicators/web/scripts.py)
        assets_ignore="|".join([r"regenerator-runtime-[\d.]+\.js$",
                                *([r"plotly-partial\.min\.js$"] if os.environ.get(PLOTLY_BUNDLE_ENV) == "full" else [])]),
    )
    placeholder = loading_placeholder()

    def layout() -> html.Div:
        """The app's layout: the opened page already in Dash Pages' container where it can be (pages/_first.py), the
        navbar and footer as their callbacks would set them for its URL (pages/_chrome.py)."""
        url = opened_url()
        pathname, search = url or ("/", "")
        location = dcc.Location(id="url", refresh="callback-nav", **({"pathname": pathname, "search": search}
                                                                    if url else {}))
        top = [location, language.lang_store(), navbar()]
        footer = html.Footer(dbc.Container(html.Small(FOOTER, className="text-muted", id="footer-text"), fluid=True),
                             className="border-top py-2")
        prime(html.Div([*top, footer]), language.request_lang(parse_search(search)), pathname, search, _chrome)
        return html.Div([*top, html.Main(dbc.Container(first_container(placeholder), fluid=True, className="pb-5"),
                                         id="main"), footer])
    app.layout = layout
    app.index_string = app.index_string.replace("{%app_entry%}",
                                                BOOT + language.a11y_words_block() + "{%app_entry%}")
    dash.callback(Output("navbar-brand", "children"), Output("footer-text", "children"),
                  Output({"type": "nav-link", "path": ALL}, "children"), Input("page-lang", "data"),
                  State({"type": "nav-link", "path": ALL}, "id"), prevent_initial_call=True)(_chrome)
    return app


def _chrome(lang, ids):
    """The navbar and footer texts in the page's language."""
    labels = dict((href, label) for label, href in NAV)
    paths = [i.get("path") for i in ids]
    with use(lang):
        return _(BRAND), _(FOOTER), [_(labels[p]) for p in paths]


def open_data(server) -> None:
    """The read API (/api/v1, with its file routes) and the embed routes (/embed, the only framable ones)."""
    from pages._embed import embed                   # a page module: importable once the app exists
    server.register_blueprint(read_api)
    server.register_blueprint(embed)
    security.embeddable(server.view_functions["embed.chart"])   # the only views other sites may frame


def harden(app: dash.Dash) -> None:
    """Body cap, 404 for path traversal and unknown component files, security headers (indicators/web/security.py)."""
    from pages.upload import PAGE_MAX_BYTES          # a page module: importable once the app exists
    server = app.server
    for endpoint in list(server.view_functions):
        if "_dash-component-suites" in endpoint:     # an unregistered file: 404, not a 500 with the registry in the log
            server.view_functions[endpoint] = security.not_found_on(
                server.view_functions[endpoint], dash.exceptions.DependencyException, OSError, KeyError)
    security.install(server, body_limit=security.callback_body_limit(PAGE_MAX_BYTES), script_hashes=app.csp_hashes)
    transfer.install(server)                         # brotli/gzip and cache lifetimes (indicators/web/transfer.py)
    bundle.install(server, Path(app.config.assets_folder))   # the app's own scripts and styles, one file each


app = create_app()
server = app.server
os.environ.setdefault(WARM_ENV, "process")      # a new data version's default scorecards are warmed once, by a niced
                                                # process of their own, so request threads never wait behind them
server.register_blueprint(uploads_api)          # HTTP API for scripted uploads: /api/uploads (README "Uploads")
open_data(server)                               # open data: /api/v1 and /embed (README "Open data")
harden(app)
install_rate_limits(server)                     # per-group and per-address limits of uploads (indicators/web)


def main() -> None:
    """Command-line entry: choose the data directory, host and port, then serve."""
    p = argparse.ArgumentParser(description="Migrant-protection indicator dashboard")
    p.add_argument("--data-dir", help="data directory or s3://bucket/prefix (default: $MPD_DATA_DIR, else data/)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument("--debug", action="store_true")
    args = p.parse_args()
    if args.data_dir:
        os.environ[DATA_DIR_ENV] = str(location(args.data_dir))
    app.run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
