"""Dash application: wires the pages, serves everything locally (no CDN), exposes `server` for gunicorn.

Run: `python app.py [--data-dir DIR] [--host 127.0.0.1] [--port 8050]`; in production
`gunicorn -c gunicorn.conf.py app:server` (settings explained in gunicorn.conf.py; limits and headers: SECURITY.md).
"""
from __future__ import annotations

import argparse
import os

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, dcc, html

from indicators.scoring.materialise import WARM_ENV
from indicators.web import security
from indicators.web.api import api as uploads_api
from indicators.web.ratelimit import install as install_rate_limits
from indicators.store.config import DATA_DIR_ENV
from indicators.i18n import N_, _, use
from pages import _language as language
from pages import _settings as settings

NAV = [(N_("Overview"), "/"), (N_("Corridors"), "/corridors"), (N_("Compare"), "/compare"),
       (N_("Indicators & methodology"), "/methodology"), (N_("Upload"), "/upload")]
BRAND = N_("Migrant protection indicators")
FOOTER = N_("Open data from the World Bank, UN DESA, UN Treaty Collection, ILO, Freedom House and Our World in Data; "
            "see Indicators & methodology for sources, licences and known flaws.")


class Dashboard(dash.Dash):
    """Dash with `<html lang>` written into each first page for the language of its URL or browser."""

    def interpolate_index(self, **kwargs) -> str:
        """The index page with the view's language on its html element (in-app changes: assets/i18n.js)."""
        import flask
        lang = language.request_lang(flask.request.args if flask.has_request_context() else None)
        with use(lang):
            name = _(BRAND)
        return super().interpolate_index(**kwargs).replace("<html>", f'<html lang="{lang}">', 1).replace(
            f"<title>{BRAND}</title>", f"<title>{name}</title>", 1)


def navbar() -> dbc.Navbar:
    """Top navigation bar with links to every page."""
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand(BRAND, href="/", className="fw-semibold", id="navbar-brand"),
        dbc.Nav(settings.nav_links(NAV), navbar=True, className="ms-auto flex-wrap"),
        settings.panel(),
        language.switch(),
    ], fluid=True), color="primary", dark=True, className="mb-3")


def create_app() -> dash.Dash:
    """Build the Dash app with the pages in pages/ (Bootstrap CSS and map files come from assets/)."""
    app = Dashboard(
        __name__, use_pages=True, pages_folder="pages", suppress_callback_exceptions=True,
        title="Migrant protection indicators", serve_locally=True, external_stylesheets=[],
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    app.layout = html.Div([
        dcc.Location(id="url", refresh="callback-nav"),
        language.lang_store(),
        navbar(),
        dbc.Container(dash.page_container, fluid=True, className="pb-5"),
        html.Footer(dbc.Container(html.Small(FOOTER, className="text-muted", id="footer-text"),
                                  fluid=True), className="border-top py-2"),
    ])
    dash.callback(Output("navbar-brand", "children"), Output("footer-text", "children"),
                  Output({"type": "nav-link", "path": ALL}, "children"), Input("page-lang", "data"),
                  State({"type": "nav-link", "path": ALL}, "id"))(_chrome)
    return app


def _chrome(lang, ids):
    """The navbar and footer texts in the page's language."""
    labels = dict((href, label) for label, href in NAV)
    paths = [i.get("path") for i in ids]
    with use(lang):
        return _(BRAND), _(FOOTER), [_(labels[p]) for p in paths]


def harden(app: dash.Dash) -> None:
    """Body cap, 404 for path traversal and unknown component files, security headers (indicators/web/security.py)."""
    from pages.upload import PAGE_MAX_BYTES          # a page module: importable once the app exists
    server = app.server
    for endpoint in list(server.view_functions):
        if "_dash-component-suites" in endpoint:     # an unregistered file: 404, not a 500 with the registry in the log
            server.view_functions[endpoint] = security.not_found_on(
                server.view_functions[endpoint], dash.exceptions.DependencyException, OSError, KeyError)
    security.install(server, body_limit=security.callback_body_limit(PAGE_MAX_BYTES), script_hashes=app.csp_hashes)


app = create_app()
server = app.server
os.environ.setdefault(WARM_ENV, "1")            # the server warms every default scorecard of a new data version once
server.register_blueprint(uploads_api)          # HTTP API for scripted uploads: /api/uploads (README "Uploads")
harden(app)
install_rate_limits(server)                     # per-group and per-address limits of uploads (indicators/web)


def main() -> None:
    """Command-line entry: choose the data directory, host and port, then serve."""
    p = argparse.ArgumentParser(description="Migrant-protection indicator dashboard")
    p.add_argument("--data-dir", help="data directory (default: $MPD_DATA_DIR, else the bundled data/)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument("--debug", action="store_true")
    args = p.parse_args()
    if args.data_dir:
        os.environ[DATA_DIR_ENV] = os.path.abspath(args.data_dir)
    app.run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
