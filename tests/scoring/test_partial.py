"""Countries outside a survey's coverage (indicators/scoring/partial.py: uncovered), on hand-made rows."""
from __future__ import annotations

from indicators.scoring.partial import uncovered
from indicators.scoring.prepared import prepare
from tests.scoring.test_scoring import CAT, obs


def test_uncovered_pairs_have_no_value_of_the_pillar_up_to_the_year():
    a = obs([("policy", "AAA", 2015, 1), ("rights", "BBB", 2019, 2), ("recruit", "AAA", 2020, 3),
             ("recruit", "AAA", 2012, 4), ("cost_corridor", "AAA>BBB", 2016, 5)])
    # up to 2018: AAA has protection (policy 2015) and recruitment (recruit 2012, its earliest row); BBB's rights
    # value is 2019, too late; the corridor row names no country
    want = {("AAA", "association"), ("AAA", "remittance"),
            ("BBB", "association"), ("BBB", "protection"), ("BBB", "recruitment"), ("BBB", "remittance")}
    assert uncovered(a, CAT, 2018) == want
    # up to 2019 BBB's association counts; the derived cost_home (BBB, from the corridor) covers its remittance
    assert uncovered(prepare(a, CAT), CAT, 2019) == {("AAA", "association"), ("AAA", "remittance"),
                                                     ("BBB", "protection"), ("BBB", "recruitment")}
