"""Embed routes (a Flask blueprint, not a Dash page): /embed/<page path>?<the view's URL state>&chart=<chart id>
renders that chart alone (indicators.opendata.embed) from the page's own layout rebuilt on the server, as the export
does. These are the only routes other sites may frame: app.py marks `chart` with indicators.web.security.embeddable
(pages do not import the web layer)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import plotly
from flask import Blueprint, Response, request

from indicators.opendata.embed import EMBED_JS, embed_html, view_of
from indicators.opendata.errors import ApiError
from indicators.scoring.citation import citation
from indicators.views.figures import TOPOJSON_URL
from pages._data import store
from pages._export import page_parts
from pages._language import request_lang
from indicators.i18n import use
from indicators.views.urlstate import parse_search

embed = Blueprint("embed", __name__, url_prefix="/embed")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@lru_cache(maxsize=2)
def _static(name: str) -> bytes:
    """plotly.min.js (from the plotly package) or embed.js, read once."""
    return (PLOTLY_JS if name == "plotly.min.js" else EMBED_JS).read_bytes()


@embed.get("/_static/<name>")
def static(name: str):
    """The two scripts of an embed page."""
    if name not in ("plotly.min.js", "embed.js"):
        return Response("not found", status=404, mimetype="text/plain")
    return Response(_static(name), mimetype="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


@embed.get("/", defaults={"page": ""})
@embed.get("/<path:page>")
def chart(page: str):
    """One chart of a view, alone, fit for an iframe."""
    try:
        pathname, search, target = view_of(page, request.args.to_dict())
        _, fig, meta = page_parts(pathname, search, target)
        if not fig:
            raise ApiError(404, f"no chart {target[:100]!r} on {pathname}")
    except ApiError as exc:
        return Response(exc.reason, status=exc.status, mimetype="text/plain")
    indicators = (meta.get("meta") or {}).get("indicators") or None
    with use(request_lang(parse_search(search))):               # the view's language (its ?lang=, else the browser's)
        html = embed_html(fig, meta.get("meta") or {}, pathname + search, citation(store(), indicators), TOPOJSON_URL)
    return Response(html, mimetype="text/html", headers={"Cache-Control": "public, max-age=300"})
