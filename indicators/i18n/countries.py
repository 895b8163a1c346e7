"""Country names in each language from pycountry's bundled ISO 3166-1 translations (Debian's iso-codes), never typed."""
from __future__ import annotations

import gettext as _gettext
from functools import lru_cache

import pycountry

from indicators.i18n.context import DEFAULT, resolved

DOMAIN = "iso3166-1"


@lru_cache(maxsize=8)
def _translator(lang: str) -> _gettext.NullTranslations:
    """The ISO 3166-1 translations pycountry ships for a language."""
    return _gettext.translation(DOMAIN, pycountry.LOCALES_DIR, languages=[lang], fallback=True)


@lru_cache(maxsize=8)
def names(lang: str) -> dict[str, str]:
    """ISO3 -> the country's short name in a language (the ISO 3166-1 name translated by the iso-codes project)."""
    tr = _translator(lang)
    return {c.alpha_3: tr.gettext(c.name) for c in pycountry.countries}


@lru_cache(maxsize=8)
def all_names(lang: str) -> dict[str, tuple[str, ...]]:
    """ISO3 -> every translated name of a country in a language (short, official and common names)."""
    tr = _translator(lang)
    out: dict[str, tuple[str, ...]] = {}
    for c in pycountry.countries:
        found = []
        for attr in ("name", "official_name", "common_name"):
            source = getattr(c, attr, None)
            if source and tr.gettext(source) != source:
                found.append(tr.gettext(source))
        out[c.alpha_3] = tuple(dict.fromkeys(found))
    return out


def country_name(iso3: str, english: str | None = None, lang: str | None = None) -> str:
    """A country's name in the language in force; English (the project's own name) where no translation exists."""
    code = resolved(lang)
    if code == DEFAULT:
        return english or iso3
    return names(code).get(iso3) or english or iso3


def localise_names(english: dict[str, str], lang: str | None = None) -> dict[str, str]:
    """An ISO3 -> English name mapping in the language in force (codes without a translation keep their name)."""
    code = resolved(lang)
    if code == DEFAULT:
        return english
    table = names(code)
    return {iso3: table.get(iso3, name) for iso3, name in english.items()}
