"""The prepared annual frame (indicators/scoring/prepared.py) on hand-made rows: place numbers, the order by indicator,
place and year, latest rows per window, group numbers; and that scoring from it equals scoring from the frame."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.scoring.latest import latest_values
from indicators.scoring.prepared import (Prepared, group_numbers, keyed, latest_positions, one_chunk, per_id,
                                         prepare)
from indicators.scoring.scorecard import score_all
from tests.scoring.test_scoring import CAT, obs

# rows out of order; positions 0..6
ROWS = obs([("policy", "BBB", 2019, 40), ("policy", "AAA", 2020, 20), ("cost_corridor", "NPL>QAT", 2018, 8),
            ("policy", "AAA", 2012, 10), ("cost_corridor", "NPL>QAT", 2020, 6), ("policy", "AAA", 2016, 15),
            ("rights", "AAA", 2010, 3)])


def test_keyed_orders_rows_by_indicator_place_and_year():
    p = keyed(ROWS)
    # indicator ids in text order: cost_corridor, policy, rights; places: AAA, BBB, NPL>QAT
    assert list(p.ids) == ["cost_corridor", "policy", "rights"]
    assert p.order.tolist() == [2, 4, 3, 5, 1, 0, 6]           # NPL>QAT 2018, 2020; AAA 2012, 2016, 2020; BBB; rights
    assert p.group.tolist() == [0, 0, 1, 1, 1, 2, 3]
    assert p.year.tolist() == [2018, 2020, 2012, 2016, 2020, 2019, 2010]
    assert p.code.tolist() == [0, 0, 1, 1, 1, 1, 2]
    assert p.full["place"].tolist() == ["BBB", "AAA", "NPL>QAT", "AAA", "NPL>QAT", "AAA", "AAA"]
    assert p.full["place"].dtype == object and "place" not in ROWS


def test_latest_positions_take_the_latest_year_inside_each_window():
    p = keyed(ROWS)
    # window 5 for all, year 2018: NPL>QAT 2018 (pos 2), AAA policy 2016 (pos 5); BBB 2019 and rights 2010 are out
    assert latest_positions(p, np.full(7, 5.0), 2018).tolist() == [2, 5]
    # an unlimited window keeps rights 2010 (pos 6); NaN (not in the catalogue) leaves a row out
    win = np.array([5, 5, 5, 5, 5, 5, np.inf])
    assert latest_positions(p, win, 2020).tolist() == [4, 1, 0, 6]
    assert latest_positions(p, np.full(7, np.nan), 2020).tolist() == []


def test_per_id_and_column_look_up_once_per_indicator():
    p = keyed(ROWS)
    assert per_id(p.ids, {"policy": 2.0}).tolist()[1] == 2.0 and np.isnan(per_id(p.ids, {"policy": 2.0})[0])
    assert per_id(p.ids, {"policy": 2.0}, default=9.0).tolist() == [9.0, 2.0, 9.0]
    assert p.column({"rights": 1.0}, 0.0).tolist() == [0, 0, 0, 0, 0, 0, 1]


def test_group_numbers_and_group_of_agree():
    p = keyed(ROWS)
    rows = pd.DataFrame({"indicator_id": ["policy", "rights", "policy", "cost_corridor"],
                         "place": ["BBB", "AAA", "ZZZ", "NPL>QAT"]})
    assert group_numbers(p, rows).tolist() == [2, 3, -1, 0]
    assert p.group_of(np.array([0, 6, 4])).tolist() == [2, 3, 0]


def test_a_frame_with_its_place_column_and_no_rows():
    p = keyed(keyed(ROWS).full)                   # 'place' given: numbered from it, same order
    assert p.order.tolist() == [2, 4, 3, 5, 1, 0, 6]
    empty = keyed(ROWS.iloc[:0])
    assert len(empty.order) == 0 and len(latest_values(empty, CAT, 2020)) == 0


def test_prepare_appends_derived_rows_and_numbers_their_places_with_the_others():
    # corridor NPL>QAT 2020 cost 6 -> derived cost_home for QAT 2020 = 6 (one corridor, unweighted)
    p = prepare(ROWS, CAT)
    assert isinstance(p, Prepared) and len(p.full) == len(ROWS) + 2        # QAT 2018 and 2020
    derived = p.full[p.full["indicator_id"] == "cost_home"]
    assert derived["place"].tolist() == ["QAT", "QAT"] and derived["value"].tolist() == [8.0, 6.0]
    assert p.group_of(np.array([1]))[0] == p.group_of(np.array([3]))[0]     # AAA policy 2020 and 2012: one group


def test_scoring_from_the_prepared_frame_equals_scoring_from_the_frame():
    a = obs([("policy", c, y, v) for c, base in (("AAA", 60), ("BBB", 30), ("CCC", 80)) for y, v in
             ((2016, base), (2018, base + 5), (2020, base + 10))]
            + [("cost_corridor", "AAA>BBB", y, 9 - y % 3) for y in (2017, 2019)])
    for year in (2018, 2020):
        one, two = score_all(a, CAT, year, sensitivity_draws=0), score_all(prepare(a, CAT), CAT, year,
                                                                              sensitivity_draws=0)
        pd.testing.assert_frame_equal(one.indicators, two.indicators)
        pd.testing.assert_frame_equal(one.countries, two.countries)
        assert one.measured == two.measured == {"policy", "cost_corridor", "cost_home"}


def test_one_chunk_merges_arrow_columns_and_keeps_values_and_dtypes():
    import pyarrow as pa
    chunked = pa.chunked_array([pa.array(["KEN", "UGA"]), pa.array([None, "NPL"])])
    frame = pd.DataFrame({"iso3": chunked.to_pandas(), "value": [1.0, 2.0, 3.0, 4.0]})
    assert frame["iso3"].array.__arrow_array__().num_chunks == 2
    out = one_chunk(frame)
    assert out["iso3"].array.__arrow_array__().num_chunks == 1 and out["iso3"].dtype == frame["iso3"].dtype
    pd.testing.assert_frame_equal(out, frame)
    assert frame["iso3"].array.__arrow_array__().num_chunks == 2          # the given frame is left as it was
    assert one_chunk(out) is out                                          # nothing to merge: the same frame
