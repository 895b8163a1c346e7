"""Producers of the bundled indicators: credit lines, licences, what may be redistributed (producers.yaml)."""
from __future__ import annotations

from indicators.store.catalogue import load_catalogue
from indicators.store.producers import REDISTRIBUTION, indicator_terms, producers, producers_of


def test_every_listed_indicator_is_in_the_catalogue_and_every_class_is_known():
    cat = load_catalogue()
    for p in producers():
        assert set(p.indicators) <= set(cat.ids), p.id
        assert p.redistribution in REDISTRIBUTION
        assert (p.redistribution == "open") == bool(p.licence_id), p.id      # an open licence has an SPDX id


def test_ituc_and_ciri_state_no_open_licence_as_provenance_says():
    cat = load_catalogue()
    for iid in ("ituc_rights_rating", "worker_rights_ciri"):
        terms = indicator_terms(iid, cat)
        assert terms["redistribution"] == "restricted" and "no open licence" in terms["licences"][0]
        assert terms["licence_ids"] == []


def test_a_derived_indicator_names_both_producers_and_an_uploaded_one_its_group_terms():
    cat = load_catalogue()
    names = [p.citation for p in producers_of(["remittance_cost_home_from"], cat)]
    assert names == ["World Bank, Remittance Prices Worldwide", "UN DESA, International Migrant Stock"]
    up = indicator_terms("recruitment_cost_corridor", cat)
    assert up["redistribution"] == "uploaded" and up["licences"] == ["As declared by the uploading group"]


def test_producers_come_once_in_the_order_the_indicators_are_given():
    cat = load_catalogue()
    ids = ["ilo_c87_ratified", "remittance_cost_corridor", "ilo_c98_ratified"]
    assert [p.id for p in producers_of(ids, cat)] == ["ilo_normlex", "world_bank_rpw"]


def test_every_redistribution_class_is_said_in_french_and_spanish():
    # the project's own sentences (not the producers' licence texts) exist in each language, else English shows
    from indicators.i18n import use
    from indicators.store.producers import REDISTRIBUTION, redistribution_text
    for kind in REDISTRIBUTION:
        en, fr, es = (redistribution_text(kind, lang) for lang in ("en", "fr", "es"))
        assert len({en, fr, es}) == 3, kind
        with use("fr"):
            assert redistribution_text(kind) == fr                    # the language in force by default
    assert redistribution_text("open", "es") == "Puede redistribuirse con la licencia indicada, citando al productor."
