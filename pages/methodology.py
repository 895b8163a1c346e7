"""Indicators & methodology page: the catalogue with coverage, the scoring method, limitations, provenance."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from indicators.i18n import DEFAULT, N_, _, current
from indicators.store.catalogue_text import localised
from indicators.views import framework as fw, methodology as md, open_data as od, profile as pr
from indicators.store.config import BUNDLED_DATA_DIR
from indicators.scoring.service import catalogue, coverage_counts, default_year, scorecard, version_line
from indicators.views.urlstate import make_search
from pages._later import drawn_later
from pages._layouts import redrawable, scores_notice, settings_layout
from pages._shared import DARK_BACKGROUNDS, data_table, opened_later
from pages._language import lang_query, title
from pages._markdown import markdown

dash.register_page(__name__, path="/methodology", title=title(N_("Indicators & methodology")),
                   name="Indicators & methodology", first_screen_chart=False)   # Plotly loaded when first needed


PROVENANCE_NOTE = N_("The provenance notes below are kept in English, the language of the producers' documentation "
                     "and of the licence and terms texts they quote: legal texts are not machine-translated.")


def _provenance() -> str:
    """The bundled data's provenance notes (shipped with the project)."""
    path = BUNDLED_DATA_DIR / "PROVENANCE.md"
    return path.read_text(encoding="utf-8") if path.exists() else _("No provenance file found.")


@redrawable
def layout(**query) -> html.Div:
    """Catalogue, method (with the weights in the URL), limitations and provenance, in the view's language."""
    return settings_layout(query, "methodology-layout", _build)


def _build(st, s, version: str) -> html.Div:
    """Assemble the page (the scores of the data version served: scores_version)."""
    cat = localised(catalogue(st))
    card = scorecard(st, s.year, s.custom_weights, s.aggregation, version)
    table = md.catalogue_with_coverage(coverage_counts(st), cat)
    legend = [html.Span(r["label"], className="badge me-1",
                        style={"backgroundColor": r["colour"], "color": "#fff" if r["id"] in DARK_BACKGROUNDS
                               else "#222"}) for r in cat.ratings]
    bands = [html.Span(r["label"], className="badge me-1",
                       style={"backgroundColor": r["colour"], "color": "#fff" if r["id"] in DARK_BACKGROUNDS
                              else "#222"}) for r in cat.score_bands]
    return html.Div([
        html.H1(_("Indicators & methodology"), className="h3"),
        scores_notice(st, version),
        dbc.Alert(card.index_note(), color="info", className="py-2 mb-1"),
        html.P(version_line(st), className="small text-muted", id="methodology-version"),
        _framework_section(card, cat),
        # below the first screen: drawn after it, part by part (pages/_later.py)
        drawn_later(html.Div([
            html.H2(_("How scores are built"), className="h5"),
            html.Div([html.Span(_("Indicator ratings: "), className="small me-1"), *legend], className="mb-1"),
            html.Div([html.Span(_("Score bands (pillars, index, corridors): "), className="small me-1"), *bands],
                     className="mb-2"),
            markdown(md.method_text(cat, card), id="methodology-method")]), "methodology-method-part", 1100),
        drawn_later(_catalogue(table), "methodology-catalogue-part", 2200),
        _audit_link(s),
        drawn_later(html.Div([
            html.H2(_("Known limitations"), className="h5 mt-3"),
            markdown(md.limitations(cat, default_year(st))),
            html.H2(_("Changes to the method"), className="h5 mt-3"),
            html.P(_("A figure quoted in a briefing names its method version and data version; this list says how "
                     "each version computed it."), className="small text-muted"),
            data_table("methodology-changelog", md.changelog(cat), page_size=10)]), "methodology-changes-part", 800),
        drawn_later(_open_data_section(st), "methodology-open-data-part", 1000),
        _provenance_panel(),
    ])


