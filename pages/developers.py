"""For developers: scripted uploads through the HTTP API (moved here from the upload page's format tab)."""
from __future__ import annotations

import dash
from dash import dcc, html

from indicators.uploads.constants import limit_text
from pages.upload import page_limit

dash.register_page(__name__, path="/developers", title="For developers - Migrant protection indicators",
                   name="For developers")


def layout(**_query) -> html.Div:
    """The HTTP API of uploads, with command-line examples."""
    return html.Div([
        html.H1("For developers", className="h3"),
        html.P(["Working groups can send files from a script instead of the ", dcc.Link("Upload", href="/upload"),
                " page. The API checks a file exactly as the page does and answers in JSON."], className="lead"),
        html.H2("Scripted uploads (HTTP API)", className="h5 mt-3"),
        html.P(limit_text(page_limit()), className="small", id="developers-limits"),
        html.Pre("curl -H 'Authorization: Bearer <token>' -F file=@survey.csv -F note='2023 survey' \\\n"
                 "     [-F indicator=labour_rights_sdg882] [-F dry_run=1] <dashboard>/api/uploads\n"
                 "curl <dashboard>/api/uploads\n"
                 "curl -X POST -H 'Authorization: Bearer <token>' -d '{\"note\": \"wrong year\"}' \\\n"
                 "     -H 'Content-Type: application/json' <dashboard>/api/uploads/<upload_id>/retract",
                 className="small bg-light p-2", id="developers-api"),
        html.H2("Working-group tokens", className="h5 mt-3"),
        html.P("The operator creates a group and its token on the server:", className="small"),
        html.Pre("python -m indicators groups add NAME", className="small bg-light p-2"),
        html.H2("Damaged records", className="h5 mt-3"),
        html.P("Records that cannot be read are left out of every view; the operator lists them and moves them aside "
               "with:", className="small"),
        html.Pre("python -m indicators check\npython -m indicators check --quarantine", className="small bg-light p-2"),
    ])
