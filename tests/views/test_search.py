"""Country search: options found by name, official name, code or alias; typed text resolved to a profile."""
from __future__ import annotations

import pandas as pd

from indicators.views import search

TABLE = pd.DataFrame({"iso3": ["NPL", "CIV"], "iso2": ["NP", "CI"], "name": ["Nepal", "Côte d'Ivoire"],
                      "official_name": ["Federal Democratic Republic of Nepal", "Republic of Côte d'Ivoire"]})
ALIASES = pd.DataFrame({"alias": ["Nepal", "Ivory Coast", "Cote d'Ivoire"], "iso3": ["NPL", "CIV", "CIV"],
                        "origin": ["pycountry", "wdi", "rpw"]})


def test_search_text_has_name_official_name_codes_and_aliases_once():
    row = TABLE.iloc[1]
    assert search.search_text(row, ["Ivory Coast", "Cote d'Ivoire"]) == (
        "côte d'ivoire | republic of côte d'ivoire | civ | ci | ivory coast | cote d'ivoire")
    assert search.search_text(TABLE.iloc[0], ["Nepal"]) == "nepal | federal democratic republic of nepal | npl | np"


def test_options_sorted_by_name_with_code_in_label_and_aliases_in_search_words():
    opts = search.country_options(TABLE, ALIASES)
    assert [o["value"] for o in opts] == ["CIV", "NPL"]            # "côte" sorts before "nepal"
    assert opts[0]["label"] == "Côte d'Ivoire (CIV)"
    # "côte", "d'ivoire", "civ" and "ci" are parts of the label's words "côte", "d'ivoire", "(civ)": left out
    assert opts[0]["search"] == "republic of ivory coast cote"
    assert opts[1]["search"] == "federal democratic republic of"


def test_index_words_keep_every_match_of_the_full_text():
    """Every substring of a word of the label or the full text is still a substring of a word of the label or the
    kept words (what the dropdown's index matches), and nothing else is."""
    label, text = "Côte d'Ivoire (CIV)", "côte d'ivoire | republic of côte d'ivoire | civ | ci | ivory coast | cote"
    kept = search.index_words(label, text)

    def substrings(words):
        return {w[i:j] for w in words for i in range(len(w)) for j in range(i + 1, len(w) + 1)}
    full = substrings(label.lower().split() + [w for w in text.split() if w != "|"])
    assert substrings(label.lower().split() + kept.split()) == full
    assert search.index_words("Chad (TCD)", "chad | chad | tcd | td") == "td"
    assert search.index_words("Niger (NER)", "niger | nigeria") == "nigeria"      # a longer word wins


def test_profile_path_from_a_code_a_name_or_an_alias():
    assert search.profile_path("NPL") == "/country/NPL"
    assert search.profile_path("npl") == "/country/NPL"
    assert search.profile_path("Ivory Coast") == "/country/CIV"
    assert search.profile_path("NP") == "/country/NPL"


def test_profile_path_refuses_nothing_or_an_unknown_name():
    assert search.profile_path(None) is None and search.profile_path("  ") is None
    assert search.profile_path("Atlantis") is None
    assert search.profile_path("NPL", known=frozenset({"QAT"})) is None


def test_bundled_options_cover_every_country_once():
    opts = search.options()
    values = [o["value"] for o in opts]
    assert len(values) == len(set(values)) > 190 and "QAT" in values


def test_options_in_french_show_french_names_and_keep_the_english_one_searchable():
    opts = {o["value"]: o for o in search.options("fr")}
    assert opts["DEU"]["label"] == "Allemagne (DEU)"
    assert "germany" in opts["DEU"]["search"].split() and "allemagne" not in opts["DEU"]["search"]   # in the label
    assert search.options("en")[0]["label"].endswith(")")
