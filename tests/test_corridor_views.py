"""Corridor-page data functions on hand-made corridors."""
from __future__ import annotations

import pandas as pd
import pytest

from indicators import corridor_views as cv
from indicators.catalogue import load_catalogue
from indicators.scoring import score_all

CAT = load_catalogue()


def card():
    """Four corridors with costs 2.5, 4, 6 and 12 % (two from Nepal)."""
    rows = [("remittance_cost_corridor", None, "NPL", "QAT", 2020, 2.5),
            ("remittance_cost_corridor", None, "NPL", "MYS", 2020, 6.0),
            ("remittance_cost_corridor", None, "PAK", "SAU", 2019, 4.0),
            ("remittance_cost_corridor", None, "ZWE", "ZAF", 2020, 12.0)]
    a = pd.DataFrame(rows, columns=["indicator_id", "iso3", "origin_iso3", "destination_iso3", "year", "value"])
    return score_all(a, CAT, 2020)


def test_select_and_headlines_worked_by_hand():
    c = card()
    every = cv.select(c)
    assert every["remittance_cost"].tolist() == [12.0, 6.0, 4.0, 2.5]          # costliest first
    h = cv.headlines(every)
    # mean (12 + 6 + 4 + 2.5) / 4 = 6.125; above 5 %: 12 and 6; at or below 3 %: 2.5
    assert h["mean_cost"] == pytest.approx(6.125) and (h["above_5"], h["at_target"]) == (2, 1)
    nepal = cv.select(c, origin="NPL")
    assert set(nepal["destination_name"]) == {"Qatar", "Malaysia"}
    assert cv.headlines(cv.select(c, "NPL", "QAT"))["corridors"] == 1


def test_options_list_all_then_countries():
    o = cv.options(card(), "origin")
    assert o[0] == {"label": "All", "value": "ALL"} and {x["value"] for x in o[1:]} == {"NPL", "PAK", "ZWE"}


def test_quarterly_periods_become_ordered_dates():
    q = cv.quarterly(pd.DataFrame({"period": ["2016Q3", "2011Q1", "2016Q1", "2012"], "value": [5, 9, 6, 8]}))
    assert q["period"].tolist() == ["2011Q1", "2012", "2016Q1", "2016Q3"]
    assert q["date"].dt.month.tolist() == [1, 1, 1, 7]


def test_trend_figure_has_target_and_ceiling_lines():
    q = cv.quarterly(pd.DataFrame({"period": ["2019Q1", "2019Q2"], "value": [4.2, 3.9]}))
    fig = cv.trend_figure(q, "Nepal", "Qatar")
    assert sorted(sh["y0"] for sh in fig.layout.shapes) == [3, 5]
    assert "from Qatar to Nepal" in fig.layout.title.text


def test_bar_figure_sorted_with_rating_colours():
    sel = cv.select(card(), origin="NPL")
    fig = cv.bar_figure(sel, "emigrants from Nepal", 2020)
    bar = fig.data[0]
    assert list(bar.x) == [2.5, 6.0] and list(bar.y) == ["Qatar", "Malaysia"]
    assert bar.marker.color[0] == "#0571b0" and bar.marker.color[1] == "#f4a582"   # achieved; significant
