"""Statistical audit page: how the composite behaves for the year, weights and rule in force (DESIGN §3 step 10).

Its own page, linked from Indicators & methodology (which it audits): the heat maps, flags and tables made that page
seven screens long, and its first chart was the audit's heat map at the bottom. The element ids keep their
"methodology-audit" names, so exports and their file names stay as they were.
"""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from indicators.i18n import N_, _
from indicators.scoring.audit import correlation_matrix
from indicators.scoring.service import audit, scorecard, version_line
from indicators.scoring.wording import pillar_word
from indicators.store.catalogue_text import localised
from indicators.views import audit as av
from indicators.views.urlstate import make_search
from pages._language import lang_query, title
from pages._later import drawn_later
from pages._layouts import redrawable, scores_notice, settings_layout
from pages._markdown import markdown
from pages._shared import chart_card, data_table

PATH = "/methodology/audit"
dash.register_page(__name__, path=PATH, title=title(N_("Statistical audit")), name="Statistical audit")


@redrawable
def layout(**query) -> html.Div:
    """The audit for the year, weights and aggregation in the URL, in the view's language."""
    return settings_layout(query, "audit-layout", _build)


def _build(st, s, version: str) -> html.Div:
    """Assemble the page (the scores of the data version served: scores_version): what the audit checks and its
    verdict, the heat maps, then the flags and the tables behind them."""
    card = scorecard(st, s.year, s.custom_weights, s.aggregation, version)
    t = audit(st, s.year, s.custom_weights, s.aggregation, version)
    flags = av.reviewed_flags(t["flags"], card)
    to_fix = int((flags["assessment"] != _(av.ACCEPTED)).sum())
    weights = ", ".join(f"{pillar_word(p)} {card.weights[p]:g}" for p in card.index_pillars)
    pillar_m = correlation_matrix(card)
    return html.Div([
        html.H1(_("Statistical audit ({year}, weights {weights}, {rule})").format(
                    year=card.year, weights=weights, rule=_("{rule} mean").format(rule=_(card.aggregation))),
                className="h3", id="methodology-audit"),
        scores_notice(st, version),
        html.P([version_line(st), " · ", dcc.Link(_("How the scores are built: Indicators & methodology"),
                                                   href="/methodology" + make_search({**s.query(), **lang_query()}))],
               className="small text-muted", id="audit-version"),
        markdown(av.intro_text(card), className="small"),
        html.P(_("{n} flags for these settings: {ok} explained as acceptable, {to_fix} for the framework to fix or "
                 "review.").format(n=len(flags), ok=len(flags) - to_fix, to_fix=to_fix),
               className="small fw-semibold", id="methodology-audit-summary"),
        html.H2(_("Correlations with the pillar and the index"), className="h5 mt-3"),
        html.P(av.pillar_spread(pillar_m), className="small", id="methodology-audit-spread"),
        _heatmaps(card, pillar_m),
        drawn_later(html.Div([
            html.H2(_("Flags"), className="h5 mt-3"),
            data_table("methodology-audit-flags", flags, page_size=10, export_name="statistical-audit-flags",
                       style_cell_conditional=[{"if": {"column_id": c}, "minWidth": w} for c, w in
                                               (("what it means", 380), ("why acceptable / what to do", 380))])]),
                    "methodology-flags-part", 800),
        drawn_later(_tables(t, card), "methodology-audit-tables-part", 2400),
    ], id="methodology-audit-section")


def _heatmap(card, m, graph_id: str, title: str):
    """One correlation heat map (of matrix m) in a chart card, with its numbers as the table view."""
    fig = av.correlation_heatmap(m, av.matrix_labels(m, card), title, card.year)
    return chart_card(graph_id, fig.to_dict(), _("Pearson correlations across countries, {year}; a blank cell has too "
                                                 "few countries with both scores.").format(year=card.year),
                      av.matrix_table(m, card), export_name=graph_id,
                      meta={"title": title, "unit": av.HEATMAP_UNIT, "year": str(card.year),
                            "source": _(av.HEATMAP_SOURCE)})


def _heatmaps(card, pillar_m) -> dbc.Row | html.P:
    """The heat maps of the pillars and the index (matrix pillar_m, on the first screen) and of each index pillar's
    indicators (drawn after it, each on its own: pages/_later.py); none without an index."""
    if not card.index_pillars:
        return html.P(_("No pillar is in the index for these settings, so there is nothing to correlate."),
                      className="small text-muted")
    first = _heatmap(card, pillar_m, "methodology-audit-heatmap", _("Correlations of the pillars and the index"))
    names = localised(card.catalogue).pillars
    return dbc.Row([dbc.Col(first, lg=6)] + [
        dbc.Col(drawn_later(_heatmap(card, correlation_matrix(card, p), f"methodology-audit-heatmap-{p}",
                                     _("Correlations within {pillar}").format(pillar=names[p]['name'])),
                            f"methodology-audit-heatmap-{p}-part", 700), lg=6) for p in card.index_pillars])


def _tables(t: dict, card) -> html.Div:
    """The audit's tables: correlations, dominance, redundancy, coverage, and the rank uncertainty in words."""
    return html.Div([
        html.H2(_("Correlations"), className="h5 mt-3"),
        data_table("methodology-audit-correlations", av.correlation_table(t["correlations"], card), page_size=15),
        html.H2(_("Importance against weight (dominance)"), className="h5 mt-3"),
        data_table("methodology-audit-dominance", av.dominance_table(t["dominance"], card), page_size=15),
        html.H2(_("Redundancy (indicator pairs within a pillar)"), className="h5 mt-3"),
        data_table("methodology-audit-redundancy", av.redundancy_table(t["redundancy"], card), page_size=15),
        html.H2(_("Coverage"), className="h5 mt-3"),
        data_table("methodology-audit-coverage", av.coverage_table(t["coverage"], card), page_size=15),
        html.H2(_("Rank uncertainty"), className="h5 mt-3"),
        html.P(av.uncertainty_text(t["uncertainty"]), className="small", id="methodology-audit-uncertainty")])
