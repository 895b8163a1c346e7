"""Country reference: ISO codes, names, UN and World Bank classifications, and name -> ISO3 resolution.

Reads only pycountry (through the tables built by indicators.build_reference) and indicators/reference/*.csv.

Resolution policy (DESIGN §1: names are matched, never guessed):
1. a code: ISO3, ISO2 or UN M49 numeric ("4", "004", 524) of a country -> status "code";
2. a name of the country table or a pycountry name (after normalise_name) -> "exact";
3. an alias harvested from the sources' own name + code pairs (aliases.csv) -> "alias";
4. a name or code of a regional / income aggregate (aggregates.csv) -> "aggregate", iso3 None;
5. a normalised name that belongs to two countries (e.g. "Congo": COG or COD, "Korea": KOR or PRK)
   -> "ambiguous", iso3 None, both as candidates;
6. anything else -> "unknown", iso3 None, up to 5 close names as candidates ("Name (ISO3)").
Withdrawn codes are not codes: "TP" (old ISO2 of East Timor) resolves only as an alias taken from
hr_status_icmw.csv (status "alias"); "TL" is the code.
"""
from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from numbers import Number

import pandas as pd

from indicators.i18n import LANGUAGES, DEFAULT
from indicators.i18n.countries import all_names
from indicators.store.config import REFERENCE_DIR

TRANSLATED = tuple(lang for lang in LANGUAGES if lang != DEFAULT)   # languages whose country names uploads accept
STATUSES = ("code", "exact", "alias", "aggregate", "unknown", "ambiguous")
_PUNCT = re.compile(r"[\s.,;:'’‘`´\"“”()\[\]{}/\\_*+!?|-]+")
_MAX_CANDIDATES = 5


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one country name or code."""

    iso3: str | None
    status: str
    candidates: tuple[str, ...] = ()


def _read(name: str) -> pd.DataFrame:
    """Read one reference CSV as text (no NA parsing: "NA" is Namibia)."""
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def country_table() -> pd.DataFrame:
    """One row per country: iso3, iso2, m49, name, official_name, un_region, un_subregion, wb_region, income_group."""
    return _read("countries.csv")


@lru_cache(maxsize=1)
def alias_table() -> pd.DataFrame:
    """Known alternative names: alias, iso3, origin (the source that spells the name this way)."""
    return _read("aliases.csv")


@lru_cache(maxsize=1)
def aggregate_table() -> pd.DataFrame:
    """Regional and income aggregates seen in the sources: name, code, kind."""
    return _read("aggregates.csv")


@lru_cache(maxsize=4096)
def normalise_name(text: str) -> str:
    """Comparable form of a name: casefolded, accents stripped, '&' -> 'and', punctuation unified, 'the' dropped."""
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = s.replace("&", " and ")
    s = _PUNCT.sub(" ", s)
    return " ".join(w for w in s.split() if w != "the")


@dataclass(frozen=True)
class _Index:
    """Lookup tables built once from the reference CSVs."""

    codes: dict[str, str]
    names: dict[str, dict[str, str]]
    agg_names: frozenset[str]
    agg_codes: frozenset[str]
    display: dict[str, str]
    translated: dict[str, dict[str, str]] = field(default_factory=dict)   # fr/es names: exact matches, no suggestions


def code_map(table: pd.DataFrame) -> dict[str, str]:
    """Map every ISO3, ISO2 and M49 code of a country table to its ISO3."""
    codes: dict[str, str] = {}
    for r in table.itertuples():
        codes[r.iso3] = r.iso3
        codes[r.iso2] = r.iso3
        if r.m49:
            codes[r.m49] = r.iso3
    return codes


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Build the code, name and aggregate lookups."""
    ct = country_table()
    iso3s = set(ct["iso3"])
    codes = code_map(ct)
    names: dict[str, dict[str, str]] = {}

    def add(name: str, iso3: str, kind: str) -> None:
        n = normalise_name(name)
        if not n:
            return
        slot = names.setdefault(n, {})
        if slot.get(iso3) != "exact":
            slot[iso3] = kind

    for r in ct.itertuples():
        add(r.name, r.iso3, "exact")
        add(r.official_name, r.iso3, "exact")
    for r in alias_table().itertuples():
        add(r.alias, r.iso3, "exact" if r.origin.split(";")[0] == "pycountry" else "alias")
    translated: dict[str, dict[str, str]] = {}
    for lang in TRANSLATED:                 # French and Spanish names (ISO 3166 translations), matched like aliases
        for iso3, found in all_names(lang).items():
            for name in found:              # never where the name is already another country's (no new ambiguity)
                n = normalise_name(name)
                if iso3 in iso3s and n and set(names.get(n, {iso3})) == {iso3}:
                    translated.setdefault(n, {})[iso3] = "alias"
    ag = aggregate_table()
    return _Index(
        codes=codes,
        names=names,
        agg_names=frozenset(normalise_name(n) for n in ag["name"]),
        agg_codes=frozenset(c.upper() for c in ag["code"] if c),
        display=dict(zip(ct["iso3"], ct["name"])),
        translated=translated,
    )


