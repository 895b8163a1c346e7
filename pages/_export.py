"""Export controls shared by every page (not a page: Dash Pages skips modules starting with '_').

export_control(target): "Export: PNG | SVG | PDF | CSV | XLSX" beside a chart (or "CSV | XLSX" beside a table).
A click runs a clientside callback that sends only the format and the legend entries switched off (trace numbers);
one generic pattern-matching server callback checks that request (indicators.exports.requests) and answers with a
dcc.Download. Everything else comes from the server: since every page is a pure function of its URL (and its
layout is memoised per data version), the server rebuilds the page's layout from the URL and takes the chart's
figure, its export name and metadata, and the table (or the chart's "-table") from it. No figure, URL or path sent
by a browser ever reaches the renderer.

briefing_control(kind, code): "Export briefing: PDF | PowerPoint" on a country profile or a corridor view; the
server builds the pack with indicators.exports.briefing_pack for the settings in the URL.
"""
from __future__ import annotations

import logging
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, MATCH, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from indicators.exports.briefing_pack import corridor_pack, country_pack
from indicators.exports.constants import CHART_FORMATS, DATA_FORMATS
from indicators.exports.figure_meta import figure_data, figure_meta, split_source_line, strip_tags
from indicators.exports.filenames import chart_filename, export_filename
from indicators.exports.metadata import export_metadata, indicators_mentioned
from indicators.exports.print_style import export_chart
from indicators.exports.requests import ExportRequest, hide_traces, parse_request
from indicators.exports.spreadsheets import data_csv, data_xlsx, plain_links
from pages._later import find as find_part
from indicators.scoring.citation import citation
from indicators.scoring.service import catalogue, version_line
from indicators.views.urlstate import parse_search, settings_from_query
from pages._data import store
from pages._language import request_lang
from indicators.i18n import N_, _, use

LOG = logging.getLogger(__name__)
TIPS = {"png": N_("Download the chart as a print-quality PNG image (2x resolution)"),
        "svg": N_("Download the chart as an SVG vector image"), "pdf": N_("Download the chart as a PDF page"),
        "csv": N_("Download the data as CSV"),
        "xlsx": N_("Download the data as an Excel workbook with a metadata sheet")}


def export_control(target: str, name: str | None = None, meta: dict[str, Any] | None = None,
                   chart: bool = True) -> html.Div:
    """The export buttons for a chart (graph id) or a table (table id), with their download and a small store."""
    formats = (CHART_FORMATS if chart else ()) + DATA_FORMATS
    buttons = [dbc.Button(f.upper(), id={"type": "export-btn", "target": target, "fmt": f}, size="sm",
                          color="secondary", outline=True, title=_(TIPS[f]), className="py-0 px-2")
               for f in formats]
    return html.Div([
        html.Span(_("Export:") if chart else _("Download data:"), className="small text-muted me-1"),
        dbc.ButtonGroup(buttons, size="sm", className="export-buttons"),
        html.Span(id={"type": "export-status", "target": target}, className="small text-danger ms-2",
                  role="status"),
        dcc.Store(id={"type": "export-meta", "target": target},
                  data={"name": name, "meta": meta or {}, "chart": chart}),
        dcc.Store(id={"type": "export-req", "target": target}),
        dcc.Download(id={"type": "export-dl", "target": target}),
        *([embed_control(target)] if chart else []),
    ], className="d-flex justify-content-end align-items-center flex-wrap gap-1 mb-1 export-control")


def embed_control(target: str) -> html.Details:
    """'Embed': the chart's embed URL (/embed/..., pages/_embed.py) and an iframe snippet, filled in the browser."""
    return html.Details([
        html.Summary(_("Embed"), className="small", title=_("Put this chart in another web page (an iframe)")),
        dcc.Textarea(id={"type": "embed-code", "target": target}, readOnly=True, rows=3, className="small w-100",
                     style={"minWidth": "22rem"}),
        html.A(_("Open the embed view"), id={"type": "embed-link", "target": target}, target="_blank",
               rel="noopener", className="small"),
    ], className="embed-control ms-2")


