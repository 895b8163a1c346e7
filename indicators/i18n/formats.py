"""Numbers, percentages, periods and dates written for the language in force (Babel's CLDR data); Plotly's locale."""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from babel import dates, numbers

from indicators.i18n.context import DEFAULT, babel_locale, resolved

QUARTER = re.compile(r"^([0-9]{4})Q([1-4])$")


def _pattern(digits: int) -> str:
    """A decimal pattern with grouping and exactly `digits` decimals."""
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


def _missing(x: Any) -> bool:
    """None, NaN and pandas' NA are 'no value'."""
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or bool(x != x)
    except (TypeError, ValueError):
        return True


def number(x: Any, digits: int = 1, lang: str | None = None, empty: str = "–") -> str:
    """A number with the language's decimal sign and grouping ('1,234.5'; fr '1 234,5'; es '1234,5')."""
    if _missing(x):
        return empty
    return numbers.format_decimal(round(float(x), digits), format=_pattern(digits), locale=babel_locale(lang),
                                  decimal_quantization=True)


def integer(n: Any, lang: str | None = None, empty: str = "–") -> str:
    """A count with the language's grouping ('12,345'; fr '12 345'; es '12.345')."""
    return empty if _missing(n) else number(int(n), 0, lang, empty)


def percent(x: Any, digits: int = 1, lang: str | None = None, empty: str = "–") -> str:
    """A value already in per cent, with the language's sign spacing ('6.5 %'; fr '6,5 %'; es '6,5 %')."""
    if _missing(x):
        return empty
    code = resolved(lang)
    if code == DEFAULT:               # the product's English style keeps a space before % (UN editorial style)
        return f"{number(x, digits, code)} %"
    pat = babel_locale(code).percent_formats[None].pattern.replace("#,##0", _pattern(digits), 1)
    return numbers.format_percent(round(float(x), digits) / 100, format=pat, locale=babel_locale(code),
                                  decimal_quantization=True)


def share(x: Any, digits: int = 0, lang: str | None = None, empty: str = "–") -> str:
    """A fraction (0..1) as a percentage: 0.42 -> '42 %'."""
    return empty if _missing(x) else percent(float(x) * 100, digits, lang, empty)


def period(p: Any, lang: str | None = None) -> str:
    """A period label: years as they are; a quarter '2020Q2' as the language writes it ('2020Q2'; fr/es 'T2 2020')."""
    text = str(p)
    m = QUARTER.match(text)
    code = resolved(lang)
    if not m or code == DEFAULT:
        return text
    q = dates.get_quarter_names("abbreviated", locale=babel_locale(code))[int(m.group(2))]
    return f"{q} {m.group(1)}"


def date(d: dt.date | dt.datetime, lang: str | None = None) -> str:
    """A date written out (4 December 2026; 4 décembre 2026; 4 de diciembre de 2026)."""
    return dates.format_date(d, format="long", locale=babel_locale(lang))


def separators(lang: str | None = None) -> str:
    """Plotly's `separators`: the decimal sign then the thousands separator of the language."""
    loc = babel_locale(lang)
    return numbers.get_decimal_symbol(loc) + numbers.get_group_symbol(loc)


def plotly_locale(lang: str | None = None) -> str | None:
    """Plotly's locale name for the chart tools and dates (None: Plotly's built-in English)."""
    code = resolved(lang)
    return None if code == DEFAULT else code


def graph_config(base: dict[str, Any], lang: str | None = None) -> dict[str, Any]:
    """A dcc.Graph config with the language's Plotly locale (files served from assets/)."""
    loc = plotly_locale(lang)
    return {**base, "locale": loc} if loc else dict(base)


def localise_figure(fig: dict[str, Any], lang: str | None = None) -> dict[str, Any]:
    """A figure dict with the language's separators (a shallow copy: cached figures are never changed)."""
    return {**fig, "layout": {**(fig.get("layout") or {}), "separators": separators(lang)}}


def sort_key(text: str) -> str:
    """Alphabetical order that ignores accents and case (Égypte sorts with E), for lists of names."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c)).casefold()


def significant(x: Any, digits: int = 4, lang: str | None = None, empty: str = "–") -> str:
    """A value with up to `digits` significant digits, like Python's 'g' format, in the language's notation."""
    if _missing(x):
        return empty
    text = format(float(x), f".{digits}g")
    if "e" in text:
        return text
    decimals = len(text.split(".")[1]) if "." in text else 0
    return numbers.format_decimal(float(text), format=_pattern(decimals).replace(",", "") if abs(float(x)) < 10000
                                  else _pattern(decimals), locale=babel_locale(lang))
