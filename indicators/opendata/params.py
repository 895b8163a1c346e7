"""Query parameters of the read API, checked: countries, corridors, years, weights, rule (bad ones -> ApiError 400)."""
from __future__ import annotations

import re

from indicators.opendata.errors import ApiError
from indicators.scoring.pillars import AGGREGATIONS
from indicators.scoring.service import parse_weights
from indicators.store.catalogue import PILLARS, Catalogue
from indicators.store.countries import country_table

MAX_COUNTRIES = 300          # more than every country in the reference: a longer list is a mistake
MAX_CORRIDORS = 1000
YEAR_BOUNDS = (1900, 2100)
ISO3 = re.compile(r"[A-Z]{3}")


def _codes(text: str | None) -> list[str]:
    """A comma list, stripped, upper-cased, empty parts dropped, each once in order."""
    return list(dict.fromkeys(p.strip().upper() for p in (text or "").split(",") if p.strip()))


def countries(text: str | None) -> list[str] | None:
    """ISO3 codes of a 'countries' parameter (None when absent); unknown codes or a list too long -> 400."""
    codes = _codes(text)
    if not codes:
        return None
    if len(codes) > MAX_COUNTRIES:
        raise ApiError(400, f"countries lists {len(codes)} codes; at most {MAX_COUNTRIES} (leave it out for all)")
    known = set(country_table()["iso3"])
    bad = [c for c in codes if c not in known]
    if bad:
        raise ApiError(400, f"unknown country code(s): {', '.join(bad[:20])}"
                            f"{' ...' if len(bad) > 20 else ''} (ISO 3166-1 alpha-3, e.g. KEN)")
    return codes


def corridors(text: str | None) -> list[tuple[str, str]] | None:
    """(origin, destination) pairs of a 'corridors' parameter such as 'NPL-QAT,PHL-SAU' (migration direction)."""
    codes = _codes(text)
    if not codes:
        return None
    if len(codes) > MAX_CORRIDORS:
        raise ApiError(400, f"corridors lists {len(codes)} corridors; at most {MAX_CORRIDORS}")
    pairs = []
    for c in codes:
        o, sep, d = c.partition("-")
        if not sep or not ISO3.fullmatch(o) or not ISO3.fullmatch(d):
            raise ApiError(400, f"corridor {c[:40]!r} must be ORIGIN-DESTINATION in ISO3 codes, e.g. NPL-QAT")
        pairs.append((o, d))
    known = set(country_table()["iso3"])
    bad = sorted({x for p in pairs for x in p if x not in known})
    if bad:
        raise ApiError(400, f"unknown country code(s) in corridors: {', '.join(bad[:20])}")
    return pairs


def years(text: str | None) -> tuple[int, int] | None:
    """A 'years' parameter: '2019', '2015-2020', '2015-' or '-2020' -> (first, last); None when absent."""
    t = (text or "").strip()
    if not t:
        return None
    m = re.fullmatch(r"(\d{4})?(-)?(\d{4})?", t)
    if not m or not (m.group(1) or m.group(3)) or (m.group(1) and m.group(3) and not m.group(2)):
        raise ApiError(400, f"years {t[:40]!r} must be a year (2019) or a range (2015-2020, 2015-, -2020)")
    first = int(m.group(1)) if m.group(1) else YEAR_BOUNDS[0]
    last = int(m.group(3)) if m.group(3) else (first if not m.group(2) else YEAR_BOUNDS[1])
    if first > last:
        raise ApiError(400, f"years {t!r}: the range runs backwards ({first} after {last})")
    if first < YEAR_BOUNDS[0] or last > YEAR_BOUNDS[1]:
        raise ApiError(400, f"years {t!r}: years run from {YEAR_BOUNDS[0]} to {YEAR_BOUNDS[1]}")
    return first, last


def year(text: str | None, span: dict, default: int) -> int:
    """A reference year within the years offered (span from scoring.service.years), or the default."""
    t = (text or "").strip()
    if not t:
        return default
    if not re.fullmatch(r"\d{4}", t):
        raise ApiError(400, f"year {t[:40]!r} must be a four-digit year")
    y = int(t)
    if not int(span["first"]) <= y <= int(span["last"]):
        raise ApiError(400, f"year {y} is outside the years scored ({span['first']}-{span['last']})")
    return y


def weights(text: str | None, cat: Catalogue) -> dict[str, float] | None:
    """Pillar weights 'protection=1,remittance=2' (others keep the catalogue's); None when they are the defaults."""
    try:
        given = parse_weights(text)
    except ValueError as exc:
        raise ApiError(400, f"weights: {exc}") from None
    defaults = {p: float(cat.pillars[p].get("weight", 1)) for p in PILLARS}
    merged = {**defaults, **given}
    if not any(merged.values()):
        raise ApiError(400, "weights: at least one pillar needs a weight above 0")
    return None if merged == defaults else merged


def rule(text: str | None) -> str:
    """The aggregation rule (arithmetic by default)."""
    r = (text or "arithmetic").strip().lower()
    if r not in AGGREGATIONS:
        raise ApiError(400, f"rule {r[:40]!r} must be one of {', '.join(AGGREGATIONS)}")
    return r


def indicator(indicator_id: str, cat: Catalogue) -> dict:
    """An indicator of the catalogue in force (404 naming the unknown id)."""
    if indicator_id not in cat.indicators.index:
        raise ApiError(404, f"no indicator {indicator_id[:80]!r}; the catalogue lists them at /api/v1/catalogue")
    return cat.get(indicator_id)
