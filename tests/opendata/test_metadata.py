"""Catalogue and indicator metadata of the read API: catalogue fields, terms, coverage counted by hand, citation."""
from __future__ import annotations

from indicators.opendata.metadata import catalogue_payload, indicator_payload
from indicators.store.catalogue import load_catalogue
from tests.opendata.tiny import build


def test_indicator_metadata_has_definition_goalposts_terms_coverage_and_citation(tmp_path):
    st, _, _ = build(tmp_path / "d")
    m = indicator_payload(st, "labour_rights_sdg882")
    row = load_catalogue().get("labour_rights_sdg882")
    for key in ("definition", "unit", "direction", "best", "worst", "sdg", "gcm", "source", "licence"):
        assert m[key] == row[key], key
    assert m["thresholds"] == list(row["thresholds"])
    # KEN 2018, KEN 2019, UGA 2019: 2 countries, 2018-2019, 3 values
    assert m["coverage"] == {"countries": 2, "first_year": 2018, "last_year": 2019, "values": 3}
    assert m["terms"]["redistribution"] == "open" and m["terms"]["licence_ids"] == ["CC-BY-4.0"]
    assert m["citation"].startswith("ILO, SDG indicator 8.8.2, via Our World in Data (CC BY 4.0). Compiled in")
    assert m["links"]["values_csv"] == "/api/v1/indicators/labour_rights_sdg882/values.csv"


def test_catalogue_lists_every_indicator_with_coverage_zero_where_no_values(tmp_path):
    st, _, _ = build(tmp_path / "d")
    p = catalogue_payload(st)
    by_id = {i["id"]: i for i in p["indicators"]}
    assert list(by_id) == load_catalogue().ids
    assert by_id["remittance_cost_corridor"]["coverage"] == {"corridors": 2, "first_year": 2019, "last_year": 2020,
                                                             "values": 3}
    assert by_id["icrmw_party"]["coverage"]["countries"] == 0
    assert by_id["ituc_rights_rating"]["terms"]["redistribution"] == "restricted"
