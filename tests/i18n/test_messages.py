"""Interface messages: gettext with plural forms, compiled from the .po at first use, usable outside a request."""
from indicators.i18n import N_, _, ngettext, use


def test_gettext_follows_the_language_in_force():
    assert _("Overview") == "Overview"
    with use("fr"):
        assert _("Overview") == "Vue d'ensemble"
    with use("es"):
        assert _("Overview") == "Panorama general"
        assert _("a message nobody wrote") == "a message nobody wrote"     # untranslated: the English text


def test_plural_forms_per_language():
    # French counts 0 and 1 as singular, Spanish and English only 1
    with use("fr"):
        assert ngettext("{n} corridor", "{n} corridors", 0).format(n=0) == "0 corridor"
        assert ngettext("{n} country scored", "{n} countries scored", 2).format(n=2) == "2 pays notés"
    with use("es"):
        assert ngettext("{n} corridor", "{n} corridors", 0).format(n=0) == "0 corredores"
        assert ngettext("{n} corridor", "{n} corridors", 1).format(n=1) == "1 corredor"


def test_marker_returns_the_source_text():
    assert N_("Overview") == "Overview"
