"""The shipped catalogue is complete and consistent."""
from __future__ import annotations

import copy

import yaml

from indicators.i18n import use
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


def test_problems_are_said_in_the_language_with_the_id_kept():
    raw = yaml.safe_load(open(CATALOGUE_PATH, encoding="utf-8"))
    entry = next(e for e in raw["indicators"] if e["id"] == "remittance_cost_corridor")
    entry["best"], entry["worst"], entry["weight"] = 15, 3, -1
    cat = parse_catalogue(raw)
    with use("fr"):
        fr = catalogue_problems(cat)
    with use("es"):
        es = catalogue_problems(cat)
    assert "remittance_cost_corridor: la meilleure valeur 15.0 n’est pas au-dessous de la pire valeur 3.0" in fr
    assert "remittance_cost_corridor: pondération négative" in fr
    assert "remittance_cost_corridor: el mejor valor 15.0 no está por debajo del peor valor 3.0" in es
    assert "remittance_cost_corridor: ponderación negativa" in es
    assert len(fr) == len(es) == len(catalogue_problems(cat))           # the same findings, only the words differ


def test_catalogue_table_has_export_columns():
    t = catalogue_table(load_catalogue())
    for col in ("id", "name", "pillar", "level", "unit", "direction", "best", "worst", "weight", "valid_min",
                "valid_max", "sdg", "gcm", "source"):
        assert col in t.columns
    assert t.loc[t["id"] == "remittance_cost_corridor", "thresholds"].item() == "3;5;10"


NEW_FRAMEWORK_IDS = {"ilo_c29_ratified", "ilo_p29_ratified", "ilo_c105_ratified", "economic_exploitation_fh",
                     "freedom_of_movement_fh", "trafficking_tier_us", "worker_rights_ciri", "trade_union_density_ilo",
                     "collective_bargaining_coverage_ilo"}


def test_every_shipped_entry_states_side_scope_and_role():
    raw = yaml.safe_load(open(CATALOGUE_PATH, encoding="utf-8"))
    for e in raw["indicators"]:
        assert e.get("side") in ("de_jure", "de_facto"), e["id"]
        assert e.get("scope") in ("migrant", "general"), e["id"]
        assert e.get("role") in ("scored", "context"), e["id"]
    ind = load_catalogue().indicators
    assert ind.at["icrmw_party", "side"] == "de_jure" and ind.at["icrmw_party", "period_min"] == 1990
    assert ind.at["ilo_c189_ratified", "scope"] == "migrant" and "domestic" in ind.at["ilo_c189_ratified", "method_note"]
    assert ind.at["ilo_c181_ratified", "scope"] == "general"
    assert (ind.at["labour_rights_sdg882", "side"], ind.at["migration_policy_sdg1072", "side"]) == ("de_facto",
                                                                                                    "de_jure")
    assert ind.at["remittance_cost_corridor", "period_min"] == 1950          # the default
    assert ind.loc[ind["id"].str.startswith("ilo_c") | ind["id"].str.startswith("ilo_p"), "period_min"].eq(1919).all()


def test_new_sources_are_scored_or_context_as_framework_v2_says():
    ind = load_catalogue().indicators
    assert NEW_FRAMEWORK_IDS <= set(ind.index)
    new = NEW_FRAMEWORK_IDS | {"ilo_c87_ratified", "ilo_c98_ratified", "ituc_rights_rating"}
    context = ind.index[ind["role"] == "context"]
    # method v2: context indicators never count (weight 0); the scored new ones count with weight 1
    assert (ind.loc[sorted(set(new) & set(context)), "weight"] == 0).all()
    assert (ind.loc[sorted(set(new) - set(context)), "weight"] == 1).all()
    assert set(new) - set(context) == {"ilo_p29_ratified", "economic_exploitation_fh", "freedom_of_movement_fh",
                                       "ilo_c87_ratified", "ilo_c98_ratified", "ituc_rights_rating"}
    assert ind.loc[sorted(new), "data_status"].isna().all()                  # they have bundled data now
    assert set(ind.index[ind["role"] == "context"]) == {"ilo_c29_ratified", "ilo_c105_ratified", "trafficking_tier_us",
                                                        "worker_rights_ciri", "trade_union_density_ilo",
                                                        "collective_bargaining_coverage_ilo"}
    assert "ITUC copyright" in ind.at["ituc_rights_rating", "licence"]
    assert "non-commercial" in ind.at["worker_rights_ciri", "licence"]


def test_classification_problems_are_detected():
    raw = yaml.safe_load(open(CATALOGUE_PATH, encoding="utf-8"))
    bad = copy.deepcopy(raw)
    entries = {e["id"]: e for e in bad["indicators"]}
    entries["icrmw_party"]["side"] = "in_law"
    entries["ilo_c29_ratified"]["weight"] = 1                # context but weighted
    entries["trafficking_tier_us"]["period_min"] = "2001s"
    entries["trade_union_freedom_fh"]["role"] = "shown"
    problems = catalogue_problems(parse_catalogue(bad))
    assert any(p.startswith("icrmw_party: side must be one of de_jure, de_facto") for p in problems)
    assert any(p.startswith("ilo_c29_ratified: a context indicator") for p in problems)
    assert any(p.startswith("trafficking_tier_us: period_min") for p in problems)
    assert any(p.startswith("trade_union_freedom_fh: role") for p in problems)
    # a working group's proposal states neither side nor scope: defaults, no problem
    del entries["icrmw_party"]["side"], entries["icrmw_party"]["scope"], entries["icrmw_party"]["role"]
    cat = parse_catalogue(bad)
    assert cat.indicators.at["icrmw_party", "role"] == "scored"
    assert not [p for p in catalogue_problems(cat) if p.startswith("icrmw_party")]


def test_catalogue_table_lists_the_classification():
    t = catalogue_table(load_catalogue())
    for col in ("side", "scope", "role", "period_min"):
        assert col in t.columns
    assert t.loc[t["id"] == "worker_rights_ciri", ["side", "scope", "role"]].values.tolist() == [
        ["de_facto", "general", "context"]]
