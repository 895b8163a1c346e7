"""An indicator's current values, filtered, each with its period, year, source and upload id (tiny store by hand)."""
from __future__ import annotations

import pytest

from indicators.opendata.errors import ApiError
from indicators.opendata.values import values
from tests.opendata.tiny import build


@pytest.fixture
def tiny(tmp_path):
    return build(tmp_path / "d")


def test_current_values_come_from_the_latest_upload_with_their_source(tiny):
    st, first, second = tiny
    df = values(st, "labour_rights_sdg882")
    assert list(df.columns) == ["indicator_id", "iso3", "period", "year", "value", "sex", "source", "note",
                                "upload_id"]
    rows = df[["iso3", "period", "value", "upload_id"]].values.tolist()
    assert rows == [["KEN", "2018", 4.0, first], ["KEN", "2019", 3.0, second], ["UGA", "2019", 4.0, first]]
    assert df.loc[2, "source"] == "Uganda ministry" and df.loc[2, "note"] == "provisional"


def test_filters_by_countries_and_years(tiny):
    st, _, _ = tiny
    assert values(st, "labour_rights_sdg882", countries=["KEN"]).shape[0] == 2
    assert values(st, "labour_rights_sdg882", years=(2019, 2019))["iso3"].tolist() == ["KEN", "UGA"]
    assert values(st, "labour_rights_sdg882", countries=["NPL"]).empty


def test_corridor_values_filter_by_corridor_or_either_end(tiny):
    st, _, _ = tiny
    df = values(st, "remittance_cost_corridor", corridors=[("NPL", "QAT")])
    assert df["period"].tolist() == ["2019Q1", "2019Q2"] and df["value"].tolist() == [4.25, 4.75]
    assert values(st, "remittance_cost_corridor", countries=["SAU"])["origin_iso3"].tolist() == ["PHL"]
    assert values(st, "remittance_cost_corridor", corridors=[("QAT", "NPL")]).empty    # direction matters


def test_corridors_on_a_country_indicator_and_unknown_indicators_are_refused(tiny):
    st, _, _ = tiny
    with pytest.raises(ApiError) as e:
        values(st, "labour_rights_sdg882", corridors=[("NPL", "QAT")])
    assert e.value.status == 400
    with pytest.raises(ApiError) as e:
        values(st, "nope")
    assert e.value.status == 404
