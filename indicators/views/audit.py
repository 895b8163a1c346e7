"""The statistical audit for the methodology page and exports: its tables in plain words, the review of each flag
(why it is acceptable, or what the framework should fix) and the correlation heat map."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import N_, _, current
from indicators.i18n.formats import number, percent, share
from indicators.store.catalogue_text import localised
from indicators.scoring.audit import INDEX, audit_settings
from indicators.scoring.audit_flags import label
from indicators.scoring.scorecard import Scorecard
from indicators.views import figures
from indicators.views.markup import esc
from indicators.views.screen import wrap_text

ACCEPTED = N_("Acceptable (explained)")
TO_FIX = N_("To fix in the framework")
NOT_REVIEWED = N_("To review (new flag)")
HEATMAP_UNIT = "Pearson r"
HEATMAP_SOURCE = N_("scores computed by this dashboard (method: Indicators & methodology)")
HEATMAP_LABEL_WIDTH = 18          # characters per line of an axis label (wrapped: a 390 px phone fits the matrix)
HEATMAP_SOURCE_WIDTH = 34         # characters per line of the source line, which starts right of the row labels
_RPW_SIDES = N_("Remittance Prices Worldwide surveys the cost of sending money out of about 50 countries and into about "
              "100; a country cannot be measured on a side that is not surveyed. A country is scored on the side(s) "
              "it has (the pillar needs half of its in-play weight) and is 'insufficient data' otherwise; the gap is "
              "a gap in the survey, never filled with an estimate.")
_DOUBLE = N_("The World Bank's SDG 10.c.1 country average and the dashboard's migrant-stock-weighted corridor mean are "
           "both computed from the same Remittance Prices Worldwide corridors (only the weighting differs), so the "
           "remittance pillar counts one measure twice and a country with only this side passes the coverage rule "
           "on one measure. Fix: keep one of the two per side (the World Bank value where published, the corridor "
           "mean otherwise) or give each half the weight.")
_BINARY = N_("A yes/no indicator scores 0 or 100, so it varies far more than the SDG 10.7.2 policy rating and decides "
           "most of the protection pillar: the pillar reads largely as 'party to the ICRMW or not', against DESIGN's "
           "rule that a pillar never rests on a single binary indicator. Fix: more protection indicators (ILO C97, "
           "C143, C189 ratifications; the de jure / de facto split under way) and then re-run this audit.")
_GEOMETRIC = N_("Seen under the geometric mean only: a protection score near 0 is floored at 1 and its logarithm pulls "
              "the index down much more than any other pillar. Penalising a weak pillar is what the geometric rule "
              "is for; the arithmetic mean (default) shows no such flag.")
_G1 = N_("Freedom of movement (FH G1) and freedom from economic exploitation (FH G4) are the protection pillar's de facto "
       "side: 0-4 expert scores that vary across all countries, while the de jure side's ratifications and policy "
       "ratings are flatter (the ILO migrant-worker Conventions are not measured yet). Half of the pillar is practice "
       "by design (method v2), so practice explaining a little over its nominal share is expected. Revisit when a "
       "NORMLEX export of C97, C143 and C189 is uploaded.")
_RECEIVE = N_("Cost to receive is the only remittance measure for the ~56 countries that are surveyed as receivers but not "
            "as senders; it explains half of the pillar's variation, exactly its nominal share where both sides exist. "
            "Acceptable: the pillar counts each side once (method v2) and the corridor means only stand in.")
_FALLBACK = N_("A corridor mean counts only where the official SDG 10.c.1 series has no value for the country (method v2: "
             "no double counting), so its coverage is low by design: it fills the survey's gaps, never adds to it.")
_POLICY = N_("SDG 10.7.2 comes from two rounds of the UN Inquiry (2019: 110 countries, 2021: 88): countries that did not "
           "answer have no rating. The protection pillar scores them on the rest of its de jure side and its de facto "
           "side; the gap is the survey's, never filled with an estimate.")
_RANKS = N_("Rank intervals come from re-scoring with other weights and both rules. Where pillars correlate weakly with "
          "one another (on the bundled data they are almost uncorrelated, see the heat map), the weights decide much "
          "of a rank. That is why every rank on the dashboard is shown with its 5th-95th percentile interval: read a "
          "rank as a range and compare countries on their pillar scores.")
_SAME_MEASURE = ("remittance_cost_to_country & remittance_cost_home_to",
                 "remittance_cost_from_country & remittance_cost_home_from")
_ONE_SIDE = ("remittance_cost_to_country", "remittance_cost_home_to", "remittance_cost_from_country",
             "remittance_cost_home_from")
# (kind, subject) or (kind, subject, aggregation rule) -> (assessment, why it is acceptable or what to do); reviewed
# on the bundled data (default year, equal weights, arithmetic and geometric mean). A flag without an entry shows as
# NOT_REVIEWED.
REVIEW: dict[tuple[str, ...], tuple[str, str]] = {
    **{("redundancy", pair): (TO_FIX, _DOUBLE) for pair in _SAME_MEASURE},
    ("dominance", "icrmw_party"): (TO_FIX, _BINARY),
    ("dominance", "protection", "geometric"): (ACCEPTED, _GEOMETRIC),
    **{("low coverage", iid): (ACCEPTED, _RPW_SIDES) for iid in _ONE_SIDE[::2]},
    **{("low coverage", iid): (ACCEPTED, _FALLBACK) for iid in _ONE_SIDE[1::2]},
    ("low coverage", "migration_policy_sdg1072"): (ACCEPTED, _POLICY),
    ("dominance", "freedom_of_movement_fh"): (ACCEPTED, _G1),
    ("dominance", "economic_exploitation_fh"): (ACCEPTED, _G1),
    ("dominance", "remittance_cost_to_country"): (ACCEPTED, _RECEIVE),
    ("wide rank intervals", "ranking"): (ACCEPTED, _RANKS),
}


def intro_text(card: Scorecard) -> str:
    """What the audit computes and its thresholds (from the catalogue settings), as Markdown, in the language in force."""
    st = audit_settings(card)
    pct = (lambda x: f"{x:.0%}") if current() == "en" else share
    return _(INTRO).format(
        min_countries=f"{st['audit_min_countries']:g}", weak=f"{st['audit_weak_correlation']:g}",
        redundant=f"{st['audit_redundancy_threshold']:g}", ratio=f"{st['audit_dominance_ratio']:g}",
        dominance_share=pct(st['audit_dominance_share']), min_coverage=pct(st['audit_min_coverage']),
        wide_share=pct(st['audit_wide_share']), rank_width=f"{st['audit_rank_width']:g}", year=card.year)


INTRO = N_("""
The audit checks whether the composite behaves as its weights say, for the year, weights and aggregation rule in
force (OECD/JRC *Handbook*; the JRC statistical audits of the SDG Index; COINr's analysis tools). It reads only the
scores: each counted indicator (country level, in play, weight above 0, in a pillar of the index), each pillar and
the index, over the countries that have both numbers (at least {min_countries} for a correlation).

- **Correlation** of each indicator's 0-100 score with its pillar score, and of each pillar with the index (Pearson r
  and Spearman rho, with the number of countries). Below r = {weak}, or negative: *weak
  correlation*, the component hardly moves (or works against) what it belongs to.
