"""Upload page (/upload): working groups check a CSV, preview what changes, commit it; history, rollback, formats.

The tab, the upload looked at in the history and the indicator of a template or past state live in the URL
(?tab=history&upload=...&indicator=...), so those views can be shared like every other page. The upload itself is
not a view: the file, the preview and the commit go through callbacks (the file never goes into the URL), and the
commit validates the file again on the server, with the credential, before anything is written.
"""
from __future__ import annotations

import base64
import binascii

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from indicators.i18n import N_, _, ngettext, use
from indicators.i18n.formats import integer
from indicators.uploads import auth, templates as uploads
from indicators.store.config import data_dir
from indicators.uploads.commit import commit
from indicators.uploads.constants import limit_text, limits
from indicators.store.observations import Store
from indicators.uploads.prepare import Prepared, prepare
from indicators.uploads.preview import changes
from indicators.uploads.problems import problems_csv
from indicators.store.catalogue_text import localised
from indicators.views.urlstate import make_search, parse_choice, parse_search, update_search
from indicators.scoring.service import warm_new_version
from pages._shared import empty_note
from pages._data import store
from pages._language import dropdown, in_language, lang_query, title
from pages._upload_format import format_tab
from pages._upload_gate import gate
from pages._upload_history import history_tab
from pages._upload_preview import preview, values_counted

dash.register_page(__name__, path="/upload", title=title(N_("Upload")), name="Upload",
                   first_screen_chart=False)                 # Plotly loaded when first needed (indicators/web/scripts.py)

TABS = ("upload", "history", "format")
PAGE_MAX_BYTES = 50 * 1024 * 1024          # the browser sends the file base64-encoded; bigger files: use the API


def page_limit() -> int:
    """Largest file accepted through the page."""
    return min(limits()[0], PAGE_MAX_BYTES)


def layout(**query) -> html.Div:
    """The upload page for the tab, upload and indicator in the URL, in the view's language."""
    return in_language(query, lambda lang: _layout(query, lang))


def _layout(query: dict, lang: str) -> html.Div:
    """The page in the language in force (cached tabs keyed by it)."""
    tab = parse_choice(query.get("tab"), TABS, "upload")
    st = store()
    cat = localised(uploads.upload_catalogue(st))
    indicator = query.get("indicator") if query.get("indicator") in cat.indicators.index else None
    upload_id = query.get("upload") or None
    body = {"upload": lambda: _upload_tab(cat),
            "history": lambda: st.memo(("upload-history", upload_id, indicator, lang),
                                       lambda: history_tab(st, upload_id, indicator)),
            "format": lambda: st.memo(("upload-format", indicator, lang),
                                      lambda: format_tab(st, cat, indicator, page_limit()))}[tab]()
    return html.Div([
        html.H1(_("Upload data"), className="h3"),
        html.P(_("Working groups turn a spreadsheet into a validated, versioned indicator: check the file, see what "
                 "changes, commit. Nothing is stored unless the whole file passes; every upload can be retracted."),
               className="text-muted"),
        dbc.Tabs([dbc.Tab(label=_("Upload a file"), tab_id="upload"),
                  dbc.Tab(label=_("History and rollback"), tab_id="history"),
                  dbc.Tab(label=_("Formats and templates"), tab_id="format")],
                 id="upload-tabs", active_tab=tab, className="mb-3"),
        body,
    ])


