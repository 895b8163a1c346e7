"""OLS slopes per group (indicators/scoring/trends.py: slopes) and the trend class of series whose slope is exactly
0, on hand-made numbers."""
from __future__ import annotations

import numpy as np

from indicators.scoring.trends import slopes
from tests.scoring.test_scoring import _trend


def test_slopes_per_group_of_consecutive_rows():
    # group 4: x -2, -1, 0 with y 1, 3, 5 -> slope 2; group 7: x -1, 0 with y 10, 4 -> slope -6; group 9: one point
    st = slopes(np.array([4, 4, 4, 7, 7, 9]), np.array([-2.0, -1, 0, -1, 0, 0]), np.array([1.0, 3, 5, 10, 4, 8]))
    assert st.index.tolist() == [4, 7, 9]
    assert st["n"].tolist() == [3, 2, 1]
    assert st["slope"].tolist()[:2] == [2.0, -6.0] and np.isnan(st["slope"].iloc[2])    # one point: no slope


def test_a_constant_or_symmetric_series_has_slope_exactly_zero():
    # 92.8 is not a binary fraction: sums of x * y over absolute years left a rounding error of either sign
    x = np.arange(-5.0, 1.0)
    assert slopes(np.zeros(6, int), x, np.full(6, 92.8))["slope"].iloc[0] == 0.0
    sym = np.array([33.3, 33.3, 66.7, 66.7, 66.7, 66.7, 33.3, 33.3])
    assert slopes(np.zeros(8, int), np.arange(-7.0, 1.0), sym)["slope"].iloc[0] == 0.0


def test_no_rows_give_no_slopes():
    assert slopes(np.array([], int), np.array([]), np.array([]))["slope"].tolist() == []


def test_constant_values_are_stagnating_never_worsening():
    # cost 9.0 each year (score 50): slope 0 against 5 a year needed -> ratio 0 -> stagnating
    assert _trend([9.0] * 5) == "stagnating"
    # cost 8.88 (score 51, not a binary fraction) each year from 2011: still exactly 0
    assert _trend([8.88] * 10, years=range(2011, 2021)) == "stagnating"
