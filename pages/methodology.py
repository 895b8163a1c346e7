"""Indicators & methodology page: the catalogue with coverage, the scoring method, limitations, provenance."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from indicators.i18n import DEFAULT, N_, _, current
from indicators.scoring.wording import pillar_word
from indicators.store.catalogue_text import localised
from indicators.views import audit as av, framework as fw, methodology as md, open_data as od, profile as pr
from indicators.store.config import BUNDLED_DATA_DIR
from indicators.scoring.audit import correlation_matrix
from indicators.scoring.service import (audit, catalogue, coverage_counts, default_year, scorecard, scores_version,
    version_line)
from indicators.views.urlstate import settings_from_query
from pages._later import drawn_later
from pages._layouts import redrawable, scores_notice, shared_layout
from pages._shared import DARK_BACKGROUNDS, chart_card, data_table, opened_later
from pages._data import store
from pages._language import in_language, title
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
    s = settings_from_query(query)
    st = store()
    version = scores_version(st, s.year, s.custom_weights, s.aggregation)
    return in_language(query, lambda lang: shared_layout(
        st, version, ("methodology-layout", s.year, str(s.weights), s.aggregation, lang),
        lambda: _build(st, localised(catalogue(st)), s, version)))


def _build(st, cat, s, version: str) -> html.Div:
    """Assemble the page (the scores of the data version served: scores_version)."""
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
        _audit_section(st, card, s, version),
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


def _heatmap(card, pillar: str | None, graph_id: str, title: str):
    """One correlation heat map in a chart card, with its numbers as the table view."""
    m = correlation_matrix(card, pillar)
    fig = av.correlation_heatmap(m, av.matrix_labels(m, card), title, card.year)
    return chart_card(graph_id, fig.to_dict(), _("Pearson correlations across countries, {year}; a blank cell has too "
                                                 "few countries with both scores.").format(year=card.year),
                      av.matrix_table(m, card), export_name=graph_id,
                      meta={"title": title, "unit": av.HEATMAP_UNIT, "year": str(card.year),
                            "source": _(av.HEATMAP_SOURCE)})


def _heatmaps(card) -> dbc.Row | html.P:
    """The heat maps of the pillars and the index and of each index pillar's indicators (none without an index)."""
    if not card.index_pillars:
        return html.P(_("No pillar is in the index for these settings, so there is nothing to correlate."),
                      className="small text-muted")
    maps = [("methodology-audit-heatmap", None, _("Correlations of the pillars and the index"))] + [
        (f"methodology-audit-heatmap-{p}", p, _("Correlations within {pillar}").format(
            pillar=localised(card.catalogue).pillars[p]['name'])) for p in card.index_pillars]
    # each drawn after the first screen, on its own (pages/_later.py)
    return dbc.Row([dbc.Col(drawn_later(_heatmap(card, p, gid, title), f"{gid}-part", 700), lg=6)
                    for gid, p, title in maps])


def _audit_section(st, card, s, version: str) -> html.Div:
    """Statistical audit of the composite for the year, weights and rule in force (DESIGN §3 step 10)."""
    t = audit(st, s.year, s.custom_weights, s.aggregation, version)
    flags = av.reviewed_flags(t["flags"], card)
    to_fix = int((flags["assessment"] != _(av.ACCEPTED)).sum())
    weights = ", ".join(f"{pillar_word(p)} {card.weights[p]:g}" for p in card.index_pillars)
    pillar_m = correlation_matrix(card)
    return html.Div([
        html.H2(_("Statistical audit ({year}, weights {weights}, {rule})").format(
                    year=card.year, weights=weights, rule=_("{rule} mean").format(rule=_(card.aggregation))),
                className="h5 mt-3", id="methodology-audit"),
        markdown(av.intro_text(card), className="small"),
        drawn_later(html.Div([
            html.H3(_("Flags"), className="h6"),
            html.P(_("{n} flags for these settings: {ok} explained as acceptable, {to_fix} for the framework to fix "
                     "or review.").format(n=len(flags), ok=len(flags) - to_fix, to_fix=to_fix),
                   className="small", id="methodology-audit-summary"),
            data_table("methodology-audit-flags", flags, page_size=10, export_name="statistical-audit-flags",
                       style_cell_conditional=[{"if": {"column_id": c}, "minWidth": w} for c, w in
                                               (("what it means", 380), ("why acceptable / what to do", 380))])]),
                    "methodology-flags-part", 800),
        html.H3(_("Correlations with the pillar and the index"), className="h6 mt-3"),
        html.P(av.pillar_spread(pillar_m), className="small", id="methodology-audit-spread"),
        _heatmaps(card),
        drawn_later(html.Div([
            data_table("methodology-audit-correlations", av.correlation_table(t["correlations"], card),
                       page_size=15),
            html.H3(_("Importance against weight (dominance)"), className="h6 mt-3"),
            data_table("methodology-audit-dominance", av.dominance_table(t["dominance"], card), page_size=15),
            html.H3(_("Redundancy (indicator pairs within a pillar)"), className="h6 mt-3"),
            data_table("methodology-audit-redundancy", av.redundancy_table(t["redundancy"], card), page_size=15),
            html.H3(_("Coverage"), className="h6 mt-3"),
            data_table("methodology-audit-coverage", av.coverage_table(t["coverage"], card), page_size=15),
            html.H3(_("Rank uncertainty"), className="h6 mt-3"),
            html.P(av.uncertainty_text(t["uncertainty"]), className="small", id="methodology-audit-uncertainty")]),
                    "methodology-audit-tables-part", 2400),
    ], id="methodology-audit-section")