# ---------------------------------------------------------------------- upload tab
def _upload_tab(cat) -> html.Div:
    """Credential, file, options, preview and commit."""
    return html.Div([
        dbc.Card(dbc.CardBody([
            html.H2(_("1. Your working group's credential"), className="h6"),
            dbc.InputGroup([dbc.Input(id="upload-token", type="password", placeholder=_("Paste your group's token"),
                                      autocomplete="off"),
                            dbc.Button(_("Sign in"), id="upload-signin", color="secondary")]),
            html.Div(id="upload-whoami", className="small mt-1", role="status"),
            html.P(_("Browsing is open; uploading and retracting need your working group's token, which the "
                     "dashboard's administrator gives you. It is only sent with your commit, never stored in the "
                     "page address."), className="small text-muted mb-0 mt-1"),
        ]), className="mb-3"),
        dbc.Card(dbc.CardBody([
            html.H2(_("2. The file"), className="h6"),
            dcc.Upload(id="upload-file", multiple=False, max_size=page_limit(),
                       accept=".csv,.txt,.tsv,text/csv,text/plain",
                       children=html.Div([_("Drag and drop a CSV file here, or "), html.A(_("choose a file"),
                                                                                            href="#")]),
                       className="upload-drop", style={"border": "2px dashed #6c757d", "borderRadius": "6px",
                                                       "padding": "1.5rem", "textAlign": "center",
                                                       "cursor": "pointer"}),
            html.Div(id="upload-filename", className="small mt-1"),
            html.P(_("CSV, comma/semicolon/tab separated. {limits} Long or wide layout; World Bank WDI, UN SDG "
                     "downloads and ILO NORMLEX ratification tables as they are: see Formats and templates.").format(
                limits=limit_text(page_limit())), className="small text-muted"),
            dbc.Row([
                dbc.Col([html.Label(_("Layout"), htmlFor="upload-layout", className="small fw-semibold"),
                         dropdown(id="upload-layout", value="auto", clearable=False,
                                  options=uploads.layout_options())], md=4),
                dbc.Col([html.Label(_("Indicator"), htmlFor="upload-indicator", className="small fw-semibold"),
                         dropdown(id="upload-indicator", options=uploads.indicator_options(cat),
                                  placeholder=_("From the file (indicator or series code column)"))], md=8),
            ], className="g-2 mb-2"),
            html.Label(_("Note (what the file is: survey, vintage, contact)"), htmlFor="upload-note",
                       className="small fw-semibold"),
            dbc.Textarea(id="upload-note", rows=2, maxLength=1000, className="mb-2"),
            html.Details([
                html.Summary(_("Propose a new indicator with this file"), className="small"),
                html.P(_("Catalogue fields as 'field: value' lines (YAML or JSON). The proposal is checked like the "
                         "catalogue, listed with your group as its source, and counts in the index only once the "
                         "operator adopts it."), className="small text-muted mb-1"),
                dbc.Textarea(id="upload-definition", rows=10, placeholder=uploads.proposal_example(),
                             style={"fontFamily": "monospace", "fontSize": "0.8rem"}),
            ], className="mb-2"),
            dbc.Button(_("Check the file"), id="upload-check", color="primary", outline=True),
        ]), className="mb-3"),
        dbc.Card(dbc.CardBody([
            html.H2(_("3. Preview and commit"), className="h6"),
            dcc.Loading(html.Div(empty_note(_("Choose a file: the preview shows what would change before anything "
                                              "is stored.")), id="upload-preview"), type="default"),
            html.Div([dbc.Button(_("Download the problems (CSV)"), id="upload-problems-btn", color="secondary",
                                 outline=True, size="sm", className="me-2"),
                      dcc.Download(id="upload-problems-dl")], id="upload-problems-box", style={"display": "none"},
                     className="mb-2"),
            dbc.Button(_("Commit this upload"), id="upload-commit", color="success", disabled=True),
            dcc.Loading(html.Div(id="upload-result", className="mt-2", role="status"), type="default"),
            dcc.Store(id="upload-problems"), dcc.Store(id="upload-checked"),
        ]), className="mb-3"),
    ])


def _decode(contents: str | None) -> bytes | None:
    """The bytes of a dcc.Upload data URL, refused (ValueError) over the page's size limit before decoding."""
    if not contents:
        return None
    b64 = contents.partition(",")[2]
    if len(b64) * 3 // 4 > page_limit() + 3:
        raise ValueError(_("the file is over the limit of {n} bytes for the page (use the HTTP API)").format(
            n=integer(page_limit())))
    try:
        return base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(_("the file could not be received (bad encoding in transfer)")) from None


def _options(layout_value, indicator, definition) -> dict:
    """The options a preview was made with (the commit must use the same)."""
    return {"layout": layout_value or "auto", "indicator": indicator or None,
            "definition": (definition or "").strip() or None}


@callback(Output("upload-preview", "children"), Output("upload-problems", "data"), Output("upload-checked", "data"),
          Output("upload-commit", "disabled"), Output("upload-problems-box", "style"),
          Output("upload-filename", "children"), Output("upload-result", "children", allow_duplicate=True),
          Input("upload-file", "contents"), Input("upload-check", "n_clicks"), Input("upload-layout", "value"),
          Input("upload-indicator", "value"), State("upload-file", "filename"), State("upload-definition", "value"),
          State("upload-token", "value"), State("upload-note", "value"), State("page-lang", "data"),
          prevent_initial_call=True)
