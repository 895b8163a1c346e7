"""Indicators & methodology page: the catalogue with coverage, the scoring method, limitations, provenance."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from indicators.views import methodology as md
from indicators.store.config import BUNDLED_DATA_DIR
from indicators.scoring.service import catalogue, default_year, scorecard, version_line
from indicators.views.urlstate import settings_from_query
from pages._shared import DARK_BACKGROUNDS, data_table
from pages._data import store

dash.register_page(__name__, path="/methodology", title="Indicators & methodology - Migrant protection indicators",
                   name="Indicators & methodology")


def _provenance() -> str:
    """The bundled data's provenance notes (shipped with the project)."""
    path = BUNDLED_DATA_DIR / "PROVENANCE.md"
    return path.read_text(encoding="utf-8") if path.exists() else "No provenance file found."


def layout(**query) -> html.Div:
    """Catalogue, method (with the weights in the URL), limitations and provenance."""
    s = settings_from_query(query)
    st = store()
    cat = catalogue(st)
    key = ("methodology-layout", s.year, str(s.weights), s.aggregation)
    return st.memo(key, lambda: _build(st, cat, s))


def _build(st, cat, s) -> html.Div:
    """Assemble the page."""
    card = scorecard(st, s.year, s.custom_weights, s.aggregation)
    table = md.catalogue_with_coverage(st.annual(), cat)
    legend = [html.Span(r["label"], className="badge me-1",
                        style={"backgroundColor": r["colour"], "color": "#fff" if r["id"] in DARK_BACKGROUNDS
                               else "#222"}) for r in cat.ratings]
    bands = [html.Span(r["label"], className="badge me-1",
                       style={"backgroundColor": r["colour"], "color": "#fff" if r["id"] in DARK_BACKGROUNDS
                              else "#222"}) for r in cat.score_bands]
    return html.Div([
        html.H1("Indicators & methodology", className="h3"),
        dbc.Alert(card.index_note(), color="info", className="py-2 mb-1"),
        html.P(version_line(st), className="small text-muted", id="methodology-version"),
        html.H2("How scores are built", className="h5"),
        html.Div([html.Span("Indicator ratings: ", className="small me-1"), *legend], className="mb-1"),
        html.Div([html.Span("Score bands (pillars, index, corridors): ", className="small me-1"), *bands],
                 className="mb-2"),
        dcc.Markdown(md.method_text(cat, card), id="methodology-method"),
        html.H2("Indicator catalogue", className="h5 mt-3"),
        html.P(f"{len(table)} indicators. Coverage counts the countries or corridors with at least one value in the "
               "current data.", className="small text-muted"),
        data_table("methodology-catalogue", table, page_size=25,      # wide text columns scroll instead of squeezing
                   style_cell_conditional=[{"if": {"column_id": c}, "minWidth": w}
                                           for c, w in (("id", 170), ("name", 240), ("unit", 160), ("coverage", 150),
                                                        ("window", 110), ("sdg", 90), ("gcm", 200), ("source", 280),
                                                        ("licence", 200), ("data_status", 280), ("definition", 480),
                                                        ("method_note", 400))]),
        html.H2("Known limitations", className="h5 mt-3"),
        dcc.Markdown(md.limitations(cat, default_year(st))),
        html.H2("Changes to the method", className="h5 mt-3"),
        html.P("A figure quoted in a briefing names its method version and data version; this list says how each "
               "version computed it.", className="small text-muted"),
        data_table("methodology-changelog", md.changelog(cat), page_size=10),
        html.Details([html.Summary("Data provenance (publisher, licence, retrieval, coverage, known flaws)",
                                   className="fw-semibold"),
                      dcc.Markdown(_provenance(), className="small")], className="mt-2"),
    ])
