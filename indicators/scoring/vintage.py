"""The years behind the numbers: the default reference year and the slider's range follow from the data, every
scorecard says which years its data come from, and a reference year past a source's last value says so."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.i18n import _, ngettext
from indicators.i18n.formats import period
from indicators.store.catalogue_text import localised
from indicators.store.catalogue import PILLARS, Catalogue


def scored_country_indicators(cat: Catalogue) -> pd.Index:
    """Country-level indicators that count in a pillar (weight above 0, not context-only)."""
    ind = cat.indicators
    role = ind["role"] if "role" in ind else pd.Series("scored", index=ind.index)
    keep = (ind["level"] == "country") & (ind["weight"].astype(float) > 0) & (role.fillna("scored") == "scored")
    return ind.index[keep]


def reference_years(full: pd.DataFrame, cat: Catalogue) -> dict[str, Any]:
    """The default reference year and the range of years offered.

    Rule: the default is the latest year Y in which every pillar that can be in play (one that has ever had values
    for at least `pillar_min_countries` countries in one year) has values for at least that many countries dated Y
    or Y - 1. The range runs from the first to the last year with a dated country value (status indicators such as
    ratifications aside: their baselines reach back to a convention's adoption and say nothing of that year).
    """
    need = int(cat.settings.get("pillar_min_countries", 50))
    places = _dated_places(full, cat)
    dated = full[full["indicator_id"].map(cat.indicators["window"]).notna()]
    years = sorted({y for by_year in _dated_places(dated, cat).values() for y in by_year}) or \
        sorted({y for by_year in places.values() for y in by_year})
    if not years:
        fallback = int(cat.settings.get("reference_year_default", 2020))
        return {"default": fallback, "first": fallback, "last": fallback, "pillars": [], "rule": _RULE.format(n=need)}
    pillars = [p for p in PILLARS if any(len(v) >= need for v in places.get(p, {}).values())]
    empty: frozenset[str] = frozenset()

    def enough(p: str, y: int) -> bool:
        return len(places[p].get(y, empty) | places[p].get(y - 1, empty)) >= need

    ok = [y for y in range(years[0], years[-1] + 1) if pillars and all(enough(p, y) for p in pillars)]
    return {"default": int(max(ok)) if ok else years[-1], "first": years[0], "last": years[-1],
            "pillars": pillars, "rule": _RULE.format(n=need)}


_RULE = ("the latest year in which every pillar that can be in play has values for at least {n} countries dated "
         "that year or the year before")


def _dated_places(full: pd.DataFrame, cat: Catalogue) -> dict[str, dict[int, frozenset[str]]]:
    """pillar -> year -> the countries with a value of one of its scored indicators dated that year."""
    rows = full[full["indicator_id"].isin(scored_country_indicators(cat)) & full["iso3"].notna()]
    rows = rows.assign(pillar=rows["indicator_id"].map(cat.indicators["pillar"]))
    out: dict[str, dict[int, frozenset[str]]] = {}
    for (p, y), iso in rows.groupby(["pillar", "year"])["iso3"]:
        out.setdefault(p, {})[int(y)] = frozenset(iso)
    return out


def pillar_vintage(indicators: pd.DataFrame, cat: Catalogue, year: int) -> dict[str, dict[str, Any]]:
    """Per pillar, from a scorecard's indicator rows: the latest year of the values it rests on (status indicators
    aside: a ratification holds until changed), its latest quarter where the data are quarterly, and how many years
    that is before the reference year."""
    ind = cat.indicators
    rows = indicators[indicators["level"] == "country"] if "level" in indicators else indicators
    rows = rows[rows["indicator_id"].isin(scored_country_indicators(cat))]
    status = rows["indicator_id"].map(ind["window"]).isna()
    rows = rows[~status]
    out = {}
    for p in PILLARS:
        r = rows[rows["indicator_id"].map(ind["pillar"]) == p]
        if r.empty:
            continue
        last = int(r["year_used"].max())
        periods = r.loc[r["year_used"] == last, "last_period"].dropna() if "last_period" in r else pd.Series()
        out[p] = {"last": last, "last_period": str(periods.max()) if len(periods) else str(last),
                  "behind": int(year) - last, "first": int(r["year_used"].min())}
    return out


def data_label(indicators: pd.DataFrame, cat: Catalogue, year: int) -> str:
    """'2020 data' when the newest values are of the reference year, else 'Data up to 2020'."""
    v = pillar_vintage(indicators, cat, year)
    if not v:
        return _("No dated values up to {year}").format(year=year)
    last = max(x["last"] for x in v.values())
    return _("{year} data").format(year=last) if last == year else _("Data up to {year}").format(year=last)


def vintage_note(indicators: pd.DataFrame, cat: Catalogue, year: int, corridor_last: str | None = None) -> str:
    """In words, e.g. 'Data up to 2020 (remittance costs to 2020Q3); sources older than 2023: remittance (2020,
    3 years), association (2020, 3 years)'."""
    v = pillar_vintage(indicators, cat, year)
    if not v:
        return _("No dated values up to {year}").format(year=year)
    text = data_label(indicators, cat, year)
    if corridor_last:
        text += " " + _("(remittance costs to {period})").format(period=period(corridor_last))
    names = localised(cat).pillars
    older = [ngettext("{pillar} {year} ({n} year older)", "{pillar} {year} ({n} years older)", x["behind"]).format(
        pillar=names[p]["name"].lower(), year=x["last"], n=x["behind"]) for p, x in v.items() if x["behind"] > 0]
    if older:
        text += "; " + _("reference year {year}: the latest data are older for {pillars}").format(
            year=year, pillars=", ".join(older))
    return text