# The embed URL carries the view's URL state: /embed<path>?<query>&chart=<graph id>.
clientside_callback(
    """
    function(href) {
        const ctx = window.dash_clientside.callback_context;
        const links = ctx.outputs_list[0].map(function(o) {
            const u = new URL(window.location.href);
            u.searchParams.set('chart', o.id.target);
            return u.origin + '/embed' + u.pathname + u.search;
        });
        const codes = links.map(function(src) {
            return '<iframe src="' + src.replace(/"/g, '&quot;') + '" width="100%" height="560" ' +
                   'style="border:0" loading="lazy" title="Migrant protection indicators chart"></iframe>';
        });
        return [links, codes];
    }
    """,
    Output({"type": "embed-link", "target": ALL}, "href"),
    Output({"type": "embed-code", "target": ALL}, "value"),
    Input("url", "href"),
)


# What the visitor chose: the format, and the legend entries switched off on the drawn chart (trace numbers).
clientside_callback(
    """
    function(clicks) {
        const dc = window.dash_clientside;
        const trig = dc.callback_context.triggered_id;
        if (!trig || !trig.fmt || !(clicks || []).some(Boolean)) { return dc.no_update; }
        const req = {fmt: trig.fmt, ts: Date.now(), hidden: []};
        const host = document.getElementById(trig.target);
        const gd = host && (host.classList.contains('js-plotly-plot') ? host : host.querySelector('.js-plotly-plot'));
        (gd && gd.data || []).forEach(function(t, i) {
            if (t.visible === 'legendonly' || t.visible === false) { req.hidden.push(i); }
        });
        return req;
    }
    """,
    Output({"type": "export-req", "target": MATCH}, "data"),
    Input({"type": "export-btn", "target": MATCH, "fmt": ALL}, "n_clicks"),
    prevent_initial_call=True,
)


@callback(Output({"type": "export-dl", "target": MATCH}, "data"),
          Output({"type": "export-status", "target": MATCH}, "children"),
          Input({"type": "export-req", "target": MATCH}, "data"), State("url", "pathname"), State("url", "search"),
          prevent_initial_call=True)
def _export(req, pathname, search):
    """Answer an export click with the file (print-styled chart, or CSV/XLSX of the data), built on the server."""
    if not req:
        return no_update, no_update
    with use(request_lang(parse_search(search))):        # the file in the view's language
        return _export_in_language(req, pathname, search)


def _export_in_language(req, pathname, search):
    """The export callback's work, in the language in force."""
    try:
        ask = parse_request(req)
    except ValueError as exc:
        return no_update, _("Export refused: {why}").format(why=exc)
    try:
        target = ctx.outputs_list[0]["id"]["target"]
        table, figure, meta = page_parts(pathname, search, target)
        data, filename = export_file(ask, meta, search, (table, figure), pathname)
    except Exception as exc:    # the page must stay usable: say what failed
        LOG.exception("export failed")
        return no_update, _("Export failed: {why}").format(why=exc)
    if data is None:
        return no_update, filename
    return dcc.send_bytes(data, filename), ""


def match_page(pathname: str | None) -> tuple[dict | None, dict[str, str]]:
    """The registered page serving a path and its path variables ('/country/KEN' -> country page, {'iso3': 'KEN'})."""
    import re
    import dash
    path = "/" + (pathname or "/").strip("/")
    for page in dash.page_registry.values():
        template = page.get("path_template")
        if template:
            pattern = re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", re.escape(template))   # re.escape leaves < and > alone
            m = re.fullmatch(pattern, path)
            if m:
                return page, m.groupdict()
        elif page.get("path") == path:
            return page, {}
    return None, {}