def _provenance_panel() -> html.Details:
    """The provenance notes, closed, drawn when first opened (opened_later: some 700 components the first render
    would otherwise build, hidden)."""
    note = [] if current() == DEFAULT else [html.P(_(PROVENANCE_NOTE), className="small fst-italic",
                                                   id="methodology-provenance-language")]
    return opened_later(html.Summary(_("Data provenance (publisher, licence, retrieval, coverage, known flaws)"),
                                     className="fw-semibold"),
                        html.Div([*note, html.Div(markdown(_provenance(), className="small"), lang="en")],
                                 id="methodology-provenance"), "methodology-provenance", className="mt-2")


def _catalogue(table) -> html.Div:
    """The indicator catalogue with its coverage."""
    return html.Div([
        html.H2(_("Indicator catalogue"), className="h5 mt-3"),
        html.P(_("{n} indicators. Coverage counts the countries or corridors with at least one value in the current "
                 "data.").format(n=len(table)), className="small text-muted"),
        data_table("methodology-catalogue", table, page_size=25,      # wide text columns scroll instead of squeezing
                   style_cell_conditional=[{"if": {"column_id": c}, "minWidth": w}
                                           for c, w in (("id", 170), ("name", 240), ("unit", 160), ("coverage", 150),
                                                        ("window", 110), ("sdg", 90), ("gcm", 200), ("source", 280),
                                                        ("licence", 200), ("data_status", 280), ("definition", 480),
                                                        ("method_note", 400))])])


def _open_data_section(st) -> html.Div:
    """How to cite, where to take the data from, what each producer's terms allow."""
    return html.Div([
        html.H2(_("Open data and how to cite"), className="h5 mt-3", id="open-data"),
        html.P([_("Cite: "), html.Q(od.how_to_cite(st), id="methodology-citation")], className="small"),
        markdown(od.open_data_markdown(), className="small", id="methodology-open-data"),
        data_table("methodology-terms", od.terms_table(), page_size=15),
    ])


def _framework_section(card, cat) -> html.Div:
    """Indicator framework v2: the plain-language account, each pillar's sides and migrant share, the indicators and
    what they do this year, and the GCM objectives answered or not yet measured."""
    return html.Div([
        html.H2(_("Indicator framework ({version})").format(version=cat.settings.get('method_version', 'v1')),
                className="h5", id="methodology-framework"),
        markdown(_(fw.PLAIN), className="small"),
        html.H3(_("Each pillar: in law and in practice, and how much is about migrants"), className="h6"),
        data_table("methodology-framework-pillars", fw.migrant_share(card, cat), page_size=5, export=False),
        html.H3(_("Indicators by pillar and side"), className="h6 mt-2"),
        data_table("methodology-framework-indicators", fw.pillar_framework(card, cat), page_size=30),
        html.P(pr.unmeasured_line(card, cat), className="small text-muted", id="methodology-unmeasured"),
        drawn_later(html.Div([
            html.H3(_("Global Compact objectives the framework answers"), className="h6 mt-2"),
            data_table("methodology-framework-gcm", fw.gcm_coverage(card, cat), page_size=10,
                       style_cell_conditional=[{"if": {"column_id": "what would feed it"}, "minWidth": 380}])]),
                    "methodology-gcm-part", 400),
    ], className="mb-3")


def _audit_link(s) -> html.Div:
    """What the statistical audit checks, and the link to it with the settings in force (pages/audit.py)."""
    return html.Div([
        # id: the section's anchor from before the audit moved to its own page
        html.H2(_("Statistical audit"), className="h5 mt-3", id="methodology-audit"),
        html.P([_("Whether the composite behaves as its weights say, for the year, weights and rule in force: "
                  "correlations (with heat maps), dominance, redundancy, coverage and rank uncertainty, each flag "
                  "with what it means. "),
                dcc.Link(_("Open the statistical audit"), id="methodology-audit-open",
                         href="/methodology/audit" + make_search({**s.query(), **lang_query()}))], className="small")])
