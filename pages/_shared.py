"""Layout pieces shared by the pages (not a page itself: Dash Pages skips modules starting with '_')."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import dash_table, dcc, html

from indicators.i18n import _
from indicators.i18n.formats import graph_config, localise_figure
from indicators.scoring import materialise
from indicators.scoring.service import updating_notice
from indicators.views.figures import TOPOJSON_URL, rating_label
from indicators.views.headers import column_specs, number_alignment
from indicators.views.screen import for_screen
from pages._export import export_control

GRAPH_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False, "responsive": True,
                "toImageButtonOptions": {"format": "png", "scale": 2}}
NOTICE_SLOT = "scores-updating-slot"                              # where a page says "Scores updating"
DARK_BACKGROUNDS = ("achieved", "major", "high", "very_low")     # white text on these, dark text on the others


PROJECT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def ui_fingerprint() -> str:
    """A hash of the code, catalogue texts and translations that build the pages (a new deployment never reads a
    layout built by older code)."""
    h = hashlib.sha1()
    files = [*PROJECT.glob("pages/*.py"), *PROJECT.glob("indicators/**/*.py"), *PROJECT.glob("indicators/**/*.po"),
             *PROJECT.glob("indicators/**/*.yaml")]
    for p in sorted(files):
        h.update(str(p.relative_to(PROJECT)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:12]


def shared_layout(store, version: str, key: tuple, build: Callable[[], Any]) -> Any:
    """A page's layout built once per data version and key (view, settings, language, the version of the scores it
    shows) for every worker and process: pickled in the current data version's folder of the disk cache
    (materialise; never in an earlier version's, even while its scores are served), memoised in the process.

    While an earlier version's scores are served (scores updating), the page as that version drew it is reused when
    it was drawn, with the notice saying so: nothing is built twice per commit for the same view."""
    def make() -> Any:
        name = "layout-" + hashlib.sha1(repr((key, version, ui_fingerprint())).encode()).hexdigest()[:24]
        if version != store.version():
            drawn = materialise.load(materialise.object_path(store.root, version, name))
            if drawn is not None:
                return with_notice(drawn, updating_notice(store, version, whole_page=True))
        return materialise.materialised(materialise.object_path(store.root, store.version(), name), build)
    return store.memo(key, make)


def _notice(text: str) -> dbc.Alert | None:
    """The 'Scores updating' alert, or nothing."""
    return dbc.Alert(text, color="warning", className="py-2 small mb-2", id="scores-updating") if text else None


def scores_notice(store, version: str) -> html.Div:
    """The slot of 'Scores updating: ...', filled while the page shows an earlier data version's scores
    (scoring.service.scores_version)."""
    return html.Div(_notice(updating_notice(store, version)), id=NOTICE_SLOT, role="status")


def with_notice(layout: Any, text: str) -> Any:
    """The layout with its notice slot filled with text (a layout without a slot gets the notice on top)."""
    stack = [layout]
    while stack:
        node = stack.pop()
        if getattr(node, "id", None) == NOTICE_SLOT:
            node.children = _notice(text)
            return layout
        kids = getattr(node, "children", None)
        stack += kids if isinstance(kids, (list, tuple)) else [kids] if kids is not None else []
    return html.Div([html.Div(_notice(text), id=NOTICE_SLOT, role="status"), layout])


def data_table(table_id: str, df: pd.DataFrame, page_size: int = 15, *, export: bool = True,
               export_name: str | None = None, **kwargs: Any) -> html.Div | dash_table.DataTable:
    """A sortable, filterable table; text is rendered as text (never as HTML), so uploaded strings cannot inject.

    With export (default) the table comes with "Download data: CSV | XLSX" (pages/_export.py).
    """
    columns = column_specs(df)
    kwargs["style_cell_conditional"] = number_alignment(columns) + kwargs.get("style_cell_conditional", [])
    kwargs.setdefault("filter_options", {"case": "insensitive", "placeholder_text": _("filter data...")})
    table = dash_table.DataTable(
        id=table_id, data=df.to_dict("records"), columns=columns,
        sort_action="native", filter_action="native", page_size=page_size,
        style_table={"overflowX": "auto"}, style_cell={"fontSize": 13, "textAlign": "left", "whiteSpace": "normal",
                                                        "height": "auto", "maxWidth": 360},
        style_header={"fontWeight": "600"}, **kwargs)
    if not export:
        return table
    return html.Div([export_control(table_id, export_name or table_id, chart=False), table])


def chart_card(graph_id: str, fig: go.Figure | dict, caption: str, table: pd.DataFrame | None = None,
               height: int | None = None, export_name: str | None = None,
               meta: dict[str, Any] | None = None) -> dbc.Card:
    """A chart with its source line and, as its text alternative, the same data as a table.

    Every chart gets "Export: PNG | SVG | PDF | CSV | XLSX" (pages/_export.py): export_name is the file-name stem
    (default: the chart title), meta may give title, unit, year, source and indicators (default: read from the figure).
    Pass a cached `fig.to_dict()` on hot paths: converting a Figure per request deep-copies it.
    """
    style = {"height": f"{height}px"} if height else {}   # never None: dcc.Graph fails on a null style
    body = [export_control(graph_id, export_name, meta),
            dcc.Graph(id=graph_id, figure=for_screen(localise_figure(fig if isinstance(fig, dict) else fig.to_dict())),
                      config=graph_config(GRAPH_CONFIG), style=style),
            html.P(caption, className="small text-muted mb-1", id=f"{graph_id}-caption")]
    if table is not None:
        body.append(html.Details([html.Summary(_("Table view of this chart"), className="small"),
                                  data_table(f"{graph_id}-table", table, page_size=10, export=False)],
                                 className="mt-1"))
    return dbc.Card(dbc.CardBody(body), className="mb-3 shadow-sm")


def rating_badge(rating: str, colour: str, indicator_id: str | None = None) -> html.Span:
    """A coloured badge with the rating or score band in words (colour is never the only carrier of meaning)."""
    dark = rating in DARK_BACKGROUNDS
    return html.Span(rating_label(rating, indicator_id), className="badge",
                     style={"backgroundColor": colour, "color": "#fff" if dark else "#222"})


def empty_note(text: str) -> dbc.Alert:
    """A plain statement that there is nothing to show, and why."""
    return dbc.Alert(text, color="secondary", className="small")


def headline(value: str, label: str, hid: str) -> dbc.Col:
    """One headline figure: a big number and what it counts."""
    return dbc.Col(dbc.Card(dbc.CardBody([html.Div(value, className="fs-4 fw-semibold", id=hid),
                                          html.Div(label, className="small text-muted")]), className="h-100"),
                   md=3, sm=6)
