"""Country names from pycountry's ISO 3166-1 translations (iso-codes), never typed by hand."""
from indicators.i18n import use
from indicators.i18n.countries import all_names, country_name, localise_names, names


def test_translated_short_names():
    assert names("fr")["CIV"] == "Côte d'Ivoire" and names("fr")["DEU"] == "Allemagne"
    assert names("es")["DEU"] == "Alemania" and names("es")["NLD"] == "Países Bajos"


def test_country_name_follows_the_language_and_keeps_unknown_codes():
    assert country_name("DEU", "Germany") == "Germany"
    with use("fr"):
        assert country_name("DEU", "Germany") == "Allemagne"
        assert country_name("XKX", "Kosovo") == "Kosovo"        # not in ISO 3166-1: the project's own name
        assert localise_names({"ESP": "Spain", "XKX": "Kosovo"}) == {"ESP": "Espagne", "XKX": "Kosovo"}


def test_all_names_lists_official_forms_too():
    assert "État plurinational de Bolivie" in all_names("fr")["BOL"]
