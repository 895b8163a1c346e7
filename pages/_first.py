"""The page a browser opens, drawn in the app's first layout (`/_dash-layout`): Dash Pages would otherwise ask for it in
its routing callback once the scripts have run, a round trip and a second render pass before the first chart.

The layout request is a same-origin fetch from the page, so its Referer (the app sends `Referrer-Policy: same-origin`)
names the page's path and query string. The page's Location is given that path and query, so Dash's Location finds
nothing changed on mount and the routing callback does not fire; later navigation goes through it as before. Without a
usable Referer, for a path no page has, or if building the page fails, the layout is the usual placeholder and the
routing callback draws the page as before.
"""
from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import dash
import flask
from dash import dcc, html
from dash._pages import _parse_query_string, _path_to_page   # Dash Pages' own routing, so both agree

log = logging.getLogger(__name__)


def opened_url() -> tuple[str, str] | None:
    """The pathname and search (as window.location gives them) of the page asking for the layout, from the Referer of
    the layout request; None outside a request or when the Referer is missing or from another host."""
    if not flask.has_request_context() or not flask.request.referrer:
        return None
    parts = urlsplit(flask.request.referrer)
    if parts.netloc != flask.request.host:
        return None
    return parts.path or "/", f"?{parts.query}" if parts.query else ""


def page_for(pathname: str, search: str) -> tuple[Any, str] | None:
    """The page's layout and title as Dash Pages' routing callback builds them; None for a path no page has."""
    page, variables = _path_to_page(dash.get_app().strip_relative_path(pathname))
    if not page:
        return None
    layout, title = page.get("layout", ""), page["title"]
    if callable(layout):
        layout = layout(**{**(variables or {}), **_parse_query_string(search)})
    if callable(title):
        title = title(**(variables or {}))
    return layout, title


def chart_on_first_screen(pathname: str) -> bool:
    """Whether the page at pathname draws a chart on its first screen (its registration's `first_screen_chart`, True
    when unsaid or for a path no page has), so its shell loads Plotly with the other scripts."""
    page, _ = _path_to_page(dash.get_app().strip_relative_path(pathname))
    return bool((page or {}).get("first_screen_chart", True))


def first_container(placeholder: Any) -> html.Div:
    """Dash Pages' container for the first layout: the opened page in place when it can be built, else the
    placeholder (the routing callback then draws the page)."""
    location, content, store, *rest = dash.page_container.children
    url = opened_url()
    built = None
    if url is not None:
        try:
            built = page_for(*url)
        except Exception:                               # the routing callback will try again and report it
            log.exception("could not draw %s%s in the first layout", *url)
    if built is None:
        return html.Div([location, html.Div(placeholder, id=content.id, disable_n_clicks=True), store, *rest])
    layout, title = built
    return html.Div([dcc.Location(id=location.id, refresh=location.refresh, pathname=url[0], search=url[1]),
                     html.Div(layout, id=content.id, disable_n_clicks=True),
                     dcc.Store(id=store.id, data={"title": title}), *rest])
