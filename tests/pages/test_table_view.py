"""A chart's "Table view" and other panels drawn when first opened (pages._shared.opened_later): the layout carries the
content in a Store, not as components; exports still find the table by its id (pages._export)."""
from __future__ import annotations

import json

import pandas as pd
import plotly
from dash import dash_table, html


def _components(node, out):
    """Every component object of a layout tree, in order."""
    if hasattr(node, "to_plotly_json"):
        out.append(node)
        _components(getattr(node, "children", None), out)
    elif isinstance(node, (list, tuple)):
        for child in node:
            _components(child, out)
    return out


def test_chart_card_sends_its_table_view_as_data_not_as_a_table():
    from pages._shared import chart_card
    table = pd.DataFrame({"country": ["Kenya", "Chad"], "score": [61.5, 40.0]})
    card = chart_card("g", {"data": [], "layout": {}}, "caption", table)
    parts = _components(card, [])
    assert not [c for c in parts if isinstance(c, dash_table.DataTable)]
    details = next(c for c in parts if isinstance(c, html.Details) and getattr(c, "id", None))
    assert details.id == {"type": "table-view-details", "table": "g-table"}
    store = next(c for c in parts if getattr(c, "id", None) == {"type": "table-view-spec", "table": "g-table"})
    spec = json.loads(json.dumps(store.data, cls=plotly.utils.PlotlyJSONEncoder))
    assert (spec["namespace"], spec["type"], spec["props"]["id"]) == ("dash_table", "DataTable", "g-table")
    assert spec["props"]["data"] == [{"country": "Kenya", "score": 61.5}, {"country": "Chad", "score": 40.0}]


def test_export_reads_the_table_a_table_view_carries():
    from pages._export import table_view_component
    from pages._shared import chart_card
    card = chart_card("g", {"data": [], "layout": {}}, "caption", pd.DataFrame({"a": [1, 2]}))
    tree = html.Div([card])
    table = table_view_component(tree, "g-table")
    assert isinstance(table, dash_table.DataTable) and table.data == [{"a": 1}, {"a": 2}]
    assert table_view_component(tree, "other-table") is None


def test_any_panel_can_be_drawn_when_opened():
    from pages._shared import opened_later
    panel = opened_later(html.Summary("Explain"), html.Div([html.P("text", id="inner")], id="panel"), "panel")
    assert [type(c).__name__ for c in panel.children] == ["Summary", "Div", "Store"]
    assert panel.children[2].data["props"]["id"] == "panel"
    assert panel.children[1].children is None                   # empty until the first click