def page_parts(pathname: str | None, search: str | None,
               target: str) -> tuple[pd.DataFrame | None, dict | None, dict[str, Any]]:
    """(table, figure dict, export meta) of a component of the page at this URL, from its layout rebuilt here."""
    # the table is the DataTable's data or a server-paged grid's full_table (for a chart, that of its "-table"); the meta is its export-meta store; the
    # pages memoise their layouts, so rebuilding one is cheap
    from dash import dash_table
    page, variables = match_page(pathname)
    layout = page.get("layout") if page else None
    if layout is None:
        return None, None, {}
    tree = layout(**(variables or {}), **parse_search(search)) if callable(layout) else layout
    comp = find_part(tree, target)                           # parts drawn after the first screen included
    figure = getattr(comp, "figure", None) if comp is not None else None
    figure = figure.to_dict() if hasattr(figure, "to_dict") else figure
    store = find_part(tree, {"type": "export-meta", "target": target})
    meta = dict(getattr(store, "data", None) or {})
    if isinstance(getattr(comp, "full_table", None), pd.DataFrame):       # a grid paging on the server
        return comp.full_table, figure, meta
    table = comp if isinstance(comp, dash_table.DataTable) else (
        find_part(tree, f"{target}-table") or table_view_component(tree, f"{target}-table"))
    if isinstance(table, dash_table.DataTable) and table.data is not None:
        cols = [c["id"] for c in (table.columns or [])] or None
        links = [c["id"] for c in (table.columns or []) if c.get("presentation") == "markdown"]
        return plain_links(pd.DataFrame(table.data, columns=cols), links), figure, meta
    return None, figure, meta


def table_view_spec_id(table_id: str) -> dict[str, str]:
    """The id of the Store carrying a "Table view" DataTable until it is first opened (pages/_shared.table_view)."""
    return {"type": "table-view-spec", "table": table_id}


def table_view_component(tree: Any, table_id: str) -> Any:
    """The DataTable a layout tree's table view carries (pages/_shared.table_view), or None."""
    from dash import dash_table
    spec = getattr(find_part(tree, table_view_spec_id(table_id)), "data", None)     # parts drawn later included
    return dash_table.DataTable(**spec["props"]) if isinstance(spec, dict) and "props" in spec else None


def page_data(pathname: str | None, search: str | None, target: str) -> tuple[pd.DataFrame | None, dict | None]:
    """(table, figure) of a component of the page at this URL (page_parts without the export meta)."""
    table, figure, _ = page_parts(pathname, search, target)
    return table, figure


def place_codes(pathname: str | None, search: str | None) -> str | None:
    """Country or corridor codes of the view, for file names: /country/KEN -> KEN; origin & destination -> NPL-QAT."""
    import re
    m = re.fullmatch(r"/country/([A-Za-z]{3})/?", pathname or "")
    if m:
        return m.group(1).upper()
    q = parse_search(search)
    codes = [q[k].upper() for k in ("origin", "destination") if re.fullmatch(r"[A-Za-z]{3}", q.get(k) or "")]
    return "-".join(codes) or None


def chart_citation(fig: dict, info: dict) -> str:
    """The citation line of a chart: the producers of the indicators it shows (named in its meta, else in its title
    and source line), then the dashboard with its data version."""
    cat = catalogue(store())
    fmeta = figure_meta(fig)
    ids = info.get("indicators") or indicators_mentioned(
        f"{info.get('title') or fmeta['title']} {info.get('source') or fmeta['source_line']}", cat)
    return citation(store(), ids or None)


