"""The language in force: URL, then Accept-Language, then English; use() restores the previous language."""
from indicators.i18n import DEFAULT, current, negotiate, pick, use, valid


def test_valid_accepts_our_languages_in_any_case_and_region_only():
    assert valid("FR") == "fr" and valid("es-AR") == "es" and valid("fr_CA") == "fr"
    assert valid("de") is None and valid("") is None and valid(None) is None and valid(3) is None


def test_negotiate_takes_the_best_weighted_language_we_have():
    # de is not ours; es (q 0.9) beats en (q 0.5) and fr (q 0.3)
    assert negotiate("de-DE,es;q=0.9,en;q=0.5,fr;q=0.3") == "es"
    assert negotiate("fr-CH, fr;q=0.9, en;q=0.8") == "fr"
    assert negotiate("de, it;q=0.5") is None
    assert negotiate("es;q=0, en;q=0.1") == "en"           # q=0 means "not this one"
    assert negotiate("es;q=abc, fr") == "fr"               # a malformed weight drops that entry only
    assert negotiate(None) is None


def test_pick_url_first_then_header_then_english():
    assert pick("es", "fr") == "es"
    assert pick("xx", "fr-FR,fr;q=0.9") == "fr"
    assert pick(None, None) == DEFAULT == "en"


def test_use_sets_and_restores_the_language():
    assert current() == "en"
    with use("fr"):
        assert current() == "fr"
        with use("es"):
            assert current() == "es"
        assert current() == "fr"
    assert current() == "en"
    with use("klingon"):
        assert current() == "en"


def test_resolved_takes_the_given_language_else_the_one_in_force_else_english():
    from indicators.i18n.context import resolved, use
    assert resolved("FR-ca") == "fr" and resolved() == "en"
    with use("es"):
        assert resolved() == "es" and resolved("fr") == "fr" and resolved("xx") == "en"
