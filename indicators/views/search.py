"""Country search of the navbar: one option per country, found by its name, official name, aliases or codes."""
from __future__ import annotations

from typing import Any

from functools import lru_cache

import pandas as pd

from indicators.i18n import current
from indicators.i18n.countries import localise_names
from indicators.i18n.formats import sort_key
from indicators.store import countries


def search_text(row: pd.Series, aliases: list[str]) -> str:
    """Everything a country can be typed as: name, official name, ISO3 and ISO2 codes, known aliases (lower case)."""
    words = [row["name"], row["official_name"], row["iso3"], row["iso2"], *aliases]
    seen: list[str] = []
    for w in words:
        w = str(w).strip().lower()
        if w and w not in seen:
            seen.append(w)
    return " | ".join(seen)


def index_words(label: str, text: str) -> str:
    """The words of a search text the dropdown would not find otherwise, in order: Dash 4's dropdown indexes every
    substring of every whitespace-separated word of an option's label and search text (lower-cased), so a word
    contained in another word of the label or the text (or the " | " separators) adds indexing time on every page
    load (the index is quadratic in word length) and no match."""
    label_words = label.lower().split()
    words = [w for w in text.split() if w != "|"]
    kept: list[str] = []
    for i, w in enumerate(words):
        others = [*label_words, *kept, *words[i + 1:]]
        if w not in kept and not any(w in o and w != o for o in others) and w not in label_words:
            kept.append(w)
    return " ".join(kept)


def country_options(table: pd.DataFrame, alias_table: pd.DataFrame) -> list[dict[str, Any]]:
    """Dropdown options sorted by name: label "Name (ISO3)", value ISO3, search words of search_text the label does not
    already hold (index_words)."""
    by_iso = alias_table.groupby("iso3")["alias"].apply(list).to_dict()
    rows = table.sort_values("name", key=lambda s: s.map(sort_key))
    options = []
    for _, r in rows.iterrows():
        label = f"{r['name']} ({r['iso3']})"
        options.append({"label": label, "value": r["iso3"],
                        "search": index_words(label, search_text(r, by_iso.get(r["iso3"], [])))})
    return options


def options(lang: str | None = None) -> list[dict[str, Any]]:
    """The options over the bundled country reference, names in the language in force (or `lang`); the English
    name stays in the search text."""
    return list(_options(lang or current()))


@lru_cache(maxsize=8)
def _options(lang: str) -> tuple[dict[str, Any], ...]:
    """options() per language, built once."""
    table, aliases = countries.country_table(), countries.alias_table()
    local = localise_names(dict(zip(table["iso3"], table["name"])), lang)
    english = pd.DataFrame({"alias": table["name"], "iso3": table["iso3"], "origin": "english"})
    return tuple(country_options(table.assign(name=table["iso3"].map(local)), pd.concat([aliases, english])))


def profile_path(choice: Any, known: frozenset[str] | None = None) -> str | None:
    """The profile address of a chosen or typed country (ISO3, ISO2, name or alias); None when it names none."""
    if not isinstance(choice, str) or not choice.strip():
        return None
    known = countries.iso3_set() if known is None else known
    code = choice.strip().upper()
    if code in known:
        return f"/country/{code}"
    r = countries.resolve(choice, suggest=False)
    return f"/country/{r.iso3}" if r.iso3 and r.iso3 in known else None
