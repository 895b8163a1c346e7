"""Countries outside a survey's coverage (method v2): an index over the pillars they have, marked partial and never
ranked, with the reason for each missing pillar in words, instead of 'insufficient data'."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.scoring.pillars import aggregate
from indicators.scoring.prepared import Prepared, as_prepared
from indicators.scoring.vintage import scored_country_indicators
from indicators.store.catalogue import Catalogue

NOT_COVERED = "no source in the catalogue covers {country} for this pillar"


def uncovered(full: pd.DataFrame | Prepared, cat: Catalogue, year: int) -> set[tuple[str, str]]:
    """(iso3, pillar) pairs where the country has no value at all, in any year up to `year`, of the pillar's scored
    indicators: the sources do not cover it (as opposed to values that are too old or too few). Read from the first
    (earliest) row of each indicator and place of the prepared frame."""
    p = as_prepared(full)
    ids = scored_country_indicators(cat)
    starts = np.flatnonzero(np.r_[True, p.group[1:] != p.group[:-1]]) if len(p.group) else np.array([], dtype=int)
    iso3 = p.full["iso3"].iloc[p.order[starts]].to_numpy(dtype=object)
    ind = pd.Series(np.asarray(p.ids, dtype=object)[p.code[starts]])
    known = pd.notna(iso3)
    mine = known & ind.isin(ids).to_numpy() & (p.year[starts] <= year)
    have = set(zip(iso3[mine], ind[mine].map(cat.indicators["pillar"])))
    countries = set(iso3[known])
    pillars = set(cat.indicators.loc[ids, "pillar"])
    return {(c, p) for c in countries for p in pillars if (c, p) not in have}


def not_covered_text(cat: Catalogue, pillar: str, country: str) -> str:
    """Why a pillar is missing for a country no source covers (the pillar's `not_covered` text in the catalogue)."""
    return str(cat.pillars[pillar].get("not_covered") or NOT_COVERED).format(country=country)


def partial_index(wide: pd.DataFrame, used: list[str], weights: dict[str, float], aggregation: str, floor: float,
                  gaps: set[tuple[str, str]], cat: Catalogue, names: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """Per country without a complete index: the index over the pillars it has (at least `partial_index_min_pillars`
    of the pillars in the index), only when every missing pillar is one no source covers; with its status in words."""
    need = int(cat.settings.get("partial_index_min_pillars", 2))
    value = pd.Series(np.nan, index=wide.index, dtype=float)
    status = pd.Series(None, index=wide.index, dtype=object)
    for iso3, row in wide[used].iterrows():
        present = [p for p in used if pd.notna(row[p])]
        missing = [p for p in used if pd.isna(row[p])]
        if not missing or len(present) < need or any((iso3, p) not in gaps for p in missing):
            continue
        value[iso3] = float(aggregate(row[present].to_numpy(dtype=float)[None, :],
                                      np.array([weights[p] for p in present]), aggregation, floor)[0])
        name = names.get(iso3, iso3)
        why = "; ".join(f"{p}: {not_covered_text(cat, p, name)}" for p in missing)
        status[iso3] = (f"partial index {value[iso3]:.1f} over {len(present)} of {len(used)} pillars "
                        f"({', '.join(present)}), not ranked; {why}")
    return value, status