def export_file(req: ExportRequest | dict, meta: dict, search: str | None,
                found: tuple[pd.DataFrame | None, dict | None] = (None, None),
                pathname: str | None = None) -> tuple[bytes | None, str]:
    """(file bytes, file name) of a checked export request on the page's own table and figure, or (None, why)."""
    req = req if isinstance(req, ExportRequest) else parse_request(req)
    fmt = req.fmt
    table, fig = found
    info = meta.get("meta") or {}
    name = meta.get("name")
    place = place_codes(pathname, search)
    settings = settings_from_query(parse_search(search))
    if fmt in CHART_FORMATS:
        if not fig:
            return None, _("Only the data of this view can be exported (CSV or XLSX).")
        fig = hide_traces(fig, req.hidden)
        data = export_chart(fig, fmt, title=info.get("title"), unit=info.get("unit"), year=info.get("year"),
                            source=info.get("source"), width=req.width, height=req.height,
                            citation=chart_citation(fig, info))
        return data, chart_filename(fig, fmt, name, place)
    df = table if table is not None else (figure_data(fig) if fig else pd.DataFrame())
    fmeta = figure_meta(fig) if fig else {"title": "", "source_line": "", "units": [], "years": None}
    source, unit, year = split_source_line(fmeta["source_line"], fmeta["units"])
    cat = catalogue(store())
    title = info.get("title") or strip_tags(fmeta["title"]) or (name or "data").replace("-", " ").capitalize()
    if not info.get("source") and not source and "source" in df.columns:
        source = "; ".join(dict.fromkeys(str(s) for s in df["source"].dropna() if str(s)))
    ids = info.get("indicators") or [i for col in ("indicator_id", "id") if col in df.columns
                                     for i in df[col].dropna().astype(str).unique()
                                     if i in set(cat.ids)]
    ids = ids or indicators_mentioned(f"{title} {source} {info.get('source') or ''}", cat)
    years = info.get("year") or year or fmeta["years"] or str(settings.year)
    filename = export_filename(name or title, place, years, fmt)
    df = df.rename(columns=lambda c: _(c) if isinstance(c, str) else c)    # headers in the view's language
    if fmt == "csv":
        return data_csv(df), filename
    md = export_metadata(title=title, unit=info.get("unit") or unit, year=years,
                         source=info.get("source") or source, indicator_ids=ids or None,
                         weights=settings.weights, aggregation=settings.aggregation, cat=cat,
                         version=version_line(store()), citation=citation(store(), ids or None))
    return data_xlsx(df, md), filename


# ---------------------------------------------------------------------- briefing packs
def briefing_control(kind: str, code: str) -> html.Div:
    """'Export briefing: PDF | PowerPoint' for a country (code KEN) or a corridor (code NPL-QAT)."""
    ident = {"kind": kind, "code": code}
    return html.Div([
        html.Span(_("Export briefing:"), className="small fw-semibold me-1"),
        dbc.ButtonGroup([
            dbc.Button("PDF", id={"type": "briefing-btn", **ident, "fmt": "pdf"}, size="sm", color="primary",
                       outline=True, title=_("A 2-4 page PDF: headline scores, key charts, indicator table, sources")),
            dbc.Button("PowerPoint", id={"type": "briefing-btn", **ident, "fmt": "pptx"}, size="sm", color="primary",
                       outline=True, title=_("Editable slides with native charts and the source on every slide")),
        ], size="sm"),
        dcc.Loading(html.Span(id={"type": "briefing-status", **ident}, className="small ms-2", role="status"),
                    type="circle", parent_style={"display": "inline-block", "minWidth": "2rem"}),
        dcc.Download(id={"type": "briefing-dl", **ident}),
    ], className="d-flex align-items-center flex-wrap gap-1 mb-2 briefing-control")


@callback(Output({"type": "briefing-dl", "kind": MATCH, "code": MATCH}, "data"),
          Output({"type": "briefing-status", "kind": MATCH, "code": MATCH}, "children"),
          Input({"type": "briefing-btn", "kind": MATCH, "code": MATCH, "fmt": ALL}, "n_clicks"),
          State("url", "search"), prevent_initial_call=True)
def _briefing(clicks, search):
    """Build the briefing pack for the settings in the URL and send it."""
    trig = ctx.triggered_id
    if not trig or not any(clicks or []):
        return no_update, no_update
    settings = settings_from_query(parse_search(search))
    try:
        with use(request_lang(parse_search(search))):
            return _send_pack(trig, settings)
    except Exception as exc:
        LOG.exception("briefing export failed")
        return no_update, html.Span(_("Briefing failed: {why}").format(why=exc), className="text-danger")


def _send_pack(trig: dict, settings) -> tuple:
    """Build one briefing pack in the language in force and send it."""
    if trig["kind"] == "country":
        pack = country_pack(store(), trig["code"], settings)
    else:
        origin, _sep, destination = trig["code"].partition("-")
        pack = corridor_pack(store(), origin, destination, settings)
    data = pack.pdf() if trig["fmt"] == "pdf" else pack.pptx()
    return dcc.send_bytes(data, pack.filename(trig["fmt"])), ""