def _label(iso3: str) -> str:
    """'Name (ISO3)' for candidate lists."""
    return f"{_index().display.get(iso3, iso3)} ({iso3})"


def _as_text(value: object) -> str | None:
    """The input as stripped text; numbers become integer strings; missing values become None."""
    if value is None:
        return None
    if isinstance(value, Number) and not isinstance(value, bool):
        f = float(value)  # type: ignore[arg-type]
        if math.isnan(f):
            return None
        return str(int(f)) if f.is_integer() else str(value)
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return None
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def _code(text: str) -> str | None:
    """ISO3 for an ISO3, ISO2 or M49 code, else None."""
    idx = _index()
    if re.fullmatch(r"[A-Za-z]{2,3}", text):
        return idx.codes.get(text.upper())
    m = re.fullmatch(r"([0-9]{1,3})(?:\.0+)?", text)
    if m:
        return idx.codes.get(f"{int(m.group(1)):03d}")
    return None


def _close(norm: str) -> tuple[str, ...]:
    """Up to five countries whose known names are close to a normalised name."""
    idx = _index()
    out: list[str] = []
    for hit in difflib.get_close_matches(norm, list(idx.names), n=20, cutoff=0.6):
        for iso3 in sorted(idx.names[hit]):
            if iso3 not in out:
                out.append(iso3)
    return tuple(_label(i) for i in out[:_MAX_CANDIDATES])


@lru_cache(maxsize=8192)
def _resolve_text(text: str, suggest: bool = True) -> Resolution:
    """Resolve a non-empty stripped string (cached); suggest=False skips the close-match search (the costly part:
    about a millisecond a name)."""
    idx = _index()
    iso3 = _code(text)
    if iso3:
        return Resolution(iso3, "code")
    if text.upper() in idx.agg_codes:
        return Resolution(None, "aggregate")
    norm = normalise_name(text)
    hits = idx.names.get(norm) or idx.translated.get(norm)
    if hits:
        if len(hits) > 1:
            return Resolution(None, "ambiguous", tuple(_label(i) for i in sorted(hits)))
        (iso3, kind), = hits.items()
        return Resolution(iso3, kind)
    if norm in idx.agg_names:
        return Resolution(None, "aggregate")
    return Resolution(None, "unknown", _close(norm) if norm and suggest else ())


def resolve(text: str | int | float | None, suggest: bool = True) -> Resolution:
    """Resolve a country name or code (ISO3, ISO2, M49) to ISO3 without guessing; suggest=False: no close names
    for an unknown one."""
    s = _as_text(text)
    if not s:
        return Resolution(None, "unknown")
    return _resolve_text(s, suggest)


def resolve_series(values: pd.Series) -> pd.DataFrame:
    """Resolve every value of a Series (each distinct value once): columns input, iso3, status, candidates."""
    uniq = pd.unique(values.astype(object))
    res = {v: resolve(v) for v in uniq if not _is_missing(v)}
    missing = Resolution(None, "unknown")
    rows = [res.get(v, missing) if not _is_missing(v) else missing for v in values.astype(object)]
    return pd.DataFrame({
        "input": values.to_numpy(dtype=object),
        "iso3": pd.Series([r.iso3 for r in rows], dtype=object).to_numpy(),
        "status": [r.status for r in rows],
        "candidates": pd.Series([r.candidates for r in rows], dtype=object).to_numpy(),
    }, index=values.index)


def _is_missing(v: object) -> bool:
    """True for None / NaN / NA."""
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


@lru_cache(maxsize=1)
def iso3_set() -> frozenset[str]:
    """All ISO3 codes of the country table (ISO 3166-1 plus XKX)."""
    return frozenset(country_table()["iso3"])


def name_of(iso3: str) -> str:
    """Short English name of a country code (the code itself when it is not a country, e.g. 'OOO')."""
    return _index().display.get(iso3, iso3)
