"""Freedom House, Freedom in the World 2013-2024 sub-indicator scores (0-4): E3, G1 and G4, countries only."""
from __future__ import annotations

import pandas as pd

from indicators.store import countries
from indicators.store.sources.common import BuildError, Converted, obs_frame

FH_SOURCE = "Freedom House, Freedom in the World 2013-2024 raw data, {item}"
# Sub-indicator column of the raw file -> catalogue id.
FH_ITEMS: dict[str, str] = {
    "E3": "trade_union_freedom_fh",       # freedom for trade unions and similar organisations
    "G1": "freedom_of_movement_fh",       # freedom of movement (residence, employment, education)
    "G4": "economic_exploitation_fh",     # equality of opportunity and freedom from economic exploitation
}


def convert_fh(raw: pd.DataFrame, item: str = "E3") -> Converted:
    """One Freedom House sub-indicator (0-4) for countries; edition N describes year N-1."""
    c = raw[raw["C/T"] == "c"].copy()
    territories = int((raw["C/T"] == "t").sum())
    res = countries.resolve_series(c["Country/Territory"])
    bad = res[res["iso3"].isna()]
    if not bad.empty:
        raise BuildError(f"Freedom House names that do not resolve (add a justified entry to "
                         f"build_reference.CURATED_ALIASES): {sorted(set(bad['input']))} "
                         f"{sorted(set(bad['status']))}")
    c["iso3"] = res["iso3"]
    value = pd.to_numeric(c[item], errors="coerce")
    excluded = [{"country": name, "edition": ed, "value": v, "reason": f"{item} cell is not a number"}
                for name, ed, v in zip(c.loc[value.isna(), "Country/Territory"], c.loc[value.isna(), "Edition"],
                                       c.loc[value.isna(), item])]
    ok = value.notna()
    edition = c.loc[ok, "Edition"].astype(int)
    note = "edition " + edition.astype(str) + " (scores describe " + (edition - 1).astype(str) + ")"
    frame = obs_frame(FH_ITEMS[item], value[ok], (edition - 1).astype(str), FH_SOURCE.format(item=item),
                      iso3=c.loc[ok, "iso3"], note=note)
    return Converted(frame, excluded, {"territory_rows_skipped": territories})
