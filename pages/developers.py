"""For developers: scripted uploads through the HTTP API (moved here from the upload page's format tab)."""
from __future__ import annotations

import dash
from dash import dcc, html

from indicators.i18n import N_, _
from indicators.uploads.constants import limit_text
from pages._language import in_language, lang_query, title
from pages.upload import page_limit
from indicators.views.urlstate import make_search

dash.register_page(__name__, path="/developers", title=title(N_("For developers")), name="For developers",
                   first_screen_chart=False)                 # Plotly loaded when first needed (indicators/web/scripts.py)


def layout(**query) -> html.Div:
    """The HTTP API of uploads, with command-line examples, in the view's language."""
    return in_language(query, lambda lang: _build())


def _build() -> html.Div:
    """The page in the language in force."""
    return html.Div([
        html.H1(_("For developers"), className="h3"),
        html.P([_("Working groups can send files from a script instead of the "),
                dcc.Link(_("Upload"), href="/upload" + make_search(lang_query())),
                _(" page. The API checks a file exactly as the page does and answers in JSON.")], className="lead"),
        html.H2(_("Scripted uploads (HTTP API)"), className="h5 mt-3"),
        html.P(limit_text(page_limit()), className="small", id="developers-limits"),
        html.Pre("curl -H 'Authorization: Bearer <token>' -F file=@survey.csv -F note='2023 survey' \\\n"
                 "     [-F indicator=labour_rights_sdg882] [-F dry_run=1] <dashboard>/api/uploads\n"
                 "curl <dashboard>/api/uploads\n"
                 "curl -X POST -H 'Authorization: Bearer <token>' -d '{\"note\": \"wrong year\"}' \\\n"
                 "     -H 'Content-Type: application/json' <dashboard>/api/uploads/<upload_id>/retract",
                 className="small bg-light p-2", id="developers-api"),
        html.H2(_("Working-group tokens"), className="h5 mt-3"),
        html.P(_("The operator creates a group and its token on the server:"), className="small"),
        html.Pre("python -m indicators groups add NAME", className="small bg-light p-2"),
        html.H2(_("Damaged records"), className="h5 mt-3"),
        html.P(_("Records that cannot be read are left out of every view; the operator lists them and moves them "
                 "aside with:"), className="small"),
        html.Pre("python -m indicators check\npython -m indicators check --quarantine", className="small bg-light p-2"),
    ])