def _check(contents, _clicks, layout_value, indicator, filename, definition, token, note,
           lang=None):
    """Validate the chosen file for a signed-in group (nothing is written) and show what would change, or the
    problems, in the page's language. Without a valid credential, or over the rate limits, the file is not even
    decoded."""
    if not contents:
        return no_update, no_update, no_update, True, {"display": "none"}, no_update, no_update
    with use(lang):
        return _check_in_language(contents, layout_value, indicator, filename, definition, token, note)


def _check_in_language(contents, layout_value, indicator, filename, definition, token, note):
    """_check in the language in force."""
    hide = {"display": "none"}
    group, refusal = gate(token, _("Not checked"), "upload-signin-needed")
    if refusal is not None:
        return refusal, None, None, True, hide, no_update, ""
    try:
        raw = _decode(contents)
    except ValueError as exc:
        return dbc.Alert(str(exc), color="danger"), None, None, True, hide, filename, ""
    st = store()
    opts = _options(layout_value, indicator, definition)
    prep = _prepare(raw, filename, opts, group, st, note)
    name = html.Span([html.Strong(prep.file_name), " · " + ngettext("{n} byte", "{n} bytes", prep.size).format(
        n=integer(prep.size)) + f" · SHA-256 {prep.sha256[:16]}…"])
    if not prep.ok:
        return (preview(prep, None), {"csv": problems_csv(prep.problems), "name": prep.file_name}, None, True,
                {"display": "block"}, name, "")
    diff = changes(st, prep)
    checked = {"sha256": prep.sha256, "version": st.version(), **opts}
    return preview(prep, diff), None, checked, False, hide, name, ""


@callback(Output("upload-whoami", "children"), Input("upload-signin", "n_clicks"), Input("upload-token", "n_submit"),
          State("upload-token", "value"), State("page-lang", "data"), prevent_initial_call=True)
def _signin(clicks, submits, token, lang=None):
    """Check the credential and say which group it belongs to (in the page's language)."""
    if not (clicks or submits):
        return no_update
    with use(lang):
        try:
            group = auth.authenticate(token, str(data_dir()))
        except auth.AuthError as exc:
            return html.Span(exc.message, className="text-danger")
        return html.Span([_("Signed in as "), html.Strong(group)], className="text-success", id="upload-signed-in")


@callback(Output("upload-result", "children"), Output("upload-commit", "disabled", allow_duplicate=True),
          Output("upload-checked", "data", allow_duplicate=True),
          Input("upload-commit", "n_clicks"), State("upload-token", "value"), State("upload-file", "contents"),
          State("upload-file", "filename"), State("upload-layout", "value"), State("upload-indicator", "value"),
          State("upload-definition", "value"), State("upload-note", "value"), State("upload-checked", "data"),
          State("page-lang", "data"), prevent_initial_call=True)
def _commit(clicks, token, contents, filename, layout_value, indicator, definition, note, checked, lang=None):
    """Authenticate, validate the same file again, and commit it whole (answers in the page's language)."""
    if not clicks or not checked or not contents:
        return no_update, no_update, no_update
    with use(lang):
        return _commit_in_language(token, contents, filename, layout_value, indicator, definition, note, checked)


def _commit_in_language(token, contents, filename, layout_value, indicator, definition, note, checked):
    """_commit in the language in force."""
    group, refusal = gate(token, _("Not committed"), "upload-denied")
    if refusal is not None:
        return refusal, False, no_update
    opts = _options(layout_value, indicator, definition)
    try:
        raw = _decode(contents)
    except ValueError as exc:
        return dbc.Alert(str(exc), color="danger"), True, None
    st = store()
    prep = _prepare(raw, filename, opts, group, st, note)
    refusal = _not_committable(prep, checked, opts, st)
    if refusal is not None:
        return refusal, True, None
    try:
        upload_id = commit(st, prep, group)
    except ValueError as exc:
        return dbc.Alert(_("Not committed: {why}").format(why=exc), color="danger"), True, None
    warm_new_version(st)                             # the new data version's scorecards, once, in the background
    return _committed(prep, upload_id, group), True, None


