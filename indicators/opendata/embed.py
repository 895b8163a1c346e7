"""Embed pages: one chart of a view alone (title, the chart, its source line, the citation and a link back to the
view), as a small HTML page another site may put in an iframe. The figure travels as a JSON data block; plotly.js
and embed.js come from this server (no inline script, nothing remote)."""
from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from plotly.utils import PlotlyJSONEncoder

from indicators.exports.figure_meta import figure_meta, split_source_line, strip_tags
from indicators.i18n import _, current
from indicators.opendata.errors import ApiError

EMBED_JS = Path(__file__).with_name("embed.js")
CHART_PARAM = "chart"
# charts that moved to another page: (page, chart id prefix) -> their page now. Embeds made before keep working.
MOVED = {("/methodology", "methodology-audit"): "/methodology/audit"}   # the statistical audit, 2026-12-05
STYLE = ("html,body{height:100%;margin:0}body{font-family:system-ui,sans-serif;color:#222;display:flex;"
         "flex-direction:column;padding:.4rem .6rem;box-sizing:border-box}h1{font-size:1rem;margin:.1rem 0 .2rem}"
         "#embed-chart{flex:1 1 auto;min-height:220px}footer{flex:0 0 auto;max-height:5.5rem;overflow:auto;"
         "font-size:.72rem;color:#555}footer p{margin:.15rem 0}a{color:#0b5394}")


def embed_url(pathname: str, search: str, target: str) -> str:
    """The embed URL of a chart of the view at pathname?search: /embed<pathname>?<search>&chart=<graph id>."""
    query = [(k, v) for k, v in parse_qsl((search or "").lstrip("?"), keep_blank_values=True) if k != CHART_PARAM]
    return f"/embed{pathname if pathname.startswith('/') else '/' + pathname}?" + urlencode(
        query + [(CHART_PARAM, target)])


def view_of(page: str, args: dict[str, str]) -> tuple[str, str, str]:
    """(pathname, search, chart id) of an embed request (/embed/<page>?...&chart=ID), at the chart's page now
    (MOVED); 400 without a chart id."""
    target = (args.get(CHART_PARAM) or "").strip()
    if not target or len(target) > 100:
        raise ApiError(400, "name the chart: ?chart=<chart id> (the Embed link beside each chart gives the URL)")
    query = urlencode([(k, v) for k, v in args.items() if k != CHART_PARAM])
    pathname = "/" + page.strip("/")
    moved = [now for (was, prefix), now in MOVED.items() if pathname == was and target.startswith(prefix)]
    return (moved[0] if moved else pathname), ("?" + query) if query else "", target


def embed_html(fig: dict[str, Any], info: dict[str, Any], back: str, citation: str, topojson_url: str) -> str:
    """The embed page of one figure: title, chart, source line, citation, link back to the view (words and html lang
    in the language in force)."""
    meta = figure_meta(fig)
    source = split_source_line(meta["source_line"], meta["units"])[0]
    title = info.get("title") or strip_tags(meta["title"]) or _("Chart")
    source_line = info.get("source") or source or strip_tags(meta["source_line"])
    data = json.dumps(fig, cls=PlotlyJSONEncoder).replace("</", "<\\/")
    back_text = _("Open this view in Migrant protection indicators")
    source_text = _("Source: {source}").format(source=source_line)
    cite_text = _("Cite: {citation}").format(citation=citation)
    return (
        f"<!doctype html><html lang='{current()}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<div id='embed-chart' data-topojson='{escape(topojson_url)}'></div>"
        f"<script type='application/json' id='embed-figure'>{data}</script>"
        f"<footer><p><a href='{escape(back)}' target='_blank' rel='noopener'>"
        f"{escape(back_text)}</a></p>"
        f"<p class='source'>{escape(source_text)}</p>"
        f"<p class='cite'>{escape(cite_text)}</p></footer>"
        "<script src='/embed/_static/plotly.min.js'></script><script src='/embed/_static/embed.js'></script>"
        "</body></html>")
