"""The shipped catalogue is complete and consistent."""
from __future__ import annotations

import copy

import yaml

from indicators.store.catalogue import (
    CATALOGUE_PATH, PILLARS, catalogue_problems, catalogue_table, load_catalogue, parse_catalogue)


def test_shipped_catalogue_has_no_problems():
    assert catalogue_problems(load_catalogue()) == []


def test_at_least_twelve_indicators_across_all_four_pillars():
    cat = load_catalogue()
    assert len(cat.ids) >= 12
    assert set(cat.indicators["pillar"]) == set(PILLARS)


def test_every_entry_has_references_source_and_licence():
    for _, row in load_catalogue().indicators.iterrows():
        for field in ("sdg", "gcm", "source", "licence", "definition", "unit"):
            assert str(row[field]).strip(), f"{row['id']} lacks {field}"


def test_every_pillar_has_a_country_indicator_of_its_own():
    ind = load_catalogue().indicators
    own = ind[(ind["level"] == "country") & ind["derived_from"].isna()]
    assert set(own["pillar"]) == set(PILLARS)


def test_problems_are_detected():
    raw = yaml.safe_load(open(CATALOGUE_PATH, encoding="utf-8"))
    bad = copy.deepcopy(raw)
    entry = next(e for e in bad["indicators"] if e["id"] == "remittance_cost_corridor")
    entry["best"], entry["worst"] = 15, 3          # best on the wrong side for lower_is_better
    entry["thresholds"] = [10, 5, 3]               # ordered the wrong way
    del entry["raw_direction"]
    problems = catalogue_problems(parse_catalogue(bad))
    assert any("best 15.0 is not on the low side" in p for p in problems)
    assert any("not ordered" in p for p in problems)
    assert any("raw_direction" in p for p in problems)


def test_catalogue_table_has_export_columns():
    t = catalogue_table(load_catalogue())
    for col in ("id", "name", "pillar", "level", "unit", "direction", "best", "worst", "weight", "valid_min",
                "valid_max", "sdg", "gcm", "source"):
        assert col in t.columns
    assert t.loc[t["id"] == "remittance_cost_corridor", "thresholds"].item() == "3;5;10"