def _prepare(raw: bytes, filename: str | None, opts: dict, group: str | None, st: Store,
             note: str | None) -> Prepared:
    """The file checked with the page's options, its note and the page's size limit (nothing is written)."""
    return prepare(raw, filename or "upload.csv", layout=opts["layout"], indicator=opts["indicator"],
                   proposal=opts["definition"], group=group, data_dir=st.root, max_bytes=page_limit(),
                   note=(note or "").strip() or None)


def _not_committable(prep: Prepared, checked: dict, opts: dict, st: Store) -> dbc.Alert | None:
    """Why a file checked again cannot be committed (changed since its preview, other data landed meanwhile, no
    longer passes), or None."""
    stale = (prep.sha256 != checked.get("sha256") or any(checked.get(k) != v for k, v in opts.items()))
    if stale:
        return dbc.Alert(_("The file or the options changed since the preview: check the file again before "
                           "committing."), color="warning")
    if checked.get("version") != st.version():
        return dbc.Alert(_("Other data landed since your preview, so what changes may differ: check the file again "
                           "and review the preview before committing."), color="warning")
    if not prep.ok:
        return dbc.Alert(_("Not committed: {problem}. Check the file again.").format(problem=prep.problems[0]),
                         color="danger")
    return None


def _committed(prep: Prepared, upload_id: str, group: str) -> dbc.Alert:
    """The confirmation of a commit, with links to the upload in the history and to a country it touched."""
    links = [dcc.Link(_("See it in the history"),
                      href="/upload" + make_search({"tab": "history", "upload": upload_id, **lang_query()}),
                      className="me-3")]
    first = prep.table.slice(0, 1).to_pylist()[0]
    if first.get("iso3"):
        links.append(dcc.Link(_("Open the profile of {iso3}").format(iso3=first['iso3']),
                              href=f"/country/{first['iso3']}" + make_search({"year": first["year"], **lang_query()}),
                              id="upload-profile-link"))
    return dbc.Alert([html.Strong(_("Committed. ")), _("Upload id") + " ", html.Code(upload_id, id="upload-id"),
                      ": " + _("{values} by {group}.").format(values=values_counted(prep.n_rows), group=group) + " ",
                      *links], color="success", id="upload-committed")


@callback(Output("upload-problems-dl", "data"), Input("upload-problems-btn", "n_clicks"),
          State("upload-problems", "data"), prevent_initial_call=True)
def _download_problems(clicks, data):
    """The problem table as CSV."""
    if not clicks or not data:
        return no_update
    stem = (data.get("name") or "upload").rsplit(".", 1)[0]
    return dcc.send_string(data["csv"], f"problems_{stem}.csv")


# ---------------------------------------------------------------------- URL state
@callback(Output("url", "search", allow_duplicate=True), Input("upload-tabs", "active_tab"), State("url", "search"),
          prevent_initial_call=True)
def _tab(tab, search):
    """Write the chosen tab into the URL."""
    if not tab:
        return no_update
    new = update_search(search, tab=None if tab == "upload" else tab, upload=None, indicator=None)
    current = parse_choice(parse_search(search).get("tab"), TABS, "upload")
    return no_update if tab == current or new == (search or "") else new


@callback(Output("url", "search", allow_duplicate=True), Input("upload-history-pick", "value"), State("url", "search"),
          prevent_initial_call=True)
def _pick_upload(upload_id, search):
    """Write the chosen upload into the URL (a new upload starts with its own first indicator)."""
    if not upload_id or parse_search(search).get("upload") == upload_id:
        return no_update
    return update_search(search, upload=upload_id, indicator=None)


def _indicator_search(ind: str | None, default: str | None, search: str | None):
    """The URL with the chosen indicator; no_update when nothing changed (including the default being shown)."""
    current = parse_search(search).get("indicator")
    if not ind or ind == current or (current is None and ind == default):
        return no_update
    return update_search(search, indicator=ind)


@callback(Output("url", "search", allow_duplicate=True), Input("upload-asof-indicator", "value"),
          State("upload-asof-default", "data"), State("url", "search"), prevent_initial_call=True)
def _pick_asof_indicator(ind, default, search):
    """Write the indicator of the past state into the URL."""
    return _indicator_search(ind, default, search)


@callback(Output("url", "search", allow_duplicate=True), Input("upload-template-indicator", "value"),
          State("upload-template-default", "data"), State("url", "search"), prevent_initial_call=True)
def _pick_template_indicator(ind, default, search):
    """Write the indicator of the template into the URL."""
    return _indicator_search(ind, default, search)
