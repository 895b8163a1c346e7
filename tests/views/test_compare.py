"""Compare-page data functions on hand-made values, and the light scoring path against the full one."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.views import compare as cp
from indicators.store.catalogue import PILLARS, load_catalogue
from indicators.scoring.scorecard import score_all
from indicators.scoring.derived import with_derived
from indicators.scoring.service import get_store
from indicators.scoring.composition import Segment, composition
from tests.scoring.test_composition import ANNUAL, ANNUAL_LEAVES, CAT, P, R

VALUES = pd.DataFrame({"iso3": ["KEN", "KEN", "UGA", "UGA", "NPL"], "year": [2019, 2020, 2019, 2020, 2020],
                       "value": [2.0, 3.0, 6.0, 5.0, 9.0]})
NAMES = {"KEN": "Kenya", "UGA": "Uganda", "NPL": "Nepal"}


def test_country_lines_and_region_mean():
    s = cp.build_series(VALUES, ["KEN"], ["un:Africa"], NAMES)
    ken = s[s["entity"] == "Kenya"]
    assert ken["value"].tolist() == [2.0, 3.0] and set(ken["kind"]) == {"country"}
    africa = s[s["entity"] == "Region: Africa"].set_index("year")
    # KEN and UGA are African, NPL is not: 2019 (2 + 6) / 2 = 4; 2020 (3 + 5) / 2 = 4
    assert africa.loc[2019, "value"] == 4.0 and africa.loc[2020, "n"] == 2 and africa.loc[2020, "kind"] == "aggregate"


def test_unknown_group_is_empty_not_an_error():
    assert cp.group_members("zz:Nowhere") == ("zz:Nowhere", [])
    s = cp.build_series(VALUES, [], ["zz:Nowhere"], NAMES)
    assert s.empty


def test_wide_table_has_gaps_not_zeros_and_every_year_of_the_range():
    t = cp.wide_table(cp.build_series(VALUES, ["KEN", "NPL"], [], NAMES), (2018, 2020))
    t = t.set_index("country or aggregate")
    assert list(t.columns) == ["2018", "2019", "2020"]           # 2018 has no value anywhere: still a column
    assert t.loc["Kenya", "2019"] == 2.0 and t.loc["Nepal", "2019"] is None and t.loc["Kenya", "2018"] is None


def test_wide_table_says_how_many_countries_an_aggregate_averages():
    v = pd.concat([VALUES, pd.DataFrame({"iso3": ["TZA"], "year": [2020], "value": [1.0]})])
    t = cp.wide_table(cp.build_series(v, ["KEN"], ["un:Africa"], NAMES)).set_index("country or aggregate")
    # Africa: 2019 KEN, UGA (2 countries); 2020 KEN, UGA, TZA (3) -> "2-3"; 2020 mean (3 + 5 + 1) / 3 = 3
    assert t.loc["Region: Africa", "averages"] == "mean of 2-3 countries"
    assert t.loc["Region: Africa", "2020"] == 3.0 and t.loc["Kenya", "averages"] == ""


def test_indicator_values_average_quarters_within_a_year():
    annual = pd.DataFrame({"indicator_id": ["remittance_cost_to_country"] * 3 + ["other"],
                           "iso3": ["KEN", "KEN", "KEN", "KEN"], "year": [2019, 2019, 2021, 2019],
                           "value": [4.0, 6.0, 2.0, 99.0]})
    v = cp.indicator_values("remittance_cost_to_country", [2019, 2020], annual)
    # two 2019 quarters (4 + 6) / 2 = 5; 2021 is outside the years; the other indicator is not mixed in
    assert v.to_dict("records") == [{"iso3": "KEN", "year": 2019, "value": 5.0}]


def test_score_values_take_the_index_or_a_pillar_and_drop_gaps():
    wide = pd.DataFrame({"protection": [40.0, np.nan]}, index=pd.Index(["KEN", "UGA"], name="iso3"))
    overall = pd.Series([55.0, np.nan], index=wide.index)
    v = cp.score_values(cp.INDEX, [2019, 2020], lambda y: (wide, overall))
    assert v["iso3"].tolist() == ["KEN", "KEN"] and v["value"].tolist() == [55.0, 55.0]   # NaN is a gap, not 0
    assert cp.score_values("protection", [2020], lambda y: (wide, overall))["value"].tolist() == [40.0]


def test_index_year_weights_and_rules_by_hand():
    cat = load_catalogue()
    wide = pd.DataFrame({"protection": [80.0, 60.0], "recruitment": [np.nan, np.nan], "remittance": [40.0, np.nan],
                         "association": [60.0, 30.0]}, index=pd.Index(["AAA", "BBB"], name="iso3"))
    play = {p: {"in_play": p != "recruitment"} for p in PILLARS}
    overall, used = cp.index_year(wide, play, cat, {"protection": 2, "remittance": 1, "association": 1}, "arithmetic")
    # AAA: (2*80 + 40 + 60) / 4 = 65; BBB misses remittance -> no index
    assert used == ["protection", "remittance", "association"]
    assert overall["AAA"] == pytest.approx(65.0) and np.isnan(overall["BBB"])
    overall, used = cp.index_year(wide, play, cat, {"remittance": 0}, "geometric")
    # remittance weight 0 drops it: BBB now complete; geometric sqrt(60 * 30) = 42.43; AAA sqrt(80 * 60) = 69.28
    assert used == ["protection", "association"]
    assert overall["BBB"] == pytest.approx(42.426, abs=1e-3) and overall["AAA"] == pytest.approx(69.282, abs=1e-3)


def test_light_path_equals_the_full_scorecard_on_the_bundled_data():
    cat, st = load_catalogue(), get_store(None)
    full = with_derived(st.annual(), cat, st.migrant_stock())
    for year, weights, rule in [(2020, None, "arithmetic"), (2016, {"protection": 3}, "geometric")]:
        sc = score_all(st.annual(), cat, year, weights, rule, stock=st.migrant_stock())
        card = sc.countries.set_index("iso3")
        ys = cp.pillar_year(full, cat, year)
        wide, play = ys.wide, ys.play
        overall, used = cp.index_year(wide, play, cat, weights, rule)
        assert used == sc.index_pillars and overall.notna().sum() > 50
        # the composition read off the light path is the scorecard's (same indicators in play)
        assert composition(ys.status, used) == composition(sc.indicator_status, sc.index_pillars)
        pd.testing.assert_series_equal(overall.reindex(card.index), card["overall"], check_names=False)
        for p in PILLARS:
            pd.testing.assert_series_equal(wide[p].reindex(card.index), card[p], check_names=False)


def test_figure_gaps_symbols_source_and_aggregate_counts():
    s = cp.build_series(VALUES, ["NPL", "UGA"], ["un:Africa"], NAMES)
    fig = cp.figure(s, "t", "u", "src", (2019, 2020))
    nepal = fig.data[0]
    assert list(nepal.x) == [2019, 2020] and nepal.y[0] is None and nepal.y[1] == 9.0   # a gap, not a zero
    assert len({t.marker.symbol for t in fig.data}) == 3
    assert fig.data[2].name.startswith("Region: Africa") and "mean of 2 countries" in fig.data[2].name
    assert fig.data[2].line.dash == "dash"
    assert any("src" in a.text for a in fig.layout.annotations)


def test_what_options_and_meta():
    cat = load_catalogue()
    opts = cp.what_options(cat)
    assert len(opts) >= 17 and opts[0]["value"] == cp.INDEX
    assert cp.what_meta(cp.INDEX, cat)[1] == cp.SCORE_UNIT
    label, unit, source = cp.what_meta("remittance_cost_to_country", cat)
    assert unit == cat.get("remittance_cost_to_country")["unit"] and "World Bank" in source


# ---------------------------------------------------------------- comparable trends (DESIGN §3 item 9)
def _values(annual, what=cp.INDEX, mode=cp.YEARLY):
    """composite_values over 2019-2021 of a fixture table, equal weights, arithmetic mean."""
    values, segs, empty = cp.composite_values(what, [2019, 2020, 2021], lambda y: cp.pillar_year(annual, CAT, y),
                                              CAT, None, "arithmetic", mode)
    return values.set_index(["iso3", "year"])["value"].round(6).to_dict(), segs, empty


def test_index_as_scored_each_year_in_segments_of_constant_composition():
    values, segs, empty = _values(ANNUAL)
    # 2019 protection only (policy): AAA 40, BBB 80
    # 2020 + remittance: AAA (50 + 100 * (5 - 10) / (0 - 10) = 50) / 2 = 50; BBB (80 + 80) / 2 = 80
    # 2021 + law in protection: AAA ((60 + 100) / 2 + 60) / 2 = 70; BBB ((80 + 0) / 2 + 80) / 2 = 60
    assert values == {("AAA", 2019): 40, ("BBB", 2019): 80, ("AAA", 2020): 50, ("BBB", 2020): 80,
                      ("AAA", 2021): 70, ("BBB", 2021): 60}
    assert [(g.start, g.end, g.change) for g in segs] == [(2019, 2019, ""), (2020, 2020, "+ remittance pillar"),
                                                          (2021, 2021, "+ SDG 8.8.2 in protection")]
    assert empty == {}


def test_a_pillar_series_has_its_own_composition():
    values, segs, _ = _values(ANNUAL, what=R)
    # remittance: no indicator in 2019 (no score, no break), cost from 2020: AAA 50 then 60, BBB 80
    assert values == {("AAA", 2020): 50, ("BBB", 2020): 80, ("AAA", 2021): 60, ("BBB", 2021): 80}
    assert [(g.start, g.end, g.change) for g in segs] == [(2019, 2019, ""), (2020, 2021, "")]


def test_fixed_composition_leaves_years_that_cannot_form_it_empty():
    values, segs, empty = _values(ANNUAL, mode=cp.FIXED)
    # over 2021's composition (policy, law; cost): 2019 and 2020 lack law (and 2019 any cost): empty, never scored
    # around the missing indicator; 2021 as scored
    assert values == {("AAA", 2021): 70, ("BBB", 2021): 60}
    assert [(g.start, g.end, g.change) for g in segs] == [(2019, 2021, "")]
    assert empty == {2019: "SDG 8.8.2 in protection not in play; no remittance indicator in play",
                     2020: "SDG 8.8.2 in protection not in play"}


def test_fixed_composition_recomputes_a_year_that_had_more():
    values, segs, empty = _values(ANNUAL_LEAVES, mode=cp.FIXED)
    # law only in 2020; 2021's composition is policy; cost. 2020 recomputed without law:
    # AAA (50 + 50) / 2 = 50, BBB (80 + 80) / 2 = 80 (as scored in 2020 it was (75 + 50) / 2 = 62.5 and 60)
    # 2021: AAA (60 + 60) / 2 = 60, BBB (80 + 80) / 2 = 80
    assert values == {("AAA", 2020): 50, ("BBB", 2020): 80, ("AAA", 2021): 60, ("BBB", 2021): 80}
    assert empty == {2019: "no remittance indicator in play"}
    yearly, segs, _ = _values(ANNUAL_LEAVES)
    assert yearly[("AAA", 2020)] == 62.5 and [g.change for g in segs] == [
        "", "+ remittance pillar; + SDG 8.8.2 in protection", "\u2212 SDG 8.8.2 in protection"]


SEGS = [Segment(2019, 2019, ((P, ("policy",)),)), Segment(2020, 2020, ((P, ("policy",)), (R, ("cost",))),
                                                          "+ remittance pillar")]


def test_figure_never_joins_two_compositions_and_marks_the_break():
    s = cp.build_series(VALUES, ["KEN"], ["un:Africa"], NAMES)
    fig = cp.figure(s, "t", cp.SCORE_UNIT, "src", (2019, 2020), SEGS)
    kenya = [t for t in fig.data if t.legendgroup == "Kenya"]
    # one trace per composition: 2019 and 2020 are never on one line; one legend entry per entity
    assert [list(t.x) for t in kenya] == [[2019], [2020]] and [t.showlegend for t in kenya] == [True, False]
    assert [t.y[0] for t in kenya] == [2.0, 3.0]
    breaks = [a for a in fig.layout.annotations if a.name == "composition-break"]
    assert [(a.x, a.text) for a in breaks] == [(2019.5, "+ remittance pillar")]
    assert [sh.x0 for sh in fig.layout.shapes if sh.name == "composition-break"] == [2019.5]


def test_wide_table_marks_the_break_in_a_row():
    t = cp.wide_table(cp.build_series(VALUES, ["KEN"], [], NAMES), (2019, 2020), SEGS)
    assert t.iloc[0].to_dict() == {"country or aggregate": cp.BREAK_ROW, "2019": None, "2020": "+ remittance pillar"}
    assert t.iloc[1].to_dict() == {"country or aggregate": "Kenya", "2019": 2.0, "2020": 3.0}


def test_composition_note_says_the_rule_each_run_and_the_fixed_gaps():
    yearly = cp.composition_note(SEGS, CAT)
    assert "never joins two compositions" in yearly and cp.BREAK_ROW in yearly
    assert "2019: protection (policy). 2020: protection (policy); remittance (cost)." in yearly
    one = cp.composition_note([Segment(2015, 2016, ((P, ("policy",)),))], CAT)
    assert one == "Composition, the same in every year with a score: protection (policy)."
    fixed = cp.composition_note([Segment(2019, 2021, ((P, ("policy",)),))], CAT, cp.FIXED,
                                {2019: "no x", 2020: "no x"})
    assert "composition of 2021: protection (policy)" in fixed and fixed.endswith("never zero: 2019-2020 (no x).")


def test_years_are_materialised_once_per_data_version_and_read_by_a_later_process(tmp_path, monkeypatch):
    from indicators.scoring import materialise
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    cat, st = load_catalogue(), get_store(None)
    built = []

    def full():
        built.append(1)
        return with_derived(st.annual(), cat, st.migrant_stock())
    first = cp.materialised_year(st.root, st.version(), cat, 2020, full)
    again = cp.materialised_year(st.root, st.version(), cat, 2020, full)     # as a new process: read from disk
    assert built == [1]
    pd.testing.assert_frame_equal(first.wide, again.wide)
    pd.testing.assert_frame_equal(first.wide, cp.pillar_year(full(), cat, 2020).wide)
    # another data version is another file: computed again
    cp.materialised_year(st.root, "another-version", cat, 2020, full)
    assert len(built) == 3
    files = list((tmp_path / "cache").rglob("compare-year-2020-*.pkl"))
    assert len(files) == 2
