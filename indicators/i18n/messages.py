"""Interface messages: gettext catalogues (.po under locales/) compiled with Babel when first used."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from indicators.i18n.context import DEFAULT, resolved

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def po_path(lang: str) -> Path:
    """The .po file of a language."""
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(lang: str) -> Catalog:
    """The parsed .po catalogue of a language."""
    with open(po_path(lang), "rb") as fh:
        return read_po(fh, locale=lang, domain=DOMAIN)


@lru_cache(maxsize=8)
def translations(lang: str) -> NullTranslations:
    """Compiled translations of a language (the .po compiled in memory: no build step); English is the source."""
    if lang == DEFAULT or not po_path(lang).exists():
        return NullTranslations()
    buf = io.BytesIO()
    write_mo(buf, read_catalog(lang), use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def gettext(message: str) -> str:
    """The message in the language in force (the English text where a translation is missing)."""
    return translations(resolved()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Singular or plural form of a message for n, in the language in force."""
    return translations(resolved()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark a message for extraction without translating it now (module constants; translate with _() at use)."""
    return message
