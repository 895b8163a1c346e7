"""The format tab of the upload page: the accepted formats in plain language, templates, allowed codes, proposing an
indicator (in the language in force)."""
from __future__ import annotations

from dash import dcc, html

from indicators.i18n import _
from indicators.uploads import templates as uploads
from pages._language import dropdown, lang_query
from pages._markdown import markdown
from indicators.views.urlstate import make_search


def format_tab(st, cat, indicator: str | None, page_bytes: int) -> html.Div:
    """The accepted formats in plain language, templates, allowed codes and the API."""
    options = uploads.indicator_options(cat)
    ind = indicator or (options[0]["value"] if options else None)
    template = uploads.template_csv(cat, ind, st) if ind else ""
    return html.Div([
        markdown(uploads.format_guide(page_bytes), id="upload-guide"),
        html.H2(_("Templates"), className="h5 mt-3"),
        html.P(_("Each template has the header and one example row (marked: delete it and add your rows). The "
                 "allowed codes list the indicator's valid range and every country code."), className="small"),
        dropdown(id="upload-template-indicator", options=options, value=ind, clearable=False, className="mb-2"),
        dcc.Store(id="upload-template-default", data=ind),
        html.Div([html.A(_("Download the template (CSV)"), href=f"/api/templates/{ind}.csv", className="me-3",
                         id="upload-template-link"),
                  html.A(_("Allowed codes (CSV)"), href=f"/api/codes.csv?indicator={ind}")], className="mb-2"),
        html.Pre(template, className="small bg-light p-2", id="upload-template-text", tabIndex="0",
                 **{"aria-label": _("Template CSV")}),
        html.H2(_("Proposing a new indicator"), className="h5 mt-3"),
        html.Pre(uploads.proposal_example(), className="small bg-light p-2"),
        html.P([_("Uploading from a script or another system: see "),
                dcc.Link(_("For developers"), href="/developers" + make_search(lang_query()),
                         id="upload-developers-link"), "."], className="small mt-3"),
    ])
