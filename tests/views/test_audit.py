"""The audit for the methodology page: plain-word tables, the review of each flag and the correlation heat map."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.exports.figure_meta import figure_meta, split_source_line
from indicators.scoring import audit as A
from indicators.scoring.service import default_year, get_store, scorecard
from indicators.store.config import BUNDLED_DATA_DIR
from indicators.views import audit as av
from tests.scoring.test_audit import CAT, VALUES, annual
from indicators.scoring.scorecard import score_all


@pytest.fixture(scope="module")
def card():
    """The 5-country scorecard of tests/scoring/test_audit.py (flags: redundancy, dominance, weak correlation)."""
    return score_all(annual(VALUES), CAT, 2020)


def test_heatmap_draws_the_matrix_with_labels_and_source():
    # a 3 x 3 matrix with one pair over too few countries (NaN): drawn blank, said on hover
    m = pd.DataFrame([[1, -0.5, np.nan], [-0.5, 1, 0.25], [np.nan, 0.25, 1]], index=list("abc"), columns=list("abc"))
    fig = av.correlation_heatmap(m, ["A", "B", "C"], "Correlations of the pillars and the index", 2021)
    (tr,) = fig.data
    assert tr.type == "heatmap" and (tr.zmin, tr.zmax, tr.zmid) == (-1, 1, 0)
    # rows named and numbered, columns by the numbers (a 390 px phone fits the matrix)
    assert list(tr.x) == ["1", "2", "3"] and list(tr.y) == ["1. A", "2. B", "3. C"]
    assert tr.z[0][2] is None and tr.text[0][1] == "-0.50" and tr.text[0][2] == ""
    assert "too few countries" in tr.customdata[0][2] and tr.customdata[1][2] == "B / C: r = 0.25"
    meta = figure_meta(fig)
    assert meta["title"] == "Correlations of the pillars and the index"
    # the source line carries source, unit and year, and the export reads the unit back from the colour bar
    assert split_source_line(meta["source_line"], meta["units"]) == (av.HEATMAP_SOURCE, "Pearson r", "2021")
    # it starts right of the row labels, where the plot area does: lines short enough for a phone's chart
    (source,) = [a.text for a in fig.layout.annotations if a.name == "source"]
    assert source.count("<br>") >= 2 and max(len(line) for line in source.split("<br>")) <= av.HEATMAP_SOURCE_WIDTH


def test_heatmap_row_labels_wrap_to_fit_a_phone():
    m = pd.DataFrame([[1, 0.5], [0.5, 1]], index=list("ab"), columns=list("ab"))
    fig = av.correlation_heatmap(m, ["Freedom from exploitation (FH G4)", "Index"], "t", 2021)
    assert list(fig.data[0].y) == ["1. Freedom from<br>exploitation (FH<br>G4)", "2. Index"]
    assert fig.data[0].customdata[0][1] == "Freedom from exploitation (FH G4) / Index: r = 0.50"   # hover: whole names


def test_matrix_table_is_the_heatmaps_text_alternative(card):
    m = A.correlation_matrix(card)
    t = av.matrix_table(m, card)
    assert list(t.columns) == ["correlation of", "Protection", "Association", "Index"]
    # r(P, S) = -1/√2 = -0.71 (tests/scoring/test_audit.py)
    assert t.set_index("correlation of").loc["Protection", "Association"] == -0.71


def test_reviewed_flags_say_what_to_do_and_mark_new_flags(card):
    t = av.reviewed_flags(A.flags(card), card)
    assert list(t.columns) == ["finding", "about", "in", "value", "threshold", "what it means", "assessment",
                               "why acceptable / what to do"]
    red = t[t["finding"] == "redundancy"].iloc[0]
    assert red["about"] == "Ind p1 & Ind p2" and red["in"] == "the Protection pillar"
    # the fixture's findings are not in the review list: they show as new, for the framework to review; wide rank
    # intervals (a property of any ranking with weakly correlated pillars) have a general note
    review = dict(zip(t["finding"], t["assessment"]))
    assert review == {"redundancy": av.NOT_REVIEWED, "dominance": av.NOT_REVIEWED,
                      "weak correlation": av.NOT_REVIEWED, "wide rank intervals": av.ACCEPTED}


def test_plain_tables_and_sentences(card):
    tables = A.audit_tables(card)
    cor = av.correlation_table(tables["correlations"], card)
    assert cor.set_index("id").loc["association", "correlated with"] == "the index"
    assert av.dominance_table(tables["dominance"], card)["dominant"].tolist().count("yes") == 1
    assert av.redundancy_table(tables["redundancy"], card)["redundant"].tolist() == ["yes", "no"]
    assert av.coverage_table(tables["coverage"], card)["low coverage"].eq("no").all()
    assert "5 ranked countries" in av.uncertainty_text(tables["uncertainty"])
    # off-diagonal pillar correlation: only r(P, S) = -0.71
    assert av.pillar_spread(A.correlation_matrix(card)).startswith("The pillars correlate with one another between "
                                                                  "r = -0.71 and -0.71")
    assert "audit --year 2020" in av.intro_text(card)


def test_every_flag_on_the_bundled_data_is_reviewed():
    """Each flag at the default settings (and under the geometric mean) is explained or listed to fix; a new flag
    (new data, new indicators, a changed pillar rule) fails here until REVIEW says what it means."""
    st = get_store(str(BUNDLED_DATA_DIR))
    year = default_year(st)
    for rule in ("arithmetic", "geometric"):
        c = scorecard(st, year, None, rule)
        t = av.reviewed_flags(A.flags(c), c)
        assert len(t) and av.NOT_REVIEWED not in set(t["assessment"]), t[["finding", "about"]]
