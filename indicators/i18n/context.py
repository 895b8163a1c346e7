"""The language in force: a context variable, set per request, export or command and reset afterwards."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from babel import Locale, UnknownLocaleError

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")   # the UN fora's working languages; add "ar", "ru" here (README)
DEFAULT = "en"
NAMES = {"en": "English", "fr": "Français", "es": "Español"}   # each language named in itself (the switch)
RTL: frozenset[str] = frozenset({"ar"})         # right-to-left languages: <html dir="rtl"> once one is added

_LANG: ContextVar[str] = ContextVar("mpd_language", default=DEFAULT)


def valid(lang: object) -> str | None:
    """The language code if the product has it ('FR' -> 'fr', 'fr-CA' -> 'fr'), else None."""
    if not isinstance(lang, str) or not lang.strip():
        return None
    code = lang.strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def current() -> str:
    """The language in force (English unless set)."""
    return _LANG.get()


def resolved(lang: str | None = None) -> str:
    """The given language if the product has it, the one in force when none is given, else English."""
    return valid(lang or current()) or DEFAULT


@contextmanager
def use(lang: str | None) -> Iterator[str]:
    """Run a block in a language (an unknown one means English); the previous language comes back after it."""
    token = _LANG.set(valid(lang) or DEFAULT)
    try:
        yield _LANG.get()
    finally:
        _LANG.reset(token)


def negotiate(accept_language: str | None) -> str | None:
    """The best of our languages for an Accept-Language header ('es-AR,es;q=0.9,en;q=0.5' -> 'es'), else None."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")[:30]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        code = valid(tag)
        if code and q > 0:
            ranked.append((-q, i, code))
    return min(ranked)[2] if ranked else None


def pick(query_lang: object, accept_language: str | None = None) -> str:
    """The language of a view: the URL's `lang`, else the browser's Accept-Language, else English."""
    return valid(query_lang) or negotiate(accept_language) or DEFAULT


def babel_locale(lang: str | None = None) -> Locale:
    """Babel's locale of a language (the one in force by default)."""
    try:
        return Locale.parse(resolved(lang))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT)
