"""Overview page: the ranked overall index (a world map and pickers come with the dashboard pages)."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dash_table, html

from indicators.config import data_dir
from indicators.service import default_year, get_store, scorecard, score_table

dash.register_page(__name__, path="/", title="Overview - Migrant protection indicators", name="Overview")


def layout(**_query) -> html.Div:
    """Ranked table of the overall index for the default reference year."""
    year = default_year()
    card = scorecard(get_store(str(data_dir())), year)
    table = score_table(card).round(1)
    return html.Div([
        html.H1("Migrant protection index", className="h3"),
        dbc.Alert(card.index_note(), color="info", id="index-note"),
        dash_table.DataTable(
            id="ranking", data=table.to_dict("records"),
            columns=[{"name": c, "id": c} for c in table.columns],
            sort_action="native", filter_action="native", page_size=25,
        ),
        html.P(f"Reference year {year}. Scores 0-100; empty cells mean insufficient data, never zero.",
               className="text-muted small mt-2"),
    ])
