"""The catalogue's words in French and Spanish (catalogue.<lang>.yaml): only words change, never numbers or ids."""
from indicators.i18n import use
from indicators.store.catalogue import load_catalogue
from indicators.store.catalogue_text import localised


def test_english_is_the_catalogue_itself():
    cat = load_catalogue()
    assert localised(cat, "en") is cat
    assert localised(cat) is cat                 # the language in force is English outside use()


def test_words_change_and_numbers_stay():
    cat = load_catalogue()
    fr = localised(cat, "fr")
    assert fr.get("icrmw_party")["short_name"] == "ICRMW ratifiée"
    assert fr.get("remittance_cost_corridor")["unit"] == "% des 200 dollars É.-U. envoyés"
    assert fr.pillars["association"]["name"] == "Liberté d'association"
    assert fr.rating_label("achieved", "remittance_cost_corridor") == "Cible des ODD atteinte (3 % ou moins)"
    assert fr.rating_label("high") == "Élevé"
    for col in ("best", "worst", "thresholds", "weight", "pillar", "level", "source"):
        assert list(fr.indicators[col]) == list(cat.indicators[col])
    assert fr.settings is cat.settings
    assert cat.get("icrmw_party")["short_name"] == "ICRMW ratified"       # the shipped catalogue is untouched


def test_binary_labels_and_spanish():
    cat = load_catalogue()
    with use("es"):
        es = localised(cat)
        assert es.rating_label("achieved", "ilo_c97_ratified") == "Sí"
        assert es.rating_label("major", "ilo_c97_ratified") == "No"
        assert es.gcm_objectives[0]["title"].startswith("Velar por que todos los migrantes")
    assert localised(cat, "es") is localised(cat, "es")                  # built once per catalogue and language
