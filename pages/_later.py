"""Parts of a page below its first screen, drawn once the first screen has been (issue 13, time to first chart).

The part's components travel in a Store and assets/later.js puts them in the page after the first paint, one part
per idle moment of the browser, in the page's order (the first screen no longer waits for tables and charts that
nobody sees before scrolling; the browser stays responsive between parts). The part keeps its ids, and the server
side keeps the components on the placeholder (later_trees), so exports find them as before.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dash import MATCH, Input, Output, clientside_callback, dcc, html

CONTENT = "later_content"             # the placeholder's attribute carrying the components (server side only)


def drawn_later(content: Any, key: str, height: int = 300) -> html.Div:
    """A placeholder, about height px tall while empty (so the page does not jump much), that the browser fills with
    content after the first screen; key names it on the page (unique)."""
    holder = html.Div(dcc.Store(id={"type": "later-spec", "key": key}, data=content.to_plotly_json()),
                      id={"type": "later", "key": key}, className="mpd-later",
                      style={"--mpd-later-height": f"{height}px"})         # assets/loading.css: while empty only
    setattr(holder, CONTENT, content)
    return holder


def later_trees(tree: Any) -> Iterator[Any]:
    """The components of every drawn_later placeholder in a layout tree (the tree's own components are not in them)."""
    parts = [tree] if hasattr(tree, CONTENT) else []
    parts += [c for c in tree._traverse() if hasattr(c, CONTENT)] if hasattr(tree, "_traverse") else []
    for part in parts:
        inner = getattr(part, CONTENT)
        yield inner
        yield from later_trees(inner)


def find(tree: Any, cid: str | dict) -> Any:
    """The component with id cid in a layout tree, its drawn_later parts included (None when there is none); one walk
    over the tree and its parts."""
    trees = [tree]
    while trees:
        part = trees.pop()
        for c in (part, *(part._traverse() if hasattr(part, "_traverse") else ())):
            if getattr(c, "id", None) == cid:
                return c
            if hasattr(c, CONTENT):
                trees.append(getattr(c, CONTENT))
    return None


clientside_callback(
    """
    function(spec) {
        return spec ? window.mpdLater.place(spec) : window.dash_clientside.no_update;
    }
    """,
    Output({"type": "later", "key": MATCH}, "children"),
    Input({"type": "later-spec", "key": MATCH}, "data"),
)
