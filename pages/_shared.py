"""Layout pieces shared by the pages (not a page itself: Dash Pages skips modules starting with '_')."""
from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import MATCH, Input, Output, State, clientside_callback, dash_table, dcc, html

from indicators.i18n import _
from indicators.i18n.formats import graph_config, localise_figure
from indicators.views.figures import TOPOJSON_URL, rating_label
from indicators.views.headers import column_specs, number_alignment
from indicators.views.screen import for_screen
from pages._export import export_control, table_view_spec_id

# showSendToCloud: Plotly 4's default "Share chart..." button would send the chart's data to cloud.plotly.com
GRAPH_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False, "responsive": True, "showSendToCloud": False,
                "toImageButtonOptions": {"format": "png", "scale": 2}}
DARK_BACKGROUNDS = ("achieved", "major", "high", "very_low")     # white text on these, dark text on the others


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
        body.append(table_view(data_table(f"{graph_id}-table", table, page_size=10, export=False),
                               _("Table view of this chart")))
    return dbc.Card(dbc.CardBody(body), className="mb-3 shadow-sm")


def table_view(table: dash_table.DataTable, summary: str) -> html.Details:
    """A closed "Table view" whose DataTable is drawn when it is first opened (opened_later); the table keeps its id,
    so exports (pages/_export.py) and tests find it as before."""
    return opened_later(html.Summary(summary, className="small"), table, table.id, className="mt-1")


def opened_later(summary: html.Summary, content: Any, key: str, **details: Any) -> html.Details:
    """A closed <details> whose content is put in the page when it is first opened: the content's components travel
    in a Store and the browser draws them on the first click (hidden tables still cost their whole render, before the
    page's first chart). key names it on the page (unique)."""
    return html.Details([summary, html.Div(id={"type": "table-view", "table": key}),
                         dcc.Store(id=table_view_spec_id(key), data=content.to_plotly_json())],
                        id={"type": "table-view-details", "table": key}, **details)


# A click anywhere in the <details> counts (the summary, by mouse or keyboard, opens it): the table is put in once.
clientside_callback(
    """
    function(clicks, spec, shown) {
        const dc = window.dash_clientside;
        return (!clicks || shown || !spec) ? dc.no_update : spec;
    }
    """,
    Output({"type": "table-view", "table": MATCH}, "children"),
    Input({"type": "table-view-details", "table": MATCH}, "n_clicks"),
    State({"type": "table-view-spec", "table": MATCH}, "data"),
    State({"type": "table-view", "table": MATCH}, "children"),
    prevent_initial_call=True,
)


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