- **Redundancy**: two indicators of one pillar correlating above r = {redundant} count the
  same information twice.
- **Dominance**: a component's *importance* is its squared correlation with its pillar (or the index) as a share of
  the sum over the components (the JRC "effective weight"). Flagged when it exceeds
  {ratio}x its nominal weight share, or {dominance_share} of the whole while
  weighted below that.
- **Coverage**: countries with a value among the countries scored; flagged below {min_coverage}.
- **Rank uncertainty**: the 5th-95th percentile rank intervals of step 9; flagged when more than
  {wide_share} of ranked countries have one wider than {rank_width} places.

Each flag says what it means and whether it is acceptable (and why) or something the framework should fix. The
same tables: `python -m indicators audit --year {year}`.
""")


def reviewed_flags(flags: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """The flags in plain words with their review: finding, about, value, threshold, meaning, assessment, note."""
    new = (NOT_REVIEWED, N_("Not reviewed for these settings yet: check it before quoting a rank, and add a note or "
                            "a fix to the framework."))
    review = [REVIEW.get((k, s, card.aggregation), REVIEW.get((k, s), new))
              for k, s in zip(flags["kind"], flags["subject"])]
    about = [" & ".join(label(card, x) for x in s.split(" & ")) for s in flags["subject"]]
    return pd.DataFrame({N_("finding"): [_(FINDINGS.get(k, k)) for k in flags["kind"]], N_("about"): about,
                         N_("in"): [label(card, p) for p in flags["parent"]],
                         N_("value"): flags["value"], N_("threshold"): flags["threshold"],
                         N_("what it means"): flags["meaning"], N_("assessment"): [_(r[0]) for r in review],
                         N_("why acceptable / what to do"): [_(r[1]) for r in review]})


FINDINGS = {"redundancy": N_("redundancy"), "dominance": N_("dominance"), "low coverage": N_("low coverage"),
            "weak correlation": N_("weak correlation"), "wide rank intervals": N_("wide rank intervals")}


def correlation_table(cor: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """Indicator-pillar and pillar-index correlations with names: component, with, Pearson r, Spearman rho, n."""
    return pd.DataFrame({N_("component"): [label(card, s) for s in cor["subject"]], "id": cor["subject"],
                         N_("correlated with"): [label(card, p) for p in cor["parent"]],
                         "Pearson r": cor["pearson"].round(3), "Spearman rho": cor["spearman"].round(3),
                         N_("countries"): cor["n"]})


def redundancy_table(red: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """Same-pillar indicator pairs with their correlation and whether they are flagged as redundant."""
    return pd.DataFrame({N_("pillar"): [label(card, p) for p in red["pillar"]],
                         N_("indicator A"): [label(card, a) for a in red["indicator_a"]],
                         N_("indicator B"): [label(card, b) for b in red["indicator_b"]],
                         "Pearson r": red["pearson"].round(3), "Spearman rho": red["spearman"].round(3),
                         N_("countries"): red["n"], N_("redundant"): np.where(red["flagged"], _("yes"), _("no"))})


def dominance_table(dom: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """Importance (r² share) against nominal weight share, per pillar in the index and indicator in its pillar."""
    return pd.DataFrame({N_("component"): [label(card, s) for s in dom["subject"]],
                         N_("in"): [label(card, p) for p in dom["parent"]], "Pearson r": dom["pearson"].round(3),
                         N_("importance (r² share)"): dom["importance"].round(3),
                         N_("nominal weight share"): dom["weight_share"].round(3),
                         N_("importance / weight"): dom["ratio"].round(2),
                         N_("dominant"): np.where(dom["flagged"], _("yes"), _("no"))})


def coverage_table(cov: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """Countries with a value per counted indicator and index pillar, of those scored and of those ranked."""
    return pd.DataFrame({N_("indicator or pillar"): [label(card, s) for s in cov["subject"]], "id": cov["subject"],
                         N_("countries with a value"): cov["countries"], N_("of countries scored"): cov["of"],
                         N_("share"): cov["share"].round(3), N_("share of ranked countries"): cov["share_ranked"].round(3),
                         N_("low coverage"): np.where(cov["flagged"], _("yes"), _("no"))})


def uncertainty_text(unc: pd.DataFrame) -> str:
    """The rank uncertainty in one sentence."""
    if unc.empty or not unc["ranked"].iloc[0]:
        return _("No country is ranked for these settings, so there are no rank intervals.")
    r = unc.iloc[0]
    return _("Across the {ranked} ranked countries the 5th-95th percentile rank interval is {median} places wide at "
             "the median (widest {widest}); {wider} countries ({share}) have one wider than {width} places.").format(
        ranked=int(r['ranked']), median=f"{r['median_width']:g}", widest=f"{r['max_width']:g}", wider=int(r['wider']),
        share=percent(100 * r['share_wider'], 0), width=f"{r['width_threshold']:g}")


def pillar_spread(matrix: pd.DataFrame) -> str:
    """How strongly the pillars correlate with one another (off-diagonal, index excluded), in one sentence."""
    m = matrix.drop(index=INDEX, columns=INDEX, errors="ignore")
    off = m.to_numpy()[~np.eye(len(m), dtype=bool)] if len(m) > 1 else np.array([])
    off = off[~np.isnan(off)]
    if not len(off):
        return _("There are not enough pillars in the index to correlate them with one another.")
    return (_("The pillars correlate with one another between r = {lo} and {hi}:").format(
        lo=number(off.min(), 2), hi=number(off.max(), 2)) + " "
            + (_("they measure largely separate things, so the weights matter for the ranks.")
               if np.abs(off).max() < 0.3 else _("they share part of their information.")))


def matrix_labels(matrix: pd.DataFrame, card: Scorecard) -> list[str]:
    """Axis labels of a correlation matrix: indicator short names, pillar names, 'Index'."""
    out = []
    pillars = localised(card.catalogue).pillars if card.catalogue is not None else {}
    for c in matrix.columns:
        if c == INDEX:
            out.append(_("Index"))
        elif c in card.index_pillars:
            out.append(str(pillars.get(c, {}).get("name", c)).capitalize())
        else:
            out.append(label(card, c))
    return out


def matrix_table(matrix: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """The heat map's numbers as a table (its text alternative): one row per component, r to two decimals."""
    names = matrix_labels(matrix, card)
    t = pd.DataFrame(matrix.round(2).to_numpy(), columns=names)
    t.insert(0, N_("correlation of"), names)
    return t.astype(object).where(t.notna(), None)


