"""Query parameters of the read API: each bad one is a 400 (404 for an unknown indicator) with the reason."""
from __future__ import annotations

import pytest

from indicators.opendata import params
from indicators.opendata.errors import ApiError
from indicators.store.catalogue import load_catalogue


def refused(fn, *args) -> ApiError:
    """The ApiError fn raises."""
    with pytest.raises(ApiError) as err:
        fn(*args)
    return err.value


def test_countries_are_iso3_known_each_once_and_at_most_300():
    assert params.countries(" ken, UGA,KEN,, ") == ["KEN", "UGA"]
    assert params.countries("") is None and params.countries(None) is None
    e = refused(params.countries, "KEN,XXX,QQQ")
    assert e.status == 400 and "XXX, QQQ" in e.reason
    many = ",".join(f"A{i:02d}" for i in range(301))
    assert "at most 300" in refused(params.countries, many).reason


def test_corridors_are_origin_destination_pairs():
    assert params.corridors("npl-qat,PHL-SAU") == [("NPL", "QAT"), ("PHL", "SAU")]
    assert "ORIGIN-DESTINATION" in refused(params.corridors, "NPLQAT").reason
    assert "unknown country" in refused(params.corridors, "NPL-XXX").reason
    assert "at most 1000" in refused(params.corridors, ",".join(f"K{i:03d}-QAT" for i in range(1001))).reason


@pytest.mark.parametrize("text,expected", [("2019", (2019, 2019)), ("2015-2020", (2015, 2020)),
                                           ("2015-", (2015, 2100)), ("-2020", (1900, 2020))])
def test_years_take_a_year_or_a_range(text, expected):
    assert params.years(text) == expected


@pytest.mark.parametrize("text,words", [("2020-2010", "runs backwards"), ("20x9", "must be a year"),
                                        ("1800-1900", "years run from"), ("2019 2020", "must be a year"),
                                        ("-", "must be a year")])
def test_bad_years_are_refused_with_the_reason(text, words):
    e = refused(params.years, text)
    assert e.status == 400 and words in e.reason


def test_reference_year_must_be_one_scored():
    span = {"first": 2011, "last": 2025}
    assert params.year(None, span, 2021) == 2021 and params.year("2015", span, 2021) == 2015
    assert "outside the years scored (2011-2025)" in refused(params.year, "2010", span, 2021).reason
    assert "four-digit" in refused(params.year, "twenty", span, 2021).reason


def test_weights_equal_to_the_catalogue_are_none_others_merge():
    cat = load_catalogue()
    assert params.weights("protection=1", cat) is None
    assert params.weights("remittance=2", cat) == {"protection": 1, "recruitment": 1, "remittance": 2,
                                                   "association": 1}
    assert "unknown pillar" in refused(params.weights, "health=1", cat).reason
    zero = "protection=0,recruitment=0,remittance=0,association=0"
    assert "above 0" in refused(params.weights, zero, cat).reason


def test_rule_and_indicator():
    assert params.rule(None) == "arithmetic" and params.rule("Geometric") == "geometric"
    assert refused(params.rule, "median").status == 400
    e = refused(params.indicator, "no_such", load_catalogue())
    assert e.status == 404 and "/api/v1/catalogue" in e.reason