def correlation_heatmap(matrix: pd.DataFrame, labels: list[str], title: str, year: int,
                        source: str = HEATMAP_SOURCE) -> go.Figure:
    """A Pearson correlation heat map (-1 red .. +1 blue, ColorBrewer RdBu), each cell labelled with its r; a cell
    over too few countries is blank and says so on hover."""
    z = matrix.to_numpy(dtype=float)
    text = [["" if np.isnan(v) else number(v, 2) for v in row] for row in z]
    hover = [[esc(f"{a} / {b}: " + (_("too few countries with both") if np.isnan(v) else f"r = {number(v, 2)}"))
              for b, v in zip(labels, row)] for a, row in zip(labels, z)]
    # rows named and numbered, columns by those numbers: the matrix fits a 390 px phone, its labels never overlap
    rows = [wrap_text(f"{k}. {esc(name)}", HEATMAP_LABEL_WIDTH)[0] for k, name in enumerate(labels, start=1)]
    columns = [str(k) for k in range(1, len(labels) + 1)]
    fig = go.Figure(go.Heatmap(
        z=[[None if np.isnan(v) else round(float(v), 4) for v in row] for row in z], x=columns, y=rows,
        zmin=-1, zmax=1, zmid=0, colorscale="RdBu", text=text, texttemplate="%{text}", customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", xgap=1, ygap=1, name=HEATMAP_UNIT,
        colorbar=dict(title=dict(text=HEATMAP_UNIT), tickvals=[-1, -0.5, 0, 0.5, 1], thickness=14)))
    size = max(260, 60 * len(labels))
    fig.update_layout(title=dict(text=esc(title), x=0.01, xanchor="left", y=0.99, yanchor="top", font=dict(size=15)),
                      template="plotly_white", font=figures.FONT, height=size + 140,
                      margin=dict(l=10, r=10, t=60, b=40),        # column labels on top, the source line below
                      xaxis=dict(side="top", tickangle=0, automargin=True, showgrid=False, type="category"),
                      yaxis=dict(autorange="reversed", automargin=True, showgrid=False, type="category"))
    fig = figures.source_annotation(fig, figures.source_text(_(source), HEATMAP_UNIT, str(year)))
    for note in fig.layout.annotations:        # it starts where the plot area does: short lines fit a phone
        if note.name == "source":
            note.text = wrap_text(note.text, HEATMAP_SOURCE_WIDTH)[0]
    return fig
